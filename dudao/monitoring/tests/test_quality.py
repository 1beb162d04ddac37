"""质量监测结果: the feedback import through the real entry points — every row or none, errors by
row and column; each feedback problem a ledger item of source 监测评估 with the school as unit and a
deadline; one improvement plan per school concerned; the §5.3 item 9 rule at its edges."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.ledger.models import LedgerItem
from dudao.monitoring.models import QualityCountyResult, QualityFinding, QualityPlan, QualityResult
from dudao.monitoring.quality_services import quality_import, quality_rule
from dudao.regionsettings.services import region_setting_set
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import school

from .quality_helpers import row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(tree):
    return [school(tree["nanan"], name=f"监测学校{i}") for i in range(3)]


def _office(tree):
    client = Client()
    client.force_login(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    return client


def _upload(client, rows, year=2026, programme="national"):
    return client.post("/monitoring/quality/import/", {"year": year, "programme": programme, "file": workbook(rows)})


def test_an_import_stores_results_and_sends_each_problem_to_the_ledger(tree, schools):
    a, b, c = schools
    response = _upload(_office(tree), [
        row(a, problems="学生科学探究能力偏弱；课后作业时间偏长"),
        row(b, level="Ⅳ"),
        row(c, level="Ⅱ"),
        row(a, subject="语文", grade=8, level=4, diff=0.1),
    ])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert QualityResult.objects.count() == 4
    assert QualityCountyResult.objects.get(subject="math", grade=4).interschool_diff == Decimal("0.120")
    findings = QualityFinding.objects.select_related("ledger_item")
    assert sorted(f.text for f in findings) == ["学生科学探究能力偏弱", "课后作业时间偏长"]
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    for f in findings:
        item = f.ledger_item
        assert (item.source, item.unit, item.deadline, item.status) == ("monitoring", a, deadline, "issued")
        assert f.text in item.description
    # plans: a (problems) and c (level Ⅱ below Ⅲ); not b
    assert set(QualityPlan.objects.values_list("school", flat=True)) == {a.pk, c.pk}
    assert LedgerItem.objects.filter(source="monitoring").count() == 4


def test_an_import_with_bad_cells_writes_nothing_and_names_each_cell(tree, schools):
    a, b, c = schools
    before = LedgerItem.objects.count()
    response = _upload(_office(tree), [
        row(a, problems="问题甲"),
        row(b, level="Ⅴ"),
        row(c, subject="物理"),
        row(a, subject="语文", level1_share=120),
        {**row(b, subject="科学"), "school_code": "9999999999"},
        row(c, subject="科学", diff=0.3),
        row(b, subject="科学", diff=0.2),
    ])
    html = response.content.decode()
    assert response.status_code == 200 and "未导入任何数据" in html
    for where in ("第3行“学业水平等级”", "第4行“学科领域”", "第5行“Ⅰ级占比（%）”", "第6行“学校标识码”",
                  "第8行“校际差异率”"):
        assert where in html, where
    assert QualityResult.objects.count() == 0 and QualityCountyResult.objects.count() == 0
    assert QualityFinding.objects.count() == 0 and LedgerItem.objects.count() == before


def test_a_school_of_another_county_refuses_the_whole_file(tree, schools):
    other = school(tree["ddk"], name="别区监测学校")
    response = _upload(_office(tree), [row(schools[0], problems="问题甲"), row(other)])
    assert "不在您的管辖范围内" in response.content.decode()
    assert not QualityResult.objects.exists() and not LedgerItem.objects.filter(source="monitoring").exists()


def test_a_school_twice_in_one_file_is_refused(tree, schools):
    response = _upload(_office(tree), [row(schools[0]), row(schools[0], level="Ⅳ")])
    assert "未导入任何数据" in response.content.decode() and not QualityResult.objects.exists()


def test_importing_again_replaces_results_and_adds_only_new_problems(tree, schools):
    a = schools[0]
    client = _office(tree)
    assert _upload(client, [row(a, level="Ⅱ", problems="问题甲")]).status_code == 302
    assert _upload(client, [row(a, level="Ⅲ", problems="问题甲；问题乙")]).status_code == 302
    assert QualityResult.objects.get().level == 3
    assert QualityFinding.objects.count() == 2 and QualityPlan.objects.count() == 1
    assert LedgerItem.objects.filter(source="monitoring").count() == 3


def _results(tree, schools, levels, diff):
    rows = [row(s, level=lv, diff=diff) for s, lv in zip(schools, levels, strict=True)]
    result = quality_import(actor=None, fileobj=workbook(rows), year=2026, programme="national")
    assert result.ok, result.errors


@pytest.mark.parametrize(("levels", "diff", "passed"), [
    (["Ⅲ", "Ⅲ", "Ⅳ"], "0.149", True),
    (["Ⅲ", "Ⅲ", "Ⅳ"], "0.15", False),  # 校际差异率 must be below 0.15
    (["Ⅲ", "Ⅱ", "Ⅳ"], "0.10", False),  # one school under Ⅲ
    (["Ⅲ", "Ⅲ", "Ⅲ"], None, None),  # no 校际差异率: undecided
])
def test_the_rule_at_its_edges(tree, schools, levels, diff, passed):
    _results(tree, schools, levels, float(diff) if diff else None)
    verdict = quality_rule(tree["nanan"], 2026)
    assert verdict["passed"] is passed
    if "Ⅱ" in levels:
        assert [f["school"] for f in verdict["failing"]] == [schools[1].name]
        assert verdict["rows"][0]["below"] == 1 and verdict["rows"][0]["lowest"] == "Ⅱ"


def test_the_thresholds_are_region_settings(tree, schools):
    _results(tree, schools, ["Ⅲ", "Ⅲ", "Ⅳ"], 0.12)
    assert quality_rule(tree["nanan"], 2026)["passed"] is True
    region_setting_set(actor=None, region=tree["nanan"], key="quality.max_interschool_diff", value=Decimal("0.10"))
    assert quality_rule(tree["nanan"], 2026)["passed"] is False
    region_setting_set(actor=None, region=tree["nanan"], key="quality.max_interschool_diff", value=None)
    region_setting_set(actor=None, region=tree["nanan"], key="quality.min_level", value=4)
    verdict = quality_rule(tree["nanan"], 2026)
    assert verdict["passed"] is False and len(verdict["failing"]) == 2
    assert quality_rule(tree["nanan"], 2025)["passed"] is None


def test_the_api_imports_all_or_nothing_and_reads_the_rule(tree, schools):
    api = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    bad = api.post("/api/v1/monitoring/quality/import",
                   {"year": 2026, "programme": "national", "file": workbook([row(schools[0], level="Ⅴ")])})
    assert bad.status_code == 422 and bad.json()["code"] == "import_rejected"
    assert bad.json()["errors"][0]["row"] == 2 and bad.json()["errors"][0]["field"] == "学业水平等级"
    assert not QualityResult.objects.exists()
    good = api.post("/api/v1/monitoring/quality/import",
                    {"year": 2026, "programme": "national",
                     "file": workbook([row(s, problems="问题甲" if i == 0 else "") for i, s in enumerate(schools)])})
    assert good.status_code == 200 and good.json() == {"rows": 3, "written": 3}
    listed = api.get("/api/v1/monitoring/quality/results?year=2026").json()["items"]
    assert len(listed) == 3 and ["问题甲"] in [r["findings"] for r in listed]
    rule = api.get(f"/api/v1/monitoring/quality/rule?region_id={tree['nanan'].pk}&year=2026").json()
    assert rule["passed"] is True and rule["rows"][0]["interschool_diff"] == "0.120"


def test_the_problems_are_tracked_like_any_ledger_item(tree, schools):
    """The school's respondent sees the monitoring problem in its own ledger."""
    a = schools[0]
    assert _upload(_office(tree), [row(a, problems="问题甲")]).status_code == 302
    respondent = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=a))
    items = respondent.get("/api/v1/ledger/items").json()["items"]
    assert {i["source"] for i in items} == {"monitoring"} and len(items) == 2  # the problem and the plan


def test_the_rule_page_and_template(tree, schools):
    _results(tree, schools, ["Ⅲ", "Ⅱ", "Ⅳ"], 0.12)
    client = _office(tree)
    page = client.get(f"/monitoring/quality/rule/?region={tree['nanan'].pk}&year=2026&programme=national")
    html = page.content.decode()
    assert page.status_code == 200 and "未达标" in html and schools[1].name in html and "待核实" in html
    template = client.get("/monitoring/quality/import/template/")
    assert template.status_code == 200 and "spreadsheet" in template["Content-Type"]
    sibling = Client()
    sibling.force_login(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    assert sibling.get(f"/monitoring/quality/rule/?region={tree['nanan'].pk}&year=2026").status_code == 404
