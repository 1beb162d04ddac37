"""Reads shared by the pages and the API."""

from django.db.models import Count, Q
from django.utils import timezone

from .choices import MeasureStatus
from .models import Measure, Plan


def plans(user, *, kind=None, year=None):
    qs = (
        Plan.objects.for_user(user, "view")
        .select_related("office")
        .annotate(n_measures=Count("measures"))
        .order_by("region_path", "-year", "id")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs


def measures(user, *, plan_id=None, status=None, overdue=None, unit_id=None, today=None):
    today = today or timezone.localdate()
    qs = Measure.objects.for_user(user, "view").select_related("lead_unit", "plan").prefetch_related("units")
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if status:
        qs = qs.filter(status=status)
    late = Q(status=MeasureStatus.IN_PROGRESS, deadline__lt=today)
    if overdue is True:
        qs = qs.filter(late)
    elif overdue is False:
        qs = qs.exclude(late)
    if unit_id:
        qs = qs.filter(
            Q(lead_unit_id=unit_id)
            | Q(pk__in=Measure.units.through.objects.filter(unit_id=unit_id).values("measure_id"))
        )
    return qs
