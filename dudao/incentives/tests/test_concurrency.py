"""Two offices publish one case, or end one exemption, at the same moment: the row lock lets exactly
one through and writes one event; the other sees the new state and is refused."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from dudao.incentives import services, workflows
from dudao.incentives.models import GoodPracticeCase, GoodPracticeEvent
from dudao.inspections.models import SupervisionExemption
from dudao.testing.incentives_factories import green_result, incentives_world

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks (PostgreSQL)")


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_exactly_one_wins(tree):
    world = incentives_world(tree)
    case = services.case_create(actor=None, source_target=green_result(world["office"], world["unit"]),
                                title="经验", summary="摘要")
    results = _race(*[(lambda: workflows.case_publish(actor=None, case=GoodPracticeCase.objects.get(pk=case.pk)))
                      for _ in range(2)])
    assert results == ["ok", "refused"]
    assert GoodPracticeEvent.objects.filter(case=case, action="publish").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_early_ends_exactly_one_wins(tree):
    world = incentives_world(tree)
    today = timezone.localdate()
    ex = services.exemption_grant(actor=None, unit=world["unit"], valid_from=today - datetime.timedelta(days=3),
                                  valid_to=today + datetime.timedelta(days=30), reason="理由",
                                  basis_target=green_result(world["office"], world["unit"]))
    results = _race(*[(lambda d=d: services.exemption_end(actor=None, exemption=SupervisionExemption.objects.get(
        pk=ex.pk), reason="结束", last_day=today + datetime.timedelta(days=d))) for d in (0, 0)])
    assert results == ["ok", "refused"]
    assert SupervisionExemption.objects.get(pk=ex.pk).valid_to == today
