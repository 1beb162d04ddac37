"""The inspector's yearly appraisal shows visits done and reports filed from this module (F5)."""

import datetime

import pytest
from django.utils import timezone

from dudao.inspections.choices import TaskStatus
from dudao.inspections.models import TaskEvent
from dudao.inspections.services.visits import visit_record
from dudao.inspectors.services import appraisal_facts
from dudao.testing.inspections_factories import post, setting, special_task

pytestmark = pytest.mark.django_db


def test_visits_and_reports_are_counted_for_the_year(tree):
    world = setting(tree)
    insp, school = world["inspectors"][0], world["schools"][0]
    post(insp, school, start=datetime.date(2024, 9, 1))
    year = timezone.localdate().year
    for day in (datetime.date(year, 3, 10), datetime.date(year, 1, 5), datetime.date(year - 1, 11, 2)):
        visit_record(actor=None, school=school, visited_on=day, duration_minutes=90, methods=["lesson"])
    task = special_task(world)
    TaskEvent.objects.create(task=task, action="report", from_status=TaskStatus.OPINION_LETTER,
                             to_status=TaskStatus.REPORT)
    facts = appraisal_facts(insp, year)
    assert facts["visits_done"] == 2 and facts["reports_filed"] == 1
    assert appraisal_facts(insp, year - 1)["visits_done"] == 1
    outsider = world["inspectors"][2]
    assert appraisal_facts(outsider, year)["visits_done"] == 0
