"""The statutory procedure of a supervision task (《教育督导条例》 Arts. 13–24) as a state machine:

    draft → notified → [self_evaluation] → on_site → preliminary_opinion → objection_window
          → opinion_letter → report → published → archived

``TRANSITIONS`` is the table: source states, target state, the permission the actor needs in the
task's region, and a guard. Each transition has one service (``task_notify`` …) that locks the
row, checks permission, scope, source state and guard, sets the status and appends a
``TaskEvent`` — all through the kernel (``dudao.common.workflow``). Nothing else assigns ``SupervisionTask.status``. 督政 tasks (B1) use the same
machine: member units' self-check = self_evaluation, re-check = a 回头看 task."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import region_in_scope
from dudao.common.workflow import Transition, Workflow

from .choices import (
    REPORTED_STATUSES,
    TEAM_OF_THREE_KINDS,
    FilingStatus,
    PlanStatus,
    TaskKind,
    TaskStatus,
    TeamRole,
)
from .models import OpinionRecord, SupervisionTask, TaskEvent, WorkPlan, WorkPlanEvent

S = TaskStatus
CHANGE = "inspections.change_supervisiontask"


def _guard_ready(task: SupervisionTask) -> str | None:
    targets = list(task.targets.all())
    if not targets:
        return _("请先确定被督导单位")
    team = list(task.team.all())
    if not any(m.role == TeamRole.LEADER for m in team):
        return _("督导组须指定组长")
    members = [m for m in team if m.role != TeamRole.EXPERT]
    if task.kind in TEAM_OF_THREE_KINDS:
        from dudao.regionsettings.services import get_setting

        size = int(get_setting(task.region, "inspection.min_team_size"))
        if len(members) < size:
            return _("专项督导和综合督导（含督政、督导评估）的督导组不得少于%(n)s名督学（《教育督导条例》第十六条）") % {
                "n": size}
    return None


def _guard_self_evaluation_required(task) -> str | None:
    return None if task.requires_self_evaluation else _("本任务不要求自评")


def _guard_self_evaluation_done(task) -> str | None:
    if not task.requires_self_evaluation:
        return None
    if task.status != S.SELF_EVALUATION:
        return _("本任务要求自评，请先进入自评环节")
    if task.targets.filter(self_reviewed_at__isnull=True).exists():
        return _("还有被督导单位的自评未提交或未审核")
    return None


def _guard_results(task) -> str | None:
    if task.framework_version_id:
        if task.targets.filter(scored_at__isnull=True).exists():
            return _("还有被督导单位未完成评分")
    elif task.targets.filter(evaluation="").exists():
        return _("还有被督导单位未填写督导评价")
    return None


def _guard_window_closed(task) -> str | None:
    today = timezone.localdate()
    if task.objection_deadline and today > task.objection_deadline:
        return None
    if not task.targets.filter(objection_at__isnull=True).exists():
        return None  # every unit has answered (objection or waiver)
    return _("申辩期至%(d)s，尚未届满") % {"d": task.objection_deadline}


#: 条例 Art. 19: the team hears the public and holds 座谈会 with students, parents and teachers. The
#: groups a target's unit kind needs (a kindergarten's children are not interviewed); any other unit
#: (a government, a department) needs at least one record of the public's opinion.
OPINION_GROUPS = {"school": ("students", "parents", "teachers"), "kindergarten": ("parents", "teachers")}


def missing_opinions(task) -> dict[str, list[str]]:
    """{unit name: [missing 座谈 kinds' labels]} for the targets whose Art. 19 座谈 are not recorded
    (only 专项/综合 supervision, the kinds of Art. 16)."""
    from .choices import OpinionKind

    if task.kind not in TEAM_OF_THREE_KINDS:
        return {}
    labels = dict(OpinionKind.choices)
    held: dict[int, set] = {}
    for target_id, kind in OpinionRecord.objects.filter(target__task=task).values_list("target_id", "kind"):
        held.setdefault(target_id, set()).add(kind)
    out = {}
    for target in task.targets.select_related("unit").order_by("id"):
        kinds = held.get(target.pk, set())
        needed = OPINION_GROUPS.get(target.unit.kind)
        if needed is None:
            missing = [] if kinds else [str(_("听取公众意见"))]
        else:
            missing = [str(labels[k]) for k in needed if k not in kinds]
        if missing:
            out[target.unit.name] = missing
    return out


def _guard_opinions(task, step):
    """Art. 19 before the preliminary opinion, or a recorded reason why it could not be held."""
    missing = missing_opinions(task)
    if not missing:
        return None
    reason = str(step.data.get("opinion_override") or "").strip()
    if reason:
        step.event_data.update({"opinion_override": reason, "missing_opinions": missing})
        return None
    where = "；".join(f"{unit}：{'、'.join(kinds)}" for unit, kinds in missing.items())
    return {"opinion_override": _("尚未记录座谈会（《教育督导条例》第十九条）——%(w)s。确实无法召开的，请写明情况说明后再反馈初步意见")
            % {"w": where}}


def _guard_all(*guards):
    def run(task, step):
        for guard in guards:
            problem = guard(task, step)
            if problem:
                return problem
        return None
    return run


def _guard_report(task) -> str | None:
    return None if task.report_summary.strip() else _("请先填写督导报告概述")


def _scope(actor, task, permission) -> bool:
    return region_in_scope(actor, f"inspections.{permission}_supervisiontask", task.region)


def _guard(check):
    return lambda task, step: check(task)


def _without_notice_period(task) -> bool:
    """条例 Art. 17 asks for a written notice *beforehand*; after a major incident (突发事件督导) the team
    goes at once, and a covert visit (暗访) is by nature unannounced."""
    return task.kind == TaskKind.URGENT or task.is_covert


def _guard_notice_period(task, step):
    from dudao.regionsettings.services import get_setting

    if _without_notice_period(task) or task.start_date is None:
        return None
    days = int(get_setting(task.region, "inspection.notice_days_ahead"))
    if task.start_date < step.today + datetime.timedelta(days=days):
        return {"start_date": _("实地督导开始日期须在发出督导通知%(n)s天以后（《教育督导条例》第十七条：事先发出书面督导通知；"
                                "天数为区域参数），最早%(d)s；突发事件督导不受此限")
                % {"n": days, "d": step.today + datetime.timedelta(days=days)}}
    return None


def _notified(task, step):
    from dudao.regionsettings.services import get_setting

    if task.notice_date is None:
        task.notice_date = step.today
    if task.start_date is None:
        days = 0 if _without_notice_period(task) else int(get_setting(task.region, "inspection.notice_days_ahead"))
        task.start_date = step.today + datetime.timedelta(days=days)
    if task.framework_version_id:
        from dudao.frameworks.services import framework_version_mark_used

        framework_version_mark_used(actor=None, version=task.framework_version, object_type="inspections.task",
                                    object_id=task.pk, label=task.title, url=task.get_absolute_url(),
                                    region=task.region)


def _date_override(step, rule: str) -> bool:
    """A date rule may be set aside with a written reason (``date_override``), kept in the history row."""
    reason = str(step.data.get("date_override") or "").strip()
    if reason:
        step.event_data.update({"date_override": reason, "date_rule": rule})
    return bool(reason)


def _guard_start_after_notice(task, step):
    """The on-site start (``start_date``) is not before the 督导通知's date (the day it goes out, 条例
    Art. 17) — also for 突发事件督导 and 暗访, which have no notice period; a visit already made
    (recorded afterwards) needs a written reason."""
    if task.start_date and task.start_date < step.today and not _date_override(step, "on_site_before_notice"):
        return {"date_override": _("实地督导开始日期（%(s)s）早于督导通知日期（%(d)s）；确需如此的，请写明理由（记入办理记录）")
                % {"s": task.start_date, "d": step.today}}
    return None


def _guard_on_site_after_notice(task, step):
    if task.notice_date and step.today < task.notice_date:
        return {"start_date": _("实地督导不能早于督导通知日期（%(d)s）") % {"d": task.notice_date}}
    return None


def objection_deadline_for(task, today) -> datetime.date:
    from dudao.regionsettings.services import get_setting

    return today + datetime.timedelta(days=int(get_setting(task.region, "inspection.objection_days")))


def _guard_objection_after_on_site(task, step):
    """The objection deadline falls after the on-site period (``end_date``): a unit cannot be asked to
    answer before the team has finished; an earlier window needs a written reason."""
    deadline = objection_deadline_for(task, step.today)
    if task.end_date and deadline <= task.end_date and not _date_override(step, "objection_before_on_site_end"):
        return {"date_override": _("申辩截止日期（%(d)s）须在实地督导结束（%(e)s）之后；请在实地督导结束后开始申辩期，"
                                   "或写明理由（记入办理记录）") % {"d": deadline, "e": task.end_date}}
    return None


def _objection_window(task, step):
    task.objection_deadline = objection_deadline_for(task, step.today)


T = Transition
WORKFLOW = Workflow(model=SupervisionTask, history=TaskEvent, subject="task", scope=_scope,
                    denied=gettext_lazy("无权办理该督导任务"), transitions=[
    T("notify", gettext_lazy("发出督导通知"), (S.DRAFT,), S.NOTIFIED, guard=_guard_all(_guard(_guard_ready),
                                                                                   _guard_notice_period,
                                                                                   _guard_start_after_notice),
      writes=("notice_date", "start_date"), effect=_notified),
    T("begin_self_evaluation", gettext_lazy("开始自评"), (S.NOTIFIED,), S.SELF_EVALUATION,
      guard=_guard(_guard_self_evaluation_required), offered=lambda task: task.requires_self_evaluation),
    T("start_on_site", gettext_lazy("开始实地督导"), (S.NOTIFIED, S.SELF_EVALUATION), S.ON_SITE,
      guard=_guard_all(_guard(_guard_self_evaluation_done), _guard_on_site_after_notice)),
    T("send_preliminary_opinion", gettext_lazy("反馈初步意见"), (S.ON_SITE,), S.PRELIMINARY_OPINION,
      guard=_guard_all(_guard(_guard_results), _guard_opinions)),
    T("open_objection_window", gettext_lazy("开始申辩期"), (S.PRELIMINARY_OPINION,), S.OBJECTION_WINDOW,
      guard=_guard_objection_after_on_site, writes=("objection_deadline",), effect=_objection_window),
    T("issue_opinion_letter", gettext_lazy("下达督导意见书"), (S.OBJECTION_WINDOW,), S.OPINION_LETTER,
      guard=_guard(_guard_window_closed)),
    T("submit_report", gettext_lazy("形成督导报告"), (S.OPINION_LETTER,), S.REPORT, guard=_guard(_guard_report)),
    T("publish", gettext_lazy("公布督导报告"), (S.REPORT,), S.PUBLISHED),
    T("archive", gettext_lazy("归档"), (S.PUBLISHED,), S.ARCHIVED, guard=lambda task, step: _guard_archivable(task, step)),
])


def available(actor, task: SupervisionTask) -> list[Transition]:
    """Transitions (of the procedure and of its 备案) whose source state matches and whose permission
    the actor holds (guards are checked on submit, so a refused guard is explained rather than hidden)."""
    return WORKFLOW.available(actor, task) + FILING.available(actor, task)


def apply(*, actor, task: SupervisionTask, name: str, note: str = "", **data) -> SupervisionTask:
    """Run transition ``name`` on ``task`` (``data``: e.g. ``opinion_override`` for 反馈初步意见)."""
    machine = FILING if name in FILING.transitions else WORKFLOW
    return machine.apply(actor=actor, obj=task, name=name, note=note, data=data)


# ---- 备案 (条例 Art. 23): the report is filed with the office one level up, which acknowledges it --------
def _filing_scope(actor, task, permission) -> bool:
    """报备案 is the task's own office's; 确认备案 the office one level up's (never the task's own)."""
    if permission == "acknowledge":
        parent = task.region.parent
        return parent is not None and region_in_scope(actor, "inspections.acknowledge_supervisiontask", parent)
    return region_in_scope(actor, f"inspections.{permission}_supervisiontask", task.region)


def _guard_filable(task, step):
    if task.status not in REPORTED_STATUSES:
        return _("督导报告形成后才能报上一级督导机构备案")
    if task.region.parent_id is None:
        return _("本级没有上一级督导机构，无需备案")
    return None


def _filed(task, step):
    task.filed_at = timezone.now()


def _filing_acknowledged(task, step):
    task.filing_acknowledged_at, task.filing_acknowledged_by = timezone.now(), step.actor


F = FilingStatus
FILING = Workflow(model=SupervisionTask, history=TaskEvent, subject="task", status_field="filing_status",
                  scope=_filing_scope, denied=gettext_lazy("无权办理该督导报告的备案"), transitions=[
    T("file_report", gettext_lazy("报上一级督导机构备案"), (F.NONE,), F.FILED, "change", _guard_filable,
      ("filed_at",), _filed, offered=lambda task: task.status in REPORTED_STATUSES),
    T("acknowledge_filing", gettext_lazy("确认备案"), (F.FILED,), F.ACKNOWLEDGED, "acknowledge",
      writes=("filing_acknowledged_at", "filing_acknowledged_by"), effect=_filing_acknowledged),
])


def _guard_archivable(task, step):
    if task.region.parent_id is not None and task.filing_status == F.NONE:
        return _("请先将督导报告报上一级督导机构备案（《教育督导条例》第二十三条）")
    return None


SERVICES = {**WORKFLOW.services("task"), **FILING.services("task")}
TRANSITIONS = {**WORKFLOW.transitions, **FILING.transitions}
task_file_report = SERVICES["file_report"]
task_acknowledge_filing = SERVICES["acknowledge_filing"]
task_notify = SERVICES["notify"]
task_begin_self_evaluation = SERVICES["begin_self_evaluation"]
task_start_on_site = SERVICES["start_on_site"]
task_send_preliminary_opinion = SERVICES["send_preliminary_opinion"]
task_open_objection_window = SERVICES["open_objection_window"]
task_issue_opinion_letter = SERVICES["issue_opinion_letter"]
task_submit_report = SERVICES["submit_report"]
task_publish = SERVICES["publish"]
task_archive = SERVICES["archive"]


# ---- the annual work plan (I2): 草稿 → 已报送 → 已确认 --------------------------------------------
def _plan_scope(actor, plan, permission) -> bool:
    """报送 is the plan's own office's (its region); 确认 the office one level up's (never its own)."""
    if permission == "acknowledge":
        parent = plan.region.parent
        return parent is not None and region_in_scope(actor, "inspections.acknowledge_workplan", parent)
    return region_in_scope(actor, f"inspections.{permission}_workplan", plan.region)


def _guard_plan_items(plan, step):
    return None if plan.items.exists() else {"items": _("计划没有任何事项")}


def _plan_submitted(plan, step):
    plan.submitted_at = timezone.now()


def _plan_acknowledged(plan, step):
    plan.acknowledged_at, plan.acknowledged_by = timezone.now(), step.actor


P = PlanStatus
WORK_PLAN = Workflow(model=WorkPlan, history=WorkPlanEvent, subject="plan", scope=_plan_scope,
                     denied=gettext_lazy("无权办理该工作计划"), transitions=[
    T("submit", gettext_lazy("报送"), (P.DRAFT,), P.SUBMITTED, "change", _guard_plan_items,
      ("submitted_at",), _plan_submitted),
    T("acknowledge", gettext_lazy("确认"), (P.SUBMITTED,), P.ACKNOWLEDGED, "acknowledge",
      writes=("acknowledged_at", "acknowledged_by"), effect=_plan_acknowledged),
])


@transaction.atomic
def work_plan_submit(*, actor, plan):
    """Submit the plan to the office one level up."""
    return WORK_PLAN.apply(actor=actor, obj=plan, name="submit")


@transaction.atomic
def work_plan_acknowledge(*, actor, plan):
    """The office one level up acknowledges a submitted plan (never the plan's own office)."""
    WORK_PLAN.check(actor, plan, "acknowledge", _("只有上一级督导室可以确认工作计划"))
    return WORK_PLAN.apply(actor=actor, obj=plan, name="acknowledge")
