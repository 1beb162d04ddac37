"""Writes on the ledger other than the rectification transitions (those are in ``workflows``):
registering problems from any source (E11). A problem is recorded once and is the ledger item from
that moment:

- the office registers monitoring, complaint, hotline, media and upper-level-feedback problems
  (``ledger_item_create``, issued at once);
- a task's team records the problems it finds at a target (``problem_record`` with ``target``): drafts
  (待下达), editable and deletable while the task runs (``problem_update``, ``problem_delete``),
  invisible to the unit, issued in the transaction of the task's ``issue_opinion_letter``
  (``issue_task_problems``, connected in ``LedgerConfig.ready``);
- a regular visit's problems (``problem_record`` with ``visit``) are issued to the school at once, in
  the visit's transaction.

Every source goes through the one validation, ``validate_problem``."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.inspections.categories import category_error
from dudao.inspections.choices import Routing, Severity

from . import unit_notices
from .choices import LedgerSource, LedgerStatus
from .models import LedgerItem
from .workflows import WORKFLOW, log

ADD = "ledger.add_ledgeritem"
#: Sources an office registers by hand; task and visit problems are recorded by ``problem_record``.
MANUAL_SOURCES = (LedgerSource.MONITORING, LedgerSource.COMPLAINT, LedgerSource.HOTLINE, LedgerSource.MEDIA,
                  LedgerSource.UPPER_FEEDBACK)
#: A school's self-supervision (学校督导室 / 集团督评中心, C3) raises what it finds as a small matter
#: (E12 “小事自我督导解决”): the school's own users may record it on their unit (the ledger's
#: ``respond`` right there), the office too; it is always routed small.
SELF_SOURCES = (LedgerSource.SELF_SUPERVISION,)
RESPOND = "ledger.respond_ledgeritem"
#: The fields of a problem that its recorder gives and may change while it is a draft.
PROBLEM_FIELDS = ("description", "category", "severity", "routing", "requirement", "deadline", "indicator_code",
                  "found_evidence", "departments", "responsible_unit")


def validate_problem(*, description, category, severity, routing, requirement, deadline, region, today=None,
                     departments=None, keep_category: str = "") -> None:
    """The one validation of a problem, whatever its source. ``category`` must be an active problem
    category of ``region`` (the unit's: national, the regions above and its own; ``categories_for``).
    ``keep_category`` (an edit's current value) stays valid if deactivated since. ``departments`` (the
    联动部门) is checked when the recorder names them: a 大事 must have some."""
    errors = {}
    if not (description or "").strip():
        errors["description"] = _("请描述问题")
    if not (requirement or "").strip():
        errors["requirement"] = _("请填写整改要求")
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = _("请填写整改期限")
    elif deadline < (today or timezone.localdate()):
        errors["deadline"] = _("整改期限不能早于今天")
    category_problem = None if keep_category and category == keep_category else category_error(category, region)
    if category_problem:
        errors["category"] = category_problem
    if severity not in Severity.values:
        errors["severity"] = _("未知的严重程度")
    if routing not in Routing.values:
        errors["routing"] = _("未知的办理分类")
    elif departments is not None and routing == Routing.MAJOR and not departments:
        errors["departments"] = _("大事须写明联动部门")
    if errors:
        raise ValidationError(errors)


def _responds_for(actor, unit) -> bool:
    """Does ``actor`` hold the ledger's ``respond`` right on ``unit`` (a school's own users)?"""
    from dudao.common.scoping import ALL, scope_predicate
    from dudao.orgs.models import Unit

    predicate = scope_predicate(actor, RESPOND, {"path": "region_path", "region": "region_id", "unit": "id"})
    if predicate is ALL:
        return True
    return predicate is not None and Unit.objects.filter(pk=unit.pk).filter(predicate).exists()


@transaction.atomic
def ledger_item_create(*, actor, unit, source: str, description: str, category: str, requirement: str,
                       deadline: datetime.date, severity: str = Severity.MINOR, routing: str = Routing.SMALL,
                       responsible_person: str = "", source_reference: str = "", responsible_users=(),
                       today: datetime.date | None = None) -> LedgerItem:
    """The office registers a problem from monitoring, a complaint, the hotline, the media or
    upper-level feedback (E11); it starts as issued (整改通知 with requirement and deadline). A
    school's self-supervision raises its small matters here too (``SELF_SOURCES``)."""
    if actor is not None and not (region_in_scope(actor, ADD, unit.region)
                                  or (source in SELF_SOURCES and _responds_for(actor, unit))):
        raise PermissionDenied(_("无权为该单位登记问题"))
    if source not in MANUAL_SOURCES + SELF_SOURCES:
        raise ValidationError({"source": _("该来源的问题须从督导任务或经常性督导登记")})
    if source in SELF_SOURCES and routing != Routing.SMALL:
        raise ValidationError({"routing": _("学校自我督导发现的问题按小事由学校自行解决")})
    validate_problem(description=description, category=category, severity=severity, routing=routing,
                     requirement=requirement, deadline=deadline, region=unit.region, today=today)
    item = LedgerItem.objects.create(
        source=source, source_reference=(source_reference or "").strip(), unit=unit, region_path=unit.region_path,
        description=description.strip(), category=category, severity=severity, routing=routing,
        requirement=requirement.strip(), deadline=deadline, original_deadline=deadline,
        responsible_person=(responsible_person or "").strip(), created_by=actor)
    if responsible_users:
        item.responsible_users.set(responsible_users)
    log(item=item, action="issue", actor=actor, to_status=LedgerStatus.ISSUED,
        data={"deadline": deadline.isoformat()})
    unit_notices.item_issued(item, today)
    return item


# ---- problems of a task or a visit (C1, E11; 条例 Arts. 21–22) -------------------------------------------
def _lock_task(actor, task):
    """Lock the task (so a problem is never recorded beside a concurrent opinion letter) and check that
    the actor is the office or a member of its team and that the task is still collecting problems."""
    from dudao.inspections.models import SupervisionTask
    from dudao.inspections.problems import RECORDING_STATES
    from dudao.inspections.services.tasks import _check_scorer

    task = SupervisionTask.objects.select_for_update(of=("self",)).select_related("region").get(pk=task.pk)
    _check_scorer(actor, task)
    if task.status not in RECORDING_STATES:
        raise ValidationError({"status": _("当前阶段不能登记或修改问题（问题在实地督导至申辩期间登记，随督导意见书下达）")})
    return task


def _clean(fields: dict) -> dict:
    out = dict(fields)
    for key in ("description", "requirement", "indicator_code", "found_evidence"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "departments" in out:
        out["departments"] = list(out["departments"] or [])
    return out


@transaction.atomic
def problem_record(*, actor, target=None, visit=None, description: str, category: str, requirement: str,
                   deadline: datetime.date, severity: str = Severity.MINOR, routing: str = Routing.SMALL,
                   departments=(), indicator_code: str = "", found_evidence: str = "", responsible_unit=None,
                   today: datetime.date | None = None) -> LedgerItem:
    """Record a problem found at a task's ``target`` (by the office or a member of the task's team, from
    on-site work to the objection window: a draft, issued with the opinion letter) or on a regular
    ``visit`` (by the visit's inspector or the office: issued to the school at once). The rectifying
    unit is ``responsible_unit`` (default: the unit where it was found). 大事 names its 联动部门."""
    if (target is None) == (visit is None):
        raise ValidationError({"target": _("问题须来自一项督导任务的督导对象或一次经常性督导")})
    data = _clean({"description": description, "category": category, "severity": severity, "routing": routing,
                   "requirement": requirement, "deadline": deadline, "indicator_code": indicator_code,
                   "found_evidence": found_evidence, "departments": departments})
    task = None
    if target is not None:
        task = _lock_task(actor, target.task)
        found_at, source, reference, status = target.unit, LedgerSource.TASK, task.title, LedgerStatus.DRAFT
    else:
        from dudao.inspections.services.visits import check_visit_writer

        check_visit_writer(actor, visit)
        found_at, source, reference, status = visit.school, LedgerSource.VISIT, str(visit), LedgerStatus.ISSUED
    unit = responsible_unit or found_at
    if target is not None:
        _check_responsible(found_at, responsible_unit)
    validate_problem(**{k: data[k] for k in ("description", "category", "severity", "routing", "requirement",
                                             "deadline", "departments")}, region=unit.region, today=today)
    departments = data.pop("departments")
    item = LedgerItem.objects.create(
        source=source, source_reference=reference[:200], unit=unit, region_path=unit.region_path, task=task,
        target=target, visit=visit, status=status, original_deadline=deadline, created_by=actor, **data)
    if departments:
        item.departments.set(departments)
    if status == LedgerStatus.DRAFT:
        log(item=item, action="record", actor=actor, to_status=status,
            data={"task": task.pk, "target": target.pk, "deadline": deadline.isoformat()})
    else:
        log(item=item, action="issue", actor=actor, to_status=status,
            data={"visit": visit.pk, "deadline": deadline.isoformat()})
        unit_notices.item_issued(item, today)
        _notice_for_issued(actor, item)
    return item


def _notice_for_issued(actor, item) -> None:
    """A problem issued on recording reaches the school with its 整改通知书 in the same
    transaction (region setting ``ledger.auto_notice``; the office's name when the recorder may
    not sign), linked to the item and delivered to its unit's 收文."""
    from .document_subjects import issue_rectification_notice, item_office

    if item_office(item) is not None:
        issue_rectification_notice(actor=actor, item=item, automatic=True)


def _check_responsible(found_at, responsible) -> None:
    """督政: a problem found at a government may name the member department (成员单位, e.g. 区住建委)
    that answers for it — the ledger item is then that department's. Any other responsible unit of a
    government's problem is refused (``orgs.selectors.responsible_departments``)."""
    from dudao.orgs.choices import GOVERNMENT_KINDS
    from dudao.orgs.selectors import responsible_departments

    if responsible is None or responsible.pk == found_at.pk or found_at.kind not in GOVERNMENT_KINDS:
        return
    if not responsible_departments(found_at).filter(pk=responsible.pk).exists():
        raise ValidationError({"responsible_unit": _("%(u)s不是%(g)s所在区县教育督导委员会的成员单位，不能作为整改责任单位") % {
            "u": responsible.name, "g": found_at.name}})


def _lock_draft(actor, item) -> LedgerItem:
    item = LedgerItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if item.status != LedgerStatus.DRAFT or item.task_id is None:
        raise ValidationError({"status": _("问题已下达，不能修改或删除")})
    _lock_task(actor, item.task)
    return item


def may_edit_draft(actor, item: LedgerItem) -> bool:
    """May ``actor`` change or withdraw the draft ``item`` (the office or the task's team, while the task
    collects problems)? For showing the buttons; the services check again under lock."""
    from dudao.inspections.problems import RECORDING_STATES
    from dudao.inspections.services.tasks import _check_scorer

    if item.status != LedgerStatus.DRAFT or item.task_id is None or item.task.status not in RECORDING_STATES:
        return False
    try:
        _check_scorer(actor, item.task)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def problem_update(*, actor, item: LedgerItem, today: datetime.date | None = None, **fields) -> LedgerItem:
    """Change a task's draft problem (the office or the task's team, while the task collects problems);
    only ``PROBLEM_FIELDS`` may be given."""
    unknown = set(fields) - set(PROBLEM_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("不能修改该字段")})
    item = _lock_draft(actor, item)
    data = _clean(fields)
    departments = data.pop("departments", None)
    responsible = data.pop("responsible_unit", None)
    if item.target_id is not None:
        _check_responsible(item.target.unit, responsible)
    merged = {k: data.get(k, getattr(item, k)) for k in ("description", "category", "severity", "routing",
                                                         "requirement", "deadline")}
    validate_problem(**merged, today=today, region=(responsible or item.unit).region, keep_category=item.category,
                     departments=departments if departments is not None else list(item.departments.all()))
    changed = [k for k, v in data.items() if getattr(item, k) != v]
    for k in changed:
        setattr(item, k, data[k])
    if responsible is not None and responsible.pk != item.unit_id:
        item.unit, item.region_path = responsible, responsible.region_path
        changed += ["unit", "region_path"]
    if "deadline" in changed:
        item.original_deadline = item.deadline
        changed.append("original_deadline")
    item.save(update_fields=[*changed, "updated_at"])
    if departments is not None:
        item.departments.set(departments)
        changed.append("departments")
    if changed:
        log(item=item, action="edit", actor=actor, data={"fields": sorted(set(changed) - {"region_path"})})
    return item


@transaction.atomic
def problem_delete(*, actor, item: LedgerItem) -> None:
    """Withdraw a task's draft problem (the office or the task's team, before the opinion letter)."""
    item = _lock_draft(actor, item)
    item.delete()


def issue_task_problems(task, step) -> None:
    """The task's opinion letter issues its draft problems (条例 Arts. 21–22): each becomes binding on its
    unit (draft → issued, history line ``issue``) in the letter's transaction — if one cannot be
    issued (e.g. its deadline has passed), the letter is refused and nothing changes. Connected to
    ``inspections.workflows.WORKFLOW`` ("issue_opinion_letter") by ``LedgerConfig.ready``."""
    for item in LedgerItem.objects.filter(task=task, status=LedgerStatus.DRAFT).order_by("pk"):
        WORKFLOW.apply(actor=step.actor, obj=item, name="issue", note=step.note, today=step.today)


def record_for_inspections(*, actor, target=None, visit=None, **fields) -> LedgerItem:
    """The recorder ``inspections.problems`` calls (registered by ``LedgerConfig.ready``)."""
    return problem_record(actor=actor, target=target, visit=visit, **fields)
