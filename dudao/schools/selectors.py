"""Reads for schools: current enrolment totals, principals due a tenure-end supervision, and what the
school pages show of the inspector corps (registered by the inspectors app)."""

import datetime

from django.db.models import CharField, Max, Sum, Value

from dudao.regionsettings.services import get_setting

from .choices import ManagementAuthority
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


def authority_of(region) -> str:
    """The 管理权限 whose schools ``region``'s office supervises at tenure end: a county office its county
    schools, an office above the county (city, or a province-level municipality) the schools it runs."""
    from dudao.regions.choices import RegionLevel

    return ManagementAuthority.COUNTY if region.level >= RegionLevel.COUNTY else ManagementAuthority.CITY


def principals_due(qs, *, region, on_date: datetime.date, months: int | None = None, authority: str | None = None):
    """Serving principals whose term ends within ``months`` (a region setting, default 6) and who
    have not had their tenure-end comprehensive supervision yet (C5). ``qs`` is already scoped;
    ``authority`` keeps the schools of that 管理权限 only (``authority_of(region)``: the office's own)."""
    if months is None:
        months = get_setting(region, "principal.tenure_warning_months")
    horizon = add_months(on_date, int(months))
    qs = qs.filter(actual_end_date__isnull=True, tenure_end_supervised_on__isnull=True,
                   planned_end_date__lte=horizon, school__region_path__startswith=region.path)
    if authority:
        qs = qs.filter(school__school_profile__authority=authority)
    return qs.select_related("school", "school__school_profile").order_by("planned_end_date")


_corps: dict = {}


def register_corps(*, current_inspector, postings, contacts=None) -> None:
    """Called by the inspectors app, which owns postings and sits above this one, from
    ``InspectorsConfig.ready`` (schools never imports it): ``current_inspector()`` is an expression for
    the name of the inspector posted to a school now, annotated on ``SchoolProfile`` rows (the school is
    ``unit_id``); ``postings(user, school)`` is the school's postings the user may see;
    ``contacts(user, school)`` its 视导员 (fixed contacts, C10) the user may see."""
    _corps.update(current_inspector=current_inspector, postings=postings, contacts=contacts)


def current_inspector_name():
    """The name of the school's responsible inspector now (责任督学), for ``.annotate``; none without the
    inspectors app."""
    source = _corps.get("current_inspector")
    return source() if source else Value(None, output_field=CharField())


def school_contacts(user, school):
    """The school's 视导员 (fixed contacts, C10), as far as ``user`` may see them."""
    source = _corps.get("contacts")
    return source(user, school) if source else []


def school_postings(user, school):
    """The inspectors posted to ``school`` over time, as far as ``user`` may see them."""
    source = _corps.get("postings")
    return source(user, school) if source else []
