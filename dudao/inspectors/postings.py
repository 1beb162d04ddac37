"""挂牌督导 (F2, C1): posting responsible inspectors to schools, the ratio rules and coverage.

Rules (each a region setting): at most N (5) schools per inspector; a school with enrolment ≥ M
(2,000) has an inspector who holds only that school (1∶1); every school and kindergarten has exactly
one current responsible inspector (one open posting per school is a database constraint; coverage
shows the gaps). A rule breach is refused with its reason unless an office administrator
overrides with a written reason (audited), as for recusal."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from dudao.audit.models import AuditAction
from dudao.audit.recorder import record
from dudao.common.scoping import get_for_user_or_404, region_in_scope
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit
from dudao.regionsettings.services import effective_settings
from dudao.schools.selectors import enrolment_totals

from .choices import InspectorStatus
from .models import Inspector, Posting
from .recusal import is_office_admin_for, recusal_enforce
from .services import has_pre_service_training


def ratio_violations(inspector: Inspector, school: Unit) -> list[str]:
    """Why posting ``inspector`` to ``school`` would break the ratio rules (empty: it would not)."""
    settings = effective_settings(school.region, ["posting.max_schools_per_inspector",
                                                  "posting.large_school_enrolment"])
    max_schools = int(settings["posting.max_schools_per_inspector"].value)
    large = int(settings["posting.large_school_enrolment"].value)
    held = Posting.objects.filter(inspector=inspector, end_date__isnull=True).exclude(school=school)
    held_ids = list(held.values_list("school_id", flat=True))
    sizes = enrolment_totals(held_ids + [school.pk])
    out = []
    if len(held_ids) + 1 > max_schools:
        out.append(_("该督学已负责%(n)s所学校，每名责任督学最多负责%(max)s所") % {"n": len(held_ids), "max": max_schools})
    if sizes.get(school.pk, 0) >= large and held_ids:
        out.append(_("该学校在校生%(n)s人（≥%(large)s），须由责任督学1∶1专门负责，而该督学已负责其他%(k)s所学校")
                   % {"n": sizes[school.pk], "large": large, "k": len(held_ids)})
    big_held = [sid for sid in held_ids if sizes.get(sid, 0) >= large]
    if big_held:
        names = "、".join(Unit.objects.filter(pk__in=big_held).values_list("name", flat=True))
        out.append(_("该督学负责的%(names)s为在校生%(large)s人以上的学校（1∶1），不能再负责其他学校")
                   % {"names": names, "large": large})
    return out


def _check_override_allowed(actor, school, override_reason: str) -> None:
    if actor is not None and not is_office_admin_for(actor, school.region):
        raise PermissionDenied(_("只有督导室管理员可以批准例外"))
    if len(override_reason) < 5:
        raise ValidationError({"override_reason": _("请写明批准例外的理由（至少5个字）")})


@transaction.atomic
def posting_create(*, actor, inspector: Inspector, school: Unit, start_date: datetime.date | None = None,
                   override_reason: str = "") -> Posting:
    """Post ``inspector`` as the responsible inspector of ``school`` (挂牌)."""
    start_date = start_date or datetime.date.today()
    school = get_for_user_or_404(Unit.objects.select_for_update(), actor, "view", pk=school.pk)
    if actor is not None and not region_in_scope(actor, "inspectors.add_posting", school.region):
        raise PermissionDenied(_("无权为该学校挂牌"))
    inspector = get_for_user_or_404(Inspector.objects.select_for_update(), actor, "view", pk=inspector.pk)
    if school.kind not in SCHOOL_KINDS or not school.is_active:
        raise ValidationError({"school": _("只能为有效的学校或幼儿园挂牌")})
    if inspector.status != InspectorStatus.ACTIVE:
        raise ValidationError({"inspector": _("该督学已退出，不能挂牌")})
    if not has_pre_service_training(inspector, start_date):
        raise ValidationError({"inspector": _("该督学尚无岗前培训记录，须先参加岗前培训再挂牌")})
    if Posting.objects.filter(school=school, end_date__isnull=True).exists():
        raise ValidationError({"school": _("该学校已有在岗责任督学；如需更换，请使用“更换责任督学”")})
    override_reason = (override_reason or "").strip()
    recusal_enforce(actor=actor, inspector=inspector, unit=school, on_date=start_date,
                    override_reason=override_reason, context="posting")
    violations = ratio_violations(inspector, school)
    if violations:
        if not override_reason:
            raise ValidationError({"inspector": "；".join(violations)})
        _check_override_allowed(actor, school, override_reason)
        record(action=AuditAction.OVERRIDE, instance=inspector, object_repr=f"{inspector} → {school}"[:255],
               after={"ratio_override": violations, "unit_id": school.pk, "context": "posting"},
               note=_("挂牌配比例外批准：%(r)s") % {"r": override_reason}, actor=actor)
    try:
        with transaction.atomic():
            return Posting.objects.create(inspector=inspector, school=school, region_path=school.region_path,
                                          start_date=start_date, override_reason=override_reason, created_by=actor)
    except IntegrityError as exc:
        raise ValidationError({"school": _("该学校已有在岗责任督学")}) from exc


@transaction.atomic
def posting_end(*, actor, posting: Posting, end_date: datetime.date | None = None, reason: str = "") -> Posting:
    """End a posting (it stays in the history)."""
    posting = get_for_user_or_404(Posting.objects.select_for_update(), actor, "change", pk=posting.pk)
    if posting.end_date is not None:
        raise ValidationError({"end_date": _("该挂牌已结束")})
    end_date = end_date or datetime.date.today()
    if end_date < posting.start_date:
        raise ValidationError({"end_date": _("结束日期不能早于挂牌日期")})
    posting.end_date, posting.end_reason = end_date, (reason or "").strip()
    posting.save(update_fields=["end_date", "end_reason"])
    return posting


@transaction.atomic
def posting_replace(*, actor, posting: Posting, inspector: Inspector, on_date: datetime.date | None = None,
                    reason: str = "", override_reason: str = "") -> Posting:
    """动态更替: the school's responsible inspector changes on ``on_date``; both postings are kept."""
    on_date = on_date or datetime.date.today()
    old = get_for_user_or_404(Posting.objects.select_for_update(), actor, "change", pk=posting.pk)
    if old.inspector_id == inspector.pk:
        raise ValidationError({"inspector": _("新责任督学与原责任督学相同")})
    if old.end_date is not None:
        raise ValidationError({"posting": _("该挂牌已结束")})
    if on_date < old.start_date:
        raise ValidationError({"on_date": _("更换日期不能早于原挂牌日期")})
    old.end_date, old.end_reason = on_date, (reason or _("更换责任督学")).strip()
    old.save(update_fields=["end_date", "end_reason"])
    # If the new posting is refused, the whole replacement rolls back (the old one stays open).
    return posting_create(actor=actor, inspector=inspector, school=old.school, start_date=on_date,
                          override_reason=override_reason)


@dataclass
class Coverage:
    """Coverage of a region's schools by responsible inspectors (F2, C1)."""

    region: object
    max_schools: int
    large_enrolment: int
    schools: list = field(default_factory=list)
    uncovered: list = field(default_factory=list)
    overloaded: list = field(default_factory=list)  # [(inspector, [schools], reasons)]
    inspectors: int = 0
    enrolment: dict = field(default_factory=dict)
    current: dict = field(default_factory=dict)  # school id → posting

    @property
    def covered(self) -> int:
        return len(self.schools) - len(self.uncovered)

    @property
    def percent(self) -> float:
        return round(100.0 * self.covered / len(self.schools), 1) if self.schools else 100.0

    @property
    def ratio(self) -> float:
        return round(self.covered / self.inspectors, 2) if self.inspectors else 0.0


def coverage(region, *, units_qs=None, postings_qs=None, on_date=None) -> Coverage:
    """Compute coverage of ``region`` (and below). Querysets come scoped from the caller. ``on_date``:
    the postings in force that day (``PostingQuerySet.current``); default the open postings. The
    schools are today's (active) schools either way."""
    settings = effective_settings(region, ["posting.max_schools_per_inspector", "posting.large_school_enrolment"])
    cov = Coverage(region=region, max_schools=int(settings["posting.max_schools_per_inspector"].value),
                   large_enrolment=int(settings["posting.large_school_enrolment"].value))
    units_qs = units_qs if units_qs is not None else Unit.objects.all()
    postings_qs = postings_qs if postings_qs is not None else Posting.objects.all()
    cov.schools = list(units_qs.filter(kind__in=SCHOOL_KINDS, is_active=True,
                                       region_path__startswith=region.path).order_by("region_path", "name"))
    school_ids = [s.pk for s in cov.schools]
    cov.enrolment = enrolment_totals(school_ids)
    current = list(postings_qs.current(on_date).filter(school_id__in=school_ids).select_related("inspector"))
    cov.current = {p.school_id: p for p in current}
    cov.uncovered = [s for s in cov.schools if s.pk not in cov.current]
    by_inspector: dict[int, list] = {}
    for p in current:
        by_inspector.setdefault(p.inspector_id, []).append(p)
    cov.inspectors = len(by_inspector)
    # Load every open posting of these inspectors (also outside the region) to judge their load.
    totals = dict(Posting.objects.current(on_date).filter(inspector_id__in=list(by_inspector))
                  .values("inspector_id").annotate(n=Count("id")).values_list("inspector_id", "n"))
    names = {s.pk: s for s in cov.schools}
    for inspector_id, postings in by_inspector.items():
        n = totals.get(inspector_id, len(postings))
        reasons = []
        if n > cov.max_schools:
            reasons.append(_("负责%(n)s所，超过%(max)s所") % {"n": n, "max": cov.max_schools})
        large = [p for p in postings if cov.enrolment.get(p.school_id, 0) >= cov.large_enrolment]
        if large and n > 1:
            reasons.append(_("负责大规模学校（≥%(l)s人）但未1∶1配备") % {"l": cov.large_enrolment})
        if reasons:
            cov.overloaded.append((postings[0].inspector, [names[p.school_id] for p in postings], reasons))
    cov.overloaded.sort(key=lambda t: t[0].name)
    return cov
