"""E10: a red supervision result opens a suggested 问责 case for the office, which confirms it
(→ opened, with its situations) or dismisses it with its reason — kernel transitions, page buttons
and API twins, a home card; one suggestion per target."""

import pytest
from django.core.exceptions import ValidationError

from dudao.accountability import services as accountability
from dudao.accountability.models import AccountabilityCase
from dudao.inspections import workflows as task_workflows
from dudao.testing.case_factories import situation
from dudao.testing.inspections_factories import setting, special_task
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def world(tree):
    w = setting(tree)
    task = special_task(w, framework=False)
    for name in ("notify", "start_on_site"):
        task_workflows.apply(actor=None, task=task, name=name)
    w["task"] = task
    w["targets"] = list(task.targets.order_by("id"))
    return w


def evaluate(world, target, colour):
    r = api_client(world["admin"]).put(f"{API}/inspections/targets/{target.pk}/evaluation",
                                       {"evaluation": "问题突出", "colour": colour}, content_type="application/json")
    assert r.status_code == 200, r.content.decode()


def test_a_red_result_suggests_one_case(world):
    first, second = world["targets"][:2]
    evaluate(world, first, "yellow")
    assert not AccountabilityCase.objects.exists()
    evaluate(world, first, "red")
    case = AccountabilityCase.objects.get()
    assert (case.status, case.unit, case.task, case.source_target, case.subject_kind, case.created_by) == (
        "suggested", first.unit, world["task"], first, "school", None)
    assert list(case.events.values_list("action", "to_status")) == [("suggest", "suggested")]
    evaluate(world, first, "red")  # unchanged
    evaluate(world, first, "green")
    evaluate(world, first, "red")  # red again: no second suggestion
    assert AccountabilityCase.objects.count() == 1
    assert accountability.case_suggest(target=first) is None
    evaluate(world, second, "red")
    assert AccountabilityCase.objects.filter(status="suggested").count() == 2


def test_office_confirms_through_the_page_and_sees_the_home_card(world):
    target = world["targets"][0]
    evaluate(world, target, "red")
    case = AccountabilityCase.objects.get()
    admin = ui_client(world["admin"])
    home = admin.get("/").content.decode()
    assert "待确认的问责建议" in home and "?status=suggested" in home
    url = f"/ledger/cases/{case.pk}/"
    html = admin.get(url).content.decode()
    assert 'value="confirm"' in html and 'value="dismiss"' in html and 'value="form_group"' not in html
    assert "督导结果为红色" in html
    r = admin.post(url, {"form": "confirm"})
    assert r.status_code == 200 and AccountabilityCase.objects.get(pk=case.pk).status == "suggested"
    r = admin.post(url, {"form": "confirm", "confirm-situations": [situation("S06").pk]})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "opened" and [s.code for s in case.situations.all()] == ["S06"]
    event = case.events.get(action="confirm")
    assert (event.actor, event.from_status, event.to_status, event.data) == (
        world["admin"], "suggested", "opened", {"situations": ["S06"]})
    assert 'value="form_group"' in admin.get(url).content.decode()


def test_dismiss_needs_a_reason_and_the_api_twins(world):
    target = world["targets"][0]
    evaluate(world, target, "red")
    case = AccountabilityCase.objects.get()
    admin = api_client(world["admin"])
    url = f"{API}/ledger/cases/{case.pk}/transitions"
    body = admin.get(f"{API}/ledger/cases/{case.pk}").json()
    assert body["available"] == ["confirm", "dismiss"] and body["source_target_id"] == target.pk
    r = admin.post(f"{url}/dismiss", {"note": " "}, content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    r = admin.post(f"{url}/confirm", {"situation_ids": [situation("I01").pk]}, content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "situation_ids"
    assert r.json()["errors"][0]["message"] == "所选问责情形不适用于该对象或本省"
    leader_like = api_client(world["inspectors"][0].user)
    assert leader_like.post(f"{url}/dismiss", {"note": "x"}, content_type="application/json").status_code in (403, 404)
    body = admin.post(f"{url}/dismiss", {"note": "红色结果系评分录入错误，已更正"},
                      content_type="application/json").json()
    assert (body["status"], body["dismissal_reason"], body["available"]) == (
        "dismissed", "红色结果系评分录入错误，已更正", [])
    assert body["events"][-1]["action"] == "dismiss"
    r = admin.post(f"{url}/confirm", {"situation_ids": [situation("S06").pk]}, content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"
    assert "不予问责理由" in ui_client(world["admin"]).get(f"/ledger/cases/{case.pk}/").content.decode()
    with pytest.raises(ValidationError):
        accountability.case_confirm(actor=world["admin"], case=case, situations=[situation("S06")])


def test_api_confirm(world):
    evaluate(world, world["targets"][0], "red")
    case = AccountabilityCase.objects.get()
    r = api_client(world["admin"]).post(f"{API}/ledger/cases/{case.pk}/transitions/confirm",
                                        {"situation_ids": [situation("S05").pk]}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "opened"
    assert [s["code"] for s in r.json()["situations"]] == ["S05"]
    assert api_client(world["admin"]).get(f"{API}/ledger/cases", {"status": "suggested"}).json()["items"] == []
