"""The region map (issue 13 item 2), through its page, its JSON and its API twin: offline (every
asset served by the app itself), scoped (a district never sees a sibling; a city sees its
districts), values equal to the measure's, drill-down and rows links, school points."""

import datetime
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.dashboards import map as region_map
from dudao.dashboards.measures import MEASURES, Period
from dudao.ledger.models import LedgerItem
from dudao.schools.models import SchoolProfile
from dudao.testing.factories import user_with_role
from dudao.testing.ledger_factories import item, ledger_world
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db
PAGE = "/dashboards/map/"
DATA = "/dashboards/map/data/"
API = "/api/v1/dashboards/map"


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def overdue_world(tree):
    """Two overdue items in a 南岸区 school (one of them in 铜元局街道), one in 大渡口区."""
    world = ledger_world(tree)
    past = datetime.date.today() - datetime.timedelta(days=40)
    item(world, deadline=past)
    town_world = {**world, "unit": school(tree["nanan_town"], name="铜元局街道测试学校")}
    item(town_world, deadline=past)
    item({**world, "admin": world["parent"], "unit": school(tree["ddk"], name="大渡口测试学校")}, deadline=past)
    assert LedgerItem.objects.count() == 3
    return world


def payload(response) -> dict:
    """The JSON the page embeds for the map (what map.js draws)."""
    m = re.search(r'<script id="region-map-data" type="application/json">(.*?)</script>',
                  response.content.decode(), re.S)
    assert m, "map data missing from the page"
    return json.loads(m.group(1))


# --- offline ---------------------------------------------------------------------------------------

def test_page_loads_only_what_the_app_serves(tree):
    overdue_world(tree)
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    c = client_for(user)
    response = c.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    # nothing from outside: no absolute URL in any src/href, no protocol-relative one either
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs
    assert not [r for r in refs if re.match(r"^(https?:)?//", r)], "external reference in the map page"
    assert not re.search(r"https?://(?!127\.0\.0\.1|localhost|testserver)", html.replace("http://www.w3.org", ""))
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/static/vendor/echarts/echarts.min.js" in scripts
    assert "/static/dashboards/map.js" in scripts
    for src in scripts:  # every script is a file the app's static finders serve
        assert finders.find(src.removeprefix("/static/")), src
    # the boundaries: the data names a URL of this app, and the app serves the shipped file
    data = payload(response)
    assert data["mode"] == "geo"
    assert data["boundary_url"] == "/dashboards/map/boundaries/500000.json"
    geo = c.get(data["boundary_url"])
    assert geo.status_code == 200
    features = json.loads(geo.content)["features"]
    assert len(features) == 38 and len(geo.content) < 150_000
    assert {f["properties"]["adcode"] for f in features} >= {"500108", "500104"}


def test_boundary_file_matches_the_region_list():
    """Every 重庆市 district in regions.csv has exactly one shape, keyed by its code."""
    import csv
    from pathlib import Path

    csv_path = Path(region_map.__file__).parent.parent / "regions" / "data" / "regions.csv"
    with csv_path.open(encoding="utf-8") as fh:
        districts = {r["code"] for r in csv.DictReader(fh) if r["parent_code"] == "500000"}
    codes = [f["properties"]["adcode"] for f in json.loads((region_map.DATA_DIR / "500000.json").read_text())["features"]]
    assert sorted(codes) == sorted(districts) and len(codes) == 38
    assert (region_map.DATA_DIR / "README.md").read_text().count("MIT") >= 1


def test_boundaries_only_for_a_region_in_scope(tree):
    district = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    assert client_for(district).get("/dashboards/map/boundaries/500000.json").status_code == 404
    city = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    assert client_for(city).get("/dashboards/map/boundaries/500108.json").status_code == 404  # no file
    assert client_for(city).get("/dashboards/map/boundaries/..%2F500000.json").status_code == 404
    assert Client().get("/dashboards/map/boundaries/500000.json").status_code == 302


# --- scope -----------------------------------------------------------------------------------------

def test_city_sees_its_districts_with_the_measures_values(tree):
    overdue_world(tree)
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    data = payload(client_for(user).get(PAGE))
    assert data["region"]["code"] == "500000" and data["up"] is None
    by_code = {c["code"]: c for c in data["children"]}
    assert set(by_code) == {"500108", "500104"}
    expected = MEASURES["ledger.overdue"].values(user, [tree["nanan"], tree["ddk"]], Period(datetime.date.today().year))
    assert by_code["500108"]["value"] == expected[tree["nanan"].pk] == 2
    assert by_code["500104"]["value"] == expected[tree["ddk"].pk] == 1
    assert data["total"] == 3 and data["max"] == 2


def test_district_sees_its_townships_never_a_sibling(tree):
    overdue_world(tree)
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    c = client_for(user)
    response = c.get(PAGE)
    data = payload(response)
    assert data["region"]["code"] == "500108"
    assert data["up"] is None  # the city above is not the district's to open
    assert [ch["code"] for ch in data["children"]] == ["500108001"]
    assert data["children"][0]["value"] == 1
    assert data["mode"] == "grid" and data["boundary_url"] is None
    assert data["outline"]["features"][0]["properties"]["adcode"] == "500108"  # its own shape only
    assert "大渡口" not in response.content.decode()
    for url in (f"{PAGE}?region=500104", f"{PAGE}?region=500000", f"{DATA}?region=500104"):
        assert c.get(url).status_code == 404, url
    assert api_client(user).get(f"{API}?region=500104").status_code == 404


def test_city_drills_into_a_district_and_back_up(tree):
    overdue_world(tree)
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    c = client_for(user)
    city = payload(c.get(PAGE))
    nanan = next(ch for ch in city["children"] if ch["code"] == "500108")
    assert parse_qs(urlparse(nanan["drill_url"]).query) == {
        "region": ["500108"], "measure": ["ledger.overdue"], "year": [str(datetime.date.today().year)]}
    drilled = c.get(nanan["drill_url"].replace(PAGE, DATA))
    assert drilled.status_code == 200
    data = drilled.json()
    assert data["region"]["code"] == "500108"
    assert data["up"]["code"] == "500000"
    assert [ch["code"] for ch in data["children"]] == ["500108001"]
    assert data["children"][0]["drill_url"] is None  # a township has no children to open
    # the figure links to the rows behind it, and that list shows exactly that many
    rows = c.get(nanan["link"])
    assert rows.status_code == 200
    assert rows.content.decode().count("学校食堂未落实陪餐制度") == nanan["value"] == 2


def test_the_page_draws_the_drill_link(tree):
    overdue_world(tree)
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    html = client_for(user).get(PAGE).content.decode()
    assert 'data-map-drill="500108"' in html
    assert "/ledger/overdue/?region=" in html


def test_api_twin_equals_the_page(tree):
    overdue_world(tree)
    user = user_with_role(RoleCode.LEADER, region=tree["cq"])
    page = payload(client_for(user).get(f"{PAGE}?region=500000"))
    api = api_client(user).get(f"{API}?region=500000&measure=ledger.overdue")
    assert api.status_code == 200
    body = api.json()
    assert [(c["code"], c["value"], c["link"], c["drill_url"]) for c in body["children"]] == [
        (c["code"], c["value"], c["link"], c["drill_url"]) for c in page["children"]]
    assert api_client(user).get(f"{API}?measure=nope").status_code == 422
    assert api_client(None).get(API).status_code == 401


def test_unknown_measure_or_period_is_a_404(tree):
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    c = client_for(user)
    assert c.get(f"{PAGE}?measure=nope").status_code == 404
    assert c.get(f"{PAGE}?year=abc").status_code == 404
    assert c.get(f"{PAGE}?month=13").status_code == 404


def test_a_school_user_gets_no_map(tree):
    world = ledger_world(tree)
    assert client_for(world["respondent"]).get(PAGE).status_code == 403


# --- school points -------------------------------------------------------------------------------

def test_schools_with_coordinates_are_points_in_scope(tree):
    placed = school(tree["nanan_town"], name="有坐标的学校")
    SchoolProfile.objects.filter(unit=placed).update(latitude=Decimal("29.5301"), longitude=Decimal("106.5632"))
    school(tree["nanan"], name="无坐标的学校")
    sibling = school(tree["ddk"], name="大渡口有坐标的学校")
    SchoolProfile.objects.filter(unit=sibling).update(latitude=Decimal("29.48"), longitude=Decimal("106.48"))
    district = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    data = payload(client_for(district).get(PAGE))
    assert [(s["name"], s["lat"], s["lng"], s["region_code"]) for s in data["schools"]] == [
        ("有坐标的学校", 29.5301, 106.5632, "500108001")]
    assert data["schools"][0]["url"] == f"/schools/{placed.pk}/"
    city = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    names = {s["name"]: s["region_code"] for s in payload(client_for(city).get(PAGE))["schools"]}
    assert names == {"有坐标的学校": "500108", "大渡口有坐标的学校": "500104"}


def test_the_tag_embeds_the_map_for_the_users_region(tree):
    from django.template import Context, Template
    from django.test import RequestFactory

    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    request = RequestFactory().get("/")
    request.user = user
    html = Template("{% load dashboard_map %}{% region_map %}").render(Context({"request": request}))
    assert 'id="region-map-data"' in html and "铜元局街道" in html
    nobody = ledger_world(tree)["respondent"]
    request.user = nobody
    assert "region-map-data" not in Template("{% load dashboard_map %}{% region_map %}").render(
        Context({"request": request}))
