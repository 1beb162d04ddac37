"""Complaint intake (E11, F8): triage public complaints and 12345 hotline entries into the ledger
or dismiss them with a reason; the public lookup by code shows the complainant the outcome and
nothing else."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dudao.accounts.scoping import get_for_user_or_404

from .choices import LedgerSource, TriageDecision
from .models import ComplaintTriage, LedgerItem
from .services import _validate
from .workflows import log


def _lock_complaint(actor, complaint):
    from dudao.inspectors.choices import ComplaintStatus
    from dudao.inspectors.models import Complaint

    try:
        complaint = get_for_user_or_404(Complaint.objects.select_for_update(of=("self",)).select_related("school"),
                                        actor, "change", pk=complaint.pk)
    except Exception as exc:
        raise PermissionDenied(_("无权处理该举报投诉")) from exc
    if ComplaintTriage.objects.filter(complaint=complaint).exists() or complaint.status != ComplaintStatus.NEW:
        raise ValidationError({"status": _("该举报投诉已处理")})
    return complaint


def _mark_handled(complaint, note):
    from dudao.inspectors.workflows import complaint_handle

    complaint_handle(actor=None, complaint=complaint, status="handled", note=note)


@transaction.atomic
def complaint_accept(*, actor, complaint, category: str, requirement: str, deadline: datetime.date,
                     description: str = "", severity: str = "minor", today=None) -> ComplaintTriage:
    """Accept a complaint about a school into the ledger. Only the complaint's substance (as the
    office words it) reaches the item; the complainant's name, phone and IP stay on the complaint,
    which the unit cannot see."""
    from dudao.inspectors.choices import ComplaintKind

    complaint = _lock_complaint(actor, complaint)
    if complaint.kind != ComplaintKind.PROBLEM:
        raise ValidationError({"complaint": _("投诉督学的请按督学问责程序立案")})
    description = (description or complaint.content).strip()
    _validate(description=description, category=category, severity=severity, routing="small",
              requirement=requirement, deadline=deadline, today=today)
    source = LedgerSource.HOTLINE if complaint.source in ("hotline", "12345") else LedgerSource.COMPLAINT
    unit = complaint.school
    item = LedgerItem.objects.create(
        source=source, source_reference=_("举报投诉第%(n)s号") % {"n": complaint.pk}, unit=unit,
        region_path=unit.region_path, description=description, category=category, severity=severity,
        requirement=requirement.strip(), deadline=deadline, original_deadline=deadline, created_by=actor)
    triage = ComplaintTriage.objects.create(complaint=complaint, region_path=complaint.region_path,
                                            decision=TriageDecision.ACCEPTED, ledger_item=item, decided_by=actor)
    log(item=item, action="issue", actor=actor, to_status=item.status,
        data={"deadline": deadline.isoformat(), "complaint": complaint.pk})
    _mark_handled(complaint, _("已受理，纳入问题台账"))
    return triage


@transaction.atomic
def complaint_dismiss(*, actor, complaint, reason: str) -> ComplaintTriage:
    """Dismiss with a reason the complainant can read with the lookup code."""
    complaint = _lock_complaint(actor, complaint)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请写明不予受理的理由")})
    triage = ComplaintTriage.objects.create(complaint=complaint, region_path=complaint.region_path,
                                            decision=TriageDecision.DISMISSED, reason=reason.strip(),
                                            decided_by=actor)
    _mark_handled(complaint, reason.strip())
    return triage


def complaint_lookup(code: str) -> dict | None:
    """What the public may read for a lookup code: the decision, the dismissal reason, and for an
    accepted complaint the ledger item's status — never names, contacts or the unit's answers."""
    triage = (ComplaintTriage.objects.select_related("ledger_item").filter(lookup_code=(code or "").strip().upper())
              .first())
    if triage is None:
        return None
    out = {"decision": triage.get_decision_display(), "decided_on": triage.decided_at.date().isoformat()}
    if triage.decision == TriageDecision.DISMISSED:
        out["reason"] = triage.reason
    else:
        out["status"] = triage.ledger_item.get_status_display()
    return out
