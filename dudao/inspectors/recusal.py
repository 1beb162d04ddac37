"""Recusal (回避, F6): the ONE check used wherever an inspector is put on a unit — postings here,
inspection teams in the supervision-task module.

    reasons = recusal_check(inspector, unit, on_date)        # [] when there is no conflict
    recusal_enforce(actor=..., inspector=..., unit=..., on_date=..., override_reason=...)

A conflict refuses the assignment with its reasons; only an office administrator may override it,
with a written reason that the audit log keeps."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditAction
from dudao.audit.recorder import record
from dudao.common.scoping import user_assignments
from dudao.regionsettings.services import get_setting

from .choices import ConflictKind
from .models import DeclaredConflict, EmploymentRecord, Inspector


@dataclass(frozen=True)
class RecusalReason:
    code: str  # "employer", "former_employer", "close_relative", "declared"
    message: str


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def recusal_check(inspector: Inspector, unit, on_date: datetime.date | None = None) -> list[RecusalReason]:
    """Why ``inspector`` may not supervise ``unit`` on ``on_date`` (empty list: no conflict).

    Rules (条例 Art. 10 plus the configurable local rule): the inspector works there now; worked
    there within N years (region setting ``recusal.former_employer_years``); a declared close
    relative is the unit's serving principal (or the declaration names the unit); any other
    declared interest in the unit."""
    from dudao.schools.models import PrincipalTenure

    on_date = on_date or datetime.date.today()
    reasons: list[RecusalReason] = []
    if inspector.employer_id == unit.pk:
        reasons.append(RecusalReason("employer", _("该督学现在该单位工作")))
    years = int(get_setting(unit.region, "recusal.former_employer_years"))
    since = _years_before(on_date, years)
    employments = EmploymentRecord.objects.filter(inspector=inspector, unit=unit).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)
    ).filter(Q(start_date__isnull=True) | Q(start_date__lte=on_date))
    for emp in employments:
        if emp.end_date is None or emp.end_date >= on_date:
            if not any(r.code == "employer" for r in reasons):
                reasons.append(RecusalReason("employer", _("该督学现在该单位工作")))
        else:
            reasons.append(RecusalReason(
                "former_employer",
                _("该督学%(y)s年内曾在该单位工作（至%(d)s）") % {"y": years, "d": emp.end_date.isoformat()},
            ))
    conflicts = list(DeclaredConflict.objects.filter(inspector=inspector))
    relatives = [c for c in conflicts if c.kind == ConflictKind.CLOSE_RELATIVE]
    if relatives:
        principals = set(
            PrincipalTenure.objects.filter(school=unit, start_date__lte=on_date)
            .filter(Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=on_date))
            .values_list("name", flat=True)
        )
        for c in relatives:
            if c.unit_id == unit.pk or (c.relative_name and c.relative_name in principals):
                reasons.append(RecusalReason(
                    "close_relative",
                    _("该单位主要负责人%(n)s是该督学申报的近亲属") % {"n": c.relative_name or _("（已申报）")},
                ))
    for c in conflicts:
        if c.kind == ConflictKind.OTHER and c.unit_id == unit.pk:
            reasons.append(RecusalReason("declared", _("该督学申报了与该单位的利害关系：%(n)s") % {"n": c.note or "—"}))
    return reasons


def is_office_admin_for(actor, region) -> bool:
    """Is ``actor`` an office administrator whose assignment covers ``region``?"""
    for a in user_assignments(actor):
        if a.role != RoleCode.OFFICE_ADMIN:
            continue
        if a.region_id is None and a.unit_id is None:
            return True
        if a.region_id is not None and (region.pk == a.region_id or (a.recursive and region.path.startswith(a.region.path))):
            return True
    return False


def recusal_enforce(*, actor, inspector: Inspector, unit, on_date, override_reason: str = "",
                    context: str = "") -> list[RecusalReason]:
    """Refuse (ValidationError naming the reasons) unless there is no conflict or an office
    administrator overrides with a written reason; an override is written to the audit log.
    Returns the overridden reasons (empty when there was no conflict)."""
    reasons = recusal_check(inspector, unit, on_date)
    if not reasons:
        return []
    text = "；".join(r.message for r in reasons)
    override_reason = (override_reason or "").strip()
    if not override_reason:
        raise ValidationError({"inspector": _("需回避：%(r)s") % {"r": text}})
    if actor is not None and not is_office_admin_for(actor, unit.region):
        raise PermissionDenied(_("只有督导室管理员可以批准回避例外"))
    if len(override_reason) < 5:
        raise ValidationError({"override_reason": _("请写明批准例外的理由（至少5个字）")})
    record(action=AuditAction.OVERRIDE, instance=inspector, object_repr=f"{inspector} → {unit}"[:255],
           after={"recusal_override": [r.code for r in reasons], "unit_id": unit.pk, "unit": str(unit),
                  "context": context, "reasons": text},
           note=_("回避例外批准：%(reason)s") % {"reason": override_reason}, actor=actor)
    return reasons
