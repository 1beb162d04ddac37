"""The planner's reads shared by the pages and the API: a plan's visits by week and zone, an
inspector's calendar, a school's upcoming visits (never the 暗访), progress against the plan."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from dudao.common.scoping import user_has_perm
from dudao.inspections.models import RegularVisit
from dudao.inspectors.models import Inspector

from .choices import PlanStatus, VisitKind
from .models import PlanVisit


def visits_of(plan, *, zone_id: int | None = None, inspector_id: int | None = None):
    qs = (PlanVisit.objects.filter(plan=plan)
          .select_related("school", "school__school_profile__zone", "leader", "task")
          .prefetch_related(Prefetch("inspectors", queryset=Inspector.objects.order_by("name", "id")))
          .order_by("date", "school__name", "id"))
    if zone_id:
        qs = qs.filter(school__school_profile__zone_id=zone_id)
    if inspector_id:
        qs = qs.filter(inspectors=inspector_id)
    return qs


def zone_of(visit):
    profile = getattr(visit.school, "school_profile", None)
    return profile.zone if profile is not None else None


@dataclass
class Week:
    monday: datetime.date
    zones: list  # [(zone or None, [visits])]

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)

    @property
    def count(self) -> int:
        return sum(len(v) for _z, v in self.zones)


def by_week(visits) -> list[Week]:
    weeks: dict = defaultdict(lambda: defaultdict(list))
    for v in visits:
        monday = v.date - datetime.timedelta(days=v.date.weekday())
        weeks[monday][zone_of(v)].append(v)
    out = []
    for monday in sorted(weeks):
        zones = sorted(weeks[monday].items(), key=lambda kv: (kv[0] is None, kv[0].name if kv[0] else ""))
        out.append(Week(monday, zones))
    return out


def by_zone(visits) -> list[tuple]:
    zones = defaultdict(list)
    for v in visits:
        zones[zone_of(v)].append(v)
    return sorted(zones.items(), key=lambda kv: (kv[0] is None, kv[0].name if kv[0] else ""))


def published_visits():
    return PlanVisit.objects.filter(plan__status=PlanStatus.PUBLISHED)


def inspectors_of(user):
    return Inspector.objects.filter(user=user) if user.is_authenticated else Inspector.objects.none()


def inspector_visits(inspector, since: datetime.date):
    return (published_visits().filter(inspectors=inspector, date__gte=since)
            .select_related("school", "leader", "plan").prefetch_related("inspectors").order_by("date", "id"))


def my_schedule(user, today: datetime.date) -> dict:
    """The user's own visits (as an inspector) this week and upcoming, from the published plans."""
    monday = today - datetime.timedelta(days=today.weekday())
    next_monday = monday + datetime.timedelta(days=7)
    visits = list(published_visits().filter(inspectors__in=inspectors_of(user), date__gte=monday).distinct()
                  .select_related("school", "leader", "plan").prefetch_related("inspectors").order_by("date", "id"))
    return {"monday": monday, "sunday": next_monday - datetime.timedelta(days=1),
            "this_week": [v for v in visits if v.date < next_monday],
            "upcoming": [v for v in visits if v.date >= next_monday][:30]}


def visible_visits(user, action: str = "view"):
    """The planned visits ``user`` may read: a school (without the plan's right) never sees a 暗访
    nor a visit of a plan not yet published."""
    qs = PlanVisit.objects.for_user(user, action)
    if not user_has_perm(user, "planner.view_plan"):
        qs = qs.filter(unannounced=False, plan__status=PlanStatus.PUBLISHED)
    return qs


def school_upcoming(school, today: datetime.date, limit: int = 10):
    """A school's upcoming announced visits of the published plans (the school's home)."""
    return list(published_visits().filter(school=school, unannounced=False, date__gte=today)
                .select_related("leader").prefetch_related("inspectors").order_by("date", "id")[:limit])


@dataclass
class ProgressRow:
    school: object
    planned_total: int
    planned_due: int
    done: int

    @property
    def behind(self) -> int:
        return max(0, self.planned_due - self.done)


def progress(plan, today: datetime.date) -> list[ProgressRow]:
    """Regular visits planned (in all, and up to ``today``) against those recorded
    (``inspections.RegularVisit``) in the semester, per school; behind first."""
    semester = plan.semester
    regular = PlanVisit.objects.filter(plan=plan, kind=VisitKind.REGULAR)
    rows = {r["school"]: r for r in regular.values("school").annotate(
        total=Count("id"), due=Count("id", filter=Q(date__lte=today)))}
    done = dict(RegularVisit.objects.filter(school_id__in=list(rows), visited_on__range=(semester.start, min(
        today, semester.end))).values("school").annotate(n=Count("id")).values_list("school", "n"))
    from dudao.orgs.models import Unit

    units = Unit.objects.in_bulk(list(rows))
    out = [ProgressRow(units[pk], r["total"], r["due"], done.get(pk, 0)) for pk, r in rows.items()]
    out.sort(key=lambda r: (-r.behind, r.school.name))
    return out
