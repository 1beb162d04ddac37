"""Fixed contacts (C10) through HTTP: a city inspector's counties and a school's 视导员, with their
duties, on the list (API, page, Excel), the school page and the inspector page; only the appointing
office links its inspectors, a county only for a city inspector, a target inside its region."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.inspectors.models import FixedContact
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import inspector, office, school

pytestmark = pytest.mark.django_db
API = "/api/v1/corps/contacts"


@pytest.fixture
def world(tree):
    city_office, nanan_office = office(tree["cq"]), office(tree["nanan"])
    return {"city": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
            "nanan": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
            "ddk": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
            "city_inspector": inspector(city_office, name="邓国华"),
            "county_inspector": inspector(nanan_office, name="杨志强"),
            "school": school(tree["nanan_town"], name="南坪实验小学"), "tree": tree}


def post(client, url, data):
    return client.post(url, data=data, content_type="application/json")


def test_city_inspector_counties_and_school_liaisons(world):
    city = api_client(world["city"])
    for code in ("500108", "500104"):
        r = post(city, API, {"inspector_id": world["city_inspector"].pk, "kind": "county", "county_code": code,
                             "duties": "每学期到联系区县不少于1次", "start_date": "2024-01-01"})
        assert r.status_code == 201, r.content
    assert post(city, API, {"inspector_id": world["city_inspector"].pk, "kind": "county", "county_code": "500108",
                            "duties": "重复", "start_date": "2024-02-01"}).status_code == 422  # already linked
    # a county inspector has no 定点联系县; a township is not a county
    r = post(city, API, {"inspector_id": world["county_inspector"].pk, "kind": "county", "county_code": "500108",
                         "duties": "x", "start_date": "2024-01-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "inspector_id"
    assert post(city, API, {"inspector_id": world["city_inspector"].pk, "kind": "county", "county_code": "500108001",
                            "duties": "x", "start_date": "2024-01-01"}).status_code == 422
    nanan = api_client(world["nanan"])
    r = post(nanan, API, {"inspector_id": world["county_inspector"].pk, "kind": "school",
                          "school_id": world["school"].pk, "duties": "指导学校督导室建设", "start_date": "2024-09-01"})
    assert r.status_code == 201 and r.json()["target_name"] == "南坪实验小学"
    # the county office cannot link the city's inspector (not its appointing office)
    r = post(nanan, API, {"inspector_id": world["city_inspector"].pk, "kind": "school", "school_id": world["school"].pk,
                          "duties": "x", "start_date": "2024-09-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "inspector_id"
    # the county office sees the city inspector linked to it and its schools' 视导员, not the other county's
    seen = {(i["kind"], i["target_name"]) for i in nanan.get(API).json()["items"]}
    assert seen == {("county", "南岸区"), ("school", "南坪实验小学")}
    assert {i["target_name"] for i in api_client(world["ddk"]).get(API).json()["items"]} == {"大渡口区"}
    assert len(city.get(API, {"kind": "county"}).json()["items"]) == 2
    # pages: the school page shows its 视导员 with the duties; the inspector page its counties; the list exports
    ui = ui_client(world["nanan"])
    page = ui.get(f"/schools/{world['school'].pk}/").content.decode()
    assert "学校视导员" in page and "指导学校督导室建设" in page
    page = ui_client(world["city"]).get(world["city_inspector"].get_absolute_url()).content.decode()
    assert "大渡口区" in page and "每学期到联系区县不少于1次" in page
    export = ui.get("/inspectors/contacts/", {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_ending_a_contact(world):
    city = api_client(world["city"])
    cid = post(city, API, {"inspector_id": world["city_inspector"].pk, "kind": "county", "county_code": "500108",
                           "duties": "联系", "start_date": "2024-01-01"}).json()["id"]
    assert post(api_client(world["nanan"]), f"{API}/{cid}/end", {"end_date": "2025-12-31"}).status_code == 403
    assert post(city, f"{API}/{cid}/end", {"end_date": "2023-12-31"}).status_code == 422
    assert post(city, f"{API}/{cid}/end", {"end_date": "2025-12-31"}).json()["end_date"] == "2025-12-31"
    assert {i["id"] for i in city.get(API, {"current": True}).json()["items"]} == set()
    assert FixedContact.objects.get(pk=cid).end_date.year == 2025
