"""Two offices publish one case, or end one exemption, at the same moment: the row lock lets exactly
one through and writes one event; the other sees the new state and is refused."""

import datetime

import pytest
from django.utils import timezone

from dudao.incentives import services, workflows
from dudao.incentives.models import GoodPracticeCase, GoodPracticeEvent
from dudao.inspections.models import SupervisionExemption
from dudao.testing.concurrency import needs_row_locks, race
from dudao.testing.incentives_factories import green_result, incentives_world

pytestmark = needs_row_locks


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_exactly_one_wins(tree):
    world = incentives_world(tree)
    case = services.case_create(actor=None, source_target=green_result(world["office"], world["unit"]),
                                title="经验", summary="摘要")
    results = race(*[(lambda: workflows.case_publish(actor=None, case=GoodPracticeCase.objects.get(pk=case.pk)))
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
    results = race(*[(lambda d=d: services.exemption_end(actor=None, exemption=SupervisionExemption.objects.get(
        pk=ex.pk), reason="结束", last_day=today + datetime.timedelta(days=d))) for d in (0, 0)])
    assert results == ["ok", "refused"]
    assert SupervisionExemption.objects.get(pk=ex.pk).valid_to == today
