"""Regular-visit compliance on the dashboards (figures/visits.py): every figure equals the number
of rows its link lists — on the page and through the API twin of that list — on generated
postings and visits below, at and above the floor across two semesters; the period's semester; the
scope; the filters of the compliance page and of the visit list."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.inspections import selectors as visit_selectors
from dudao.inspectors.models import Posting
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client

from .visit_factories import PLAN, visit_world

pytestmark = pytest.mark.django_db

VISIT_TABLES = ("visits_region", "visits_zone", "visits_inspector", "zone_coverage")
#: page parameter → API parameter of the lists the figures link to
API_NAMES = {"region": "region_id", "zone": "zone_id", "inspector": "inspector_id"}


def _ui(user):
    client = Client()
    client.force_login(user)
    return client


def _page_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    ctx = response.context
    if ctx.get("paginator") is not None:
        return ctx["paginator"].count
    if "object_list" in ctx:
        return len(ctx["object_list"])
    return len(ctx["schools"])  # a zone's page: its schools


def _api_count(user, url) -> int | None:
    """The same rows through the list's API twin (None for a page without one)."""
    parts = urlparse(url)
    params = {API_NAMES.get(k, k): v[0] for k, v in parse_qs(parts.query).items()}
    if parts.path == "/inspections/compliance/":
        api = "/api/v1/inspections/visits/compliance"
    elif parts.path == "/inspections/visits/":
        api = "/api/v1/inspections/visits"
    elif parts.path == "/ledger/":
        api = "/api/v1/ledger/items"
    else:
        return None
    response = api_client(user).get(api, params)
    assert response.status_code == 200, (api, params, response.content[:300])
    return response.json()["count"]


def _tables(data):
    return {t["key"]: t for t in data["tables"]}


def _check_links(user, data, keys) -> int:
    ui, checked = _ui(user), 0
    tables = _tables(data)
    for key in keys:
        for row in tables[key]["rows"]:
            for column, cell in row["cells"].items():
                if not cell["url"]:
                    continue
                assert _page_count(ui, cell["url"]) == cell["value"], (key, row["label"], column, cell)
                api = _api_count(user, cell["url"])
                assert api in (None, cell["value"]), (key, row["label"], column, cell, api)
                checked += 1
    return checked


@pytest.fixture
def world(tree):
    return visit_world(tree)


def _figures(user, **params):
    response = api_client(user).get("/api/v1/dashboards/figures", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _brute_force(world, on, *, county_prefix=None):
    """The compliance of each posting current on ``on``, counted in Python from the rows."""
    from dudao.inspections.models import RegularVisit

    sem = visit_selectors.semester_for(on)
    out = []
    for p in world["postings"]:
        if p.start_date > on or (p.end_date and p.end_date <= on):
            continue
        if county_prefix and not p.region_path.startswith(county_prefix):
            continue
        floor, per_month = (3, 2) if p.region_path.startswith("/500000/500104/") else (2, 1)
        months = sem.months_elapsed(on)
        target = max(floor if on >= sem.end else 0, per_month * months)
        n = RegularVisit.objects.filter(school=p.school, inspector=p.inspector,
                                        visited_on__range=(sem.start, on)).count()
        out.append((p, n, floor, target))
    return out


def test_every_visit_figure_equals_the_rows_its_link_lists_at_every_level(tree, world):
    year = world["year"]
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    checked = 0
    # the whole year and a semester (the month and the other semester: the brute-force test below)
    for period in ({"year": year}, {"year": year, "semester": 1}):
        data = _figures(city, **period)
        tables = _tables(data)
        assert "visits_region" in tables and "visits_inspector" not in tables and "visits_zone" not in tables
        checked += _check_links(city, data, ["visits_region"])
        data = _figures(county, **period)
        assert {"visits_region", "visits_zone", "visits_inspector"} <= set(_tables(data))
        checked += _check_links(county, data, ["visits_region", "visits_zone", "visits_inspector"])
    assert checked > 60


def test_the_figures_are_the_semester_of_the_period_end_counted_per_posting(tree, world):
    """Semester 2 of the dashboard (Sep–Dec) → the autumn school semester as of 31 Dec (4 months:
    target 4, 大渡口区 8); semester 1 (Feb–Jul) → the spring one as of 31 Jul (5 months)."""
    year = world["year"]
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    for period, on in (({"semester": 2}, datetime.date(year, 12, 31)), ({"semester": 1}, datetime.date(year, 7, 31)),
                       ({"month": 4}, datetime.date(year, 4, 30)), ({}, datetime.date(year, 12, 31))):
        expected = _brute_force(world, on)
        rows = {r["label"]: r["cells"] for r in _tables(_figures(city, year=year, **period))["visits_region"]["rows"]}
        for label, prefix in (("南岸区", "/500000/500108/"), ("大渡口区", "/500000/500104/")):
            mine = [e for e in expected if e[0].region_path.startswith(prefix)]
            cells = rows[label]
            assert cells["postings"]["value"] == len(mine)
            assert cells["below_floor"]["value"] == sum(1 for _p, n, f, _t in mine if n < f), (period, label)
            assert cells["behind_target"]["value"] == sum(1 for _p, n, _f, t in mine if n < t), (period, label)
            on_track = sum(1 for _p, n, f, t in mine if n >= f and n >= t)
            assert cells["on_track"]["value"] == on_track
            assert cells["rate"]["value"] == (round(100 * on_track / len(mine), 1) if mine else None)
    # the period's visits are every visit dated in it, whoever made it
    total = sum(r["cells"]["visits"]["value"] for r in
                _tables(_figures(city, year=year))["visits_region"]["rows"])
    assert total == world["visits"]
    # a floor reached in spring does not carry into autumn, and the replaced inspector's visits do
    # not count for the successor: 南岸区's first school has 0 spring + 1 autumn visit by the old
    # pair and 1 + 1 by the new one
    first = world["schools"][0]
    _sem, rows = visit_selectors.visit_compliance(
        Posting.objects.current(datetime.date(year, 12, 31)).filter(school=first), datetime.date(year, 12, 31))
    assert [(r.visits, r.floor, r.target, r.below_floor) for r in rows] == [(1, 2, 4, True)]


def test_a_district_never_sees_a_siblings_visits_and_a_city_sees_its_districts(tree, world):
    year = world["year"]
    nanan = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    data = _figures(nanan, year=year)
    tables = _tables(data)
    assert [r["label"] for r in tables["visits_region"]["rows"]] == ["铜元局街道", "南岸区本级"]
    assert [r["label"] for r in tables["visits_zone"]["rows"]] == ["第一责任区", "第二责任区", "未划入责任区的学校"]
    assert {r["label"] for r in tables["visits_inspector"]["rows"]} <= {"南岸督学0", "南岸督学1", "南岸督学2"}
    # the zone rows open the zones' dashboards
    assert all("zone=" in r["href"] for r in tables["visits_zone"]["rows"][:2])
    # the sibling's region, zone, inspector: not in the lists' filters (422 / empty), not in the dashboard
    ddk_zone = world["zones"]["z3"]
    assert api_client(nanan).get("/api/v1/dashboards/figures", {"zone_id": ddk_zone.pk}).status_code == 404
    ui = _ui(nanan)
    assert ui.get(f"/dashboards/?zone={ddk_zone.pk}").status_code == 404
    for params in ({"region_id": tree["ddk"].pk}, {"zone_id": ddk_zone.pk},
                   {"inspector_id": world["inspectors"][tree["ddk"].pk][0].pk}):
        for api in ("/api/v1/inspections/visits/compliance", "/api/v1/inspections/visits"):
            response = api_client(nanan).get(api, params)
            assert response.status_code == 422, (api, params)
            assert next(iter(params)) in response.content.decode()
    response = ui.get("/inspections/compliance/", {"zone": ddk_zone.pk})
    assert response.status_code == 200 and response.context["object_list"] == []
    assert ui.get("/inspections/visits/", {"region": tree["ddk"].pk}).context["paginator"].count == 0
    # the city sees both districts side by side
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    rows = _tables(_figures(city, year=year))["visits_region"]["rows"]
    assert [r["label"] for r in rows] == ["大渡口区", "南岸区"]
    assert sum(r["cells"]["postings"]["value"] for r in rows) == 7


def test_the_compliance_page_and_visit_list_filters(tree, world):
    """The filters the figures use, by hand: region, zone, inspector, state, as-of date, dates."""
    year = world["year"]
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    ui = _ui(admin)
    on = datetime.date(year, 12, 31)
    everything = ui.get("/inspections/compliance/", {"on": on.isoformat()}).context["object_list"]
    assert len(everything) == 7
    below = ui.get("/inspections/compliance/", {"on": on.isoformat(), "state": "below_floor"}).context["object_list"]
    assert below and all(r.visits < r.floor for r in below)
    z1 = world["zones"]["z1"]
    zoned = ui.get("/inspections/compliance/", {"on": on.isoformat(), "zone": z1.pk}).context["object_list"]
    assert {r.posting.school_id for r in zoned} == {s.pk for s in world["schools"][:2]}
    # before the successor's posting began, the old one is listed
    may = ui.get("/inspections/compliance/", {"on": f"{year}-05-01", "zone": z1.pk}).context["object_list"]
    assert world["inspectors"][tree["nanan"].pk][0].pk in {r.posting.inspector_id for r in may}
    # the visit list: dates are inclusive
    response = ui.get("/inspections/visits/", {"visited_from": f"{year}-03-10", "visited_to": f"{year}-03-10"})
    # the first spring visit of each posted school with spring visits (the sixth school is not posted)
    assert response.context["paginator"].count == sum(1 for n in (0, 1, 2, 3, 4, 6, 7) if PLAN[n][0])
    assert ui.get("/inspections/visits/", {"region": "x"}).status_code == 200  # a bad filter lists nothing
    assert ui.get("/inspections/visits/", {"region": "x"}).context["paginator"].count == 0
    # API: a bad state is a 422
    assert api_client(admin).get("/api/v1/inspections/visits/compliance", {"state": "late"}).status_code == 422


def test_a_user_without_the_visit_rights_gets_no_visit_tables(tree, world):
    school_user = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][0])
    response = api_client(school_user).get("/api/v1/dashboards/figures")
    assert response.status_code == 200, response.content[:200]
    data = response.json()
    assert data["level"] == "school" and not set(_tables(data)) & set(VISIT_TABLES)
