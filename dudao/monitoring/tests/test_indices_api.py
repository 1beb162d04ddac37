"""The indices through the real entry points: the standard's worked example filled, submitted and
approved through the services, its CV read from the API and the page; who sees what; trend, what-if,
the city's counties and the Excel export."""

import datetime
from decimal import Decimal

import pytest

from dudao.accounts.roles import RoleCode
from dudao.monitoring import services
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.monitoring_factories import shipped
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db
API = "/api/v1/monitoring/indices"
STUDENTS = [45, 37, 89, 76, 55]
AREAS = [279, 137, 935, 160, 402]


def cells(students, area, section="primary", **over):
    """Every cell of the school form: the standard met except 教学及辅助用房 (``area`` m²)."""
    v = {"students": students, "classes": 2, "teachers_above_degree": students, "backbone_teachers": 2,
         "pe_teachers": 1, "music_teachers": 1, "fine_art_teachers": 1, "teaching_area": area,
         "sports_area": 11 * students, "equipment_value": 3000 * students, "multimedia_rooms": 3,
         "max_class_size": min(students, 40), "music_rooms": 1, "art_rooms": 1}
    v.update(over)
    return {(k, section): x for k, x in v.items()}


def approved_round(region, year, schools_values):
    """Open the shipped school form in ``region`` for ``year``, fill each school's cells, submit and approve."""
    rnd = services.round_open(actor=None, collection=shipped("balance_school_resources"), year=year, region=region,
                              deadline=datetime.date(year, 12, 31))
    for sub in rnd.submissions.select_related("unit"):
        values = schools_values.get(sub.unit.name)
        if values is None:
            continue
        services.values_save(actor=None, submission=sub, values=values)
        services.submission_submit(actor=None, submission=sub)
        services.submission_approve(actor=None, submission=sub)
    return rnd


@pytest.fixture
def example(tree):
    names = [f"示例小学{i}" for i in range(1, 6)]
    for name in names:
        school(tree["nanan"], name=name)
    approved_round(tree["nanan"], 2025, {n: cells(p, a) for n, p, a in zip(names, STUDENTS, AREAS, strict=True)})
    return names


def _indicator(body, section, code):
    sec = next(s for s in body["sections"] if s["section"] == section)
    return next(i for i in sec["indicators"] if i["code"] == code)


def test_the_worked_example_through_the_api_and_the_page(tree, example):
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    body = api_client(county).get(f"{API}/balance/{tree['nanan'].pk}/2025").json()
    area = _indicator(body, "primary", "teaching_area")
    assert round(area["mean"], 2) == 6.33 and round(area["sd"], 2) == 3.26 and round(area["cv"], 2) == 0.52
    assert area["passed"] is False  # 0.515 > 0.50
    # an unweighted CV of the same schools is not the standard's answer
    xs = [a / p for a, p in zip(AREAS, STUDENTS, strict=True)]
    m = sum(xs) / len(xs)
    assert round((sum((x - m) ** 2 for x in xs) / len(xs)) ** 0.5 / m, 2) != round(area["cv"], 2)
    sec = next(s for s in body["sections"] if s["section"] == "primary")
    assert sec["students"] == 302 and len(sec["schools"]) == 5
    assert body["verdict"] == "failed" and any("生均教学及辅助用房面积" in f for f in body["failures"])
    page = ui_client(county).get(f"/monitoring/balance/{tree['nanan'].pk}/2025/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "0.515" in html and "示例小学2" in html and "未测" in html


def test_who_sees_the_indices(tree, example):
    nanan = tree["nanan"].pk
    unit = user_with_role(RoleCode.UNIT_RESPONDENT, unit=school(tree["nanan"], name="本校"))
    for user, status in [(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]), 200),
                         (user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]), 200),
                         (user_with_role(RoleCode.LEADER, region=tree["nanan"]), 200),
                         (user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]), 200),
                         (user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]), 404),
                         (user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan_town"]), 404),
                         (unit, 404)]:
        assert api_client(user).get(f"{API}/balance/{nanan}/2025").status_code == status
        assert ui_client(user).get(f"/monitoring/balance/{nanan}/2025/").status_code == status


def test_trend_and_what_if(tree, example):
    names = example
    better = {n: cells(p, Decimal(p) * Decimal("6.2")) for n, p in zip(names, STUDENTS, strict=True)}
    approved_round(tree["nanan"], 2026, better)
    county = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    trend = county.get(f"{API}/trend/{tree['nanan'].pk}/2026", {"years": 2}).json()
    line = next(x for x in trend["lines"] if x["section"] == "primary" and x["code"] == "teaching_area")
    assert [c["year"] for c in line["cells"]] == [2025, 2026]
    assert line["cv_direction"] == "improving" and line["cells"][1]["cv"] == 0 and line["gap"] == 0.5
    plan = county.get(f"{API}/what-if/{tree['nanan'].pk}/2025").json()
    primary = next(s for s in plan["sections"] if s["section"] == "primary")
    # 示例小学4: 160 m² for 76 students, 4.5 m² each needs 342 m² — the school rule lets one indicator
    # stop at 85 % of its standard: 0.85 × 4.5 × 76 = 290.7 → 130.7 m² more
    school4 = next(s for s in primary["schools"] if s["name"] == "示例小学4")
    assert school4["additions"] == [{"unit_id": school4["unit_id"], "name": "示例小学4", "code": "teaching_area",
                                     "amount": 130.7, "unit": "m²"}]
    cv = next(c for c in primary["cv"] if c["code"] == "teaching_area")
    # with the schools brought to the rule the CV is already under 0.50: nothing more is needed
    assert cv["cv"] == cv["cv_after"] and cv["cv"] <= 0.5 and cv["additions"] == []


def test_a_city_sees_its_counties_side_by_side(tree, example):
    city = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    body = api_client(city).get(f"{API}/counties/{tree['cq'].pk}/2025").json()
    by_name = {c["region_name"]: c for c in body["counties"]}
    assert by_name["南岸区"]["verdict"] == "failed" and by_name["大渡口区"]["verdict"] == "no_data"
    page = ui_client(city).get(f"/monitoring/counties/{tree['cq'].pk}/2025/")
    assert page.status_code == 200 and "南岸区" in page.content.decode() and "大渡口区" in page.content.decode()
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    assert api_client(county).get(f"{API}/counties/{tree['cq'].pk}/2025").status_code == 404


def test_excel_export_and_preview_switch(tree, example):
    county = ui_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    response = county.get(f"/monitoring/balance/{tree['nanan'].pk}/2025/", {"export": "xlsx"})
    assert response.status_code == 200 and "spreadsheet" in response["Content-Type"]
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert any(r[2] == "示例小学1" for r in rows)
    assert county.get(f"/monitoring/balance/{tree['nanan'].pk}/2025/", {"include_submitted": "1"}).status_code == 200


def test_bad_year_and_not_a_county(tree):
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    assert api_client(county).get(f"{API}/balance/{tree['nanan'].pk}/99999").status_code == 422
    assert ui_client(county).get(f"/monitoring/balance/{tree['nanan'].pk}/99999/").status_code == 404
    assert api_client(county).get(f"{API}/balance/{tree['cq'].pk}/2025").status_code == 404


def test_the_landing_page_opens_the_users_county_or_its_counties(tree):
    county = ui_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    response = county.get("/monitoring/indices/")
    assert response.status_code == 302 and f"/monitoring/balance/{tree['nanan'].pk}/" in response["Location"]
    city = ui_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]))
    assert f"/monitoring/counties/{tree['cq'].pk}/" in city.get("/monitoring/indices/")["Location"]
    unit = ui_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school(tree["nanan"], name="本校")))
    assert unit.get("/monitoring/indices/").status_code == 404
