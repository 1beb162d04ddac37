"""Reads on incentives shared by pages, the API and the public portal (E6)."""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone

from dudao.inspections.choices import REPORTED_STATUSES, Colour

from .choices import ExemptionState, GoodPracticeStatus
from .models import GoodPracticeCase

BASIS_MONTHS = "incentives.exemption_basis_months"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def basis_since(unit, today: datetime.date) -> datetime.date:
    """The earliest date a commendation or green result may have to ground an exemption of ``unit``."""
    from dudao.regionsettings.services import get_setting

    return months_before(today, int(get_setting(unit.region, BASIS_MONTHS)))


def green_results(user):
    """Green results (E10) of reported supervision tasks the user sees — the source of
    good-practice cases and a basis of commendations and exemptions."""
    return supervision_results(user)


def result_on():
    """``result_date`` as an expression (a queryset of targets may filter and group by it)."""
    from django.db.models import DateField
    from django.db.models.functions import Coalesce, TruncDate

    return Coalesce("task__end_date", "task__start_date", TruncDate("task__created_at"), output_field=DateField())


def supervision_results(user, *, colour: str = Colour.GREEN, region=None, result_from=None, result_to=None):
    """Results (E10) of reported supervision tasks (report formed, published or archived) the user
    sees, of one ``colour``; ``region``: the target unit lies in it or below; ``result_from`` /
    ``result_to``: the result date (``result_date``) within them. The list page, its API twin and
    the dashboards' three-colour figures read this one function."""
    from dudao.inspections.models import TaskTarget

    qs = TaskTarget.objects.for_user(user, "view").filter(colour=colour, task__status__in=REPORTED_STATUSES)
    if region is not None:
        qs = qs.filter(unit__region_path__startswith=region.path)
    if result_from or result_to:
        qs = qs.alias(result_on=result_on())
        if result_from:
            qs = qs.filter(result_on__gte=result_from)
        if result_to:
            qs = qs.filter(result_on__lte=result_to)
    return qs.select_related("task", "unit").order_by("-task__start_date", "-task_id", "unit__name", "id")


def is_green_result(target) -> bool:
    return target.colour == Colour.GREEN and target.task.status in REPORTED_STATUSES


def result_date(target) -> datetime.date:
    """When a result was reached: the task's on-site end, else its start, else its creation."""
    task = target.task
    return task.end_date or task.start_date or timezone.localdate(task.created_at)


def published_cases():
    """Published cases the office marked for the public portal (for the portal module)."""
    return (GoodPracticeCase.objects.filter(status=GoodPracticeStatus.PUBLISHED, publishable=True)
            .select_related("unit").order_by("-published_at", "-id"))


def exemption_state(exemption, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if exemption.valid_from > today:
        return ExemptionState.UPCOMING
    if exemption.valid_to < today:
        return ExemptionState.EXPIRED
    return ExemptionState.CURRENT


def exemption_record(exemption):
    """The incentives record of an exemption (None for exemptions made elsewhere)."""
    from dudao.inspections.models import SupervisionExemption

    try:
        return exemption.incentive
    except SupervisionExemption.incentive.RelatedObjectDoesNotExist:
        return None


def exemptions_in_state(queryset, state: str, today: datetime.date | None = None):
    today = today or timezone.localdate()
    if state == ExemptionState.UPCOMING:
        return queryset.filter(valid_from__gt=today)
    if state == ExemptionState.EXPIRED:
        return queryset.filter(valid_to__lt=today)
    if state == ExemptionState.CURRENT:
        return queryset.filter(valid_from__lte=today, valid_to__gte=today)
    return queryset
