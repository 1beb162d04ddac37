"""A zone's dashboard (督学责任区, ``?zone=<id>``) through the page, the API, the Excel export and
the PDF: the ledger figures of the zone's schools, visit compliance by inspector, school coverage —
each figure equal to the rows its link lists; only users whose scope holds the zone's county."""

import datetime
import io
import random

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.ledger import services
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client

from .factories import CATEGORIES, SOURCES, STAGES, advance
from .test_figures_visits import _check_links, _page_count, _tables
from .visit_factories import visit_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    w = visit_world(tree, year=timezone.localdate().year)
    rnd = random.Random(7)
    today = timezone.localdate()
    for n in range(30):  # items at every school, zone or not
        unit = w["schools"][n % len(w["schools"])]
        item = services.ledger_item_create(
            actor=None, unit=unit, source=rnd.choice(SOURCES), description=f"责任区问题{n}",
            category=rnd.choice(CATEGORIES), requirement="整改", deadline=today + datetime.timedelta(days=30))
        advance(item, rnd.choice(STAGES))
        if n % 3 == 0:
            LedgerItem.objects.filter(pk=item.pk).update(deadline=today - datetime.timedelta(days=1))
    return w


def _ui(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_zone_dashboard_figures_equal_the_rows_their_links_list(tree, world):
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    z1 = world["zones"]["z1"]
    response = api_client(county).get("/api/v1/dashboards/figures", {"zone_id": z1.pk})
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    assert data["level"] == "zone" and data["scope"] == "第一责任区" and data["zone_id"] == z1.pk
    tables = _tables(data)
    # the zone's own tables, no region table (a zone has no child regions), no county-wide tables
    assert {"ledger_category", "ledger_source", "ledger_month", "visits_zone", "visits_inspector",
            "zone_coverage"} <= set(tables)
    assert not {"ledger_region", "visits_region", "coverage", "supervision", "tasks"} & set(tables)
    # the ledger: the items of the zone's two schools (and none of the others)
    zone_units = {s.pk for s in world["schools"][:2]}
    expected = LedgerItem.objects.filter(unit__in=zone_units).exclude(status="draft").count()
    kpis = {k["key"]: k for k in data["kpis"]}
    assert kpis["total"]["value"] == expected > 0
    ui = _ui(county)
    for kpi in data["kpis"]:
        if kpi["url"]:
            assert "zone=" in kpi["url"]
            assert _page_count(ui, kpi["url"]) == kpi["value"], kpi
    checked = _check_links(county, data, ["ledger_category", "ledger_source", "ledger_month", "visits_zone",
                                          "visits_inspector", "zone_coverage"])
    assert checked > 20
    assert [r["label"] for r in tables["visits_zone"]["rows"]] == ["第一责任区"]
    coverage = tables["zone_coverage"]["rows"][0]["cells"]
    assert coverage["schools"]["value"] == 2 and coverage["covered"]["value"] == 2
    # the ledger list's zone filter through its API twin as well
    items = api_client(county).get("/api/v1/ledger/items", {"zone_id": z1.pk, "stage": "binding", "limit": 500})
    assert items.json()["count"] == expected


def test_the_county_dashboard_links_its_zones_and_the_page_export_and_pdf_follow_the_zone(tree, world):
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    ui = _ui(county)
    page = ui.get("/dashboards/")
    assert page.status_code == 200
    zone_rows = page.context["tables"]["visits_zone"].rows
    z2 = world["zones"]["z2"]
    href = next(r["href"] for r in zone_rows if r["label"] == "第二责任区")
    assert f"zone={z2.pk}" in href
    zone_page = ui.get(href)
    assert zone_page.status_code == 200
    assert zone_page.context["level"] == "zone" and zone_page.context["scope"].zone == z2
    body = zone_page.content.decode()
    assert "第二责任区" in body and f'name="zone" value="{z2.pk}"' in body
    assert zone_page.context["parent_url"].endswith(f"region={tree['nanan'].pk}")
    # Excel: the zone's figures, one sheet per table
    export = ui.get(f"/dashboards/export/?zone={z2.pk}")
    assert export.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    titles = wb.sheetnames
    assert "经常性督导达标（按责任督学）" in titles and "挂牌督导覆盖（本责任区）" in titles
    kpi = {row[0]: row[1] for row in wb["关键指标"].iter_rows(values_only=True) if row and row[0]}
    total = next(k for k in zone_page.context["kpis"] if k["key"] == "total")["value"]
    assert kpi["问题总数"] == total
    sheet = wb["经常性督导达标（按责任督学）"]
    inspectors = zone_page.context["tables"]["visits_inspector"].rows
    assert sheet.max_row == 1 + len(inspectors)
    # one table of the zone
    one = ui.get(f"/dashboards/export/?zone={z2.pk}&table=visits_inspector")
    assert one.status_code == 200


def test_only_users_whose_scope_holds_the_zones_county_see_it(tree, world):
    z1, z3 = world["zones"]["z1"], world["zones"]["z3"]
    sibling = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    township = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan_town"])
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    for user in (sibling, township):
        assert api_client(user).get("/api/v1/dashboards/figures", {"zone_id": z1.pk}).status_code == 404
        ui = _ui(user)
        for path in ("/dashboards/", "/dashboards/export/", "/dashboards/pdf/"):
            assert ui.get(path, {"zone": z1.pk}).status_code == 404, (user, path)
        # nor the zone's rows through the ledger's zone filter
        assert api_client(user).get("/api/v1/ledger/items", {"zone_id": z1.pk}).status_code == 422
    # the district sees its own zone; the city sees every zone below it
    assert api_client(sibling).get("/api/v1/dashboards/figures", {"zone_id": z3.pk}).status_code == 200
    assert api_client(city).get("/api/v1/dashboards/figures", {"zone_id": z1.pk}).status_code == 200
    # a zone that does not exist, a malformed one
    assert api_client(city).get("/api/v1/dashboards/figures", {"zone_id": 999999}).status_code == 404
    assert api_client(city).get("/api/v1/dashboards/figures", {"zone_id": "x"}).status_code == 422
    assert _ui(city).get("/dashboards/", {"zone": "x"}).status_code == 404
    # the sibling's county dashboard never lists 南岸区's zones
    rows = _tables(api_client(sibling).get("/api/v1/dashboards/figures").json())["visits_zone"]["rows"]
    assert [r["label"] for r in rows] == ["大渡口责任区", "未划入责任区的学校"]
