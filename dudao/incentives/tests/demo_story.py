"""The demo (E6): a commendation and a published portal case from the demo task's green result, and
an exemption grounded on the commendation that the task service then enforces; idempotent."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dudao.incentives import demo, selectors
from dudao.incentives.models import Commendation, GoodPracticeCase
from dudao.inspections import services as inspections
from dudao.inspections.models import SupervisionExemption, SupervisionTask


def check_demo_incentives_and_idempotence():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    commendation = Commendation.objects.get(title=demo.COMMENDATION_TITLE)
    assert commendation.basis_target.colour == "green" and commendation.basis_target.task.title == demo.TASK_TITLE
    case = GoodPracticeCase.objects.get(title=demo.CASE_TITLE)
    assert case.status == "published" and list(selectors.published_cases()) == [case]
    exemption = SupervisionExemption.objects.get(incentive__commendation=commendation)
    assert exemption.unit == commendation.unit and selectors.exemption_state(exemption) == "current"
    task = SupervisionTask.objects.get(title=demo.TASK_TITLE)
    comprehensive = inspections.task_create(actor=None, office=task.office, kind="comprehensive", title="演示综合督导")
    with pytest.raises(ValidationError, match="免除督导至"):
        inspections.task_target_add(actor=None, task=comprehensive, unit=exemption.unit)
    counts = (Commendation.objects.count(), GoodPracticeCase.objects.count(), SupervisionExemption.objects.count())
    demo.load({}, io.StringIO())
    assert (Commendation.objects.count(), GoodPracticeCase.objects.count(),
            SupervisionExemption.objects.count()) == counts
