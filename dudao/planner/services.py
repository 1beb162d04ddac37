"""The planner's writes (issue 19): semesters and their holidays/exam weeks, blocked dates, plans —
create, generate (solve and write back), move or lock a visit, publish, re-plan when an inspector
leaves. Each one transaction, scope checked."""

from __future__ import annotations

import datetime
import importlib.util

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.regionsettings.services import get_setting

from . import build
from . import problem as p
from .choices import DayKind, PlanStatus, VisitKind
from .models import InspectorBlock, InspectorCalendar, Plan, PlanVisit, SchoolBlock, Semester, SemesterDay
from .workflows import WORKFLOW

#: The solver's time limit for the pages and the API (seconds); the engine reports its gap.
DEFAULT_TIME_LIMIT = 10.0


def _check_region(actor, perm, region):
    if actor is not None and not region_in_scope(actor, perm, region):
        raise PermissionDenied(_("所选区域不在您的管理范围内"))


def _check_row(actor, model, action, obj):
    if actor is not None and not model.objects.for_user(actor, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("无权办理该事项"))


# ---- semesters and blocked dates -------------------------------------------------------------
@transaction.atomic
def semester_create(*, actor, office, name: str, start: datetime.date, end: datetime.date,
                    days=()) -> Semester:
    """A semester with its holidays and exam weeks: ``days`` is ``[(kind, name, start, end)]``."""
    _check_region(actor, "planner.add_semester", office.region)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写学期名称")})
    if end <= start:
        raise ValidationError({"end": _("结束日期应晚于开学日期")})
    if Semester.objects.filter(office=office, name=name).exists():
        raise ValidationError({"name": _("该学期已存在")})
    semester = Semester.objects.create(region=office.region, region_path=office.region_path, office=office, name=name,
                                       start=start, end=end)
    for kind, label, first, last in days:
        semester_day_add(actor=None, semester=semester, kind=kind, name=label, start=first, end=last)
    return semester


@transaction.atomic
def semester_day_add(*, actor, semester: Semester, kind: str, name: str, start, end) -> SemesterDay:
    _check_row(actor, Semester, "change", semester)
    if kind not in DayKind.values:
        raise ValidationError({"kind": _("未知的类别")})
    if end < start:
        raise ValidationError({"end": _("截止日期不能早于起始日期")})
    if start < semester.start or end > semester.end:
        raise ValidationError({"start": _("日期应在学期之内（%(a)s至%(b)s）") % {"a": semester.start, "b": semester.end}})
    return SemesterDay.objects.create(semester=semester, kind=kind, name=(name or "").strip() or kind, start=start,
                                      end=end)


@transaction.atomic
def inspector_block_add(*, actor, inspector, start, end, reason: str, note: str = "") -> InspectorBlock:
    if actor is not None:
        from dudao.inspectors.models import Inspector

        if not Inspector.objects.for_user(actor, "change").filter(pk=inspector.pk).exists():
            raise PermissionDenied(_("无权办理该事项"))
    if end < start:
        raise ValidationError({"end": _("截止日期不能早于起始日期")})
    block = InspectorBlock(inspector=inspector, start=start, end=end, reason=reason, note=note)
    block.full_clean()
    block.save()
    return block


@transaction.atomic
def inspector_days_set(*, actor, inspector, days_per_month: int | None) -> InspectorCalendar:
    if actor is not None:
        from dudao.inspectors.models import Inspector

        if not Inspector.objects.for_user(actor, "change").filter(pk=inspector.pk).exists():
            raise PermissionDenied(_("无权办理该事项"))
    cal = calendar_for(inspector)
    cal.days_per_month = days_per_month
    cal.save(update_fields=["days_per_month"])
    return cal


def calendar_for(inspector) -> InspectorCalendar:
    cal, _created = InspectorCalendar.objects.get_or_create(inspector=inspector)
    return cal


@transaction.atomic
def school_block_add(*, actor, school, start, end, reason: str) -> SchoolBlock:
    if actor is not None:
        from dudao.orgs.models import Unit

        if not Unit.objects.for_user(actor, "view").filter(pk=school.pk).exists() or not region_in_scope(
                actor, "planner.add_schoolblock", school.region):
            raise PermissionDenied(_("无权办理该事项"))
    if end < start:
        raise ValidationError({"end": _("截止日期不能早于起始日期")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写原因")})
    return SchoolBlock.objects.create(school=school, start=start, end=end, reason=reason.strip())


# ---- plans -----------------------------------------------------------------------------------
def published_plan(semester) -> Plan | None:
    return Plan.objects.filter(semester=semester, status=PlanStatus.PUBLISHED).first()


@transaction.atomic
def plan_create(*, actor, semester: Semester, title: str = "") -> Plan:
    _check_region(actor, "planner.add_plan", semester.region)
    office = semester.office
    plan = Plan.objects.create(region=office.region, region_path=office.region_path, office=office, semester=semester,
                               title=(title or "").strip() or _("%(s)s督导计划") % {"s": semester.name},
                               previous=published_plan(semester), created_by=actor)
    WORKFLOW.log(plan, "create", actor=actor)
    return plan


def _draft(plan):
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError({"status": _("只有草稿计划可以修改")})


def plan_generate(*, actor, plan: Plan, time_limit: float = DEFAULT_TIME_LIMIT) -> Plan:
    """Build the problem, solve it within ``time_limit`` seconds and write the visits (the locked
    ones stay). The solver's status, gap and time and, when the floors cannot all be met, the
    collisions in words are kept on the plan."""
    from .engine import solve

    WORKFLOW.check(actor, plan, "change")
    _draft(plan)
    problem = build.build_problem(plan)
    result = solve(problem, time_limit=time_limit, workers=2)
    with transaction.atomic():
        plan = WORKFLOW.lock(plan)
        _draft(plan)
        written = build.apply_plan(plan, problem, result)
        plan.solve_status, plan.solver = result.status, result.solver or ""
        plan.gap, plan.seconds = result.gap, round(result.seconds, 3)
        plan.conflicts = [c.message for c in result.conflicts]
        plan.unplaced = list(result.unplaced)
        plan.solved_at = timezone.now()
        plan.save(update_fields=["solve_status", "solver", "gap", "seconds", "conflicts", "unplaced", "solved_at",
                                 "updated_at"])
        WORKFLOW.log(plan, "generate", actor=actor, data={"status": result.status, "visits": written,
                                                           "seconds": plan.seconds})
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: Plan, note: str = "") -> Plan:
    """Publish the draft; the semester's plan published before it is superseded (same transaction)."""
    WORKFLOW.check(actor, plan, "change")
    for old in Plan.objects.filter(semester=plan.semester, status=PlanStatus.PUBLISHED).exclude(pk=plan.pk):
        WORKFLOW.apply(actor=None, obj=old, name="supersede", note=_("被“%(t)s”替代") % {"t": plan.title})
    return WORKFLOW.apply(actor=actor, obj=plan, name="publish", note=note)


def plan_replan(*, actor, plan: Plan, inspector, from_date: datetime.date | None = None,
                time_limit: float = DEFAULT_TIME_LIMIT) -> Plan:
    """An inspector leaves: a new draft of the published ``plan`` in which only their visits from
    ``from_date`` on move (everything else is kept as it was)."""
    WORKFLOW.check(actor, plan, "change")
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError({"status": _("只能对已发布的计划重新安排")})
    from_date = from_date or timezone.localdate()
    if not PlanVisit.objects.filter(plan=plan, inspectors=inspector).exists():
        raise ValidationError({"inspector": _("该督学在本计划中没有督导安排")})
    with transaction.atomic():
        new = plan_create(actor=actor, semester=plan.semester,
                          title=_("%(t)s（%(n)s离开后调整）") % {"t": plan.title, "n": inspector.name})
        new.previous, new.leaving, new.leaving_from = plan, inspector, from_date
        new.save(update_fields=["previous", "leaving", "leaving_from", "updated_at"])
        WORKFLOW.log(new, "replan", actor=actor, data={"inspector": inspector.pk, "from": from_date.isoformat()})
    return plan_generate(actor=actor, plan=new, time_limit=time_limit)


# ---- reviewing visits ------------------------------------------------------------------------
def _range_hit(rows, day):
    return next((r for r in rows if r.start <= day <= r.end), None)


def move_problems(visit: PlanVisit, day: datetime.date) -> list[str]:
    """Why ``visit`` cannot go on ``day`` (the hard rules; empty: it can), in the user's language."""
    plan, semester = visit.plan, visit.plan.semester
    out = []
    cal = build.calendar_of(semester)
    if not semester.start <= day <= semester.end:
        return [_("%(d)s不在本学期（%(a)s至%(b)s）内") % {"d": day, "a": semester.start, "b": semester.end}]
    if day not in cal.days:
        hit = _range_hit(list(semester.days.filter(kind=DayKind.HOLIDAY)), day)
        return [_("%(d)s是%(h)s，不是工作日") % {"d": day, "h": hit.name if hit else _("周末")}]
    if day in cal.exam_days and not (visit.task_id and visit.task.kind == "urgent"):
        hit = _range_hit(list(semester.days.filter(kind=DayKind.EXAM)), day)
        out.append(_("%(d)s是%(h)s，除紧急督导外不安排到校") % {"d": day, "h": hit.name if hit else _("考试周")})
    block = _range_hit(list(SchoolBlock.objects.filter(school=visit.school)), day)
    if block:
        out.append(_("%(s)s在%(d)s不宜安排督导：%(r)s") % {"s": visit.school.name, "d": day, "r": block.reason})
    if visit.target_id and visit.task_id:
        task = visit.task
        if (task.start_date and day < task.start_date) or (task.end_date and day > task.end_date):
            out.append(_("超出督导任务的实地督导时间（%(a)s至%(b)s）") % {"a": task.start_date or "—",
                                                                 "b": task.end_date or "—"})
    others = PlanVisit.objects.filter(plan=plan, date=day).exclude(pk=visit.pk)
    for insp in visit.inspectors.all():
        block = _range_hit(list(InspectorBlock.objects.filter(inspector=insp)), day)
        if block:
            out.append(_("%(n)s在%(d)s不能安排（%(r)s）") % {"n": insp.name, "d": day, "r": block.get_reason_display()})
        clash = others.filter(inspectors=insp).exclude(school=visit.school).select_related("school").first()
        if clash:
            out.append(_("%(n)s在%(d)s已安排到%(s)s") % {"n": insp.name, "d": day, "s": clash.school.name})
        limit = InspectorCalendar.objects.filter(inspector=insp).values_list("days_per_month", flat=True).first()
        if limit:
            used = set(PlanVisit.objects.filter(plan=plan, inspectors=insp, date__year=day.year, date__month=day.month)
                       .exclude(pk=visit.pk).values_list("date", flat=True))
            if day not in used and len(used) >= limit:
                out.append(_("%(n)s每月最多安排%(k)s天，%(m)s月已满") % {"n": insp.name, "k": limit, "m": day.month})
    if visit.kind != VisitKind.REGULAR:
        cap = int(get_setting(plan.region, "burden.max_external_per_semester"))
        days = set(PlanVisit.objects.filter(plan=plan, school=visit.school).exclude(kind=VisitKind.REGULAR)
                   .exclude(pk=visit.pk).values_list("date", flat=True))
        if day not in days and len(days) >= cap:
            out.append(_("%(s)s本学期接受督导的天数已达上限%(c)s天（减轻学校负担）") % {"s": visit.school.name, "c": cap})
    return out + _checker_problems(visit, day)


def _checker_problems(visit, day) -> list[str]:
    """The independent checker's new violations after the move, when ``dudao.planner.check`` exists."""
    if importlib.util.find_spec("dudao.planner.check") is None:
        return []
    check = importlib.import_module("dudao.planner.check")
    violations = getattr(check, "violations", None)
    if violations is None:
        return []
    problem = build.build_problem(visit.plan)
    before = build.assignments_of(visit.plan)
    after = [p.Assignment(a.job, day, a.inspectors, a.leader, a.locked) if a.job == visit.job_key else a
             for a in before]

    def messages(assignments):
        found = violations(problem, p.Plan(status=p.FEASIBLE, assignments=assignments))
        return {str(getattr(v, "message", v)) for v in found}

    try:
        return sorted(messages(after) - messages(before))
    except Exception:  # the checker's interface is the engine's; never block a move on a checker bug
        return []


@transaction.atomic
def visit_move(*, actor, visit: PlanVisit, date: datetime.date) -> PlanVisit:
    """Move a draft plan's visit to ``date`` (and lock it there: the reviewer decided)."""
    plan = WORKFLOW.lock(visit.plan)
    WORKFLOW.check(actor, plan, "change")
    _draft(plan)
    visit = PlanVisit.objects.select_related("plan__semester", "school", "task").get(pk=visit.pk)
    problems = move_problems(visit, date)
    if problems:
        raise ValidationError({"date": problems})
    old = visit.date
    visit.date, visit.locked = date, True
    visit.save(update_fields=["date", "locked"])
    WORKFLOW.log(plan, "move", actor=actor, note=f"{visit.school.name} {old} → {date}",
                 data={"visit": visit.pk, "from": old.isoformat(), "to": date.isoformat()})
    return visit


@transaction.atomic
def visit_lock(*, actor, visit: PlanVisit, locked: bool) -> PlanVisit:
    plan = WORKFLOW.lock(visit.plan)
    WORKFLOW.check(actor, plan, "change")
    _draft(plan)
    visit = PlanVisit.objects.select_related("school").get(pk=visit.pk)
    visit.locked = bool(locked)
    visit.save(update_fields=["locked"])
    WORKFLOW.log(plan, "lock" if locked else "unlock", actor=actor, note=f"{visit.school.name} {visit.date}",
                 data={"visit": visit.pk})
    return visit
