"""The rectification procedure of a ledger item (E4, E11) as a state machine:

    [draft →] issued → plan_submitted → in_progress → reported → rechecking → closed
                 ↑________|  (return_plan)  ↑______________________|  (return with a new deadline)

A task's problems start as drafts and are issued with its opinion letter (``issue``, never offered
in the UI). The school's plan, report and 佐证材料 and the re-check photos may carry files
(``dudao.attachments``; ``item_files.item_step`` adds them in the same transaction and passes their
ids as ``data["attachments"]`` = ``{purpose: [ids]}``, recorded on the history line). Re-check
notes (``item_recheck_note``) are history lines with text and photos while the item is being
re-checked.

A task's problems start as drafts (待下达) and are issued (``issue``) by the task's opinion letter, in
its transaction (``services.issue_task_problems``); the UI and API never offer ``issue`` on its own.

``TRANSITIONS`` is the table: source states, target state, the permission the actor needs on the
item (checked through the item's scope: the unit's respondents answer, the office decides,
offices and inspectors re-check) and a guard on the input. Each transition has one service
(``item_submit_plan`` …) that locks the row, checks permission, scope, source state and guard,
sets the status and appends a ``LedgerEvent``. Nothing else assigns ``LedgerItem.status``.

Three sub-records of an item have small machines of their own whose lines go to the item's
history (``Workflow(history_owner="item")``; the kernel locks the item, then the sub-record):
extension requests (``EXTENSION_WORKFLOW``: the office approves — the item's deadline moves — or
refuses), 督办 orders (``ORDER_WORKFLOW``: the office signs the 督办通知, the item takes the new
deadline) and departments' actions of a 大事 (``ACTION_WORKFLOW``: 部门办结). Nothing else assigns
their ``status``. Rebounds (a re-check or 回头看 finds a closed problem again: a new item linked
to the original) are a service here too, as they lock the item and write its history."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import (
    OPEN_STATUSES,
    ActionStatus,
    ExtensionStatus,
    LedgerSource,
    LedgerStatus,
    OrderStatus,
    RecheckMethod,
)
from .models import DepartmentAction, ExtensionRequest, LedgerEvent, LedgerItem, SupervisionOrder

S = LedgerStatus
CHANGE = "change"  # the office decides
RESPOND = "respond"  # the unit answers
RECHECK = "recheck"  # offices and inspectors re-check


def _today(today):
    return today or timezone.localdate()


def _guard_plan(item, step):
    return None if (step.data.get("plan") or "").strip() else {"plan": _("请填写整改方案")}


def _files(step, purpose) -> list:
    return list((step.data.get("attachments") or {}).get(purpose) or [])


def _guard_report(item, step):
    errors = {}
    if not (step.data.get("report") or "").strip():
        errors["report"] = _("请填写整改情况报告")
    if not (step.data.get("evidence") or "").strip() and not _files(step, "evidence"):
        errors["evidence"] = _("请提供整改佐证材料（文字说明或至少一个文件）")
    return errors or None


def _guard_return_plan(item, step):
    return None if (step.data.get("reason") or "").strip() else {"reason": _("请写明退回整改方案的理由")}


def _set_return_plan(item, step):
    step.note = step.data["reason"].strip() + (f"\n{step.note}" if step.note else "")


def _guard_recheck(item, step):
    return None if step.data.get("method") in RecheckMethod.values else {
        "method": _("请选择复查方式（暗访、抽查或实地查看）")}


def _guard_close(item, step):
    return None if (step.data.get("conclusion") or "").strip() else {"conclusion": _("请填写复查结论")}


def _guard_return(item, step):
    errors = {}
    if not (step.data.get("conclusion") or "").strip():
        errors["conclusion"] = _("请写明退回理由")
    deadline = step.data.get("deadline")
    if not isinstance(deadline, datetime.date) or deadline <= step.today:
        errors["deadline"] = _("请给出晚于今天的新整改期限")
    return errors or None


def _guard_issue(item, step):
    from dudao.inspections.problems import BEFORE_LETTER

    if item.task_id and item.task.status in BEFORE_LETTER:
        return _("督导任务的问题随督导意见书下达")
    if item.deadline < step.today:
        return {"deadline": _("问题“%(d)s”的整改期限（%(date)s）已过，请先修改期限") % {
            "d": item.description[:40], "date": item.deadline}}
    return None


def _set_issue(item, step):
    item.original_deadline = item.deadline
    step.event_data["deadline"] = item.deadline.isoformat()
    if item.task_id:
        step.event_data["task"] = item.task_id


def _set_plan(item, step):
    item.plan = step.data["plan"].strip()


def _set_report(item, step):
    item.report = step.data["report"].strip()
    item.evidence = (step.data.get("evidence") or "").strip()


def _set_recheck(item, step):
    item.recheck_method = step.data["method"]


def _set_close(item, step):
    item.recheck_conclusion = step.data["conclusion"].strip()
    item.closed_at = timezone.now()
    step.note = step.note or item.recheck_conclusion


def _set_return(item, step):
    item.recheck_conclusion = step.data["conclusion"].strip()
    item.deadline = step.data["deadline"]
    step.note = step.note or item.recheck_conclusion


T = Transition
WORKFLOW = Workflow(model=LedgerItem, history=LedgerEvent, subject="item", denied=gettext_lazy("无权办理该问题"),
                    event_data_keys=("method", "deadline", "attachments"), transitions=[
    T("issue", gettext_lazy("下达整改"), (S.DRAFT,), S.ISSUED, CHANGE, _guard_issue, ("original_deadline",),
      _set_issue, offered=lambda item: False),
    T("submit_plan", gettext_lazy("报送整改方案"), (S.ISSUED,), S.PLAN_SUBMITTED, RESPOND, _guard_plan,
      ("plan",), _set_plan),
    T("accept_plan", gettext_lazy("同意整改方案"), (S.PLAN_SUBMITTED,), S.IN_PROGRESS, CHANGE),
    T("return_plan", gettext_lazy("退回整改方案"), (S.PLAN_SUBMITTED,), S.ISSUED, CHANGE, _guard_return_plan,
      (), _set_return_plan),
    T("report", gettext_lazy("报送整改结果"), (S.IN_PROGRESS,), S.REPORTED, RESPOND, _guard_report,
      ("report", "evidence"), _set_report),
    T("begin_recheck", gettext_lazy("开始复查"), (S.REPORTED,), S.RECHECKING, RECHECK, _guard_recheck,
      ("recheck_method",), _set_recheck),
    T("close", gettext_lazy("销号"), (S.RECHECKING,), S.CLOSED, CHANGE, _guard_close,
      ("recheck_conclusion", "closed_at"), _set_close),
    T("return", gettext_lazy("退回继续整改"), (S.RECHECKING,), S.IN_PROGRESS, CHANGE, _guard_return,
      ("recheck_conclusion", "deadline"), _set_return),
])
TRANSITIONS = WORKFLOW.transitions


def may(actor, item: LedgerItem, action: str) -> bool:
    """May ``actor`` do ``action`` (``view``/``change``/``respond``/``recheck``) on ``item``?
    ``actor=None`` is the system."""
    return WORKFLOW.may(actor, item, action)


def available(actor, item: LedgerItem) -> list[Transition]:
    """Transitions whose source state matches and whose permission the actor holds on the item."""
    return WORKFLOW.available(actor, item)


def may_request_extension(actor, item: LedgerItem) -> bool:
    """May the actor ask for a later deadline on the item (the unit, while the rectification is open)?"""
    return item.status in OPEN_STATUSES and may(actor, item, RESPOND)


def may_decide_extension(actor, item: LedgerItem) -> bool:
    """May the actor approve or refuse the item's extension requests (the office)?"""
    return may(actor, item, CHANGE)


def may_rebound(actor, item: LedgerItem) -> bool:
    """May the actor record that a closed problem was found again (offices and inspectors)?"""
    return item.status == S.CLOSED and may(actor, item, RECHECK)


def may_issue_order(actor, order) -> bool:
    """May the actor sign the 督办 ``order`` (its office's region, ``ledger.change_supervisionorder``)?"""
    from dudao.common.scoping import region_in_scope

    return actor is None or region_in_scope(actor, "ledger.change_supervisionorder", order.office.region)


def _lock(item) -> LedgerItem:
    return WORKFLOW.lock(item)


def _check(actor, item, action, message):
    WORKFLOW.check(actor, item, action, message)


def log(*, item, action, actor=None, note="", data=None, from_status="", to_status="") -> LedgerEvent:
    """Append one line to the item's history (used by every write on the item)."""
    return WORKFLOW.log(item, action, actor=actor, note=note, data=data, from_status=from_status,
                        to_status=to_status)


def apply(*, actor, item: LedgerItem, name: str, data: dict | None = None, note: str = "",
          today: datetime.date | None = None) -> LedgerItem:
    """Run transition ``name`` on ``item``."""
    return WORKFLOW.apply(actor=actor, obj=item, name=name, data=data, note=note, today=today)


SERVICES = WORKFLOW.services("item")
item_submit_plan = SERVICES["submit_plan"]
item_accept_plan = SERVICES["accept_plan"]
item_return_plan = SERVICES["return_plan"]
item_report = SERVICES["report"]
item_begin_recheck = SERVICES["begin_recheck"]
item_close = SERVICES["close"]
item_return = SERVICES["return"]


# ---- re-check notes: what the inspector or office saw while re-checking (text and photos) ---------
@transaction.atomic
def item_recheck_note(*, actor, item: LedgerItem, note: str = "", attachments: dict | None = None) -> LedgerEvent:
    """A line of the item's history while it is being re-checked: the re-checker's notes and the
    ids of the photos and files they added (``{"recheck": [ids]}``). Text or at least one file."""
    item = _lock(item)
    _check(actor, item, RECHECK, _("无权复查该问题"))
    if item.status != S.RECHECKING:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能记录复查情况") % {"s": item.get_status_display()}})
    files = list((attachments or {}).get("recheck") or [])
    if not (note or "").strip() and not files:
        raise ValidationError({"note": _("请填写复查情况或上传复查照片")})
    return log(item=item, action="recheck_note", actor=actor, note=(note or "").strip(),
               data={"attachments": {"recheck": files}} if files else {})


def may_recheck_note(actor, item: LedgerItem) -> bool:
    """May the actor record re-check notes on the item (offices and inspectors, while re-checking)?"""
    return item.status == S.RECHECKING and may(actor, item, RECHECK)


# ---- extensions (E11): the unit asks, the office approves or refuses ------------------------------
@transaction.atomic
def extension_request(*, actor, item: LedgerItem, requested_deadline: datetime.date, reason: str,
                      today: datetime.date | None = None) -> ExtensionRequest:
    """The unit asks for a later deadline while the rectification is still open."""
    item = _lock(item)
    _check(actor, item, RESPOND, _("无权为该问题申请延期"))
    if item.status not in OPEN_STATUSES:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能申请延期") % {"s": item.get_status_display()}})
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请写明延期理由")
    if not isinstance(requested_deadline, datetime.date) or requested_deadline <= item.deadline \
            or requested_deadline <= _today(today):
        errors["requested_deadline"] = _("申请的期限须晚于现有整改期限")
    if item.extensions.filter(status=ExtensionStatus.PENDING).exists():
        errors["status"] = _("已有待审批的延期申请")
    if errors:
        raise ValidationError(errors)
    ext = ExtensionRequest.objects.create(item=item, requested_deadline=requested_deadline, reason=reason.strip(),
                                          requested_by=actor)
    EXTENSION_WORKFLOW.log(ext, "extension_request", actor=actor, note=ext.reason,
                           data={"requested_deadline": requested_deadline.isoformat()})
    return ext


def _extension_scope(actor, ext, permission) -> bool:
    """The office decides an item's extensions: the right sits on the item."""
    return may(actor, ext.item, permission)


def _guard_extension_approve(ext, step):
    if ext.item.status not in OPEN_STATUSES:
        return {"status": _("问题已不在整改中，不能延期")}
    return None


def _guard_extension_refuse(ext, step):
    return None if step.note else {"note": _("请写明不同意的理由")}


def _set_decided(ext, step):
    ext.decided_by = step.actor
    ext.decided_at = timezone.now()
    ext.decision_note = step.note
    step.event_data["requested_deadline"] = ext.requested_deadline.isoformat()


def _set_approved(ext, step):
    _set_decided(ext, step)
    step.event_data["old_deadline"] = ext.item.deadline.isoformat()


def _move_deadline(ext, step):
    """Hook of ``approve``: the item (locked with the request) takes the granted deadline."""
    item = ext.item
    item.deadline = ext.requested_deadline
    item.save(update_fields=["deadline", "updated_at"])


#: An item's extension requests (E11): the unit asks (``extension_request``), the office approves
#: or refuses; the lines go to the item's history (``extension_approve`` / ``extension_refuse``).
EXTENSION_WORKFLOW = Workflow(
    model=ExtensionRequest, history=LedgerEvent, subject="extension", history_owner="item", scope=_extension_scope,
    denied=gettext_lazy("无权审批该延期申请"), transitions=[
        T("approve", gettext_lazy("同意延期"), (ExtensionStatus.PENDING,), ExtensionStatus.APPROVED, CHANGE,
          _guard_extension_approve, ("decided_by", "decided_at", "decision_note"), _set_approved),
        T("refuse", gettext_lazy("不同意延期"), (ExtensionStatus.PENDING,), ExtensionStatus.REFUSED, CHANGE,
          _guard_extension_refuse, ("decided_by", "decided_at", "decision_note"), _set_decided),
    ])
EXTENSION_WORKFLOW.connect("approve", _move_deadline)
EXTENSION_SERVICES = EXTENSION_WORKFLOW.services("extension")


def extension_approve(*, actor, extension: ExtensionRequest, note: str = "") -> ExtensionRequest:
    """The office grants the requested deadline (the item's deadline moves in the same transaction)."""
    return EXTENSION_SERVICES["approve"](actor=actor, extension=extension, note=note)


def extension_refuse(*, actor, extension: ExtensionRequest, note: str) -> ExtensionRequest:
    """The office refuses; the reason is required."""
    return EXTENSION_SERVICES["refuse"](actor=actor, extension=extension, note=note)


# ---- rebound (问题反弹, E11) ---------------------------------------------------------------------
@transaction.atomic
def item_rebound(*, actor, item: LedgerItem, description: str, requirement: str, deadline: datetime.date,
                 method: str, follow_up_task=None, today: datetime.date | None = None) -> LedgerItem:
    """A re-check or 回头看 finds a closed problem again: a new ledger item (issued) linked to the
    original, which stays closed; both histories record it. Only one open rebound per original."""
    original = _lock(item)
    _check(actor, original, RECHECK, _("无权复查该问题"))
    if original.status != S.CLOSED:
        raise ValidationError({"status": _("只有已销号的问题才会反弹")})
    errors = {}
    if method not in RecheckMethod.values:
        errors["method"] = _("请选择复查方式（暗访、抽查或实地查看）")
    if not (description or "").strip():
        errors["description"] = _("请描述反弹情况")
    if not (requirement or "").strip():
        errors["requirement"] = _("请填写整改要求")
    if not isinstance(deadline, datetime.date) or deadline <= _today(today):
        errors["deadline"] = _("请给出晚于今天的整改期限")
    if original.rebounds.exclude(status=S.CLOSED).exists():
        errors["status"] = _("该问题已有未销号的反弹问题")
    if errors:
        raise ValidationError(errors)
    rebound = LedgerItem.objects.create(
        source=LedgerSource.RECHECK, source_reference=follow_up_task.title if follow_up_task else "",
        unit_id=original.unit_id, region_path=original.region_path, description=description.strip(),
        category=original.category, severity=original.severity, routing=original.routing,
        requirement=requirement.strip(), deadline=deadline, original_deadline=deadline,
        responsible_person=original.responsible_person, rebound_of=original, created_by=actor)
    data = {"method": method, "rebound": rebound.pk, "original": original.pk}
    if follow_up_task is not None:
        data["task"] = follow_up_task.pk
    log(item=original, action="rebound", actor=actor, note=rebound.description, data=data)
    log(item=rebound, action="issue", actor=actor, note=_("问题反弹，原问题编号%(n)s") % {"n": original.pk},
        data=data, to_status=S.ISSUED)
    return rebound


# ---- 督办 (E4): the office issues the drafted 督办通知 ------------------------------------------------
def _order_scope(actor, order, permission) -> bool:
    return may_issue_order(actor, order)


def _signed_on(step) -> datetime.date:
    return step.data.get("signed_on") or step.today


def _guard_order_issue(order, step):
    if order.item.status not in OPEN_STATUSES:
        return {"status": _("问题已报送整改结果，无需督办")}
    if order.new_deadline <= _signed_on(step):
        return {"new_deadline": _("督办期限须晚于签发日期")}
    return None


def _set_order_issued(order, step):
    """Draw up the 督办通知 (documents' ``supervision_notice``) and sign the order with it."""
    from dudao.documents.choices import DocumentKind
    from dudao.documents.services import document_issue

    item = order.item
    context = {
        "signed_on": _signed_on(step), "recipient": item.unit.name, "matter": _("逾期未完成整改"),
        "original_deadline": order.overdue_deadline, "outstanding": [item.description],
        "new_deadline": order.new_deadline,
        "requirements": list(step.data.get("requirements") or ()) or [item.requirement],
    }
    doc = document_issue(actor=step.actor, office=order.office, kind=DocumentKind.SUPERVISION_NOTICE,
                         context=context, related=order)
    order.document = doc
    order.issued_by = step.actor
    order.issued_at = timezone.now()
    step.note = doc.number_text or doc.title
    step.event_data.update(level=order.level, document=doc.pk, old_deadline=item.deadline.isoformat(),
                           new_deadline=order.new_deadline.isoformat())


def _order_moves_deadline(order, step):
    """Hook of ``issue``: the item's deadline becomes the order's new deadline."""
    item = order.item
    item.deadline = order.new_deadline
    item.save(update_fields=["deadline", "updated_at"])


#: 督办 (E4): the order's office signs the drafted 督办通知; the line goes to the item's history
#: (``supervision_issued``).
ORDER_WORKFLOW = Workflow(
    model=SupervisionOrder, history=LedgerEvent, subject="order", history_owner="item", scope=_order_scope,
    denied=gettext_lazy("无权签发该督办通知"), transitions=[
        T("issue", gettext_lazy("签发督办通知"), (OrderStatus.DRAFT,), OrderStatus.ISSUED, CHANGE, _guard_order_issue,
          ("document", "issued_by", "issued_at"), _set_order_issued, action="supervision_issued"),
    ])
ORDER_WORKFLOW.connect("issue", _order_moves_deadline)
_order_issue = ORDER_WORKFLOW.service("issue", "order")


def order_issue(*, actor, order, signed_on: datetime.date | None = None, requirements=()):
    """The order's office signs the drafted 督办通知 (documents' ``supervision_notice``): the item's
    deadline becomes the order's new deadline; the item's history records it."""
    return _order_issue(actor=actor, order=order, signed_on=signed_on, requirements=list(requirements))


# ---- 联动办理 (E12, E13): a department records that it has done its part --------------------------
def _guard_action_complete(action, step):
    return None if (step.data.get("result") or "").strip() else {"result": _("请填写办理结果")}


def _set_action_done(action, step):
    action.result = step.data["result"].strip()
    action.done_at = timezone.now()
    action.done_by = step.actor
    step.note = step.note or action.result
    step.event_data.update(department=action.department_id, kind=action.kind)


#: A department's (or the mediation station's) part of a 大事 (``routing.item_route``); its scope is
#: ``DepartmentAction.objects.for_user``: the office of the item's region or the department's users.
ACTION_WORKFLOW = Workflow(
    model=DepartmentAction, history=LedgerEvent, subject="action", history_owner="item", transitions=[
        T("complete", gettext_lazy("部门办结"), (ActionStatus.OPEN,), ActionStatus.DONE, CHANGE, _guard_action_complete,
          ("result", "done_at", "done_by"), _set_action_done, action="action_done"),
    ])
action_complete = ACTION_WORKFLOW.service("complete", "action")
