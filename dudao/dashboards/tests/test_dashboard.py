"""The dashboard through its entry points (page, API, Excel, PDF): every figure equals the number
of rows its link lists (generated ledger), the scope (a district never sees a sibling's figures, a
city sees its districts'), periods and the comparison with the previous period."""

import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.dashboards import rollup
from dudao.dashboards.tests.factories import generated_ledger
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db


def _ui(user):
    client = Client()
    client.force_login(user)
    return client


def _listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count if response.context.get("paginator") else \
        len(response.context["object_list"])


@pytest.fixture
def ledger(tree):
    schools, _items = generated_ledger([tree["nanan"], tree["nanan_town"], tree["ddk"], tree["ddk_town"]], items=48)
    rollup.rebuild()
    return schools


def test_every_figure_equals_the_rows_its_link_lists(tree, ledger):
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    data = api_client(city).get("/api/v1/dashboards/figures").json()
    assert data["level"] == "province" and data["scope"] == "重庆市"
    ui = _ui(city)
    checked = 0
    for kpi in data["kpis"]:
        if kpi["url"]:
            assert _listed(ui, kpi["url"]) == kpi["value"], kpi
            checked += 1
    for table in data["tables"]:
        if table["key"] in ("coverage", "tasks", "results", "training"):  # pages: their own tests (below;
            # results and training: test_figures_results.py)
            continue
        for row in table["rows"]:
            for key, cell in row["cells"].items():
                if cell["url"]:
                    assert _listed(ui, cell["url"]) == cell["value"], (table["key"], row["label"], key)
                    checked += 1
    assert checked > 100
    totals = {k["key"]: k["value"] for k in data["kpis"]}
    assert totals["total"] == 48
    by_region = next(t for t in data["tables"] if t["key"] == "ledger_region")
    assert [r["label"] for r in by_region["rows"]] == ["大渡口区", "南岸区"]
    assert sum(r["cells"]["total"]["value"] for r in by_region["rows"]) == 48
    by_month = next(t for t in data["tables"] if t["key"] == "ledger_month")
    assert sum(r["cells"]["total"]["value"] for r in by_month["rows"]) == 48


def test_a_district_never_sees_a_siblings_figures_and_a_city_sees_its_districts(tree, ledger):
    nanan = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    data = api_client(nanan).get("/api/v1/dashboards/figures").json()
    assert data["level"] == "county" and data["scope"] == "南岸区"
    total = next(k for k in data["kpis"] if k["key"] == "total")["value"]
    assert total == 24  # round robin over four regions: half the items are 南岸区's
    rows = next(t for t in data["tables"] if t["key"] == "ledger_region")["rows"]
    assert [r["label"] for r in rows] == ["铜元局街道", "南岸区本级"]
    # the sibling district, by API and page: not found
    assert api_client(nanan).get(f"/api/v1/dashboards/figures?region_id={tree['ddk'].pk}").status_code == 404
    assert _ui(nanan).get(f"/dashboards/?region={tree['ddk'].pk}").status_code == 404
    assert _ui(nanan).get(f"/dashboards/export/?region={tree['ddk'].pk}").status_code == 404
    # the city drills into 大渡口区
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    ddk = api_client(city).get(f"/api/v1/dashboards/figures?region_id={tree['ddk'].pk}").json()
    assert next(k for k in ddk["kpis"] if k["key"] == "total")["value"] == 24
    page = _ui(city).get(f"/dashboards/?region={tree['ddk'].pk}")
    assert page.status_code == 200 and "新山村街道" in page.content.decode() and "铜元局街道" not in page.content.decode()


def test_a_school_sees_its_own_items(tree, ledger):
    from dudao.ledger.models import LedgerItem

    unit = ledger[0]
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=unit)
    data = api_client(respondent).get("/api/v1/dashboards/figures").json()
    assert data["level"] == "school"
    own = LedgerItem.objects.filter(unit=unit).exclude(status="draft").count()
    assert next(k for k in data["kpis"] if k["key"] == "total")["value"] == own
    assert not any(t["key"] == "ledger_region" for t in data["tables"])


def test_periods_and_the_comparison_with_the_previous_period(tree, ledger):
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    today = timezone.localdate()
    client = api_client(city)
    year = client.get(f"/api/v1/dashboards/figures?year={today.year}&compare=true").json()
    assert year["previous_period"] == f"{today.year - 1}年"
    assert next(k for k in year["kpis"] if k["key"] == "total")["previous"] == 0
    months = [client.get(f"/api/v1/dashboards/figures?year={today.year}&month={m}").json()
              for m in range(1, today.month + 1)]
    assert sum(next(k for k in d["kpis"] if k["key"] == "total")["value"] for d in months) == 48
    bad = client.get("/api/v1/dashboards/figures?month=13")
    assert bad.status_code == 422


def test_the_page_export_and_pdf(tree, ledger):
    city = _ui(user_with_role(RoleCode.LEADER, region=tree["cq"]))
    page = city.get("/dashboards/?compare=1")
    html = page.content.decode()
    assert page.status_code == 200
    assert "vendor/echarts/echarts.min.js" in html and "dashboard-charts" in html and "cdn" not in html.lower()
    # the section links at the top name every table and land on it
    toc = re.search(r'<nav class="dashboard-toc.*?</nav>', html, re.S).group(0)
    keys = re.findall(r'href="#t-([a-z_]+)"', toc)
    assert keys == re.findall(r'<section class="card mb-3 dashboard-table" id="t-([a-z_]+)"', html)
    assert "ledger_region" in keys and len(keys) > 3
    response = city.get("/dashboards/export/")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "整改情况（按区域）" in wb.sheetnames
    sheet = wb["整改情况（按区域）"]
    assert [c.value for c in sheet[1]][:3] == ["区域", "问题总数", "未销号"]
    assert sum(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == 48
    one = city.get("/dashboards/export/?table=ledger_source")
    assert load_workbook(io.BytesIO(b"".join(one.streaming_content))).sheetnames == ["关键指标", "整改情况（按问题来源）"]
    assert city.get("/dashboards/export/?table=nope").status_code == 404


def test_the_one_page_report_docx_and_pdf(tree, ledger):
    from docx import Document

    from dudao.dashboards import exports, selectors
    from dudao.documents.rendering.pdf import pdf_available

    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    ctx = selectors.dashboard_context(city, selectors.period_from({}), compare=True)
    doc = Document(io.BytesIO(exports.report_docx(ctx)))
    assert "重庆市" in doc.paragraphs[0].text
    assert {doc.tables[1].cell(1, 0).text, doc.tables[1].cell(2, 0).text} == {"大渡口区", "南岸区"}
    if not pdf_available():
        pytest.skip("soffice not installed")
    response = _ui(city).get("/dashboards/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", response.content)) == 1  # one A4 page


def test_the_ledger_measures_read_the_rollup_and_equal_their_links(tree, ledger):
    from dudao.dashboards.measures import MEASURES
    from dudao.dashboards.selectors import period_from

    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    nanan = user_with_role(RoleCode.LEADER, region=tree["nanan"])
    period = period_from({})
    regions = [tree["nanan"], tree["ddk"]]
    ui = _ui(city)
    for key in ("ledger.overdue", "ledger.open", "ledger.rebounds"):
        measure = MEASURES[key]
        values = measure.values(city, regions, period)
        for region in regions:
            assert _listed(ui, measure.link(region, period)) == values[region.pk], (key, region.name)
        # a district's user gets nothing of its sibling
        assert measure.values(nanan, regions, period)[tree["ddk"].pk] == 0
    assert 0 <= MEASURES["ledger.closure_rate"].values(city, regions, period)[tree["nanan"].pk] <= 100


def test_tasks_by_kind_and_stage_equal_the_board_they_link_to(tree):
    from dudao.inspections.services.tasks import task_create
    from dudao.testing.schools_factories import office

    offices = {key: office(tree[key]) for key in ("nanan", "nanan_town", "ddk")}
    for key, kind in (("nanan", "special"), ("nanan", "special"), ("nanan_town", "comprehensive"), ("ddk", "special")):
        task_create(actor=None, office=offices[key], kind=kind, title="看板任务")
    nanan = user_with_role(RoleCode.LEADER, region=tree["nanan"])
    data = api_client(nanan).get("/api/v1/dashboards/figures").json()
    table = next(t for t in data["tables"] if t["key"] == "tasks")
    assert {r["label"]: r["cells"]["draft"]["value"] for r in table["rows"]} == {"专项督导": 2, "综合督导": 1}
    ui = _ui(nanan)
    for row in table["rows"]:
        for cell in row["cells"].values():
            board = ui.get(cell["url"])
            assert sum(len(tasks) for _s, _l, tasks in board.context["columns"]) == cell["value"]
    assert ui.get(f"/inspections/?region={tree['ddk'].pk}").status_code == 404


def test_coverage_by_region_equals_the_coverage_page_it_links_to(tree):
    from dudao.inspectors.postings import posting_create
    from dudao.testing.schools_factories import inspector, office

    nanan_schools = [school(tree["nanan_town"]) for _i in range(3)]
    school(tree["ddk"])
    corps = inspector(office(tree["nanan"]))
    for unit in nanan_schools[:2]:
        posting_create(actor=None, inspector=corps, school=unit)
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    data = api_client(city).get("/api/v1/dashboards/figures").json()
    rows = {r["label"]: r["cells"] for r in next(t for t in data["tables"] if t["key"] == "coverage")["rows"]}
    assert rows["南岸区"]["schools"]["value"] == 3 and rows["南岸区"]["covered"]["value"] == 2
    assert rows["南岸区"]["percent"]["value"] == 66.7 and rows["南岸区"]["ratio"]["value"] == 2.0
    assert rows["大渡口区"]["covered"]["value"] == 0
    page = _ui(city).get(rows["南岸区"]["schools"]["url"])
    cov = page.context["cov"]
    assert (len(cov.schools), cov.covered, cov.inspectors) == (3, 2, 1)
