"""Writes on the ledger other than the rectification transitions (those are in ``workflows``):
registering problems from any source (E11) and taking every finding of a task or visit into the
ledger so that none falls through."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts.scoping import region_in_scope
from dudao.inspections.choices import FindingCategory, Routing, Severity

from .choices import LedgerSource, LedgerStatus
from .models import LedgerItem
from .workflows import log

ADD = "ledger.add_ledgeritem"
#: Sources an office registers by hand; task and visit findings come through ``item_from_finding``.
MANUAL_SOURCES = (LedgerSource.MONITORING, LedgerSource.COMPLAINT, LedgerSource.HOTLINE, LedgerSource.MEDIA,
                  LedgerSource.UPPER_FEEDBACK)


def _validate(*, description, category, severity, routing, requirement, deadline, today):
    errors = {}
    if not (description or "").strip():
        errors["description"] = _("请描述问题")
    if not (requirement or "").strip():
        errors["requirement"] = _("请填写整改要求")
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = _("请填写整改期限")
    elif deadline < (today or timezone.localdate()):
        errors["deadline"] = _("整改期限不能早于今天")
    if category not in FindingCategory.values:
        errors["category"] = _("未知的问题类别")
    if severity not in Severity.values:
        errors["severity"] = _("未知的严重程度")
    if routing not in Routing.values:
        errors["routing"] = _("未知的办理分类")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def ledger_item_create(*, actor, unit, source: str, description: str, category: str, requirement: str,
                       deadline: datetime.date, severity: str = Severity.MINOR, routing: str = Routing.SMALL,
                       responsible_person: str = "", source_reference: str = "", responsible_users=(),
                       today: datetime.date | None = None) -> LedgerItem:
    """The office registers a problem from monitoring, a complaint, the hotline, the media or
    upper-level feedback (E11); it starts as issued (整改通知 with requirement and deadline)."""
    if actor is not None and not region_in_scope(actor, ADD, unit.region):
        raise PermissionDenied(_("无权为该单位登记问题"))
    if source not in MANUAL_SOURCES:
        raise ValidationError({"source": _("该来源的问题须从督导任务或经常性督导登记")})
    _validate(description=description, category=category, severity=severity, routing=routing,
              requirement=requirement, deadline=deadline, today=today)
    item = LedgerItem.objects.create(
        source=source, source_reference=(source_reference or "").strip(), unit=unit, region_path=unit.region_path,
        description=description.strip(), category=category, severity=severity, routing=routing,
        requirement=requirement.strip(), deadline=deadline, original_deadline=deadline,
        responsible_person=(responsible_person or "").strip(), created_by=actor)
    if responsible_users:
        item.responsible_users.set(responsible_users)
    log(item=item, action="issue", actor=actor, to_status=LedgerStatus.ISSUED,
        data={"deadline": deadline.isoformat()})
    return item


def _from_finding(finding, actor) -> LedgerItem:
    item = LedgerItem.objects.create(
        finding=finding, source=LedgerSource.TASK if finding.task_id else LedgerSource.VISIT,
        source_reference=finding.task.title if finding.task_id else str(finding.visit),
        unit_id=finding.responsible_unit_id, region_path=finding.responsible_unit.region_path,
        description=finding.description, category=finding.category, severity=finding.severity,
        routing=finding.routing, requirement=finding.requirement, deadline=finding.deadline,
        original_deadline=finding.deadline, created_by=actor)
    log(item=item, action="issue", actor=actor, to_status=LedgerStatus.ISSUED,
        data={"finding": finding.pk, "deadline": finding.deadline.isoformat()})
    return item


@transaction.atomic
def ledger_item_from_finding(*, actor, finding) -> LedgerItem:
    """Take a task's or visit's finding into the ledger (idempotent: one item per finding)."""
    from dudao.inspections.models import Finding

    finding = Finding.objects.select_for_update(of=("self",)).select_related(
        "task", "visit", "responsible_unit").get(pk=finding.pk)
    if actor is not None and not region_in_scope(actor, ADD, finding.responsible_unit.region):
        raise PermissionDenied(_("无权登记该问题"))
    existing = LedgerItem.objects.filter(finding=finding).first()
    return existing or _from_finding(finding, actor)


@transaction.atomic
def ledger_sync_findings() -> int:
    """The system takes every finding not yet in the ledger into it (run by the daily job), so
    no finding falls through. Returns how many were added."""
    from dudao.inspections.models import Finding

    pending = (Finding.objects.select_for_update(of=("self",)).filter(ledger_item__isnull=True)
               .select_related("task", "visit", "responsible_unit").order_by("pk"))
    count = 0
    for finding in pending:
        _from_finding(finding, None)
        count += 1
    return count
