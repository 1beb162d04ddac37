"""The demo (issue 6 "done when"): one finding of the demo task goes notice → overdue → 督办 →
reported → re-check → closed, another to 约谈 and 问责 — each step in its history; idempotent. A
third has a case left just opened, which the demo logins carry to the decision through the pages."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dudao.accounts.models import User
from dudao.ledger import demo
from dudao.ledger.models import AccountabilityCase, Interview, LedgerEvent, LedgerItem
from dudao.orgs.models import CommitteeMember

pytestmark = pytest.mark.django_db


def test_demo_stories_and_idempotence():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    first, second = LedgerItem.objects.filter(finding__task__title=demo.TASK_TITLE).order_by("finding_id")[:2]
    assert list(first.events.values_list("action", flat=True)) == [
        "issue", "submit_plan", "accept_plan", "overdue_supervision", "supervision_issued", "report",
        "begin_recheck", "close"]
    assert first.status == "closed" and first.recheck_method == "unannounced"
    assert list(second.events.values_list("action", flat=True)) == [
        "issue", "overdue_supervision", "supervision_issued", "escalate", "interview"]
    case = AccountabilityCase.objects.get(ledger_items=second)
    assert case.status == "decided" and case.measures == ["public_criticism"]
    counts = (LedgerItem.objects.count(), LedgerEvent.objects.count(), AccountabilityCase.objects.count())
    demo.load({}, io.StringIO())
    assert (LedgerItem.objects.count(), LedgerEvent.objects.count(), AccountabilityCase.objects.count()) == counts


def _login(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_demo_open_case_can_be_carried_to_the_decision_in_the_browser():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    case = AccountabilityCase.objects.get(title=demo.OPEN_CASE_TITLE)
    item = case.ledger_items.get()
    assert case.status == "opened" and case.task is not None and item.finding.task == case.task
    today = timezone.localdate().isoformat()
    # the read-only leader sees the case but no forms; the 南岸区 office does every step
    assert 'name="form"' not in _login("nanan_leader").get(case.get_absolute_url()).content.decode()
    office = _login("nanan_office")
    assert "发起问责" in office.get(item.get_absolute_url()).content.decode()
    r = office.post("/ledger/interviews/new/", {
        "unit": case.unit_id, "held_on": today, "participants": "区政府教育督导室主任", "leaders_present": "校长",
        "content": "开学专项督导发现的问题整改不力，约谈学校主要负责人。", "filed_with": "区教委",
        "ledger_items": [item.pk], "case": case.pk})
    assert r.status_code == 302 and Interview.objects.filter(case=case).exists()
    deputy = CommitteeMember.objects.get(committee__region__code="500108", committee__kind="committee", name="李明")
    for data in [{"form": "form_group", "form_group-group_members": "区教育督导室、区教委基础教育科"},
                 {"form": "notify", "notify-facts": "经督导和约谈仍未整改到位。"},
                 {"form": "hear", "hear-statement": "学校承认事实。"},
                 {"form": "approve", "approve-approver": deputy.pk, "approve-measures": ["public_criticism"]},
                 {"form": "decide", "decide-basis": "《教育督导问责办法》", "decide-effective_date": today}]:
        assert office.post(case.get_absolute_url(), data).status_code == 302, data["form"]
    case.refresh_from_db()
    assert case.status == "decided" and case.approved_by == deputy
    assert "interview" in item.events.values_list("action", flat=True)

