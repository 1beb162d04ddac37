"""API endpoints and their permission matrix (anonymous, no role, in scope, sibling, parent)."""

import datetime
import json

import pytest

from dudao.accounts.roles import RoleCode
from dudao.accounts.services import api_token_create
from dudao.inspectors import workflows
from dudao.inspectors.models import Posting
from dudao.inspectors.postings import posting_create
from dudao.schools.services import principal_appoint, school_group_create, zone_create
from dudao.testing import schools_factories as sf
from dudao.testing.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 9, 1)
API = "/api/v1"


@pytest.fixture
def world(tree):
    office = sf.office(tree["nanan"])
    school = sf.school(tree["nanan_town"], students=900)
    spare = sf.school(tree["nanan"])
    insp = sf.inspector(office, name="杨志强", id_number="500108198001011234", home_address="某小区")
    posting = posting_create(actor=None, inspector=insp, school=school, start_date=DAY)
    session = workflows.term_session_create(actor=None, office=office, number=8, start_date=datetime.date(2024, 1, 1))
    appointment = workflows.appointment_recommend(actor=None, inspector=insp, session=session)
    principal_appoint(actor=None, school=school, name="李校长", start_date=datetime.date(2021, 9, 1),
                      planned_end_date=datetime.date.today() + datetime.timedelta(days=30))
    zone_create(actor=None, region=tree["nanan"], name="第一责任区", host_school=school)
    school_group_create(actor=None, region=tree["nanan"], name="测试教育集团", lead_school=school)
    return {"tree": tree, "office": office, "school": school, "spare": spare, "insp": insp, "posting": posting,
            "session": session, "appointment": appointment}


class Api:
    def __init__(self, client, user=None):
        self.client = client
        self.headers = {}
        if user is not None:
            _tok, key = api_token_create(user=user, name="t")
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def get(self, path):
        return self.client.get(API + path, **self.headers)

    def send(self, method, path, body):
        return getattr(self.client, method)(API + path, data=json.dumps(body), content_type="application/json",
                                            **self.headers)


def who(tree):
    return {
        "in_scope": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
        "parent": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "no_role": UserFactory(),
    }


def detail_paths(w):
    i, s = w["insp"].pk, w["school"].pk
    return [f"/corps/inspectors/{i}", f"/corps/inspectors/{i}/training", f"/corps/inspectors/{i}/appraisals",
            f"/corps/inspectors/{i}/recusal-check?unit_id={s}", f"/corps/inspectors/{i}/conflicts", f"/corps/inspectors/{i}/training-totals?year=2025",
            f"/schools/{s}", f"/schools/{s}/enrolments", f"/schools/{s}/principals", f"/schools/{s}/enrolment-total"]


LIST_PATHS = ["/corps/inspectors", "/corps/postings", "/corps/sessions", "/corps/appointments",
              "/schools", "/schools/zones", "/schools/groups"]
REGION_PATHS = ["/corps/coverage?region_code=500108", "/corps/training/under-minimum?region_code=500108&year=2025",
                "/corps/region-settings?region_code=500108", "/schools/principals-due?region_code=500108"]


def test_anonymous_gets_401(client, world):
    api = Api(client)
    for path in LIST_PATHS + REGION_PATHS + detail_paths(world):
        assert api.get(path).status_code == 401, path
    assert api.send("post", "/corps/postings", {"inspector_id": 1, "school_id": 1}).status_code == 401


@pytest.mark.parametrize("role", ["in_scope", "parent"])
def test_in_scope_and_parent_read_everything(client, world, role):
    api = Api(client, who(world["tree"])[role])
    for path in LIST_PATHS:
        r = api.get(path)
        assert r.status_code == 200 and r.json()["count"] >= 1, path
    for path in REGION_PATHS + detail_paths(world):
        assert api.get(path).status_code == 200, path


def test_sibling_sees_nothing(client, world):
    api = Api(client, who(world["tree"])["sibling"])
    for path in LIST_PATHS:
        assert api.get(path).json()["count"] == 0, path
    for path in REGION_PATHS + detail_paths(world):
        assert api.get(path).status_code == 404, path
    r = api.send("post", "/corps/postings", {"inspector_id": world["insp"].pk, "school_id": world["spare"].pk})
    assert r.status_code == 404
    r = api.send("patch", f"/corps/inspectors/{world['insp'].pk}", {"phone": "1"})
    assert r.status_code == 404


def test_no_role_sees_nothing_and_cannot_write(client, world):
    api = Api(client, who(world["tree"])["no_role"])
    for path in LIST_PATHS:
        assert api.get(path).json()["count"] == 0, path
    for path in detail_paths(world):
        assert api.get(path).status_code == 404, path
    for path in REGION_PATHS:
        assert api.get(path).status_code in (403, 404), path
    r = api.send("post", "/corps/inspectors", {"office_id": world["office"].pk, "name": "x", "kind": "part_time"})
    assert r.status_code == 404


def test_inspector_role_reads_without_private_fields(client, world):
    reader = user_with_role(RoleCode.INSPECTOR, region=world["tree"]["nanan"])
    api = Api(client, reader)
    body = api.get(f"/corps/inspectors/{world['insp'].pk}").json()
    assert body["name"] == "杨志强" and body["id_number"] == "" and body["home_address"] == ""
    admin_body = Api(client, who(world["tree"])["in_scope"]).get(f"/corps/inspectors/{world['insp'].pk}").json()
    assert admin_body["id_number"] == "500108198001011234"
    r = api.send("post", "/corps/postings", {"inspector_id": world["insp"].pk, "school_id": world["spare"].pk})
    assert r.status_code == 403


def test_posting_rules_via_api_name_the_field(client, world):
    api = Api(client, who(world["tree"])["in_scope"])
    other = sf.inspector(world["office"])
    r = api.send("post", "/corps/postings", {"inspector_id": other.pk, "school_id": world["school"].pk})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "school"
    r = api.send("post", "/corps/postings", {"inspector_id": other.pk, "school_id": world["spare"].pk,
                                             "start_date": "2025-09-01"})
    assert r.status_code == 201
    cov = api.get("/corps/coverage?region_code=500108").json()
    assert cov["percent"] == 100.0 and cov["uncovered"] == []
    r = api.send("post", f"/corps/postings/{world['posting'].pk}/replace",
                 {"inspector_id": other.pk, "on_date": "2026-01-01", "reason": "调整"})
    assert r.status_code == 200
    assert Posting.objects.filter(school=world["school"]).count() == 2


def test_appointment_workflow_and_term_limit_via_api(client, world):
    api = Api(client, who(world["tree"])["in_scope"])
    a = world["appointment"].pk
    assert api.send("post", f"/corps/appointments/{a}/appoint", {"card_number": "X"}).status_code == 422
    for step in ("review", "publicise"):
        assert api.send("post", f"/corps/appointments/{a}/{step}", {}).status_code == 200
    r = api.send("post", f"/corps/appointments/{a}/appoint", {"card_number": "NA-8-001"})
    assert r.status_code == 200 and r.json()["status"] == "appointed"
    r = api.send("post", "/corps/sessions", {"office_id": world["office"].pk, "number": 9, "start_date": "2027-01-01"})
    assert r.status_code == 201 and r.json()["label"] == "第九届"


def test_exit_via_api_returns_schools_needing_successor(client, world):
    api = Api(client, who(world["tree"])["in_scope"])
    r = api.send("post", f"/corps/inspectors/{world['insp'].pk}/exit", {"reason": "health"})
    assert r.status_code == 200
    assert r.json()["schools_needing_successor"] == [{"id": world["school"].pk, "name": world["school"].name}]


def test_create_inspector_training_and_appraisal_via_api(client, world):
    api = Api(client, who(world["tree"])["in_scope"])
    r = api.send("post", "/corps/inspectors", {"office_id": world["office"].pk, "name": "新人", "kind": "part_time",
                                               "expertise": ["preschool"], "years_in_education": 3})
    assert r.status_code == 201 and r.json()["qualification_warnings"]
    new = r.json()["id"]
    r = api.send("post", f"/corps/inspectors/{new}/training",
                 {"course": "年度培训", "kind": "centralised", "hours": "40", "date": "2025-03-01"})
    assert r.status_code == 201
    r = api.send("post", f"/corps/inspectors/{new}/appraisals", {"year": 2025, "grade": "qualified"})
    assert r.status_code == 201 and r.json()["facts"]["training_centralised_hours"] == "40.0"
    r = api.send("post", f"/corps/inspectors/{new}/appraisals", {"year": 2025, "grade": "qualified", "bogus": 1})
    assert r.status_code == 422


def test_school_profile_and_enrolment_via_api(client, world):
    api = Api(client, who(world["tree"])["in_scope"])
    s = world["spare"].pk
    r = api.send("put", f"/schools/{s}", {"school_code": "3150012345", "stage": "junior"})
    assert r.status_code == 200 and r.json()["stage"] == "junior"
    r = api.send("post", f"/schools/{s}/enrolments",
                 {"school_year": "2025-2026", "section": "junior", "students": 2000, "classes": 40})
    assert r.status_code == 200
    assert api.get(f"/schools/{s}/enrolment-total").json()["students"] == 2000
    due = api.get("/schools/principals-due?region_code=500108").json()
    assert [d["name"] for d in due] == ["李校长"]


def test_school_respondent_updates_own_enrolment_only(client, world):
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["school"])
    api = Api(client, respondent)
    s = world["school"].pk
    r = api.send("post", f"/schools/{s}/enrolments",
                 {"school_year": "2025-2026", "section": "primary", "students": 950, "classes": 20})
    assert r.status_code == 200
    r = api.send("post", f"/schools/{world['spare'].pk}/enrolments",
                 {"school_year": "2025-2026", "section": "primary", "students": 1})
    assert r.status_code == 404


def test_recusal_check_endpoint_reports_reasons(client, world):
    api = Api(client, who(world["tree"])["in_scope"])
    i, s = world["insp"].pk, world["spare"].pk
    assert api.get(f"/corps/inspectors/{i}/recusal-check?unit_id={s}").json() == {"conflict": False, "reasons": []}
    r = api.send("post", f"/corps/inspectors/{i}/employments", {"unit_id": s, "end_date": "2024-06-30"})
    assert r.status_code == 201
    body = api.get(f"/corps/inspectors/{i}/recusal-check?unit_id={s}&on_date=2025-09-01").json()
    assert body["conflict"] and body["reasons"][0]["code"] == "former_employer"
    r = api.send("post", "/corps/postings", {"inspector_id": i, "school_id": s, "start_date": "2025-09-01"})
    assert r.status_code == 422 and "回避" in r.json()["message"]


def test_openapi_lists_the_endpoints_with_error_responses(client):
    schema = client.get(API + "/openapi.json").json()
    for path in ("/api/v1/corps/coverage", "/api/v1/corps/postings", "/api/v1/corps/inspectors/{inspector_id}/exit",
                 "/api/v1/schools/{unit_id}", "/api/v1/schools/principals-due"):
        assert path in schema["paths"], path
        for op in schema["paths"][path].values():
            assert {"401", "403", "404", "422"} <= set(op["responses"]), path
