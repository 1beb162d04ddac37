"""The incentives API through HTTP (E6): create and read commendations, cases (edit, publish,
withdraw), exemptions (grant, filter by state, end early) and green results; errors name the field;
responses match the OpenAPI schema."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from dudao.incentives.models import Commendation, GoodPracticeCase
from dudao.inspections.models import SupervisionExemption
from dudao.testing.incentives_factories import green_result, incentives_world
from dudao.testing.matrix import api_client
from tests.test_openapi import validate

pytestmark = pytest.mark.django_db
API = "/api/v1/incentives"
TODAY = timezone.localdate()


@pytest.fixture
def world(tree):
    w = incentives_world(tree)
    w["green"] = green_result(w["office"], w["unit"], title="南岸区课后服务绿色督导")
    return w


@pytest.fixture
def spec():
    return Client().get("/api/v1/openapi.json").json()


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_commendations(world, spec):
    admin = api_client(world["admin"])
    body = {"office_id": world["office"].pk, "level": "honour", "subject_kind": "unit", "unit_id": world["unit"].pk,
            "title": "课后服务表彰", "issued_on": TODAY.isoformat(), "basis_kind": "green_result",
            "basis_target_id": world["green"].pk}
    r = post(admin, f"{API}/commendations", body)
    assert r.status_code == 201, r.content
    validate(spec, "post", f"{API}/commendations", r)
    data = r.json()
    assert (data["subject_name"], data["level"], data["basis_target_id"]) == ("南岸区激励测试学校", "honour",
                                                                              world["green"].pk)
    for bad, field in (({"basis_target_id": 999999}, "basis_target_id"), ({"level": "gold"}, "level"),
                       ({"basis_kind": "other"}, "basis_text"), ({"office_id": world["unit"].pk}, "office"),
                       ({"extra": 1}, "extra"), ({"inspector_id": 999999}, "inspector_id")):
        r = post(admin, f"{API}/commendations", {**body, **bad})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (bad, r.content)
        validate(spec, "post", f"{API}/commendations", r)
    assert Commendation.objects.count() == 1
    leader = api_client(world["leader"])
    r = leader.get(f"{API}/commendations", {"unit_id": world["unit"].pk})
    validate(spec, "get", f"{API}/commendations", r)
    assert [c["id"] for c in r.json()["items"]] == [data["id"]]
    r = leader.get(f"{API}/commendations/{data['id']}")
    validate(spec, "get", f"{API}/commendations/{data['id']}", r)
    assert post(leader, f"{API}/commendations", body).status_code == 403
    assert api_client(world["sibling"]).get(f"{API}/commendations/{data['id']}").status_code == 404


def test_cases(world, spec):
    admin = api_client(world["admin"])
    r = post(admin, f"{API}/cases", {"source_target_id": world["green"].pk, "title": "一校一案", "summary": "统筹"})
    assert r.status_code == 201, r.content
    validate(spec, "post", f"{API}/cases", r)
    case = r.json()
    assert (case["status"], case["available"], case["task_title"]) == ("draft", ["publish"], "南岸区课后服务绿色督导")
    r = admin.patch(f"{API}/cases/{case['id']}", json.dumps({"publishable": True, "content": "正文"}),
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["publishable"] is True and r.json()["title"] == "一校一案"
    validate(spec, "patch", f"{API}/cases/{case['id']}", r)
    r = post(admin, f"{API}/cases/{case['id']}/transitions/publish", {})
    assert r.status_code == 200 and r.json()["status"] == "published" and r.json()["available"] == ["withdraw"]
    validate(spec, "post", f"{API}/cases/{case['id']}/transitions/publish", r)
    r = admin.patch(f"{API}/cases/{case['id']}", json.dumps({"title": "改"}), content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"
    r = post(admin, f"{API}/cases/{case['id']}/transitions/withdraw", {})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    r = post(admin, f"{API}/cases/{case['id']}/transitions/withdraw", {"note": "更新"})
    assert r.json()["status"] == "draft" and [e["action"] for e in r.json()["events"]] == [
        "create", "edit", "publish", "withdraw"]
    assert post(admin, f"{API}/cases/{case['id']}/transitions/nope", {}).status_code == 404
    yellow = green_result(world["office"], world["unit"], colour="yellow")
    r = post(admin, f"{API}/cases", {"source_target_id": yellow.pk, "title": "t", "summary": "s"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "source_target"
    leader = api_client(world["leader"])
    assert [c["id"] for c in leader.get(f"{API}/cases", {"status": "draft"}).json()["items"]] == [case["id"]]
    assert leader.get(f"{API}/cases", {"status": "published"}).json()["items"] == []
    assert leader.get(f"{API}/cases/{case['id']}").json()["available"] == []
    assert post(leader, f"{API}/cases/{case['id']}/transitions/publish", {}).status_code == 403
    assert leader.patch(f"{API}/cases/{case['id']}", "{}", content_type="application/json").status_code == 404
    assert GoodPracticeCase.objects.count() == 1


def test_exemptions_and_green_results(world, spec):
    admin = api_client(world["admin"])
    body = {"unit_id": world["unit"].pk, "task_kinds": ["comprehensive"], "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY + datetime.timedelta(days=60)).isoformat(), "reason": "督导结果优秀"}
    r = post(admin, f"{API}/exemptions", body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "basis"
    validate(spec, "post", f"{API}/exemptions", r)
    r = post(admin, f"{API}/exemptions", {**body, "task_kinds": ["regular"], "basis_target_id": world["green"].pk})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "task_kinds"
    r = post(admin, f"{API}/exemptions", {**body, "basis_target_id": world["green"].pk})
    assert r.status_code == 201, r.content
    validate(spec, "post", f"{API}/exemptions", r)
    ex = r.json()
    assert (ex["state"], ex["basis_target_id"], ex["task_kinds"]) == ("current", world["green"].pk, ["comprehensive"])
    leader = api_client(world["leader"])
    assert [e["id"] for e in leader.get(f"{API}/exemptions", {"state": "current"}).json()["items"]] == [ex["id"]]
    assert leader.get(f"{API}/exemptions", {"state": "expired"}).json()["items"] == []
    assert leader.get(f"{API}/exemptions", {"state": "bogus"}).status_code == 422
    r = leader.get(f"{API}/exemptions/{ex['id']}")
    validate(spec, "get", f"{API}/exemptions/{ex['id']}", r)
    assert post(leader, f"{API}/exemptions/{ex['id']}/end", {"reason": "x"}).status_code == 403
    r = post(admin, f"{API}/exemptions/{ex['id']}/end", {"reason": "发生安全事故", "last_day": TODAY.isoformat()})
    assert r.status_code == 200 and r.json()["valid_to"] == TODAY.isoformat() and r.json()["ended_on"]
    validate(spec, "post", f"{API}/exemptions/{ex['id']}/end", r)
    assert post(admin, f"{API}/exemptions/{ex['id']}/end", {}).status_code == 422
    assert SupervisionExemption.objects.get().valid_to == TODAY
    r = leader.get(f"{API}/green-results")
    validate(spec, "get", f"{API}/green-results", r)
    assert [(g["id"], g["unit_name"]) for g in r.json()["items"]] == [(world["green"].pk, "南岸区激励测试学校")]
    assert api_client(world["sibling"]).get(f"{API}/green-results").json()["items"] == []
