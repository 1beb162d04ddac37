"""Complaint services (E11, F8, F9): a complaint sent from a school's public page; entries from the
12345 hotline, the media and upper-level feedback; triage of complaints into the ledger or their
dismissal with a reason, in one transaction with the complaint's transition; handling without the
ledger; the public lookup by code, which shows the complainant the outcome and nothing else.

The complainant's name, phone and IP stay on the ``Complaint`` (which units cannot see);
what reaches the ledger item is the substance as the office words it, with phone numbers, identity
card numbers, e-mail addresses and the complainant's name masked (``dudao.common.redaction``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.redaction import redact
from dudao.common.scoping import get_for_user_or_404, region_in_scope
from dudao.ledger.choices import LedgerSource, LedgerStatus
from dudao.ledger.models import LedgerItem
from dudao.ledger.services import validate_problem
from dudao.ledger.workflows import log

from .choices import STAFF_SOURCES, ComplaintKind, ComplaintSource, ComplaintStatus, TriageDecision
from .models import Complaint, ComplaintTriage
from .workflows import WORKFLOW

#: The ledger source of an accepted complaint, by the complaint's source (public page and QR code:
#: 群众投诉).
LEDGER_SOURCE = {"hotline": LedgerSource.HOTLINE, "12345": LedgerSource.HOTLINE, "media": LedgerSource.MEDIA,
                 "upper_feedback": LedgerSource.UPPER_FEEDBACK}
#: What the complainant reads about an accepted complaint's rectification: plain words, no details.
PUBLIC_PROGRESS = {
    LedgerStatus.ISSUED: gettext_lazy("已责成被反映单位限期整改"),
    LedgerStatus.PLAN_SUBMITTED: gettext_lazy("被反映单位已制定整改方案"),
    LedgerStatus.IN_PROGRESS: gettext_lazy("被反映单位正在整改"),
    LedgerStatus.REPORTED: gettext_lazy("被反映单位已报告整改结果，等待督导部门复查"),
    LedgerStatus.RECHECKING: gettext_lazy("督导部门正在复查整改情况"),
    LedgerStatus.CLOSED: gettext_lazy("经督导部门复查，问题已整改到位"),
}
TRIAGE = "complaints.add_complainttriage"


@transaction.atomic
def complaint_register(*, actor, unit, source: str, content: str, contact_name: str = "", contact_phone: str = "",
                       reference: str = ""):
    """Office staff enter a report that came by the 12345 hotline, the media or upper-level
    feedback about ``unit``. It lands in the complaint inbox like a public submission (with its own
    lookup code for the complainant) and is triaged the same way."""
    if actor is not None and not region_in_scope(actor, "complaints.add_complaint", unit.region):
        raise PermissionDenied(_("无权为该单位登记举报投诉"))
    errors = {}
    if source not in STAFF_SOURCES:
        errors["source"] = _("请选择来源：12345热线、媒体反映或上级反馈")
    if not (content or "").strip():
        errors["content"] = _("请填写反映内容")
    if not unit.is_active:
        errors["unit"] = _("该单位已停用")
    if errors:
        raise ValidationError(errors)
    complaint = Complaint(school=unit, region_path=unit.region_path, kind=ComplaintKind.PROBLEM,
                          content=content.strip(), contact_name=(contact_name or "").strip(),
                          contact_phone=(contact_phone or "").strip(), source=source,
                          reference=(reference or "").strip())
    complaint.full_clean(exclude=["school", "inspector", "lookup_code"])
    complaint.save()
    WORKFLOW.log(complaint, "register", actor=actor, to_status=complaint.status,
                 data={"source": source, "reference": complaint.reference})
    return complaint


@transaction.atomic
def complaint_submit(*, school, kind: str, content: str, contact_name: str = "", contact_phone: str = "",
                     inspector=None, source: str = ComplaintSource.PUBLIC_PAGE, ip=None, user_agent: str = ""):
    """A complaint sent from a school's public page (F8, F9; anonymous, so no actor): it lands in
    the office inbox with its lookup code. ``inspector`` is the school's responsible inspector when
    the complaint is about them."""
    complaint = Complaint.objects.create(
        school=school, region_path=school.region_path,
        inspector=inspector if kind == ComplaintKind.INSPECTOR else None, kind=kind, content=content.strip(),
        contact_name=(contact_name or "").strip(), contact_phone=(contact_phone or "").strip(), source=source,
        ip=ip or None, user_agent=(user_agent or "")[:255])
    WORKFLOW.log(complaint, "submit", to_status=complaint.status, data={"source": source})
    return complaint


def _lock_complaint(actor, complaint):
    try:
        complaint = get_for_user_or_404(Complaint.objects.select_for_update(of=("self",)).select_related(
            "school__region"), actor, "change", pk=complaint.pk)
    except Exception as exc:
        raise PermissionDenied(_("无权处理该举报投诉")) from exc
    if actor is not None and not region_in_scope(actor, TRIAGE, complaint.school.region):
        raise PermissionDenied(_("无权处理该举报投诉"))
    if ComplaintTriage.objects.filter(complaint=complaint).exists() or complaint.status != ComplaintStatus.NEW:
        raise ValidationError({"status": _("该举报投诉已处理")})
    return complaint


def complaint_handle(*, actor, complaint, status: str, note: str = ""):
    """Set a complaint's status as the inbox form and ``PATCH /corps/complaints/{id}`` ask (F9):
    ``handled`` is the 办结 transition, ``new`` the 重新处理 one — both through the kernel."""
    name = {ComplaintStatus.HANDLED: "handle", ComplaintStatus.NEW: "reopen"}.get(status)
    if name is None:
        raise ValidationError({"status": _("状态无效")})
    return WORKFLOW.apply(actor=actor, obj=complaint, name=name, note=note)


@transaction.atomic
def complaint_accept(*, actor, complaint, category: str, requirement: str, deadline: datetime.date,
                     description: str = "", severity: str = "minor", unit=None, today=None) -> ComplaintTriage:
    """Accept a complaint into the ledger as a problem of ``unit`` (by default the school it was
    made about). Only the complaint's substance (as the office words it, personal data masked)
    reaches the item; the complainant's name, phone and IP stay on the complaint, which the unit
    cannot see. The triage keeps the complaint's lookup code. The ledger item, its ``issue`` line,
    the triage and the complaint's 受理 transition are written in one transaction."""
    complaint = _lock_complaint(actor, complaint)
    if complaint.kind != ComplaintKind.PROBLEM:
        raise ValidationError({"complaint": _("投诉督学的请按督学问责程序立案")})
    unit = unit or complaint.school
    if actor is not None and not region_in_scope(actor, "ledger.add_ledgeritem", unit.region):
        raise ValidationError({"unit": _("不存在或无权访问")})
    names = [complaint.contact_name]
    description = redact((description or complaint.content).strip(), names)
    requirement = redact((requirement or "").strip(), names)
    validate_problem(description=description, category=category, severity=severity, routing="small",
                     requirement=requirement, deadline=deadline, region=unit.region, today=today)
    source = LEDGER_SOURCE.get(complaint.source, LedgerSource.COMPLAINT)
    item = LedgerItem.objects.create(
        source=source, source_reference=_("举报投诉第%(n)s号") % {"n": complaint.pk}, unit=unit,
        region_path=unit.region_path, description=description, category=category, severity=severity,
        requirement=requirement, deadline=deadline, original_deadline=deadline, created_by=actor)
    triage = ComplaintTriage.objects.create(complaint=complaint, region_path=complaint.region_path,
                                            decision=TriageDecision.ACCEPTED, ledger_item=item, decided_by=actor,
                                            lookup_code=complaint.lookup_code)
    log(item=item, action="issue", actor=actor, to_status=item.status,
        data={"deadline": deadline.isoformat(), "complaint": complaint.pk})
    WORKFLOW.apply(actor=actor, obj=complaint, name="accept", note=_("已受理，纳入问题台账"),
                   data={"ledger_item": item.pk})
    return triage


@transaction.atomic
def complaint_dismiss(*, actor, complaint, reason: str) -> ComplaintTriage:
    """Dismiss with a reason the complainant can read with the lookup code."""
    complaint = _lock_complaint(actor, complaint)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请写明不予受理的理由")})
    triage = ComplaintTriage.objects.create(complaint=complaint, region_path=complaint.region_path,
                                            decision=TriageDecision.DISMISSED, reason=reason.strip(),
                                            decided_by=actor, lookup_code=complaint.lookup_code)
    WORKFLOW.apply(actor=actor, obj=complaint, name="dismiss", note=reason.strip())
    return triage


def triage_state(complaint) -> dict:
    """Where a complaint stands in triage (for the office's page and API)."""
    triage = ComplaintTriage.objects.filter(complaint=complaint).select_related("ledger_item").first()
    return {"triage": triage, "decided": triage is not None,
            "can_triage": triage is None and complaint.status == "new" and complaint.kind == "problem"}


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def complaint_lookup(code: str) -> dict | None:
    """What the public may read for a lookup code: when it was received, where it stands, the
    dismissal reason, and for an accepted complaint the rectification's progress in plain words —
    never names, contacts, the unit or its answers, or internal notes."""
    code = normalise_code(code)
    if not code:
        return None
    complaint = Complaint.objects.filter(lookup_code=code).only("pk", "created_at", "status").first()
    if complaint is not None:
        triage = ComplaintTriage.objects.filter(complaint=complaint).select_related("ledger_item").first()
    else:  # triaged before complaints carried their own code
        triage = (ComplaintTriage.objects.filter(lookup_code=code).select_related("ledger_item", "complaint")
                  .first())
        complaint = triage.complaint if triage else None
    if complaint is None:
        return None
    out = {"received_on": complaint.created_at.date().isoformat(), "decision": None, "decided_on": None}
    if triage is None:
        out["state"] = _("已办结") if complaint.status == "handled" else _("已收到，正在核实")
        return out
    out.update(decision=triage.get_decision_display(), decided_on=triage.decided_at.date().isoformat(),
               state=triage.get_decision_display())
    if triage.decision == TriageDecision.DISMISSED:
        out["reason"] = triage.reason
    else:
        out["status"] = triage.ledger_item.get_status_display()
        out["progress"] = str(PUBLIC_PROGRESS[triage.ledger_item.status])
    return out
