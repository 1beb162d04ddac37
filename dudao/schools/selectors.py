"""Reads for schools: current enrolment totals and principals due a tenure-end supervision."""

import datetime

from django.db.models import Max, Sum

from dudao.regionsettings.services import get_setting

from .models import Enrolment


def add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    import calendar

    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def enrolment_totals(unit_ids) -> dict[int, int]:
    """Total students of each school in its latest recorded school year (two queries, no loop)."""
    latest = dict(
        Enrolment.objects.filter(school_id__in=unit_ids).values("school_id")
        .annotate(y=Max("school_year")).values_list("school_id", "y")
    )
    if not latest:
        return {}
    rows = (Enrolment.objects.filter(school_id__in=list(latest), school_year__in=set(latest.values()))
            .values("school_id", "school_year").annotate(total=Sum("students")))
    return {r["school_id"]: r["total"] for r in rows if latest[r["school_id"]] == r["school_year"]}


def enrolment_total(unit) -> int:
    return enrolment_totals([unit.pk]).get(unit.pk, 0)


def principals_due(qs, *, region, on_date: datetime.date, months: int | None = None):
    """Serving principals whose term ends within ``months`` (a region setting, default 6) and who
    have not had their tenure-end comprehensive supervision yet (C5). ``qs`` is already scoped."""
    if months is None:
        months = get_setting(region, "principal.tenure_warning_months")
    horizon = add_months(on_date, int(months))
    return (qs.filter(actual_end_date__isnull=True, tenure_end_supervised_on__isnull=True,
                      planned_end_date__lte=horizon, school__region_path__startswith=region.path)
            .select_related("school").order_by("planned_end_date"))
