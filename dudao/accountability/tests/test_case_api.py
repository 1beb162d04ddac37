"""The accountability API through HTTP (E7–E9): cases with filters, history and available actions;
立案 and every step to 移交; the situation catalogue; 约谈 and 通报; 422 naming the field; scope;
the responses match the OpenAPI schema; concurrent steps on one case (PostgreSQL)."""

import pytest
from django.test import Client

from dudao.accountability import services as accountability
from dudao.accountability.models import AccountabilityCase, CaseEvent, TriggerSituation
from dudao.testing.case_factories import D, advance_case, case_world, open_case, situation, today
from dudao.testing.concurrency import needs_row_locks, race
from dudao.testing.ledger_factories import item
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import inspector, school
from tests.test_openapi import validate

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"


@pytest.fixture
def world(tree):
    return case_world(tree)


def post(client, url, data=None):
    return client.post(url, data=data or {}, content_type="application/json")


def fields(response):
    return {e["field"] for e in response.json().get("errors", [])}


def test_case_list_filters(world):
    closing = open_case(world, days_ago=55)
    passed = open_case(world, days_ago=70)
    decided = advance_case(world, open_case(world), "decided")
    off = world["office"]
    insp = open_case(world, unit=off, subject_kind="inspector", inspector=inspector(off),
                     situations=[situation("I01")])
    client = api_client(world["leader"])

    def ids(query):
        r = client.get(f"{API}/cases", data=query)
        assert r.status_code == 200, r.content
        return {row["id"] for row in r.json()["items"]}

    assert ids({}) == {closing.pk, passed.pk, decided.pk, insp.pk}
    assert ids({"status": "decided"}) == {decided.pk}
    assert ids({"subject_kind": "inspector"}) == {insp.pk}
    assert ids({"unit_id": off.pk}) == {insp.pk}
    assert ids({"window": "closing"}) == {closing.pk, passed.pk}
    assert ids({"window": "passed"}) == {passed.pk}
    assert ids({"region_code": "500108"}) == {closing.pk, passed.pk, decided.pk, insp.pk}
    rows = {r["id"]: r for r in client.get(f"{API}/cases").json()["items"]}
    assert (rows[closing.pk]["window"], rows[passed.pk]["window"], rows[decided.pk]["window"]) == (
        "closing", "passed", "")
    for bad, field in (({"status": "bogus"}, "status"), ({"window": "soon"}, "window"),
                       ({"region_code": "510000"}, "region_code")):
        r = client.get(f"{API}/cases", data=bad)
        assert r.status_code == 422 and field in fields(r), bad
    assert api_client(world["sibling"]).get(f"{API}/cases").json()["items"] == []


def test_case_detail_history_and_available_actions(world):
    it = item(world)
    case = open_case(world, ledger_items=[it])
    admin, leader = api_client(world["admin"]), api_client(world["leader"])
    body = admin.get(f"{API}/cases/{case.pk}").json()
    assert body["available"] == ["form_group", "aggravate"] and body["ledger_item_ids"] == [it.pk]
    assert [(e["action"], e["label"], e["to_status"]) for e in body["events"]] == [("open", "立案", "opened")]
    assert [s["code"] for s in body["situations"]] == ["S03"]
    assert body["investigation_deadline"] == (case.supervision_end + D(days=60)).isoformat()
    assert leader.get(f"{API}/cases/{case.pk}").json()["available"] == []
    assert api_client(world["respondent"]).get(f"{API}/cases/{case.pk}").status_code == 404
    assert api_client(world["sibling"]).get(f"{API}/cases/{case.pk}").status_code == 404
    assert admin.get(f"{API}/cases/999999").json()["code"] == "not_found"


def test_create_case_and_errors_name_the_field(world, tree):
    admin = api_client(world["admin"])
    it = item(world)
    good = {"unit_id": world["unit"].pk, "subject_kind": "school", "title": "接口立案",
            "supervision_end": (today() - D(days=5)).isoformat(), "situation_ids": [situation().pk],
            "ledger_item_ids": [it.pk]}
    for change, field in [({"situation_ids": [situation("I01").pk]}, "situation_ids"),
                          ({"situation_ids": [999999]}, "situation_ids"),
                          ({"situation_ids": []}, "situation_ids"),
                          ({"supervision_end": (today() + D(days=1)).isoformat()}, "supervision_end"),
                          ({"unit_id": school(tree["ddk"]).pk}, "unit_id"),
                          ({"ledger_item_ids": [999999]}, "ledger_item_ids"),
                          ({"subject_kind": "person"}, "person_name"),
                          ({"subject_kind": "nobody"}, "subject_kind"),
                          ({"task_id": 999999}, "task_id"),
                          ({"bogus": 1}, "bogus"),
                          ({"title": " "}, "title")]:
        r = post(admin, f"{API}/cases", {**good, **change})
        assert r.status_code == 422 and field in fields(r), (change, r.content.decode())
    other_item = item(world, description="另一所学校的问题")
    other_item.unit = school(tree["nanan"])
    other_item.save(update_fields=["unit"])
    r = post(admin, f"{API}/cases", {**good, "ledger_item_ids": [other_item.pk]})
    assert r.status_code == 422 and fields(r) == {"ledger_item_ids"}
    assert not AccountabilityCase.objects.exists()
    assert post(api_client(world["leader"]), f"{API}/cases", good).status_code == 403
    r = post(admin, f"{API}/cases", good)
    assert r.status_code == 201 and r.json()["status"] == "opened" and r.json()["ledger_item_ids"] == [it.pk]
    # an inspector's misconduct (条例 Art. 26)
    off = world["office"]
    insp = inspector(off, name="接口督学")
    base = {**good, "unit_id": off.pk, "subject_kind": "inspector", "situation_ids": [situation("I01").pk],
            "ledger_item_ids": []}
    r = post(admin, f"{API}/cases", base)
    assert r.status_code == 422 and fields(r) == {"inspector_id"}
    r = post(admin, f"{API}/cases", {**base, "inspector_id": insp.pk})
    assert r.status_code == 201 and r.json()["person_name"] == "接口督学" and r.json()["inspector_id"] == insp.pk


def test_steps_through_http_to_referral(world):
    person = {"subject_kind": "person", "situations": [situation("P01")], "person_name": "某校长"}
    advance_case(world, open_case(world, title="前一次问责", **person), "decided", measures=("order_examination",))
    case = open_case(world, **person)
    admin = api_client(world["admin"])
    url = f"{API}/cases/{case.pk}/transitions"
    # forbidden role, out of scope, unknown step, illegal state, bad input
    assert post(api_client(world["leader"]), f"{url}/form_group", {"group_members": "组"}).status_code == 403
    assert post(api_client(world["sibling"]), f"{url}/form_group", {"group_members": "组"}).status_code == 404
    assert post(admin, f"{url}/nope").status_code == 404
    r = post(admin, f"{url}/decide", {"basis": "第七条", "effective_date": today().isoformat()})
    assert r.status_code == 422 and fields(r) == {"status"} and "不能作出问责决定" in r.json()["errors"][0]["message"]
    r = post(admin, f"{url}/form_group", {"group_members": ""})
    assert r.status_code == 422 and fields(r) == {"group_members"}
    assert post(admin, f"{url}/form_group", {"facts": 1}).status_code == 422
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert post(admin, f"{url}/form_group", {"group_members": "区督导室"}).json()["status"] == "investigating"
    assert post(admin, f"{url}/notify", {"facts": "逾期未整改"}).json()["status"] == "notified"
    assert post(admin, f"{url}/hear", {"statement": "无异议"}).json()["available"] == ["approve", "aggravate"]
    for body, field in [({"approver_id": world["member"].pk, "measures": ["referral"]}, "approver_id"),
                        ({"approver_id": 999999, "measures": ["referral"]}, "approver_id"),
                        ({"measures": ["referral"]}, "approver_id"),
                        ({"approver_id": world["deputy"].pk, "measures": []}, "measures"),
                        ({"approver_id": world["deputy"].pk, "measures": ["public_criticism"]}, "measures"),
                        ({"approver_id": world["deputy"].pk, "measures": ["practice_ban"]}, "measures"),
                        ({"approver_id": world["deputy"].pk, "measures": ["nonsense"]}, "measures.0")]:
        r = post(admin, f"{url}/approve", body)
        assert r.status_code == 422 and field in fields(r), (body, r.content.decode())
    r = post(admin, f"{url}/approve", {"approver_id": world["director"].pk, "measures": ["disciplinary", "referral"]})
    assert r.status_code == 200 and r.json()["approved_by_id"] == world["director"].pk
    r = post(admin, f"{url}/decide", {"basis": "《教育督导问责办法》", "effective_date": today().isoformat()})
    body = r.json()
    assert body["status"] == "decided" and body["aggravated"] and body["available"] == ["refer"]
    r = post(admin, f"{url}/refer", {"receiving_body": " "})
    assert r.status_code == 422 and fields(r) == {"receiving_body"}
    body = post(admin, f"{url}/refer", {"receiving_body": "南岸区人民检察院"}).json()
    assert (body["referred_to"], body["available"]) == ("南岸区人民检察院", [])
    assert [e["action"] for e in body["events"]] == ["open", "form_group", "notify", "hear", "approve", "decide",
                                                      "refer"]
    assert post(admin, f"{url}/refer", {"receiving_body": "再次"}).status_code == 422


def test_situation_catalogue(world, tree):
    TriggerSituation.objects.create(code="SC01", subject="school", title="四川增补情形", region=tree["sc"])
    leader, province_office = api_client(world["leader"]), api_client(world["parent"])

    def codes(client, query):
        return {row["code"] for row in client.get(f"{API}/situations", data=query).json()}

    assert "S03" in codes(leader, {}) and "SC01" not in codes(leader, {})
    assert "SC01" in codes(leader, {"region_code": "512000"})
    assert codes(leader, {"region_code": "500108", "subject": "inspector"}) == {"I01", "I02", "I03"}
    assert leader.get(f"{API}/situations", data={"region_code": "999999"}).status_code == 422
    new = {"province_code": "500000", "code": "CQ01", "subject": "school", "title": "违规补课屡禁不止"}
    r = post(api_client(world["admin"]), f"{API}/situations", new)  # a district office
    assert r.status_code == 422 and fields(r) == {"province_code"}
    r = post(province_office, f"{API}/situations", {**new, "province_code": "510000"})
    assert r.status_code == 422 and fields(r) == {"province_code"}
    assert fields(post(province_office, f"{API}/situations", {**new, "code": "S03"})) == {"code"}
    r = post(province_office, f"{API}/situations", new)
    assert r.status_code == 201 and r.json()["province_code"] == "500000"
    assert "CQ01" in codes(leader, {"region_code": "500108"})
    assert "CQ01" not in codes(leader, {"region_code": "510000"})


def test_interviews_and_circulars(world, tree):
    it = item(world)
    case = open_case(world, ledger_items=[it])
    admin, leader = api_client(world["admin"]), api_client(world["leader"])
    body = {"unit_id": world["unit"].pk, "held_on": today().isoformat(), "participants": "督导室主任",
            "leaders_present": "校长", "content": "整改滞后", "filed_with": ["区委", "区政府"],
            "ledger_item_ids": [it.pk], "case_id": case.pk}
    other_case = open_case(world, unit=school(tree["nanan"]))
    for change, field in [({"content": ""}, "content"), ({"held_on": "2026-13-01"}, "held_on"),
                          ({"case_id": other_case.pk}, "case_id"), ({"case_id": 999999}, "case_id"),
                          ({"unit_id": school(tree["ddk"]).pk}, "unit_id"),
                          ({"unit_id": other_case.unit_id, "case_id": None}, "ledger_item_ids")]:
        r = post(admin, f"{API}/interviews", {**body, **change})
        assert r.status_code == 422 and field in fields(r), (change, r.content.decode())
    assert post(leader, f"{API}/interviews", body).status_code == 403
    r = post(admin, f"{API}/interviews", body)
    assert r.status_code == 201 and r.json()["filed_with"] == ["区委", "区政府"] and r.json()["case_id"] == case.pk
    rec_id = r.json()["id"]
    assert leader.get(f"{API}/interviews/{rec_id}").json()["ledger_item_ids"] == [it.pk]
    assert [row["id"] for row in leader.get(f"{API}/interviews", data={"unit_id": world["unit"].pk}).json()["items"]
            ] == [rec_id]
    assert leader.get(f"{API}/interviews", data={"since": (today() + D(days=1)).isoformat()}).json()["count"] == 0
    assert api_client(world["sibling"]).get(f"{API}/interviews/{rec_id}").status_code == 404
    circ = {"unit_id": world["unit"].pk, "issued_on": today().isoformat(), "content": "通报批评",
            "recommendation": "", "ledger_item_ids": [it.pk]}
    r = post(admin, f"{API}/circulars", circ)
    assert r.status_code == 422 and fields(r) == {"recommendation"}
    r = post(admin, f"{API}/circulars", {**circ, "recommendation": "暂缓提拔"})
    assert r.status_code == 201
    assert leader.get(f"{API}/circulars/{r.json()['id']}").json()["recommendation"] == "暂缓提拔"
    assert leader.get(f"{API}/circulars").json()["count"] == 1
    assert list(it.events.values_list("action", flat=True)) == ["issue", "interview", "circular"]
    # the item's history over the API merges the linked case's steps in time order
    events = leader.get(f"{API}/items/{it.pk}").json()["events"]
    assert [e["action"] for e in events] == ["issue", "case_open", "interview", "circular"]
    assert events[1]["data"]["case"] == case.pk and case.title in events[1]["note"]


def test_responses_match_the_openapi_schema(world):
    spec = Client().get("/api/v1/openapi.json").json()
    admin = api_client(world["admin"])
    it = item(world)
    case = open_case(world, ledger_items=[it])
    calls = [
        ("get", f"{API}/cases?window=closing", None),
        ("get", f"{API}/cases/{case.pk}", None),
        ("post", f"{API}/cases", {"unit_id": world["unit"].pk, "subject_kind": "school", "title": "模式",
                                  "supervision_end": today().isoformat(), "situation_ids": [situation().pk]}),
        ("post", f"{API}/cases", {"unit_id": world["unit"].pk}),
        ("post", f"{API}/cases/{case.pk}/transitions/form_group", {"group_members": "组"}),
        ("post", f"{API}/cases/{case.pk}/transitions/decide", {}),
        ("get", f"{API}/situations?region_code=500108", None),
        ("post", f"{API}/interviews", {"unit_id": world["unit"].pk, "held_on": today().isoformat(),
                                       "participants": "主任", "leaders_present": "校长", "content": "约谈"}),
        ("get", f"{API}/interviews", None),
        ("post", f"{API}/circulars", {"unit_id": world["unit"].pk, "issued_on": today().isoformat(),
                                      "content": "通报", "recommendation": "建议"}),
        ("get", f"{API}/circulars", None),
        ("get", f"{API}/cases/999999", None),
    ]
    statuses = []
    for method, url, body in calls:
        r = getattr(admin, method)(url, data=body, content_type="application/json") if body is not None else \
            getattr(admin, method)(url)
        validate(spec, method, url, r)
        statuses.append(r.status_code)
    # successes and each kind of error were all checked against the schema
    assert {200, 201, 404, 422} <= set(statuses), statuses
    rec = admin.get(f"{API}/interviews").json()["items"][0]
    validate(spec, "get", f"{API}/interviews/{rec['id']}", admin.get(f"{API}/interviews/{rec['id']}"))
    r = post(api_client(world["parent"]), f"{API}/situations",
             {"province_code": "500000", "code": "CQ09", "subject": "school", "title": "模式情形"})
    validate(spec, "post", f"{API}/situations", r)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_concurrent_steps_on_one_case_exactly_one_wins(tree):
    world = case_world(tree)
    case = open_case(world)
    results = race(*[(lambda m=m: accountability.case_form_group(
        actor=None, case=AccountabilityCase.objects.get(pk=case.pk), group_members=m)) for m in ("甲组", "乙组")])
    assert results == ["ok", "refused"]
    assert CaseEvent.objects.filter(case=case, action="form_group").count() == 1
