"""The indices' national numbers are region settings bound by the law (docs/law.md): a region may be
stricter, never laxer, and each cites its article."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dudao.regionsettings.registry import CEILING, FLOOR, FREE, SPECS
from dudao.regionsettings.services import get_setting, region_setting_set

STANDARDS = {"degree": ("4.2", "5.3"), "backbone": ("1", "1"), "pe_art": ("0.9", "0.9"),
             "teaching_area": ("4.5", "5.8"), "sports_area": ("7.5", "10.2"), "equipment": ("2000", "2500"),
             "multimedia": ("2.3", "2.4")}


@pytest.mark.parametrize("code", STANDARDS)
def test_the_seven_standards_are_floors_citing_article_six(code):
    for section, law in zip(("primary", "junior"), STANDARDS[code], strict=True):
        spec = SPECS[f"balance.{section}.{code}"]
        assert spec.default == Decimal(law) and spec.bound == FLOOR
        assert "教督〔2017〕6号" in str(spec.article) and "第六条" in str(spec.article)


def test_cv_thresholds_are_ceilings():
    assert SPECS["balance.primary.cv_max"].default == Decimal("0.50")
    assert SPECS["balance.junior.cv_max"].default == Decimal("0.45")
    assert SPECS["balance.primary.cv_max"].bound == SPECS["balance.junior.cv_max"].bound == CEILING


def test_preschool_hard_indicators_and_table():
    assert [SPECS[k].default for k in ("preschool.gross_enrolment_percent", "preschool.inclusive_coverage_percent",
                                       "preschool.public_share_percent")] == [85, 80, 50]
    assert SPECS["preschool.children_per_teacher"].bound == CEILING
    assert SPECS["preschool.building_area"].default == Decimal("10.44")
    # [U] items are free settings marked 待核实
    for key in ("balance.teaching_point_students", "preschool.public_funding_per_child",
                "preschool.noncredentialed_pay_percent"):
        assert SPECS[key].bound == FREE and "待核实" in str(SPECS[key].source)


@pytest.mark.django_db
def test_a_region_may_be_stricter_never_laxer(tree):
    region_setting_set(actor=None, region=tree["nanan"], key="balance.primary.cv_max", value="0.40")
    assert get_setting(tree["nanan_town"], "balance.primary.cv_max") == Decimal("0.40")
    with pytest.raises(ValidationError) as refused:
        region_setting_set(actor=None, region=tree["nanan"], key="balance.primary.cv_max", value="0.60")
    assert "第六条" in str(refused.value)
    with pytest.raises(ValidationError):
        region_setting_set(actor=None, region=tree["nanan"], key="balance.junior.teaching_area", value="5.0")
    with pytest.raises(ValidationError):
        region_setting_set(actor=None, region=tree["nanan"], key="preschool.children_per_teacher", value="20")
