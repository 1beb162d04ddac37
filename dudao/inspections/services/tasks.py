"""Tasks: creation, targets (with burden control, D2), team (recusal, F6), self-evaluation,
on-site scoring (through the frameworks scoring engine), public opinion, objections, report."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.attachments.models import Attachment
from dudao.attachments.services import attachment_add, attachment_add_many
from dudao.frameworks import scoring
from dudao.frameworks.choices import VersionStatus
from dudao.frameworks.selectors import evaluate_version
from dudao.inspectors.recusal import recusal_check, recusal_enforce

from .. import results as result_hooks
from ..choices import (
    REPORTED_STATUSES,
    Colour,
    FileKind,
    ObjectionState,
    OpinionKind,
    SelfReviewDecision,
    TaskKind,
    TaskStatus,
    TeamRole,
)
from ..models import IndicatorScore, OpinionRecord, SupervisionTask, TaskTarget, TeamMember
from ..selectors import current_exemption, external_task_count, semester_for
from ._common import acts_for_unit, check_region, lock

ADD, CHANGE = "inspections.add_supervisiontask", "inspections.change_supervisiontask"
SCORE, RESPOND = "inspections.score_supervisiontask", "inspections.respond_supervisiontask"
EDITABLE = (TaskStatus.DRAFT,)


@transaction.atomic
def task_create(*, actor, office, kind: str, title: str, framework_version=None, targets=(), **fields
                ) -> SupervisionTask:
    """A new task in draft, organised by ``office`` (a supervision office) in its region."""
    from dudao.orgs.choices import UnitKind

    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"office": _("组织单位须为教育督导室")})
    check_region(actor, ADD, office.region)
    if kind not in TaskKind.values:
        raise ValidationError({"kind": _("未知的督导类型")})
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写任务名称")})
    if framework_version is not None and framework_version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"framework_version": _("只能使用已发布的指标体系版本")})
    if fields.get("start_date") and fields.get("end_date") and fields["end_date"] < fields["start_date"]:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期")})
    task = SupervisionTask.objects.create(region=office.region, region_path=office.region.path, office=office,
                                          kind=kind, title=title.strip(), framework_version=framework_version,
                                          created_by=actor, **fields)
    for unit in targets:
        task_target_add(actor=actor, task=task, unit=unit)
    return task


def _check_draft(task):
    if task.status not in EDITABLE:
        raise ValidationError({"status": _("任务已发出通知，不能再修改督导对象和督导组")})


@transaction.atomic
def task_target_add(*, actor, task: SupervisionTask, unit, override_reason: str = "") -> TaskTarget:
    """Add a supervised unit. Refused: outside the task's region, an exempt unit (with the
    reason), a unit over its semester cap (D2, unless an office admin gives a reason), or a unit
    a team member must recuse from."""
    task = lock(SupervisionTask, task.pk)
    check_region(actor, CHANGE, task.region, _("无权修改该督导任务"))
    _check_draft(task)
    if not unit.region_path.startswith(task.region_path):
        raise ValidationError({"unit": _("被督导单位不在本任务的行政区域内")})
    day = task.start_date or timezone.localdate()
    exemption = current_exemption(unit, task.kind, day)
    if exemption is not None:
        raise ValidationError({"unit": _("%(u)s 免除督导至%(d)s：%(r)s") % {
            "u": unit.name, "d": exemption.valid_to, "r": exemption.reason}})
    if task.kind != TaskKind.REGULAR:
        from dudao.regionsettings.services import get_setting

        cap = int(get_setting(unit.region, "burden.max_external_per_semester"))
        count = external_task_count(unit, semester_for(day), exclude_task=task)
        if count >= cap and not override_reason.strip():
            raise ValidationError({"unit": _("%(u)s 本学期已安排%(n)s次督导，达到上限%(c)s次；请合并任务或写明理由") % {
                "u": unit.name, "n": count, "c": cap}})
    for member in task.team.select_related("inspector"):
        reasons = recusal_check(member.inspector, unit, day)
        if reasons and not member.override_reason:
            raise ValidationError({"unit": _("督导组成员%(i)s需回避该单位：%(r)s") % {
                "i": member.inspector.name, "r": "；".join(r.message for r in reasons)}})
    if TaskTarget.objects.filter(task=task, unit=unit).exists():
        raise ValidationError({"unit": _("该单位已是本任务的督导对象")})
    if task.kind == TaskKind.GOVERNMENT:
        problem = government_target_refusal(task, unit)
        if problem:
            raise ValidationError({"unit": problem})
    _check_applies(task, unit, "unit")
    return TaskTarget.objects.create(task=task, unit=unit)


def government_target_refusal(task, unit) -> str | None:
    """督政 (B1, A5; S1 #3): an office evaluates the governments one level down — the city's the
    区县人民政府 of its counties, the county's its 乡镇人民政府/街道办事处 — and the departments (成员单位)
    of its own level. Anything else is refused with the reason; None when ``unit`` may be a target."""
    from dudao.orgs.choices import GOVERNANCE_TARGET_KINDS, GOVERNMENT_KINDS, UnitKind

    if unit.kind not in GOVERNANCE_TARGET_KINDS:
        return _("履行教育职责评价（督政）的对象须为下级人民政府、乡镇（街道）或本级政府部门，%(u)s不是") % {"u": unit.name}
    if unit.kind == UnitKind.DEPARTMENT:
        if unit.region_id != task.region_id:
            return _("督政只评价本级政府部门：%(u)s不是%(r)s的部门") % {"u": unit.name, "r": task.region.name}
        return None
    if unit.kind in GOVERNMENT_KINDS and unit.region.parent_id != task.region_id:
        return _("督政评价下一级人民政府：%(u)s不是%(r)s直接管辖的政府") % {"u": unit.name, "r": task.region.name}
    from dudao.regions.choices import RegionLevel

    if unit.kind == UnitKind.TOWNSHIP_GOVERNMENT and unit.region.level != RegionLevel.TOWNSHIP:
        return _("%(u)s不在乡镇（街道）一级") % {"u": unit.name}
    if unit.kind == UnitKind.COUNTY_GOVERNMENT and unit.region.level == RegionLevel.TOWNSHIP:
        return _("%(u)s不在区县一级") % {"u": unit.name}
    return None


def _check_applies(task, unit, field: str) -> None:
    """The task's framework version must apply to the unit's kind (its 适用对象): the kindergarten
    framework neither takes a school as a target nor scores one."""
    version = task.framework_version
    problem = version.kind_refusal(unit) if version is not None else None
    if problem:
        raise ValidationError({field: problem})


@transaction.atomic
def team_member_add(*, actor, task: SupervisionTask, inspector, role: str = TeamRole.MEMBER,
                    override_reason: str = "") -> TeamMember:
    """Put an inspector on the team; the corps' recusal check runs against every target (F6)."""
    task = lock(SupervisionTask, task.pk)
    check_region(actor, CHANGE, task.region, _("无权修改该督导任务"))
    _check_draft(task)
    if role not in TeamRole.values:
        raise ValidationError({"role": _("未知的职责")})
    if task.team.filter(inspector=inspector).exists():
        raise ValidationError({"inspector": _("该督学已在督导组中")})
    if role == TeamRole.LEADER and task.team.filter(role=TeamRole.LEADER).exists():
        raise ValidationError({"role": _("督导组只能有一名组长")})
    day = task.start_date or timezone.localdate()
    overridden = []
    for target in task.targets.select_related("unit__region"):
        overridden += recusal_enforce(actor=actor, inspector=inspector, unit=target.unit, on_date=day,
                                      override_reason=override_reason, context=f"inspections.task:{task.pk}")
    return TeamMember.objects.create(task=task, inspector=inspector, role=role,
                                     override_reason=override_reason.strip() if overridden else "")


def _is_team_member(actor, task) -> bool:
    return actor is not None and task.team.filter(inspector__user=actor).exists()


def _check_scorer(actor, task):
    """The office, or a team member holding the scoring permission in the task's region."""
    if actor is None:
        return
    from dudao.common.scoping import region_in_scope

    if region_in_scope(actor, CHANGE, task.region):
        return
    if region_in_scope(actor, SCORE, task.region) and _is_team_member(actor, task):
        return
    raise PermissionDenied(_("只有督导组成员可以评分"))


@transaction.atomic
def self_evaluation_submit(*, actor, target: TaskTarget, report: str, scores: dict | None = None,
                           files=()) -> TaskTarget:
    """The target unit's self-evaluation: report, its own results per indicator, evidence files."""
    target = lock(TaskTarget, target.pk)
    task = target.task
    if not acts_for_unit(actor, RESPOND, target.unit):
        raise PermissionDenied(_("只有被督导单位可以提交自评"))
    if task.status != TaskStatus.SELF_EVALUATION:
        raise ValidationError({"status": _("当前不在自评环节")})
    if target.self_reviewed_at is not None:
        raise ValidationError({"target": _("自评已审核通过，不能再修改")})
    if not (report or "").strip():
        raise ValidationError({"report": _("请填写自评报告")})
    if scores:
        _check_applies(task, target.unit, "scores")
        _validate_results(task, scores)
        for code, value in scores.items():
            IndicatorScore.objects.update_or_create(target=target, code=code, defaults={"self_value": value})
    # The unit itself adds its evidence (checked above), not the team: the owner's upload rule is replaced.
    attachment_add_many(actor=actor, owner=target, purpose=FileKind.EVIDENCE, files=files,
                        may=lambda *args: True)
    target.self_report = report.strip()
    target.self_submitted_at = timezone.now()
    target.save(update_fields=["self_report", "self_submitted_at"])
    return target


def _log(task, action: str, *, actor, target: TaskTarget, note: str = "", **data):
    """A history line of the task for a step that is not a transition (a target's answer, a review)."""
    from ..workflows import WORKFLOW

    return WORKFLOW.log(task, action, actor=actor, note=note,
                        data={"target_id": target.pk, "unit": target.unit.name, **data})


@transaction.atomic
def self_evaluation_review(*, actor, target: TaskTarget, decision: str = SelfReviewDecision.APPROVE,
                           reason: str = "") -> TaskTarget:
    """The team reviews a submitted self-evaluation: approve it, or return it to the unit with a
    reason (the unit then submits again). Only while the task is in its self-evaluation step."""
    target = lock(TaskTarget, target.pk)
    task = target.task
    _check_scorer(actor, task)
    if decision not in SelfReviewDecision.values:
        raise ValidationError({"decision": _("未知的审核结论")})
    if task.status != TaskStatus.SELF_EVALUATION:
        raise ValidationError({"status": _("当前不在自评环节")})
    if target.self_submitted_at is None:
        raise ValidationError({"target": _("该单位尚未提交自评")})
    if target.self_reviewed_at is not None:
        raise ValidationError({"target": _("该单位的自评已审核通过")})
    if decision == SelfReviewDecision.APPROVE:
        target.self_reviewed_at = timezone.now()
        target.save(update_fields=["self_reviewed_at"])
        _log(task, "self_evaluation_approved", actor=actor, target=target)
        return target
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回理由")})
    target.self_submitted_at = None
    target.self_returned_at = timezone.now()
    target.self_return_reason = reason
    target.save(update_fields=["self_submitted_at", "self_returned_at", "self_return_reason"])
    _log(task, "self_evaluation_returned", actor=actor, target=target, note=reason)
    return target


def _leaves(version):
    from dudao.frameworks.selectors import engine_tree

    out = {}

    def walk(node):
        if not node.children:
            out[node.code] = node
        for c in node.children:
            walk(c)

    for root in engine_tree(version):
        walk(root)
    return out


def _validate_results(task, results: dict) -> None:
    if not task.framework_version_id:
        raise ValidationError({"scores": _("本任务未使用指标体系")})
    leaves = _leaves(task.framework_version)
    for code, value in results.items():
        if code not in leaves:
            raise ValidationError({"scores": _("未知指标：%(c)s") % {"c": code}})
        try:
            scoring.score_leaf(leaves[code], value)
        except scoring.ScoringError as exc:
            raise ValidationError({"scores": str(exc)}) from exc


#: From the preliminary opinion on, a target's result (scores, grade, colour) is what the unit was
#: told and answers in its objection: it is frozen (issue 15).
SCORES_FROZEN = (TaskStatus.PRELIMINARY_OPINION, TaskStatus.OBJECTION_WINDOW, TaskStatus.OPINION_LETTER,
                 *REPORTED_STATUSES)


def _check_scores_open(task, field="scores"):
    if task.status in SCORES_FROZEN:
        raise ValidationError({field: _("已反馈初步意见，被督导单位的评分和结果已锁定，不能再修改")})


@transaction.atomic
def score_record(*, actor, target: TaskTarget, results: dict, notes: dict | None = None) -> TaskTarget:
    """On-site scoring: the team's result per indicator; the target's result is recomputed. Frozen
    from the preliminary opinion on (``SCORES_FROZEN``)."""
    target = lock(TaskTarget, target.pk)
    task = target.task
    _check_scorer(actor, task)
    _check_scores_open(task)
    if task.status != TaskStatus.ON_SITE:
        raise ValidationError({"status": _("只有实地督导阶段可以评分")})
    _check_applies(task, target.unit, "scores")
    _validate_results(task, results)
    notes = notes or {}
    for code, value in results.items():
        IndicatorScore.objects.update_or_create(target=target, code=code, defaults={
            "value": value, "note": notes.get(code, ""), "scored_by": actor})
    return _compute(target, actor)


def _compute(target: TaskTarget, actor=None) -> TaskTarget:
    previous = target.colour
    version = target.task.framework_version
    results = {s.code: s.value for s in target.scores.all() if s.value is not None}
    evaluation = evaluate_version(version, results)
    target.score = evaluation.score
    target.grade = evaluation.grade or ""
    target.colour = evaluation.colour if evaluation.colour in Colour.values else ""
    target.result_detail = evaluation.as_dict()
    target.result_version = version
    target.scored_at = timezone.now() if evaluation.score is not None or evaluation.vetoed else None
    target.save(update_fields=["score", "grade", "colour", "result_detail", "result_version", "scored_at"])
    result_hooks.colour_set(target, previous, actor)
    return target


@transaction.atomic
def target_compute_result(*, actor, target: TaskTarget) -> TaskTarget:
    """Recompute a target's score, grade and colour with the task's framework version (stored)."""
    target = lock(TaskTarget, target.pk)
    _check_scorer(actor, target.task)
    _check_scores_open(target.task, "target")
    if not target.task.framework_version_id:
        raise ValidationError({"target": _("本任务未使用指标体系")})
    _check_applies(target.task, target.unit, "target")
    return _compute(target, actor)


@transaction.atomic
def target_evaluate(*, actor, target: TaskTarget, evaluation: str, colour: str = "") -> TaskTarget:
    """The team's written evaluation of a target (and its colour when no framework sets it, E10)."""
    target = lock(TaskTarget, target.pk)
    _check_scorer(actor, target.task)
    if target.task.status not in (TaskStatus.ON_SITE, TaskStatus.OBJECTION_WINDOW):
        raise ValidationError({"status": _("当前阶段不能修改督导评价")})
    if not (evaluation or "").strip():
        raise ValidationError({"evaluation": _("请填写督导评价")})
    fields, previous = ["evaluation"], target.colour
    target.evaluation = evaluation.strip()
    if colour and colour != target.colour:
        _check_scores_open(target.task, "colour")
    if colour:
        if colour not in Colour.values:
            raise ValidationError({"colour": _("未知的颜色")})
        target.colour = colour
        fields.append("colour")
    target.save(update_fields=fields)
    result_hooks.colour_set(target, previous, actor)
    return target


@transaction.atomic
def opinion_record_add(*, actor, target: TaskTarget, kind: str, held_on: datetime.date, summary: str,
                       participants: int = 0, satisfaction=None) -> OpinionRecord:
    """座谈会、问卷、个别访谈或听课 at a target, recorded by the team during the on-site step."""
    target = lock(TaskTarget, target.pk)
    _check_scorer(actor, target.task)
    if target.task.status != TaskStatus.ON_SITE:
        raise ValidationError({"status": _("只有实地督导阶段可以记录座谈和问卷")})
    if kind not in OpinionKind.values:
        raise ValidationError({"kind": _("未知的类别")})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("请填写主要意见")})
    if participants is None or participants < 0:
        raise ValidationError({"participants": _("参与人数不能为负数")})
    if satisfaction is not None and not 0 <= satisfaction <= 100:
        raise ValidationError({"satisfaction": _("满意度须在0到100之间")})
    return OpinionRecord.objects.create(target=target, kind=kind, held_on=held_on, summary=summary.strip(),
                                        participants=participants, satisfaction=satisfaction,
                                        recorded_by=actor)


@transaction.atomic
def opinion_record_delete(*, actor, record: OpinionRecord) -> None:
    """Remove a record entered by mistake (the team, during the on-site step)."""
    record = lock(OpinionRecord, record.pk)
    task = SupervisionTask.objects.get(pk=record.target.task_id)
    _check_scorer(actor, task)
    if task.status != TaskStatus.ON_SITE:
        raise ValidationError({"status": _("只有实地督导阶段可以删除座谈和问卷记录")})
    record.delete()


@transaction.atomic
def task_file_add(*, actor, task: SupervisionTask, file, kind: str, target: TaskTarget | None = None,
                  caption: str = "") -> Attachment:
    """A file of the task (or of one of its targets) added by the office or the team: an attachment
    whose purpose is the kind (sniffed, size-limited, with a thumbnail for a photo)."""
    task = lock(SupervisionTask, task.pk)
    _check_scorer(actor, task)
    if task.status in (TaskStatus.PUBLISHED, TaskStatus.ARCHIVED):
        raise ValidationError({"file": _("任务已公布，不能再上传材料")})
    if target is not None and target.task_id != task.pk:
        raise ValidationError({"target": _("该单位不是本任务的督导对象")})
    if kind not in FileKind.values:
        raise ValidationError({"kind": _("未知的材料类别")})
    return attachment_add(actor=actor, owner=target if target is not None else task, purpose=kind, file=file,
                          caption=caption, may=lambda *args: True)


def _answer(actor, target: TaskTarget, text: str, state: str, *, on_behalf: bool, note: str = "") -> TaskTarget:
    if state not in (ObjectionState.OBJECTION, ObjectionState.WAIVED):
        raise ValidationError({"state": _("请选择提出申辩或无异议")})
    text = (text or "").strip()
    if state == ObjectionState.OBJECTION and not text:
        raise ValidationError({"text": _("请填写申辩意见，或选择无异议")})
    target.objection_state = state
    target.objection = text if state == ObjectionState.OBJECTION else ""
    target.objection_at = timezone.now()
    target.objection_recorded_by = actor
    target.objection_on_behalf = on_behalf
    target.save(update_fields=["objection_state", "objection", "objection_at", "objection_recorded_by",
                               "objection_on_behalf"])
    action = "objection" if state == ObjectionState.OBJECTION else "objection_waived"
    _log(target.task, action, actor=actor, target=target, note=note, on_behalf=on_behalf)
    return target


@transaction.atomic
def objection_submit(*, actor, target: TaskTarget, text: str = "", waive: bool = False,
                     state: str | None = None) -> TaskTarget:
    """申辩: the target unit answers the preliminary opinion during the window — an objection
    (``state="objection"`` with its text) or a waiver (``state="waived"``, 无异议; ``waive=True`` is
    the same)."""
    target = lock(TaskTarget, target.pk)
    if not acts_for_unit(actor, RESPOND, target.unit):
        raise PermissionDenied(_("只有被督导单位可以申辩"))
    task = target.task
    if task.status != TaskStatus.OBJECTION_WINDOW:
        raise ValidationError({"status": _("当前不在申辩期")})
    if task.objection_deadline and timezone.localdate() > task.objection_deadline:
        raise ValidationError({"status": _("申辩期已届满")})
    state = state or (ObjectionState.WAIVED if waive else ObjectionState.OBJECTION)
    return _answer(actor, target, text, state, on_behalf=False)


@transaction.atomic
def objection_record(*, actor, target: TaskTarget, state: str, text: str = "", note: str = "") -> TaskTarget:
    """代录: the office records a unit's paper answer (申辩书 or 无异议 letter) on its behalf. The row
    keeps who recorded it and that it was recorded on the unit's behalf. Allowed while the task is
    in its objection window — also after the deadline, for a paper answer that arrived in time."""
    target = lock(TaskTarget, target.pk)
    task = target.task
    check_region(actor, CHANGE, task.region, _("只有督导室可以代录单位的申辩答复"))
    if task.status != TaskStatus.OBJECTION_WINDOW:
        raise ValidationError({"status": _("当前不在申辩期")})
    return _answer(actor, target, text, state, on_behalf=True, note=note)


@transaction.atomic
def task_set_report(*, actor, task: SupervisionTask, summary: str) -> SupervisionTask:
    """The report's summary text (the rest of the report is assembled from the task's data)."""
    task = lock(SupervisionTask, task.pk)
    check_region(actor, CHANGE, task.region, _("无权修改该督导任务"))
    if task.status in (TaskStatus.PUBLISHED, TaskStatus.ARCHIVED):
        raise ValidationError({"summary": _("报告已公布，不能修改")})
    task.report_summary = (summary or "").strip()
    task.save(update_fields=["report_summary", "updated_at"])
    return task


EDITABLE_FIELDS = ("title", "topic", "framework_version", "scope_mode", "timing_mode", "schedule_mode", "channel_mode",
                   "subject_mode", "is_covert", "requires_self_evaluation", "start_date", "end_date", "experts",
                   "plan_item")


@transaction.atomic
def task_update(*, actor, task: SupervisionTask, **fields) -> SupervisionTask:
    """Change a draft's particulars (kind, office and region stay; the version is fixed by the notice)."""
    task = lock(SupervisionTask, task.pk)
    check_region(actor, CHANGE, task.region, _("无权修改该督导任务"))
    _check_draft(task)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("该项不能修改")})
    version = fields.get("framework_version", task.framework_version)
    if version is not None and version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"framework_version": _("只能使用已发布的指标体系版本")})
    if version is not None and "framework_version" in fields:
        for target in task.targets.select_related("unit"):
            problem = version.kind_refusal(target.unit)
            if problem:
                raise ValidationError({"framework_version": problem})
    if "title" in fields and not (fields["title"] or "").strip():
        raise ValidationError({"title": _("请填写任务名称")})
    start, end = fields.get("start_date", task.start_date), fields.get("end_date", task.end_date)
    if start and end and end < start:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期")})
    for name, value in fields.items():
        setattr(task, name, value)
    task.save(update_fields=[*fields, "updated_at"])
    return task
