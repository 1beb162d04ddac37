"""Two offices decide one complaint at the same moment (accept and dismiss): exactly one decision."""

import datetime

import pytest

from dudao.complaints import services as intake
from dudao.complaints.models import Complaint, ComplaintTriage
from dudao.ledger.models import LedgerItem
from dudao.testing.concurrency import needs_row_locks, race
from dudao.testing.ledger_factories import ledger_world

pytestmark = needs_row_locks


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_and_dismiss_exactly_one_wins(tree):
    world = ledger_world(tree)
    unit = world["unit"]
    c = Complaint.objects.create(school=unit, region_path=unit.region_path, kind="problem", content="周六补课")
    calls = [
        lambda: intake.complaint_accept(actor=world["admin"], complaint=Complaint.objects.get(pk=c.pk),
                                        category="management", requirement="停止补课",
                                        deadline=datetime.date.today() + datetime.timedelta(days=9)),
        lambda: intake.complaint_dismiss(actor=world["parent"], complaint=Complaint.objects.get(pk=c.pk),
                                         reason="不属实"),
    ]
    assert race(*calls) == ["ok", "refused"]
    assert ComplaintTriage.objects.filter(complaint=c).count() == 1
    assert LedgerItem.objects.count() == (1 if ComplaintTriage.objects.get().decision == "accepted" else 0)
