"""Three-way routing (E12): small matters stay with the school's own supervision office, hard ones
with the supervision office, big ones create linked actions for the named departments — and for
the 教育纠纷调解 station when the problem is a dispute (E13) — each with its own deadline."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.inspections.choices import Routing

from . import workflows
from .choices import ActionKind, LedgerStatus
from .models import DepartmentAction, LedgerItem
from .workflows import log, may


def may_route(actor, item: LedgerItem) -> bool:
    """May the actor route the item (the office, while it is not closed)?"""
    return item.status != LedgerStatus.CLOSED and may(actor, item, "change")


def may_complete_action(actor, action: DepartmentAction) -> bool:
    """May the actor record the action as done: the office of the item's region or the
    department's own users (``DepartmentAction.objects.for_user(actor, "change")``)?"""
    return workflows.ACTION_WORKFLOW.may(actor, action, workflows.CHANGE)


@transaction.atomic
def item_route(*, actor, item, routing: str, departments=(), action_deadline: datetime.date | None = None,
               task: str = "", dispute: bool = False, mediation_unit=None,
               today: datetime.date | None = None) -> LedgerItem:
    """The office routes an open item. 大事 names its departments (and the mediation station for a
    dispute) and gives them a task and a deadline; each becomes a ``DepartmentAction``."""
    item = LedgerItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if actor is not None and not may(actor, item, "change"):
        raise PermissionDenied(_("无权办理该问题"))
    if item.status == LedgerStatus.CLOSED:
        raise ValidationError({"status": _("问题已销号")})
    departments = list(departments)
    errors = {}
    if routing not in Routing.values:
        errors["routing"] = _("未知的办理分类")
    elif routing == Routing.MAJOR:
        if not departments:
            errors["departments"] = _("大事须写明联动部门")
        if not (task or "").strip():
            errors["task"] = _("请写明联动部门承办事项")
        if not isinstance(action_deadline, datetime.date) or action_deadline <= (today or timezone.localdate()):
            errors["action_deadline"] = _("请给出晚于今天的办理期限")
        if dispute and mediation_unit is None:
            errors["mediation_unit"] = _("教育纠纷须指定调解站")
        if any(not item.region_path.startswith(d.region_path) and not d.region_path.startswith(item.region_path)
               for d in departments):
            errors["departments"] = _("联动部门须在本区域内")
    elif departments or dispute:
        errors["routing"] = _("只有大事才派联动部门办理")
    if errors:
        raise ValidationError(errors)
    old = item.routing
    item.routing = routing
    item.save(update_fields=["routing", "updated_at"])
    created = []
    if routing == Routing.MAJOR:
        targets = [(d, ActionKind.DEPARTMENT) for d in departments]
        if dispute:
            targets.append((mediation_unit, ActionKind.MEDIATION))
        existing = set(item.actions.values_list("department_id", "kind"))
        created = DepartmentAction.objects.bulk_create([
            DepartmentAction(item=item, kind=kind, department=d, task=task.strip(), deadline=action_deadline)
            for d, kind in targets if (d.pk, kind) not in existing])
    log(item=item, action="route", actor=actor, note=task or "",
        data={"from": old, "to": routing, "departments": [a.department_id for a in created], "dispute": dispute})
    return item


def action_complete(*, actor, action: DepartmentAction, result: str) -> DepartmentAction:
    """The department (or the mediation station) — or the office for it — records that it has
    done its part (``workflows.ACTION_WORKFLOW``; the line goes to the item's history)."""
    return workflows.action_complete(actor=actor, action=action, result=result)
