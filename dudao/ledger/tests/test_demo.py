"""The demo (issue 6 "done when"): one finding of the demo task goes notice → overdue → 督办 →
reported → re-check → closed, another to 约谈 and 问责 — each step in its history; idempotent."""

import io

import pytest
from django.core.management import call_command

from dudao.ledger import demo
from dudao.ledger.models import AccountabilityCase, LedgerEvent, LedgerItem

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
