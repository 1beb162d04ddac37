"""From the database to the plain-data problem and back (issue 19 item 1).

``build_problem(plan)`` reads a plan's region: its semester calendar (school days minus holidays,
exam weeks), its schools (the posted 责任督学, zone, size, location, blocked dates, the D2 burden cap
``burden.max_external_per_semester``, exemptions), its inspectors (available days minus blocked
dates, part-time days a month, recusal), and the required work: regular visits (the legal floor
``visits.min_per_semester`` as required jobs, the monthly target ``visits.target_per_month`` as
targets), due tenure-end supervisions, due 综合督导 (the cycle ``cycle.school_comprehensive_years``),
and the planned supervision tasks with targets in the semester (专项, 综合, 回头看 samples …, team of
``inspection.min_team_size`` with a leader). The previous published plan and the locked visits come
along. ``apply_plan(plan, problem, result)`` writes the solver's plan back as ``PlanVisit`` rows in one
transaction (locked visits stay)."""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections import defaultdict

from django.db import transaction
from django.db.models import Q

from dudao.inspections.choices import TaskKind, TaskStatus
from dudao.inspections.models import SupervisionExemption, SupervisionTask, TaskTarget
from dudao.inspectors.choices import InspectorKind, InspectorStatus
from dudao.inspectors.models import DeclaredConflict, EmploymentRecord, Inspector, Posting
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit
from dudao.regionsettings.services import get_setting
from dudao.schools.models import PrincipalTenure, SchoolProfile
from dudao.schools.selectors import enrolment_totals

from . import problem as p
from .choices import DayKind
from .models import InspectorBlock, InspectorCalendar, Plan, PlanVisit, SchoolBlock

#: Supervision tasks the plan places on days, by the planner's job kind.
TASK_KINDS = {TaskKind.SPECIAL: p.SPECIAL, TaskKind.COMPREHENSIVE: p.COMPREHENSIVE, TaskKind.EVALUATION: p.SPECIAL,
              TaskKind.PRINCIPAL_TENURE: p.TENURE_END, TaskKind.FOLLOW_UP: p.REVISIT, TaskKind.URGENT: p.SPECIAL}
#: Tasks still to be done on site.
PLANNABLE_STATUSES = (TaskStatus.DRAFT, TaskStatus.NOTIFIED, TaskStatus.SELF_EVALUATION, TaskStatus.ON_SITE)


def _dates(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def calendar_of(semester) -> p.Calendar:
    holidays, exams = set(), set()
    for row in semester.days.all():
        (holidays if row.kind == DayKind.HOLIDAY else exams).update(_dates(row.start, row.end))
    days = tuple(d for d in _dates(semester.start, semester.end) if d.weekday() < 5 and d not in holidays)
    return p.Calendar(days=days, exam_days=frozenset(d for d in days if d in exams))


def _months(days) -> list[tuple[int, int]]:
    return sorted({(d.year, d.month) for d in days})


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def region_schools(region):
    return (Unit.objects.filter(kind__in=SCHOOL_KINDS, region_path__startswith=region.path, is_active=True)
            .order_by("region_path", "name", "id"))


def _recusals(inspector_ids, school_ids, on: datetime.date, region) -> dict[int, set[int]]:
    """The recusal rules of ``inspectors.recusal.recusal_check`` in four queries for the whole region."""
    out: dict[int, set[int]] = defaultdict(set)
    schools = set(school_ids)
    for pk, employer in Inspector.objects.filter(pk__in=inspector_ids).values_list("pk", "employer_id"):
        if employer in schools:
            out[pk].add(employer)
    years = int(get_setting(region, "recusal.former_employer_years"))
    since = on - datetime.timedelta(days=365 * years)
    for pk, unit in EmploymentRecord.objects.filter(inspector_id__in=inspector_ids, unit_id__in=schools).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=since)).values_list("inspector_id", "unit_id"):
        out[pk].add(unit)
    principals = defaultdict(set)
    for school, name in PrincipalTenure.objects.filter(school_id__in=schools, actual_end_date__isnull=True) \
            .values_list("school_id", "name"):
        principals[name].add(school)
    for pk, unit, relative in DeclaredConflict.objects.filter(inspector_id__in=inspector_ids) \
            .values_list("inspector_id", "unit_id", "relative_name"):
        if unit in schools:
            out[pk].add(unit)
        if relative:
            out[pk].update(principals.get(relative, ()))
    return out


def build_problem(plan: Plan) -> p.PlanProblem:
    semester, region = plan.semester, plan.region
    cal = calendar_of(semester)
    day_set = set(cal.days)
    months = _months(cal.days)
    units = list(region_schools(region))
    ids = [u.pk for u in units]
    profiles = {sp.unit_id: sp for sp in SchoolProfile.objects.filter(unit_id__in=ids)}
    sizes = enrolment_totals(ids)
    posted: dict[int, list[int]] = defaultdict(list)
    for school, insp in Posting.objects.filter(school_id__in=ids).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=semester.start)).order_by("start_date", "id") \
            .values_list("school_id", "inspector_id"):
        if insp not in posted[school]:
            posted[school].append(insp)
    blocked = defaultdict(set)
    for row in SchoolBlock.objects.filter(school_id__in=ids, end__gte=semester.start, start__lte=semester.end):
        blocked[row.school_id].update(_dates(row.start, row.end))
    exempt = set(SupervisionExemption.objects.filter(unit_id__in=ids, valid_from__lte=semester.end,
                                                     valid_to__gte=semester.start, task_kinds=[])
                 .values_list("unit_id", flat=True))
    cap = int(get_setting(region, "burden.max_external_per_semester"))

    def location(pk):
        sp = profiles.get(pk)
        return (float(sp.longitude), float(sp.latitude)) if sp and sp.latitude is not None else None

    schools = [p.School(id=u.pk, name=u.name, zone=getattr(profiles.get(u.pk), "zone_id", None),
                        posted=tuple(posted.get(u.pk, ())), size=sizes.get(u.pk, 0), location=location(u.pk),
                        blocked=frozenset(blocked[u.pk]), visit_cap=cap, exempt=u.pk in exempt) for u in units]

    # Inspectors: the office's active corps and anyone posted to the region's schools.
    posted_ids = {i for v in posted.values() for i in v}
    corps = list(Inspector.objects.filter(Q(office=plan.office, status=InspectorStatus.ACTIVE) | Q(pk__in=posted_ids))
                 .order_by("name", "id"))
    corps_ids = [i.pk for i in corps]
    blocks = defaultdict(set)
    for row in InspectorBlock.objects.filter(inspector_id__in=corps_ids, end__gte=semester.start,
                                             start__lte=semester.end):
        blocks[row.inspector_id].update(_dates(row.start, row.end))
    month_limit = dict(InspectorCalendar.objects.filter(inspector_id__in=corps_ids, days_per_month__isnull=False)
                       .values_list("inspector_id", "days_per_month"))
    recused = _recusals(corps_ids, ids, semester.start, region)
    zone_of = {}
    for s in schools:
        for i in s.posted:
            zone_of.setdefault(i, s.zone)
    inspectors = []
    for insp in corps:
        gone = insp.status != InspectorStatus.ACTIVE and insp.exited_on
        available = {d for d in day_set if d not in blocks[insp.pk] and not (gone and d >= insp.exited_on)}
        if plan.leaving_id == insp.pk:
            available = {d for d in available if plan.leaving_from is None or d < plan.leaving_from}
        inspectors.append(p.Inspector(
            id=insp.pk, name=insp.name, available=frozenset(available),
            month_days={m: month_limit[insp.pk] for m in months} if insp.pk in month_limit else {},
            zone=zone_of.get(insp.pk), skills=frozenset(insp.expertise or []),
            can_lead=insp.kind == InspectorKind.FULL_TIME or insp.expert_pool,
            recused=frozenset(recused.get(insp.pk, ()))))
    able = {i.id for i in inspectors if i.available}

    jobs: list[p.Job] = []
    floor = int(get_setting(region, "visits.min_per_semester"))
    per_month = int(get_setting(region, "visits.target_per_month"))
    team = int(get_setting(region, "inspection.min_team_size"))
    for s in schools:
        mine = tuple(i for i in s.posted if i in able and i != plan.leaving_id)
        if not s.posted:
            continue
        # A school whose 责任督学 is gone (left, or leaving): any inspector of the corps stands in.
        who = mine if mine else ()
        slots = [(y, m) for (y, m) in months for _ in range(per_month)]
        count = max(floor, len(slots))
        # The floor's visits spread over the semester (not crowded into its short first month).
        floors = {int((k + 0.5) * count / floor) for k in range(floor)} if floor else set()
        for n in range(count):
            month = slots[n * len(slots) // count] if slots else None
            jobs.append(p.Job(id=f"regular:{s.id}:{n}", kind=p.REGULAR, school=s.id, required=n in floors,
                              month=month, inspectors=who))
    # Planned supervision tasks with targets in the region and the semester (or undated).
    task_schools: dict[str, set[int]] = defaultdict(set)
    targets = (TaskTarget.objects.filter(unit_id__in=ids, task__kind__in=list(TASK_KINDS),
                                         task__status__in=PLANNABLE_STATUSES)
               .filter(Q(task__start_date__isnull=True) | Q(task__start_date__lte=semester.end))
               .filter(Q(task__end_date__isnull=True) | Q(task__end_date__gte=semester.start))
               .select_related("task").order_by("task_id", "id"))
    for target in targets:
        task: SupervisionTask = target.task
        kind = TASK_KINDS[task.kind]
        task_schools[kind].add(target.unit_id)
        members = tuple(task.team.values_list("inspector_id", flat=True)) if kind != p.REGULAR else ()
        jobs.append(p.Job(id=f"task:{target.pk}", kind=kind, school=target.unit_id, team_size=team, needs_leader=True,
                          earliest=max(task.start_date, semester.start) if task.start_date else None,
                          latest=min(task.end_date, semester.end) if task.end_date else None,
                          urgent=task.kind == TaskKind.URGENT, unannounced=task.is_covert,
                          inspectors=members if len(members) >= team else ()))
    # Due tenure-end supervisions without a task yet (C5).
    months_ahead = int(get_setting(region, "principal.tenure_warning_months"))
    horizon = semester.end + datetime.timedelta(days=31 * months_ahead)
    for tenure in PrincipalTenure.objects.filter(school_id__in=ids, actual_end_date__isnull=True,
                                                 tenure_end_supervised_on__isnull=True,
                                                 planned_end_date__lte=horizon).order_by("planned_end_date", "id"):
        if tenure.school_id in task_schools[p.TENURE_END]:
            continue
        # Due within the semester: required; due within the warning months after it: placed if it can be.
        within = tenure.planned_end_date <= semester.end
        latest = tenure.planned_end_date if within and tenure.planned_end_date >= semester.start else None
        jobs.append(p.Job(id=f"tenure:{tenure.pk}", kind=p.TENURE_END, school=tenure.school_id, team_size=team,
                          needs_leader=True, latest=latest, required=within))
    # Due 综合督导 (条例 Art. 14): due within the semester; of the never-supervised, one cycle's share.
    years = int(get_setting(region, "cycle.school_comprehensive_years"))
    last = dict(TaskTarget.objects.filter(unit_id__in=ids, task__kind__in=(TaskKind.COMPREHENSIVE,
                                                                            TaskKind.PRINCIPAL_TENURE),
                                          task__start_date__isnull=False).exclude(task__status=TaskStatus.DRAFT)
                .order_by("unit_id", "task__start_date").values_list("unit_id", "task__start_date"))
    taken = task_schools[p.COMPREHENSIVE] | {j.school for j in jobs if j.kind == p.TENURE_END}
    never = [s.id for s in schools if s.id not in last and s.id not in taken and not s.exempt]
    share = math.ceil(len(schools) / (2 * years)) if schools else 0
    due = [pk for pk, day in last.items() if _add_years(day, years) <= semester.end and pk not in taken]
    for pk in due + never[:max(0, share - len(due))]:
        jobs.append(p.Job(id=f"comprehensive:{pk}", kind=p.COMPREHENSIVE, school=pk, team_size=team,
                          needs_leader=True))

    previous = []
    if plan.previous_id:
        previous = assignments_of(plan.previous)
    locked = [a for a in assignments_of(plan) if a.locked]
    if plan.leaving_id and plan.previous_id:
        # Re-planning when an inspector leaves: everything not theirs (and everything before they
        # leave) stays where it was.
        keep = [a for a in previous if plan.leaving_id not in a.inspectors
                or (plan.leaving_from and a.day < plan.leaving_from)]
        done = {a.job for a in locked}
        locked += [p.Assignment(a.job, a.day, a.inspectors, a.leader, True) for a in keep if a.job not in done]
    if plan.leaving_id and plan.leaving_from:
        # What moves goes on or after the day the inspector leaves (never into the past).
        fixed = {a.job for a in locked}
        jobs = [j if j.id in fixed else dataclasses.replace(j, earliest=max(j.earliest or plan.leaving_from,
                                                                             plan.leaving_from))
                for j in jobs]
    job_ids = {j.id for j in jobs}
    return p.PlanProblem(calendar=cal, schools=schools, inspectors=inspectors, jobs=jobs,
                         previous=[a for a in previous if a.job in job_ids],
                         locked=[a for a in locked if a.job in job_ids])


def assignments_of(plan: Plan) -> list[p.Assignment]:
    members = defaultdict(list)
    for visit_id, insp in PlanVisit.inspectors.through.objects.filter(planvisit__plan=plan) \
            .values_list("planvisit_id", "inspector_id"):
        members[visit_id].append(insp)
    return [p.Assignment(v.job_key, v.date, tuple(sorted(members[v.pk])), v.leader_id, v.locked)
            for v in PlanVisit.objects.filter(plan=plan).order_by("date", "id")]


@transaction.atomic
def apply_plan(plan: Plan, problem: p.PlanProblem, result: p.Plan) -> int:
    """Write ``result`` as the plan's visits (one transaction): the unlocked visits are replaced, the
    locked ones stay. Returns the number of visits written."""
    jobs = {j.id: j for j in problem.jobs}
    kept = set(PlanVisit.objects.filter(plan=plan, locked=True).values_list("job_key", flat=True))
    PlanVisit.objects.filter(plan=plan, locked=False).delete()
    targets = {t.pk: t for t in TaskTarget.objects.filter(
        pk__in=[int(j.split(":")[1]) for j in jobs if j.startswith("task:")])}
    through = PlanVisit.inspectors.through
    rows, members = [], []
    for a in result.assignments:
        job = jobs.get(a.job)
        if job is None or a.job in kept:
            continue
        target = targets.get(int(a.job.split(":")[1])) if a.job.startswith("task:") else None
        rows.append(PlanVisit(plan=plan, job_key=a.job, school_id=job.school, date=a.day, kind=job.kind,
                              leader_id=a.leader, unannounced=job.unannounced, required=job.required,
                              task_id=target.task_id if target else None, target=target))
        members.append(a.inspectors)
    created = PlanVisit.objects.bulk_create(rows)
    through.objects.bulk_create([through(planvisit_id=v.pk, inspector_id=i)
                                 for v, team in zip(created, members, strict=True) for i in team])
    return len(created)
