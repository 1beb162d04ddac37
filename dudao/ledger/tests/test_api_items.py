"""The rest of the rectification procedure through the API (E4, E11–E13): extensions, rebound,
routing and department actions, 督办 orders — allowed paths, roles, scope, and 422 naming the
field; responses match the OpenAPI schema."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from dudao.ledger import deadlines
from dudao.ledger.models import DepartmentAction, ExtensionRequest, LedgerItem
from dudao.testing.ledger_factories import advance, item, routing_world
from dudao.testing.matrix import api_client
from tests.test_openapi import validate

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"
D = datetime.timedelta


def today():
    return timezone.localdate()


@pytest.fixture
def world(tree):
    return routing_world(tree)


@pytest.fixture
def spec():
    return Client().get("/api/v1/openapi.json").json()


def post(client, url, data=None):
    return client.post(url, data=data or {}, content_type="application/json")


def fields(response):
    assert response.status_code == 422, response.content
    return {e["field"] for e in response.json()["errors"]}


def test_extensions(world, spec):
    it = advance(world, item(world), "plan_submitted")
    LedgerItem.objects.filter(pk=it.pk).update(deadline=today() + D(days=5))
    respondent, admin = api_client(world["respondent"]), api_client(world["admin"])
    url = f"{API}/items/{it.pk}/extensions"
    assert fields(post(respondent, url, {"requested_deadline": "2030-13-01", "reason": "x"})) == {"requested_deadline"}
    assert fields(post(respondent, url, {"requested_deadline": (today() + D(days=1)).isoformat(),
                                         "reason": " "})) == {"requested_deadline", "reason"}
    assert fields(post(respondent, url, {"requested_deadline": "2030-01-01", "reason": "x", "bogus": 1})) == {"bogus"}
    assert post(api_client(world["leader"]), url, {"requested_deadline": "2030-01-01", "reason": "x"}).status_code == 403
    r = post(api_client(world["other_respondent"]), url, {"requested_deadline": "2030-01-01", "reason": "x"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    wanted = today() + D(days=30)
    r = post(respondent, url, {"requested_deadline": wanted.isoformat(), "reason": "施工队排期"})
    validate(spec, "post", url, r)
    assert r.status_code == 201 and r.json()["status"] == "pending"
    ext_id = r.json()["id"]
    assert "status" in fields(post(respondent, url, {"requested_deadline": wanted.isoformat(), "reason": "再申请"}))
    detail = respondent.get(f"{API}/items/{it.pk}")
    validate(spec, "get", f"{API}/items/{it.pk}", detail)
    assert [e["id"] for e in detail.json()["extensions"]] == [ext_id]
    assert post(respondent, f"{API}/extensions/{ext_id}/approve").status_code == 403
    assert post(api_client(world["sibling"]), f"{API}/extensions/{ext_id}/approve").status_code == 404
    assert fields(post(admin, f"{API}/extensions/{ext_id}/refuse", {"note": ""})) == {"note"}
    r = post(admin, f"{API}/extensions/{ext_id}/approve", {"note": "同意"})
    validate(spec, "post", f"{API}/extensions/{ext_id}/approve", r)
    assert r.json()["status"] == "approved" and LedgerItem.objects.get(pk=it.pk).deadline == wanted
    assert "status" in fields(post(admin, f"{API}/extensions/{ext_id}/refuse", {"note": "晚了"}))
    ext2 = post(respondent, url, {"requested_deadline": (wanted + D(days=5)).isoformat(), "reason": "再延"}).json()
    r = post(admin, f"{API}/extensions/{ext2['id']}/refuse", {"note": "理由不充分"})
    assert r.status_code == 200 and r.json()["status"] == "refused"
    assert ExtensionRequest.objects.filter(status="refused").count() == 1


def test_rebound(world, spec):
    closed = advance(world, item(world), "closed")
    url = f"{API}/items/{closed.pk}/rebound"
    body = {"method": "sampling", "description": "陪餐记录再次中断", "requirement": "恢复陪餐",
            "deadline": (today() + D(days=10)).isoformat()}
    inspector = api_client(world["inspector"])
    assert fields(post(inspector, url, {**body, "method": "phone"})) == {"method"}
    assert fields(post(inspector, url, {**body, "deadline": (today() - D(days=1)).isoformat()})) == {"deadline"}
    assert fields(post(inspector, url, {k: v for k, v in body.items() if k != "requirement"})) == {"requirement"}
    assert post(api_client(world["respondent"]), url, body).status_code == 403
    assert post(api_client(world["sibling"]), url, body).status_code == 404
    r = post(inspector, url, body)
    validate(spec, "post", url, r)
    assert r.status_code == 201 and r.json()["rebound_of_id"] == closed.pk and r.json()["status"] == "issued"
    assert "status" in fields(post(inspector, url, body))  # one open rebound at a time
    open_item = advance(world, item(world), "reported")
    assert "status" in fields(post(inspector, f"{API}/items/{open_item.pk}/rebound", body))


def test_routing_and_actions(world, spec):
    it = item(world)
    url = f"{API}/items/{it.pk}/route"
    admin = api_client(world["admin"])
    later = (today() + D(days=20)).isoformat()
    major = {"routing": "major", "department_ids": [world["housing"].pk], "task": "校门口交通整治",
             "action_deadline": later, "dispute": True, "mediation_unit_id": world["station"].pk}
    assert fields(post(admin, url, {"routing": "huge"})) == {"routing"}
    assert fields(post(admin, url, {"routing": "major", "task": "x", "action_deadline": later})) == {"department_ids"}
    assert fields(post(admin, url, {**major, "department_ids": [world["far"].pk]})) == {"department_ids"}
    assert fields(post(admin, url, {**major, "department_ids": [999999]})) == {"department_ids"}
    assert fields(post(admin, url, {**major, "mediation_unit_id": None})) == {"mediation_unit_id"}
    assert post(api_client(world["respondent"]), url, {"routing": "hard"}).status_code == 403
    assert post(api_client(world["sibling"]), url, {"routing": "hard"}).status_code == 404
    assert not DepartmentAction.objects.exists()
    r = post(admin, url, major)
    validate(spec, "post", url, r)
    assert r.status_code == 200 and r.json()["routing"] == "major"
    assert {(a["department_name"], a["kind"]) for a in r.json()["actions"]} == {
        ("南岸区住房城乡建委", "department"), ("南岸区教育纠纷调解站", "mediation")}
    r = api_client(world["leader"]).get(f"{API}/items/{it.pk}/actions")
    validate(spec, "get", f"{API}/items/{it.pk}/actions", r)
    assert len(r.json()) == 2
    assert api_client(world["other_respondent"]).get(f"{API}/items/{it.pk}/actions").status_code == 404
    # the department lists its own actions and completes them
    dept = api_client(world["housing_user"])
    r = dept.get(f"{API}/actions", data={"status": "open"})
    validate(spec, "get", f"{API}/actions", r)
    (row,) = r.json()["items"]
    assert row["department_id"] == world["housing"].pk
    assert dept.get(f"{API}/actions", data={"status": "nope"}).status_code == 422
    station_action = DepartmentAction.objects.get(department=world["station"])
    assert post(dept, f"{API}/actions/{station_action.pk}/complete", {"result": "x"}).status_code == 404
    assert post(api_client(world["leader"]), f"{API}/actions/{row['id']}/complete", {"result": "x"}).status_code == 403
    assert fields(post(dept, f"{API}/actions/{row['id']}/complete", {"result": " "})) == {"result"}
    assert fields(post(dept, f"{API}/actions/{row['id']}/complete", {})) == {"result"}
    r = post(dept, f"{API}/actions/{row['id']}/complete", {"result": "已设置减速带"})
    validate(spec, "post", f"{API}/actions/{row['id']}/complete", r)
    assert r.json()["status"] == "done" and r.json()["done_by_id"] == world["housing_user"].pk
    assert "status" in fields(post(dept, f"{API}/actions/{row['id']}/complete", {"result": "again"}))
    assert api_client(world["station_user"]).get(f"{API}/actions").json()["count"] == 1
    assert api_client(world["other_respondent"]).get(f"{API}/actions").json()["count"] == 0


def test_orders(world, spec):
    it = advance(world, item(world), "in_progress")
    LedgerItem.objects.filter(pk=it.pk).update(deadline=today() - D(days=3))
    deadlines.escalate_overdue(today())
    order = it.orders.get()
    admin = api_client(world["admin"])

    def ids(client, **query):
        return [o["id"] for o in client.get(f"{API}/orders", data=query).json()["items"]]

    r = admin.get(f"{API}/orders", data={"status": "draft", "level": 1})
    validate(spec, "get", f"{API}/orders", r)
    assert ids(admin, status="draft", level=1) == [order.pk]
    assert ids(admin, status="issued") == [] and ids(admin, level=2) == []
    assert admin.get(f"{API}/orders", data={"status": "nope"}).status_code == 422
    assert admin.get(f"{API}/orders", data={"level": "x"}).status_code == 422
    assert ids(api_client(world["parent"])) == [order.pk]
    assert ids(api_client(world["sibling"])) == [] and ids(api_client(world["respondent"])) == []
    r = admin.get(f"{API}/orders/{order.pk}")
    validate(spec, "get", f"{API}/orders/{order.pk}", r)
    assert r.json()["status"] == "draft" and r.json()["document_id"] is None
    assert api_client(world["sibling"]).get(f"{API}/orders/{order.pk}").status_code == 404
    url = f"{API}/orders/{order.pk}/issue"
    assert post(api_client(world["respondent"]), url).status_code == 404
    assert fields(post(admin, url, {"requirements": "一条"})) == {"requirements"}
    r = post(admin, url, {"requirements": ["一周内完成公示", " "]})
    validate(spec, "post", url, r)
    body = r.json()
    assert r.status_code == 200 and body["status"] == "issued" and body["document_id"] and body["document_number"]
    it.refresh_from_db()
    assert it.deadline == order.new_deadline
    assert "status" in fields(post(admin, url))
    detail = admin.get(f"{API}/items/{it.pk}").json()
    assert [o["id"] for o in detail["orders"]] == [order.pk]
    assert "supervision_issued" in [e["action"] for e in detail["events"]]
