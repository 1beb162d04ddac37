"""Two offices decide one complaint at the same moment (accept and dismiss): exactly one decision."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from dudao.inspectors.models import Complaint
from dudao.ledger import intake
from dudao.ledger.models import ComplaintTriage, LedgerItem
from dudao.testing.ledger_factories import ledger_world

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_and_dismiss_exactly_one_wins(tree):
    world = ledger_world(tree)
    unit = world["unit"]
    c = Complaint.objects.create(school=unit, region_path=unit.region_path, kind="problem", content="周六补课")
    barrier, results = threading.Barrier(2), []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    calls = [
        lambda: intake.complaint_accept(actor=world["admin"], complaint=Complaint.objects.get(pk=c.pk),
                                        category="management", requirement="停止补课",
                                        deadline=datetime.date.today() + datetime.timedelta(days=9)),
        lambda: intake.complaint_dismiss(actor=world["parent"], complaint=Complaint.objects.get(pk=c.pk),
                                         reason="不属实"),
    ]
    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert ComplaintTriage.objects.filter(complaint=c).count() == 1
    assert LedgerItem.objects.count() == (1 if ComplaintTriage.objects.get().decision == "accepted" else 0)
