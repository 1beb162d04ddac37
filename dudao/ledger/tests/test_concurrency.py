"""Two users act on one ledger item at the same moment: the row lock makes exactly one transition
happen and one event be written; the other sees the new state and is refused (E11)."""

import datetime

import pytest

from dudao.ledger import workflows
from dudao.ledger.choices import LedgerStatus
from dudao.ledger.models import LedgerEvent, LedgerItem
from dudao.testing.concurrency import needs_row_locks, race
from dudao.testing.ledger_factories import TODAY, advance, item, ledger_world

pytestmark = needs_row_locks


@pytest.mark.django_db(transaction=True)
def test_concurrent_close_and_return_exactly_one_wins(tree):
    world = ledger_world(tree)
    it = advance(world, item(world), LedgerStatus.RECHECKING)
    results = race(
        lambda: workflows.item_close(actor=None, item=LedgerItem.objects.get(pk=it.pk), conclusion="到位"),
        lambda: workflows.item_return(actor=None, item=LedgerItem.objects.get(pk=it.pk), conclusion="未到位",
                                      deadline=TODAY + datetime.timedelta(days=9), today=TODAY),
    )
    assert results == ["ok", "refused"]
    assert LedgerEvent.objects.filter(item=it, action__in=["close", "return"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_plan_submissions_exactly_one_wins(tree):
    world = ledger_world(tree)
    it = item(world)
    results = race(*[
        (lambda: workflows.item_submit_plan(actor=None, item=LedgerItem.objects.get(pk=it.pk), plan="方案"))
        for _ in range(2)])
    assert results == ["ok", "refused"]
    assert LedgerEvent.objects.filter(item=it, action="submit_plan").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_and_return_plan_exactly_one_wins(tree):
    world = ledger_world(tree)
    it = advance(world, item(world), LedgerStatus.PLAN_SUBMITTED)
    results = race(
        lambda: workflows.item_accept_plan(actor=None, item=LedgerItem.objects.get(pk=it.pk)),
        lambda: workflows.item_return_plan(actor=None, item=LedgerItem.objects.get(pk=it.pk), reason="不具体"),
    )
    assert results == ["ok", "refused"]
    assert LedgerEvent.objects.filter(item=it, action__in=["accept_plan", "return_plan"]).count() == 1
