"""Reads: semesters, burden overview (D2), visit compliance (C1), unit history (E10)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dudao.regionsettings.services import get_setting

from .choices import ACTIVE_STATUSES, FilingStatus, TaskKind
from .models import RegularVisit, SupervisionExemption, SupervisionTask, TaskTarget


@dataclass(frozen=True)
class Semester:
    """A school semester: autumn 1 Sep – end of Feb, spring 1 Mar – 31 Aug."""

    start: datetime.date
    end: datetime.date
    label: str

    def months_elapsed(self, on: datetime.date) -> int:
        """Whole or started months of the semester up to ``on`` (at least 1)."""
        on = min(max(on, self.start), self.end)
        return (on.year - self.start.year) * 12 + on.month - self.start.month + 1

    @property
    def months(self) -> int:
        return self.months_elapsed(self.end)


def semester_for(day: datetime.date) -> Semester:
    if day.month >= 9:
        end = datetime.date(day.year + 1, 3, 1) - datetime.timedelta(days=1)
        return Semester(datetime.date(day.year, 9, 1), end, f"{day.year}—{day.year + 1}学年第一学期")
    if day.month <= 2:
        end = datetime.date(day.year, 3, 1) - datetime.timedelta(days=1)
        return Semester(datetime.date(day.year - 1, 9, 1), end, f"{day.year - 1}—{day.year}学年第一学期")
    return Semester(datetime.date(day.year, 3, 1), datetime.date(day.year, 8, 31),
                    f"{day.year - 1}—{day.year}学年第二学期")


def current_exemption(unit, kind: str, on: datetime.date) -> SupervisionExemption | None:
    for ex in SupervisionExemption.objects.filter(unit=unit, valid_from__lte=on, valid_to__gte=on):
        if (not ex.task_kinds and kind != TaskKind.REGULAR) or kind in ex.task_kinds:
            return ex
    return None


def external_task_count(unit, semester: Semester, *, exclude_task=None) -> int:
    """Tasks (other than the unit's own responsible inspector's regular visits) that had or have
    planned the unit this semester — the number the D2 cap limits."""
    qs = TaskTarget.objects.filter(unit=unit, task__status__in=ACTIVE_STATUSES).exclude(task__kind=TaskKind.REGULAR)
    qs = qs.filter(Q(task__start_date__isnull=True) | Q(task__start_date__range=(semester.start, semester.end)))
    if exclude_task is not None:
        qs = qs.exclude(task=exclude_task)
    return qs.count()


@dataclass
class BurdenRow:
    unit: object
    tasks: list = field(default_factory=list)
    visits: int = 0
    cap: int = 0
    exemption: SupervisionExemption | None = None

    @property
    def over_cap(self) -> bool:
        return len(self.tasks) + 1 > self.cap


def burden_overview(task: SupervisionTask) -> list[BurdenRow]:
    """For each target: the other tasks it had or has planned this semester, its regular visits,
    the cap and any current exemption (D2)."""
    day = task.start_date or datetime.date.today()
    sem = semester_for(day)
    targets = list(task.targets.select_related("unit__region"))
    units = [t.unit for t in targets]
    others = (TaskTarget.objects.filter(unit__in=units, task__status__in=ACTIVE_STATUSES)
              .exclude(task=task).exclude(task__kind=TaskKind.REGULAR)
              .filter(Q(task__start_date__isnull=True) | Q(task__start_date__range=(sem.start, sem.end)))
              .select_related("task"))
    by_unit: dict[int, list] = {}
    for row in others:
        by_unit.setdefault(row.unit_id, []).append(row.task)
    visits = dict(RegularVisit.objects.filter(school__in=units, visited_on__range=(sem.start, sem.end))
                  .values("school").annotate(n=Count("id")).values_list("school", "n"))
    rows = []
    for unit in units:
        rows.append(BurdenRow(unit, by_unit.get(unit.pk, []), visits.get(unit.pk, 0),
                              int(get_setting(unit.region, "burden.max_external_per_semester")),
                              current_exemption(unit, task.kind, day)))
    return rows


def merge_suggestions(task: SupervisionTask) -> list[SupervisionTask]:
    """Other not-yet-on-site tasks sharing a target this semester: candidates to merge with (D2)."""
    sem = semester_for(task.start_date or datetime.date.today())
    units = task.targets.values("unit_id")
    return list(SupervisionTask.objects.filter(targets__unit_id__in=units, status__in=("draft", "notified"))
                .exclude(pk=task.pk).exclude(kind=TaskKind.REGULAR)
                .filter(Q(start_date__isnull=True) | Q(start_date__range=(sem.start, sem.end))).distinct())


@dataclass
class ComplianceRow:
    posting: object
    visits: int
    floor: int
    target: int

    @property
    def below_floor(self) -> bool:
        return self.visits < self.floor

    @property
    def behind_target(self) -> bool:
        return self.visits < self.target


def visit_compliance(postings, on: datetime.date, *, state: str = "") -> tuple[Semester, list[ComplianceRow]]:
    """For each posting of ``postings``: visits by that school's responsible inspector this semester
    (up to ``on``) against the legal floor (≥ 2 per semester) and the target (per month × months so
    far; at least the floor once the semester is over). ``state`` keeps one ``COMPLIANCE_STATES``
    kind. One query (``compliance_annotate``), whatever the number of postings."""
    sem = semester_for(on)
    qs = compliance_annotate(postings, on)
    if state:
        qs = qs.filter(COMPLIANCE_STATES[state][1])
    rows = [ComplianceRow(p, p.sem_visits, p.visit_floor, p.visit_target)
            for p in qs.select_related("school__region", "inspector")]
    return sem, rows


# ---- compliance in bulk: the dashboards' grouped figures and the compliance page's filters ----------

VISIT_KEYS = ("visits.min_per_semester", "visits.target_per_month")

#: The compliance filters: key → (label, condition on a ``compliance_annotate``d posting).
COMPLIANCE_STATES = {
    "below_floor": (_("低于学期底线"), Q(sem_visits__lt=F("visit_floor"))),
    "behind_target": (_("落后于月度目标"), Q(sem_visits__lt=F("visit_target"))),
    "on_track": (_("达标"), Q(sem_visits__gte=F("visit_floor")) & Q(sem_visits__gte=F("visit_target"))),
}


def visit_rules(root_path: str | None) -> tuple[tuple[int, int], list[tuple[str, int, int]]]:
    """The effective (floor, target per month) at ``root_path`` (None: the national default) and
    the overrides below it, deepest first: ``[(path, floor, per_month)]``. One query: the region
    settings of the two keys on the root's ancestors and in its subtree."""
    from dudao.regionsettings.models import RegionSetting
    from dudao.regionsettings.registry import SPECS

    where = Q(key__in=VISIT_KEYS)
    if root_path:
        parts = [p for p in root_path.split("/") if p]
        ancestors = ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
        where &= Q(region_path__in=ancestors) | Q(region_path__startswith=root_path)
    values: dict[str, dict] = {}
    for path, key, value in RegionSetting.objects.filter(where).values_list("region_path", "key", "value"):
        values.setdefault(path, {})[key] = SPECS[key].within_law(SPECS[key].kind(value))

    def effective(path: str) -> tuple[int, int]:
        out = {k: SPECS[k].default for k in VISIT_KEYS}
        for p in sorted(values, key=len):  # root first, deeper rows overwrite
            if path.startswith(p):
                out.update(values[p])
        return int(out[VISIT_KEYS[0]]), int(out[VISIT_KEYS[1]])

    base = effective(root_path or "")
    below = [(p, *effective(p)) for p in sorted(values, key=len, reverse=True)
             if root_path and p.startswith(root_path) and p != root_path or not root_path]
    return base, below


def _rule_annotations(on: datetime.date, root_path: str | None, rules) -> dict:
    """``visit_floor`` and ``visit_target`` of a posting on ``on``: the region settings of the
    school's region as SQL ``CASE`` over the posting's path (no query per region or posting)."""
    from django.db.models import Case as CaseExpr
    from django.db.models import IntegerField, Value, When

    sem = semester_for(on)
    months = sem.months_elapsed(on)
    over = on >= sem.end
    (floor, per_month), overrides = rules or visit_rules(root_path)

    def target(f, m):
        return max(f if over else 0, m * months)

    def case(pick, default):
        whens = [When(region_path__startswith=path, then=Value(pick(f, m))) for path, f, m in overrides]
        value = Value(default, output_field=IntegerField())
        return CaseExpr(*whens, default=value, output_field=IntegerField()) if whens else value

    return {"visit_floor": case(lambda f, m: f, floor), "visit_target": case(target, target(floor, per_month))}


def compliance_annotate(postings, on: datetime.date, *, root_path: str | None = None, rules=None):
    """``postings`` annotated with ``sem_visits`` (visits of the pair school × inspector in the
    semester of ``on``, up to ``on``: a correlated count on the ``visit_pair_date`` index),
    ``visit_floor`` and ``visit_target`` (``_rule_annotations``) — the compliance page's rows.
    ``root_path`` bounds the settings read (the region the postings lie in; None: all); ``rules``
    is ``visit_rules(root_path)`` when the caller has it already."""
    from django.db.models import IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    sem = semester_for(on)
    visits = (RegularVisit.objects.filter(school=OuterRef("school"), inspector=OuterRef("inspector"),
                                          visited_on__range=(sem.start, on))
              .order_by().values("school").annotate(c=Count("pk")).values("c")[:1])
    return postings.annotate(sem_visits=Coalesce(Subquery(visits, output_field=IntegerField()), Value(0)),
                             **_rule_annotations(on, root_path, rules))


def compliance_counts(postings, on: datetime.date, dim: str, *, root_path: str | None = None,
                      rules=None) -> dict:
    """``{group: {"postings", "below_floor", "behind_target", "on_track"}}`` of ``postings`` grouped by
    ``dim`` (a ``values()`` path: "region_path", "inspector", "school__school_profile__zone"), the
    same states as ``compliance_annotate`` — in one statement: the postings (with their rules) LEFT
    JOIN the semester's visits grouped by pair, bounded by ``root_path`` and the dates (index
    ``visit_path_date``: region path, date, school, inspector — an index-only scan), grouped by
    ``dim``. No per-posting subquery: the visits are read once, by range."""
    from django.db import connections

    sem = semester_for(on)
    posts = postings.order_by().annotate(dim_value=F(dim), **_rule_annotations(on, root_path, rules)).values(
        "dim_value", "school_id", "inspector_id", "visit_floor", "visit_target")
    visits = RegularVisit.objects.filter(visited_on__range=(sem.start, on))
    if root_path:
        visits = visits.filter(region_path__startswith=root_path)
    pairs = visits.order_by().values("school_id", "inspector_id").annotate(n=Count("*"))  # (index-only)
    p_sql, p_params = posts.query.sql_with_params()
    v_sql, v_params = pairs.query.sql_with_params()
    n = "COALESCE(v.n, 0)"
    states = {"below_floor": f"{n} < p.visit_floor", "behind_target": f"{n} < p.visit_target",
              "on_track": f"{n} >= p.visit_floor AND {n} >= p.visit_target"}
    sums = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for cond in states.values())
    sql = (f"SELECT p.dim_value, COUNT(*), {sums} FROM ({p_sql}) p LEFT JOIN ({v_sql}) v "
           f"ON v.school_id = p.school_id AND v.inspector_id = p.inspector_id GROUP BY p.dim_value")
    with connections[posts.db].cursor() as cursor:
        cursor.execute(sql, (*p_params, *v_params))
        rows = cursor.fetchall()
    return {row[0]: dict(zip(("postings", *states), (int(v or 0) for v in row[1:]), strict=True)) for row in rows}


def filter_postings(qs, *, region=None, zone_id: int | None = None, inspector_id: int | None = None):
    """The compliance page's filters: the schools in ``region`` (a Region, and below) or in the
    zone (督学责任区), the postings of one inspector."""
    if region is not None:
        qs = qs.filter(region_path__startswith=region.path)
    if zone_id:
        qs = qs.filter(school__school_profile__zone_id=zone_id)
    if inspector_id:
        qs = qs.filter(inspector_id=inspector_id)
    return qs


def filter_visits(qs, *, region=None, zone_id: int | None = None, inspector_id: int | None = None,
                  school_id: int | None = None, visited_from: datetime.date | None = None,
                  visited_to: datetime.date | None = None):
    """The visit list's filters (page and ``GET /inspections/visits``): region (and below), zone,
    inspector, school, visit dates (inclusive)."""
    qs = filter_postings(qs, region=region, zone_id=zone_id, inspector_id=inspector_id)
    if school_id:
        qs = qs.filter(school_id=school_id)
    if visited_from:
        qs = qs.filter(visited_on__gte=visited_from)
    if visited_to:
        qs = qs.filter(visited_on__lte=visited_to)
    return qs


def unit_history(unit, user):
    """Results of a unit over time (E10), as far as the user may see the tasks."""
    return (TaskTarget.objects.filter(unit=unit, task__in=SupervisionTask.objects.for_user(user, "view"))
            .exclude(scored_at__isnull=True, evaluation="").select_related("task", "result_version")
            .order_by("-task__start_date", "-id"))


def self_evaluation_package(task: SupervisionTask):
    """B3: every target's (member unit's) self-evaluation and evidence, in one package."""
    return task.targets.select_related("unit").prefetch_related("files", "scores").order_by("id")


def task_events(task, user) -> list:
    """The task's history as ``user`` may read it: the steps about a target (its answer, the review
    of its self-evaluation) only for users who may see that target — a unit never reads another's."""
    from .models import TaskTarget

    visible = set(TaskTarget.objects.for_user(user, "view").filter(task=task).values_list("pk", flat=True))
    return [e for e in task.events.select_related("actor")
            if "target_id" not in (e.data or {}) or e.data["target_id"] in visible]


def task_files(task, user) -> list:
    """The task's files (attachments) ``user`` may see, oldest first: a target unit sees the task-wide
    files and its own target's, never another unit's. Each carries ``task_id``, ``target`` (or None),
    ``target_id``, ``kind`` (the purpose) and ``kind_label``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from dudao.attachments.models import Attachment

    from .choices import FileKind
    from .models import SupervisionTask, TaskTarget

    if not SupervisionTask.objects.for_user(user, "view").filter(pk=task.pk).exists():
        return []
    targets = {t.pk: t for t in TaskTarget.objects.for_user(user, "view").filter(task=task).select_related("unit")}
    ct_task = ContentType.objects.get_for_model(SupervisionTask)
    ct_target = ContentType.objects.get_for_model(TaskTarget)
    rows = list(Attachment.objects.filter(
        Q(content_type=ct_task, object_id=task.pk) | Q(content_type=ct_target, object_id__in=list(targets)),
        purpose__in=FileKind.values).select_related("uploaded_by").order_by("created_at", "id"))
    for a in rows:
        describe_task_file(a, task, targets.get(a.object_id) if a.content_type_id == ct_target.pk else None)
    return rows


def describe_task_file(att, task, target=None):
    """Set the task file's ``task_id``, ``target``, ``target_id``, ``kind`` and ``kind_label``."""
    from .choices import FileKind

    att.task_id, att.target = task.pk, target
    att.target_id = target.pk if target is not None else None
    att.kind = att.purpose
    att.kind_label = dict(FileKind.choices).get(att.purpose, att.purpose)
    return att


def task_files_of_target(target) -> list:
    """The files of one target (the caller has checked the user may view it), oldest first."""
    from .choices import FileKind

    rows = list(target.files.filter(purpose__in=FileKind.values).order_by("created_at", "id"))
    return [describe_task_file(a, target.task, target) for a in rows]


def filings(user, status: str = FilingStatus.FILED):
    """Reports of the offices one level down filed with ``user``'s office (条例 Art. 23 备案), newest first."""
    from dudao.common.scoping import regions_in_scope

    parents = regions_in_scope(user, "inspections.acknowledge_supervisiontask")
    return (SupervisionTask.objects.for_user(user, "view").filter(region__parent__in=parents, filing_status=status)
            .select_related("region", "office").order_by("-filed_at", "-id"))


# ---- 条例 Art. 14 cycles: who is due for a 综合督导 or a 督政 -------------------------------------------
#: The cycle each list follows: the unit kinds it covers, the task kinds that count, the setting.
CYCLES = {
    "school": {"unit_kinds": ("school", "kindergarten"),
               "task_kinds": (TaskKind.COMPREHENSIVE, TaskKind.PRINCIPAL_TENURE),
               "setting": "cycle.school_comprehensive_years"},
    "government": {"unit_kinds": ("county_government", "township_government"),
                   "task_kinds": (TaskKind.GOVERNMENT, TaskKind.COMPREHENSIVE, TaskKind.SPECIAL),
                   "setting": "cycle.government_years"},
}


@dataclass
class CycleRow:
    unit: object
    last_date: datetime.date | None
    last_task_id: int | None
    years: int
    due_on: datetime.date | None  # None: never supervised, due now

    def overdue(self, today) -> bool:
        return self.due_on is None or self.due_on < today


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def cycle_due(user, cycle: str, today: datetime.date, within_days: int | None = 365) -> list[CycleRow]:
    """条例 Art. 14: each school's 综合督导 every 3–5 years (``cycle="school"``) and each lower government's
    专项/综合督导 at least once in 5 years (``"government"``), per the region's setting. The units in
    ``user``'s scope whose next one falls due within ``within_days`` (``None``: all), never-supervised and
    overdue first. Planning reads this list."""
    from django.db.models import OuterRef, Subquery

    from dudao.orgs.models import Unit

    spec = CYCLES[cycle]
    counted = TaskTarget.objects.filter(unit=OuterRef("pk"), task__kind__in=spec["task_kinds"],
                                        task__start_date__isnull=False).exclude(task__status="draft") \
        .order_by("-task__start_date", "-task_id")
    units = (Unit.objects.for_user(user, "view").filter(kind__in=spec["unit_kinds"], is_active=True)
             .select_related("region")
             .annotate(last_date=Subquery(counted.values("task__start_date")[:1]),
                       last_task=Subquery(counted.values("task_id")[:1])))
    years_by_region: dict[int, int] = {}
    rows = []
    for unit in units:
        if unit.region_id not in years_by_region:
            years_by_region[unit.region_id] = int(get_setting(unit.region, spec["setting"]))
        years = years_by_region[unit.region_id]
        due_on = _add_years(unit.last_date, years) if unit.last_date else None
        if within_days is not None and due_on is not None and due_on > today + datetime.timedelta(days=within_days):
            continue
        rows.append(CycleRow(unit, unit.last_date, unit.last_task, years, due_on))
    rows.sort(key=lambda r: (r.due_on is not None, r.due_on or today, r.unit.name))
    return rows


def tasks_waiting_for_office(user, today: datetime.date):
    """The tasks whose next step is the office's (the office's morning, issue 13): drafts to notify,
    self-evaluations submitted and not reviewed, preliminary opinions whose objection window is not
    open, objection windows that have closed, opinion letters without a report, reports to publish.
    The on-site work between is the team's. Scoped by ``for_user(user, "change")``, oldest first."""
    from .choices import TaskStatus as S

    reviewable = TaskTarget.objects.filter(task=OuterRef("pk"), self_submitted_at__isnull=False,
                                           self_reviewed_at__isnull=True)
    waiting = (Q(status__in=(S.DRAFT, S.PRELIMINARY_OPINION, S.OPINION_LETTER, S.REPORT))
               | Q(status=S.SELF_EVALUATION) & Exists(reviewable)
               | Q(status=S.OBJECTION_WINDOW, objection_deadline__lt=today))
    return (SupervisionTask.objects.for_user(user, "change").filter(waiting)
            .select_related("region").order_by("updated_at", "pk"))


def task_started():
    """When a task starts, as an expression: its on-site start date, else the day it was created."""
    from django.db.models import DateField
    from django.db.models.functions import Coalesce, TruncDate

    return Coalesce("start_date", TruncDate("created_at"), output_field=DateField())


def tasks_started_between(qs, started_from=None, started_to=None):
    """Tasks of ``qs`` whose start (``task_started``) lies within the dates given (both included)."""
    if not (started_from or started_to):
        return qs
    qs = qs.alias(started_on=task_started())
    if started_from:
        qs = qs.filter(started_on__gte=started_from)
    if started_to:
        qs = qs.filter(started_on__lte=started_to)
    return qs
