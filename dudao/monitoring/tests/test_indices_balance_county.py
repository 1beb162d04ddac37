"""政府保障程度 (15 items, 教督〔2017〕6号 第七条) and 教育质量 (9 items, 第八条) in the county's 优质均衡
verdict, through the real entry points: the shipped county forms filled, submitted and approved
through the services; the verdict read from the API and the page; thresholds as region settings
(a floor refuses a lower value, a free [U] one follows the region); the county report's tables."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dudao.accounts.roles import RoleCode
from dudao.monitoring import services
from dudao.monitoring.indices import common as indices_common
from dudao.monitoring.indices import register_recognition
from dudao.monitoring.models import Submission
from dudao.monitoring.tests.indices_factories import GOOD_GUARANTEE, GOOD_QUALITY
from dudao.regionsettings.services import region_setting_set
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.monitoring_factories import shipped
from dudao.testing.schools_factories import office, school

from .test_indices_api import approved_round, cells

pytestmark = pytest.mark.django_db
API = "/api/v1/monitoring/indices"
YEAR = 2025


def forms(region, *, guarantee=None, quality=None, status="approved"):
    """Open the two shipped county forms in ``region``, fill the office's (good values, changed by
    the arguments; ``None`` leaves the cell empty) and move it to ``status`` through the services."""
    for code, good, changes in (("balance_county_guarantee", GOOD_GUARANTEE, guarantee),
                                ("balance_county_quality", GOOD_QUALITY, quality)):
        rnd = services.round_open(actor=None, collection=shipped(code), year=YEAR, region=region,
                                  deadline=datetime.date(YEAR, 12, 31))
        sub = Submission.objects.get(round=rnd, unit__region=region)
        values = {**good, **(changes or {})}
        services.values_save(actor=None, submission=sub, values={(k, ""): v for k, v in values.items()
                                                                 if v is not None})
        services.submission_submit(actor=None, submission=sub)
        if status in ("approved", "accepted"):
            services.submission_approve(actor=None, submission=sub)


@pytest.fixture
def county(tree, monkeypatch):
    """南岸区 with its office and one school meeting every 资源配置 standard, 社会认可度 90 %."""
    monkeypatch.setattr(indices_common, "_RECOGNITION", {"balance": [], "preschool": []})
    register_recognition(lambda region, year: Decimal("90"))
    office(tree["nanan"])
    school(tree["nanan"], name="达标小学")
    approved_round(tree["nanan"], YEAR, {"达标小学": cells(100, 600)})
    return tree["nanan"]


def _get(region, user=None):
    user = user or user_with_role(RoleCode.OFFICE_ADMIN, region=region)
    return api_client(user).get(f"{API}/balance/{region.pk}/{YEAR}").json()


def _check(body, form, code):
    area = next(a for a in body["county"] if a["form"] == form)
    return next(c for c in area["checks"] if c["code"] == code)


def test_every_item_meeting_its_standard_passes(county):
    forms(county)
    body = _get(county)
    assert body["verdict"] == "passed", body["failures"]
    guarantee, quality = body["county"]
    assert guarantee["counted"] and len(guarantee["checks"]) == 18  # 15 items, 十一/十三/十五 in two parts
    assert quality["counted"] and len(quality["checks"]) == 10  # 9 items, 九 in two parts
    assert all(c["passed"] for a in body["county"] for c in a["checks"])
    pay = _check(body, "balance_county_guarantee", "teacher_pay_ratio")
    assert pay["threshold"] == 100 and pay["comparison"] == "≥" and not pay["pending_verification"]
    assert _check(body, "balance_county_guarantee", "exchange_rotation_rate")["pending_verification"]


def test_failing_items_are_named_in_the_verdict_the_api_and_the_page(county):
    forms(county, guarantee={"teacher_pay_ratio": Decimal("99.5"), "staffing_pooled": 0, "schools_over_scale": 1},
          quality={"monitoring_school_difference_rate": Decimal("0.15")})
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=county)
    body = _get(county, user)
    assert body["verdict"] == "failed"
    failures = "\n".join(body["failures"])
    assert "政府保障程度第（八）项“教师平均工资收入占当地公务员平均工资收入比例”为99.5%，标准≥ 100%" in failures
    assert "政府保障程度第（十）项“县级统筹调配各校编制和岗位”为否" in failures
    assert "政府保障程度第（四）项“规模超标学校数”为1所" in failures
    assert "教育质量第（九）项“质量监测校际差异率”为0.15" in failures  # must be < 0.15: exactly 0.15 fails
    assert len(body["failures"]) == 4
    assert _check(body, "balance_county_guarantee", "staffing_pooled")["value"] == 0
    page = ui_client(user).get(f"/monitoring/balance/{county.pk}/{YEAR}/").content.decode()
    assert 'id="county-forms"' in page and "县级统筹调配各校编制和岗位" in page
    assert 'data-county-indicator="teacher_pay_ratio" class="table-danger"' in page
    assert "待核实" in page
    # and in the page's Excel export
    import io

    from openpyxl import load_workbook

    response = ui_client(user).get(f"/monitoring/balance/{county.pk}/{YEAR}/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    pay = next(r for r in rows if r[2] == "教师平均工资收入占当地公务员平均工资收入比例")
    assert pay[0] == "政府保障程度" and pay[4] == "99.5%" and pay[-2] == "未达标" and pay[-1] == "标准≥ 100%"


def test_thresholds_are_region_settings(county, tree):
    forms(county, guarantee={"exchange_rotation_rate": 12})
    assert _get(county)["verdict"] == "passed"
    # a [U] item is free: the city asks for more, the county's 12 % no longer passes
    region_setting_set(actor=None, region=tree["cq"], key="balance.county.rotation_percent", value="15")
    body = _get(county)
    assert body["verdict"] == "failed"
    assert _check(body, "balance_county_guarantee", "exchange_rotation_rate")["threshold"] == 15
    # a [V] item is a floor: no region may ask for less than the law's 6000 元
    with pytest.raises(ValidationError) as refused:
        region_setting_set(actor=None, region=tree["cq"], key="balance.county.special_school_funding", value="5000")
    assert "第七条" in str(refused.value)


def test_a_missing_or_unapproved_form_keeps_the_verdict_pending(county):
    body = _get(county)
    assert body["verdict"] == "pending" and not body["county"][0]["counted"]
    assert "政府保障程度" in body["verdict_label"] and "教育质量" in body["verdict_label"]
    forms(county, status="submitted", guarantee={"teacher_pay_ratio": 90})
    assert _get(county)["verdict"] == "pending"  # a submitted form does not count…
    preview = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=county)).get(
        f"{API}/balance/{county.pk}/{YEAR}", {"include_submitted": "true"}).json()
    assert preview["verdict"] == "failed" and preview["county"][0]["counted"]  # …except in the preview


def test_another_countys_form_does_not_count(county, tree):
    office(tree["ddk"])
    forms(tree["ddk"])
    assert _get(county)["verdict"] == "pending"


def test_the_county_report_carries_both_tables(county, tree):
    from dudao.attachments.models import Attachment
    from dudao.documents.tests.docx_inspect import open_docx

    from .campaign_factories import balance

    forms(county, guarantee={"teacher_pay_ratio": 95})
    campaign = balance(tree)
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=county)
    r = api_client(user).post(f"/api/v1/monitoring/campaigns/{campaign.pk}/report", data={"year": YEAR},
                              content_type="application/json")
    assert r.status_code == 201, r.content
    att = Attachment.objects.get(pk=r.json()["attachment_id"])
    with att.file.open("rb") as f:
        doc = open_docx(f.read())
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    guarantee = next(t for t in tables if t[0] == ["项", "指标", "数值", "标准", "结果"] and len(t) == 19)
    assert ["（八）", "教师平均工资收入占当地公务员平均工资收入比例", "95%", "≥ 100%", "未达标"] in guarantee
    assert any(row[0] == "（九）" and row[1].endswith("（待核实）") for t in tables for row in t)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "政府保障程度第（八）项" in text
