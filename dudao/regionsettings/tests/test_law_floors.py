"""The law's numbers are floors (or ceilings, or fixed): a region may make a rule stricter, never
laxer than the national text, and the refusal cites the article (issue 16 item 1)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dudao.accounts.roles import RoleCode
from dudao.regionsettings.models import RegionSetting
from dudao.regionsettings.registry import CEILING, FIXED, FLOOR, FREE, SPECS
from dudao.regionsettings.services import get_setting, region_setting_set
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db

#: Every number the law fixes, how it binds and the article that fixes it (docs/law.md lists them).
NATIONAL = {
    "visits.min_per_semester": (FLOOR, 2, "第十四条"),
    "training.min_centralised_hours": (FLOOR, 40, "督学管理暂行办法"),
    "qualification.min_years_in_education": (FLOOR, 10, "第七条"),
    "inspection.min_team_size": (FLOOR, 3, "第十六条"),
    "term.max_consecutive_part_time": (CEILING, 3, "第六条"),
    "term.years": (FIXED, 3, "第六条"),
    "cycle.school_comprehensive_years": (CEILING, 5, "第十四条"),
    "cycle.government_years": (CEILING, 5, "第十四条"),
    # 优质均衡 (standards.md §5.1, 5.4), 普及普惠 (§6), 幼儿园办园行为 (§7.1)
    "balance.primary.degree": (FLOOR, Decimal("4.2"), "第六条"),
    "balance.junior.degree": (FLOOR, Decimal("5.3"), "第六条"),
    "balance.primary.backbone": (FLOOR, Decimal("1"), "第六条"),
    "balance.junior.backbone": (FLOOR, Decimal("1"), "第六条"),
    "balance.primary.pe_art": (FLOOR, Decimal("0.9"), "第六条"),
    "balance.junior.pe_art": (FLOOR, Decimal("0.9"), "第六条"),
    "balance.primary.teaching_area": (FLOOR, Decimal("4.5"), "第六条"),
    "balance.junior.teaching_area": (FLOOR, Decimal("5.8"), "第六条"),
    "balance.primary.sports_area": (FLOOR, Decimal("7.5"), "第六条"),
    "balance.junior.sports_area": (FLOOR, Decimal("10.2"), "第六条"),
    "balance.primary.equipment": (FLOOR, Decimal("2000"), "第六条"),
    "balance.junior.equipment": (FLOOR, Decimal("2500"), "第六条"),
    "balance.primary.multimedia": (FLOOR, Decimal("2.3"), "第六条"),
    "balance.junior.multimedia": (FLOOR, Decimal("2.4"), "第六条"),
    "balance.primary.cv_max": (CEILING, Decimal("0.50"), "第六条"),
    "balance.junior.cv_max": (CEILING, Decimal("0.45"), "第六条"),
    "balance.school_min_met": (FLOOR, 6, "第六条"),
    "balance.school_rest_percent": (FLOOR, 85, "第六条"),
    "balance.recognition_percent": (FLOOR, 85, "教督〔2017〕6号"),
    "balance.county.special_school_funding": (FLOOR, 6000, "第七条"),
    "balance.county.teacher_pay_percent": (FLOOR, 100, "第七条"),
    "balance.county.junior_retention_percent": (FLOOR, 95, "第八条"),
    "balance.county.disabled_enrolment_percent": (FLOOR, 95, "第八条"),
    "balance.county.charter_it_percent": (FLOOR, 100, "第八条"),
    "balance.county.training_budget_percent": (FLOOR, 5, "第八条"),
    "preschool.gross_enrolment_percent": (FLOOR, 85, "普及普惠"),
    "preschool.inclusive_coverage_percent": (FLOOR, 80, "普及普惠"),
    "preschool.public_share_percent": (FLOOR, 50, "普及普惠"),
    "preschool.outdoor_area": (FLOOR, Decimal("4"), "普及普惠"),
    "preschool.activity_room_area": (FLOOR, Decimal("8.17"), "普及普惠"),
    "preschool.building_area": (FLOOR, Decimal("10.44"), "普及普惠"),
    "preschool.class_size_ok_percent": (FLOOR, 85, "普及普惠"),
    "preschool.children_per_teacher": (CEILING, 15, "普及普惠"),
    "preschool.licensed_percent": (FLOOR, 100, "普及普惠"),
    "preschool.recognition_percent": (FLOOR, 85, "普及普惠"),
    "campaigns.balance_basis_years": (FLOOR, 3, "教督〔2017〕6号"),
    "programmes.kindergarten_cycle_years": (CEILING, 5, "教督〔2017〕7号"),
}


def test_every_national_number_is_bound_with_its_article():
    for key, (bound, law, article) in NATIONAL.items():
        spec = SPECS[key]
        assert (spec.bound, spec.default) == (bound, law), key
        assert article in str(spec.article) and article in str(spec.source), key
    assert {k for k, s in SPECS.items() if s.bound != FREE} == set(NATIONAL)


@pytest.mark.parametrize(("key", "past", "within"), [
    ("visits.min_per_semester", 1, 3),
    ("training.min_centralised_hours", 39, 48),
    ("qualification.min_years_in_education", 8, 12),
    ("inspection.min_team_size", 2, 5),
    ("term.max_consecutive_part_time", 4, 2),
    ("term.years", 4, 3),
    ("cycle.school_comprehensive_years", 6, 3),
    ("cycle.government_years", 6, 4),
])
def test_a_region_may_be_stricter_never_laxer(tree, key, past, within):
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    with pytest.raises(ValidationError) as refused:
        region_setting_set(actor=office, region=tree["nanan"], key=key, value=past)
    assert SPECS[key].article and str(SPECS[key].article) in refused.value.message_dict["value"][0]
    assert not RegionSetting.objects.filter(key=key).exists()
    region_setting_set(actor=office, region=tree["nanan"], key=key, value=within)
    assert get_setting(tree["nanan_town"], key) == within


def test_a_row_stored_before_the_floor_does_not_lower_the_law(tree):
    RegionSetting.objects.create(region=tree["nanan"], region_path=tree["nanan"].path, key="visits.min_per_semester",
                                 value=Decimal(1))
    assert get_setting(tree["nanan_town"], "visits.min_per_semester") == 2


def test_switches_and_sizes_keep_their_range(tree):
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    for key, value in (("ledger.auto_notice", 2), ("portal.report_publish_mode", 5), ("attachments.max_photo_mb", 0)):
        with pytest.raises(ValidationError):
            region_setting_set(actor=office, region=tree["nanan"], key=key, value=value)
    with pytest.raises(ValidationError):
        region_setting_set(actor=office, region=tree["nanan"], key="visits.target_per_month", value="NaN")


def test_the_api_refuses_past_the_law_and_says_how_each_binds(tree):
    office = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    url = "/api/v1/settings/500108"
    low = office.put(f"{url}/visits.min_per_semester", {"value": 1}, content_type="application/json")
    assert low.status_code == 422 and "第十四条" in low.content.decode() and "不得低于" in low.content.decode()
    rows = {r["key"]: r for r in office.get(url).json()}
    assert rows["visits.min_per_semester"]["bound"] == "floor" and rows["visits.min_per_semester"]["law_value"] == "2"
    assert rows["visits.target_per_month"]["bound"] == "free" and rows["visits.target_per_month"]["law_value"] is None


def test_the_settings_page_marks_the_national_floor(tree, client):
    client.force_login(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    page = client.get("/settings/?region=500108").content.decode()
    assert "国家底线：不得低于2" in page and "国家规定：固定为3" in page
