"""Places, research, cooperation and school self-supervision (issue 14 item 7) through HTTP: the
school's own 督导室 records an inspection and raises what it found as a small matter on the ledger
(E12, the ledger's one registration service); the selection of cases (submitted → shortlisted →
selected / not); a studio's members and activities; a 成渝 agreement's joint monitoring; bad input."""

import datetime
import json

import pytest
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import office, school
from dudao.workplaces import services
from dudao.workplaces.models import Place, SelectionEntry, SelfInspection
from tests.test_openapi import validate

pytestmark = pytest.mark.django_db
API = "/api/v1/workplaces"
TODAY = datetime.date.today()


@pytest.fixture
def world(tree):
    nanan = tree["nanan"]
    sch = school(nanan, name="南岸区自督测试学校")
    return {"office": office(nanan), "school": sch, "other_school": school(nanan, name="南岸区另一所学校"),
            "admin": user_with_role(RoleCode.OFFICE_ADMIN, region=nanan),
            "respondent": user_with_role(RoleCode.UNIT_RESPONDENT, unit=sch),
            "leader": user_with_role(RoleCode.LEADER, region=nanan),
            "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])}


@pytest.fixture
def spec():
    return Client().get("/api/v1/openapi.json").json()


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_school_self_inspection_feeds_a_small_matter(world, spec):
    place = services.place_create(actor=world["admin"], kind="school_office", name="自督测试学校督导室",
                                  unit=world["school"])
    school_user = api_client(world["respondent"])
    r = post(school_user, f"{API}/places/{place.pk}/members", {"name": "刘主任", "role": "head"})
    assert r.status_code == 201, r.content
    body = {"place_id": place.pk, "inspected_on": TODAY.isoformat(), "title": "食堂陪餐自查", "inspectors": "刘主任",
            "findings": "陪餐记录缺两天"}
    r = post(school_user, f"{API}/self-inspections", body)
    assert r.status_code == 201, r.content
    validate(spec, "post", f"{API}/self-inspections", r)
    inspection_id = r.json()["id"]
    matter = {"description": "陪餐记录不完整", "category": "safety", "requirement": "完善陪餐排班",
              "deadline": (TODAY + datetime.timedelta(days=14)).isoformat()}
    r = post(school_user, f"{API}/self-inspections/{inspection_id}/small-matters", matter)
    assert r.status_code == 201, r.content
    validate(spec, "post", f"{API}/self-inspections/{inspection_id}/small-matters", r)
    item = LedgerItem.objects.get(pk=r.json()["item_id"])
    assert (item.unit, item.routing, item.source, item.status) == (world["school"], "small", "self_supervision",
                                                                   "issued")
    assert "自督测试学校督导室" in item.source_reference and item.events.get().actor == world["respondent"]
    assert list(SelfInspection.objects.get(pk=inspection_id).small_matters.all()) == [item]
    # the office sees it on its ledger; another school's respondent cannot raise one here
    assert ui_client(world["admin"]).get(item.get_absolute_url()).status_code == 200
    other = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["other_school"]))
    assert post(other, f"{API}/self-inspections/{inspection_id}/small-matters", matter).status_code == 404
    assert post(other, f"{API}/self-inspections", body).status_code == 422
    # bad input: a category not of the region, a past deadline
    for bad, field in (({"category": "nope"}, "category"), ({"deadline": "2020-01-01"}, "deadline")):
        r = post(school_user, f"{API}/self-inspections/{inspection_id}/small-matters", {**matter, **bad})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.content
    assert LedgerItem.objects.count() == 1
    page = ui_client(world["respondent"]).get(f"/workplaces/self-inspections/{inspection_id}/").content.decode()
    assert "陪餐记录不完整" in page


def test_case_selection_flow(world, spec):
    admin = api_client(world["admin"])
    r = post(admin, f"{API}/rounds", {"office_id": world["office"].pk, "year": TODAY.year, "kind": "case",
                                      "title": "典型案例评选", "deadline": (TODAY + datetime.timedelta(days=5)).isoformat()})
    assert r.status_code == 201, r.content
    round_id = r.json()["id"]
    ids = [post(admin, f"{API}/rounds/{round_id}/entries", {"title": t, "authors": "甲"}).json()["id"]
           for t in ("三事分流实践", "课后服务思考")]
    assert post(admin, f"{API}/entries/{ids[0]}/transitions/select", {}).status_code == 422  # not shortlisted yet
    assert post(api_client(world["leader"]), f"{API}/entries/{ids[0]}/transitions/shortlist", {}).status_code == 403
    r = post(admin, f"{API}/entries/{ids[0]}/transitions/shortlist", {})
    assert r.status_code == 200 and r.json()["status"] == "shortlisted"
    validate(spec, "post", f"{API}/entries/{ids[0]}/transitions/shortlist", r)
    client = ui_client(world["admin"])
    assert client.post(f"/workplaces/entries/{ids[0]}/select/").status_code == 302
    assert client.post(f"/workplaces/entries/{ids[1]}/reject/").status_code == 302
    assert dict(SelectionEntry.objects.values_list("title", "status")) == {"三事分流实践": "selected",
                                                                         "课后服务思考": "not_selected"}
    assert [e.action for e in SelectionEntry.objects.get(pk=ids[0]).events.all()] == ["create", "shortlist", "select"]
    r = post(admin, f"{API}/rounds", {"office_id": world["office"].pk, "year": TODAY.year, "kind": "case",
                                      "title": "重复", "deadline": TODAY.isoformat()})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"
    assert api_client(world["sibling"]).get(f"{API}/rounds/{round_id}").status_code == 404


def test_studio_topic_and_agreement(world, spec):
    admin = api_client(world["admin"])
    r = post(admin, f"{API}/places", {"kind": "studio", "name": "院区合作督学工作室", "unit_id": world["office"].pk,
                                      "partners": "中国教科院、重庆教科院"})
    assert r.status_code == 201, r.content
    place_id = r.json()["id"]
    r = post(admin, f"{API}/places/{place_id}/activities", {"held_on": TODAY.isoformat(), "title": "能力提升培训班",
                                                             "kind": "training", "participant_count": 40})
    assert r.status_code == 201, r.content
    r = admin.get(f"{API}/places/{place_id}")
    validate(spec, "get", f"{API}/places/{place_id}", r)
    assert [a["title"] for a in r.json()["activities"]] == ["能力提升培训班"]
    r = post(admin, f"{API}/topics", {"office_id": world["office"].pk, "title": "学校自我督导体系研究", "lead": "王督学"})
    topic_id = r.json()["id"]
    assert r.json()["available"] == ["approve", "terminate"]
    assert post(admin, f"{API}/topics/{topic_id}/transitions/approve", {}).json()["status"] == "ongoing"
    r = post(admin, f"{API}/topics/{topic_id}/transitions/conclude", {})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    r = post(admin, f"{API}/agreements", {"office_id": world["office"].pk, "title": "成渝督导协同协议",
                                          "circle": "chengyu", "partners": "南岸区、武侯区", "scope": "联合监测",
                                          "signed_on": "2024-05-16", "valid_from": "2024-06-01"})
    assert r.status_code == 201, r.content
    agreement_id = r.json()["id"]
    r = post(admin, f"{API}/agreements/{agreement_id}/activities",
             {"held_on": TODAY.isoformat(), "title": "课后服务联合监测", "kind": "joint_monitoring"})
    assert r.status_code == 201
    assert "课后服务联合监测" in ui_client(world["leader"]).get(f"/workplaces/agreements/{agreement_id}/").content.decode()
    assert ui_client(world["leader"]).get("/workplaces/agreements/?export=xlsx").status_code == 200


def test_bad_input(world):
    admin = api_client(world["admin"])
    cases = [
        ("places", {"kind": "school_office", "name": "x", "unit_id": world["office"].pk}, "unit"),
        ("places", {"kind": "palace", "name": "x", "unit_id": world["office"].pk}, "kind"),
        ("places", {"kind": "home", "name": " ", "unit_id": world["office"].pk}, "name"),
        ("agreements", {"office_id": world["office"].pk, "title": "x", "circle": "chengyu", "partners": "a",
                        "scope": "b", "signed_on": "2024-01-01", "valid_from": "2024-06-01", "valid_to": "2024-01-01"},
         "valid_to"),
        ("topics", {"office_id": world["school"].pk, "title": "x", "lead": "y"}, "office"),
    ]
    for path, body, field in cases:
        r = post(admin, f"{API}/{path}", body)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (body, r.content)
    studio = services.place_create(actor=None, kind="studio", name="工作室", unit=world["office"])
    r = post(admin, f"{API}/places/{studio.pk}/activities", {"held_on": TODAY.isoformat(), "title": "x",
                                                              "kind": "joint_monitoring"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    r = post(admin, f"{API}/self-inspections", {"place_id": studio.pk, "inspected_on": TODAY.isoformat(),
                                                "title": "x", "inspectors": "y"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "place"
    assert Place.objects.count() == 1


def test_pages_with_forms_render_for_the_office(world):
    studio = services.place_create(actor=None, kind="studio", name="工作室", unit=world["office"])
    own = services.place_create(actor=None, kind="school_office", name="学校督导室", unit=world["school"])
    inspection = services.selfinspection_create(actor=None, place=own, inspected_on=TODAY, title="自查", inspectors="甲")
    topic = services.topic_create(actor=None, office=world["office"], title="课题", lead="乙")
    rnd = services.round_create(actor=None, office=world["office"], year=TODAY.year, kind="paper", title="论文评选",
                                deadline=TODAY)
    services.entry_create(actor=None, round=rnd, title="论文", authors="丙")
    agreement = services.agreement_create(actor=None, office=world["office"], title="协议", circle="other",
                                          partners="甲地", scope="交流", signed_on=TODAY, valid_from=TODAY)
    client = ui_client(world["admin"])
    for url in ("/workplaces/places/new/", f"/workplaces/places/{studio.pk}/", f"/workplaces/places/{own.pk}/",
                "/workplaces/topics/new/", f"/workplaces/topics/{topic.pk}/", "/workplaces/rounds/new/",
                f"/workplaces/rounds/{rnd.pk}/", "/workplaces/agreements/new/", f"/workplaces/agreements/{agreement.pk}/",
                "/workplaces/self-inspections/new/", f"/workplaces/self-inspections/{inspection.pk}/"):
        assert client.get(url).status_code == 200, url
    assert "入围" in client.get(f"/workplaces/rounds/{rnd.pk}/").content.decode()
    assert "登记小事" in ui_client(world["respondent"]).get(f"/workplaces/self-inspections/{inspection.pk}/").content.decode()
