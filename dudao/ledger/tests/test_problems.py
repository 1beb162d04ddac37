"""One problem, one record (E11; 条例 Arts. 21–22): a problem a task's team records is the ledger item
from that moment — a draft the unit cannot see, editable by the team, out of every count and of the
daily job — and becomes binding in the transaction of the task's opinion letter (or the letter is
refused and nothing changes). All through the API, as the proper actors."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.accounts.services import api_token_create
from dudao.inspections.choices import TaskStatus
from dudao.inspections.models import SupervisionTask
from dudao.inspections.tests.helpers import advance, prepare
from dudao.ledger.deadlines import ledger_daily
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting, special_task

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def api(user) -> Client:
    c = Client()
    _t, key = api_token_create(user=user, name="test")
    c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return c


def due(days=30):
    return (TODAY + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def world(tree):
    w = setting(tree)
    task = advance(special_task(w), "start_on_site")
    from dudao.inspections import workflows

    w["task"] = workflows.task_start_on_site(actor=None, task=task)
    w["target"] = w["task"].targets.get(unit=w["schools"][0])
    w["office"] = api(w["admin"])
    w["member"] = api(w["inspectors"][1].user)  # a member of the task's team
    w["school"] = api(user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["schools"][0]))
    w["outsider"] = api(user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]))  # not on the team
    return w


def record(w, client=None, **fields):
    body = {"description": "课后服务收费未公示", "category": "management", "requirement": "公示收费标准",
            "deadline": due(), **fields}
    return (client or w["member"]).post(f"/api/v1/inspections/targets/{w['target'].pk}/problems", body,
                                        content_type="application/json")


def letter(w, client=None):
    task = SupervisionTask.objects.get(pk=w["task"].pk)
    for name, source in (("send_preliminary_opinion", TaskStatus.ON_SITE),
                         ("open_objection_window", TaskStatus.PRELIMINARY_OPINION)):
        if task.status != source:
            continue
        prepare(task, name)
        r = w["office"].post(f"/api/v1/inspections/tasks/{task.pk}/transitions/{name}", {},
                             content_type="application/json")
        assert r.status_code == 200, r.content
        task.refresh_from_db()
    prepare(task, "issue_opinion_letter")
    return (client or w["office"]).post(f"/api/v1/inspections/tasks/{task.pk}/transitions/issue_opinion_letter",
                                        {}, content_type="application/json")


def test_team_records_a_draft_the_school_does_not_see_until_the_opinion_letter(world):
    w = world
    r = record(w)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["source"], body["task_id"], body["target_id"], body["unit_id"]) == (
        "draft", "task", w["task"].pk, w["target"].pk, w["schools"][0].pk)
    item = LedgerItem.objects.get(pk=body["id"])
    assert list(item.events.values_list("action", "to_status")) == [("record", "draft")]
    # the office sees it in the ledger (with the task filter); the school does not, anywhere
    listed = w["office"].get("/api/v1/ledger/items", {"task_id": w["task"].pk}).json()["items"]
    assert [i["id"] for i in listed] == [item.pk]
    assert w["school"].get("/api/v1/ledger/items").json()["items"] == []
    assert w["school"].get(f"/api/v1/ledger/items/{item.pk}").status_code == 404
    # nor does it count: statistics, reminders, overdue
    summary = w["office"].get("/api/v1/ledger/summary", {"by": "unit"}).json()
    assert summary["totals"]["total"] == 0, summary
    LedgerItem.objects.filter(pk=item.pk).update(deadline=TODAY + datetime.timedelta(days=7))
    # other apps' daily jobs report beside the ledger's: all have nothing to do
    quiet = ledger_daily(today=TODAY)
    assert {"reminders", "supervision", "escalation", "case_warnings", "objection_closing"} <= set(quiet)
    assert not any(quiet.values()), quiet
    assert ledger_daily(today=TODAY + datetime.timedelta(days=9))["supervision"] == 0
    LedgerItem.objects.filter(pk=item.pk).update(deadline=TODAY + datetime.timedelta(days=30))

    r = letter(w)
    assert r.status_code == 200, r.content
    item.refresh_from_db()
    assert item.status == "issued" and item.original_deadline == item.deadline
    assert list(item.events.values_list("action", "from_status", "to_status")) == [
        ("record", "", "draft"), ("issue", "draft", "issued")]
    assert item.events.get(action="issue").actor == w["admin"]
    got = w["school"].get(f"/api/v1/ledger/items/{item.pk}")
    assert got.status_code == 200 and got.json()["status"] == "issued"
    assert w["office"].get("/api/v1/ledger/summary", {"by": "unit"}).json()["totals"]["total"] == 1


def test_a_draft_that_cannot_be_issued_refuses_the_letter_and_nothing_changes(world):
    w = world
    item = LedgerItem.objects.get(pk=record(w).json()["id"])
    other = LedgerItem.objects.get(pk=record(w, description="作业量超标").json()["id"])
    # weeks pass: the first draft's deadline is behind us when the letter is to be issued
    LedgerItem.objects.filter(pk=item.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    r = letter(w)
    assert r.status_code == 422, r.content
    assert "整改期限" in r.json()["message"]
    assert SupervisionTask.objects.get(pk=w["task"].pk).status == TaskStatus.OBJECTION_WINDOW
    assert set(LedgerItem.objects.filter(pk__in=[item.pk, other.pk]).values_list("status", flat=True)) == {"draft"}
    assert not w["task"].events.filter(action="issue_opinion_letter").exists()
    # the team corrects the draft; the letter now issues both
    r = w["member"].patch(f"/api/v1/ledger/items/{item.pk}", {"deadline": due(20)}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert letter(w).status_code == 200
    assert set(LedgerItem.objects.filter(task=w["task"]).values_list("status", flat=True)) == {"issued"}


def test_drafts_are_changed_and_withdrawn_by_the_team_only_before_the_letter(world, tree):
    w = world
    assert record(w, client=w["outsider"]).status_code == 403  # not on the team
    assert record(w, client=w["school"]).status_code == 403  # the school answers its target, never records
    r = record(w, routing="major")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "departments"
    assert record(w, deadline="2020-01-01").status_code == 422  # the ledger's one validation
    item = LedgerItem.objects.get(pk=record(w).json()["id"])
    url = f"/api/v1/ledger/items/{item.pk}"
    assert w["school"].patch(url, {"description": "x"}, content_type="application/json").status_code == 404
    assert w["outsider"].patch(url, {"description": "x"}, content_type="application/json").status_code == 403
    r = w["member"].patch(url, {"description": "课后服务收费标准未在校门口公示", "severity": "serious"},
                          content_type="application/json")
    assert r.status_code == 200 and r.json()["severity"] == "serious"
    assert r.json()["description"] == "课后服务收费标准未在校门口公示"
    assert w["member"].patch(url, {"requirement": ""}, content_type="application/json").status_code == 422
    assert list(LedgerItem.objects.get(pk=item.pk).events.values_list("action", flat=True)) == ["record", "edit"]
    gone = LedgerItem.objects.get(pk=record(w, description="误登记").json()["id"])
    assert w["outsider"].delete(f"/api/v1/ledger/items/{gone.pk}").status_code == 403
    assert w["office"].delete(f"/api/v1/ledger/items/{gone.pk}").status_code == 204
    assert not LedgerItem.objects.filter(pk=gone.pk).exists()
    # the UI does not offer "issue" on its own, and the API explains why it cannot be run alone
    r = w["office"].post(f"{url}/transitions/issue", {}, content_type="application/json")
    assert r.status_code == 422 and "督导意见书" in r.json()["message"]
    assert "issue" not in w["office"].get(url).json()["available"]
    assert letter(w).status_code == 200
    # after the letter: binding, no longer editable or deletable, and no new problems on the task
    assert w["office"].patch(url, {"description": "x"}, content_type="application/json").status_code == 422
    assert w["office"].delete(url).status_code == 422
    assert record(w, client=w["office"]).status_code == 422


def test_draft_pages_edit_and_delete(world, client):
    w = world
    item = LedgerItem.objects.get(pk=record(w).json()["id"])
    client.force_login(w["inspectors"][1].user)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "待下达" in page and f"/ledger/{item.pk}/edit/" in page
    r = client.post(f"/ledger/{item.pk}/edit/", {"description": "页面改后", "category": "management",
                                                 "severity": "minor", "requirement": "公示", "deadline": due(10),
                                                 "routing": "small"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.description == "页面改后" and item.deadline == TODAY + datetime.timedelta(days=10)
    target_page = client.get(f"/inspections/targets/{w['target'].pk}/").content.decode()
    assert "页面改后" in target_page
    assert client.post(f"/ledger/{item.pk}/delete/").status_code == 302
    assert not LedgerItem.objects.filter(pk=item.pk).exists()
