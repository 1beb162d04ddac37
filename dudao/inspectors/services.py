"""Writes for the inspector roster, declared conflicts, employment history, training and
appraisal. Keyword-only, one transaction each, scope checked (``actor=None`` = the system)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import get_for_user_or_404, region_in_scope
from dudao.orgs.choices import UnitKind
from dudao.regionsettings.services import get_setting

from .choices import BACHELOR_OR_ABOVE, Expertise, TrainingCategory, TrainingKind, TrainingResult
from .files import ACCEPTED, CERTIFICATE, PHOTO
from .models import Appraisal, DeclaredConflict, EmploymentRecord, Inspector, Posting, TrainingRecord

INSPECTOR_FIELDS = ("name", "user", "kind", "focus", "expertise", "employer", "employer_name", "post_title",
                    "education", "years_in_education", "expert_pool", "talent_pool", "contact_region", "phone",
                    "duties_note", "id_number", "mobile", "home_address")
#: ``photo`` is not a column: an upload (or ``None`` to remove it) goes to ``inspector_photo_set``.
NO_CHANGE = object()

#: Later modules register callables ``(inspector, year) -> dict`` adding appraisal facts
#: (e.g. visits done and reports filed, from the supervision-task module).
APPRAISAL_FACT_PROVIDERS: list = []


def _save(obj, *, update_fields=None):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    try:
        with transaction.atomic():
            obj.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise ValidationError(_("与已有记录重复")) from exc
    return obj


def _require_office(actor, office, perm: str) -> None:
    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"office": _("聘任机构应为教育督导室")})
    if actor is not None and not region_in_scope(actor, perm, office.region):
        raise PermissionDenied(_("无权管理该督导机构的督学"))


def _clean_fields(data: dict) -> dict:
    unknown = set(data) - set(INSPECTOR_FIELDS)
    if unknown:
        raise ValidationError({f: _("未知字段") for f in sorted(unknown)})
    if "expertise" in data:
        valid = set(Expertise.values)
        bad = [e for e in data["expertise"] or [] if e not in valid]
        if bad:
            raise ValidationError({"expertise": _("未知专业领域：%(v)s") % {"v": "、".join(bad)}})
        data["expertise"] = list(dict.fromkeys(data["expertise"] or []))
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


@transaction.atomic
def inspector_create(*, actor, office, photo=None, **data) -> Inspector:
    """Enter an inspector on an office's roster (F3); ``photo``: an upload (JPG or PNG)."""
    _require_office(actor, office, "inspectors.add_inspector")
    data = _clean_fields(data)
    inspector = Inspector(office=office, region_path=office.region_path, **data)
    _save(inspector)
    if inspector.employer_id:
        EmploymentRecord.objects.create(inspector=inspector, unit=inspector.employer)
    if photo:
        _set_file(actor=actor, owner=inspector, purpose=PHOTO, file=photo)
    return inspector


@transaction.atomic
def inspector_update(*, actor, inspector: Inspector, photo=NO_CHANGE, **data) -> Inspector:
    """Edit the roster entry; ``photo``: a new upload replaces the photo, ``None`` removes it."""
    inspector = get_for_user_or_404(Inspector.objects.select_for_update(), actor, "change", pk=inspector.pk)
    data = _clean_fields(data)
    old_employer = inspector.employer_id
    for name, value in data.items():
        setattr(inspector, name, value)
    _save(inspector, update_fields=list(data) or None)
    if "employer" in data and inspector.employer_id != old_employer:
        today = datetime.date.today()
        EmploymentRecord.objects.filter(inspector=inspector, unit_id=old_employer, end_date__isnull=True).update(
            end_date=today)
        if inspector.employer_id:
            EmploymentRecord.objects.create(inspector=inspector, unit=inspector.employer, start_date=today)
    if photo is not NO_CHANGE:  # last: nothing after it can fail and leave the new file behind
        _set_file(actor=actor, owner=inspector, purpose=PHOTO, file=photo or None)
    return inspector


def qualification_warnings(inspector: Inspector) -> list[str]:
    """Warnings against the 条例 Art. 7 qualifications (本科 and N years in education)."""
    out = []
    if inspector.education not in BACHELOR_OR_ABOVE:
        out.append(_("学历低于大学本科（《教育督导条例》第七条）"))
    min_years = int(get_setting(inspector.office.region, "qualification.min_years_in_education"))
    if inspector.years_in_education < min_years:
        out.append(_("从事教育工作不足%(n)s年（《教育督导条例》第七条）") % {"n": min_years})
    return out


@transaction.atomic
def employment_add(*, actor, inspector: Inspector, unit, start_date=None, end_date=None) -> EmploymentRecord:
    inspector = get_for_user_or_404(Inspector, actor, "change", pk=inspector.pk)
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("结束日期不能早于起始日期")})
    return _save(EmploymentRecord(inspector=inspector, unit=unit, start_date=start_date, end_date=end_date))


@transaction.atomic
def conflict_declare(*, actor, inspector: Inspector, kind: str, unit=None, relative_name: str = "", note: str = "",
                     declared_on=None) -> DeclaredConflict:
    """Record a conflict the inspector declared (F6)."""
    inspector = get_for_user_or_404(Inspector, actor, "change", pk=inspector.pk)
    return _save(DeclaredConflict(inspector=inspector, kind=kind, unit=unit, relative_name=relative_name.strip(),
                                  note=note.strip(), declared_on=declared_on or datetime.date.today()))


# --- Training (F4) ---------------------------------------------------------------------------------

@transaction.atomic
def training_add(*, actor, inspector: Inspector, course: str, kind: str, hours, date, provider: str = "",
                 pre_service: bool = False, certificate=None, category: str = TrainingCategory.PRACTICE,
                 result: str = "") -> TrainingRecord:
    """Record a training, classified (``category``) and graded (``result``: a failed one earns no
    hours); ``certificate``: an upload of the 结业证书 (PDF, JPG or PNG)."""
    inspector = get_for_user_or_404(Inspector, actor, "change", pk=inspector.pk)
    row = _save(TrainingRecord(inspector=inspector, course=course.strip(), provider=provider.strip(), kind=kind,
                               hours=Decimal(str(hours)), date=date, pre_service=pre_service,
                               category=category or TrainingCategory.PRACTICE, result=result or ""))
    if certificate:
        _set_file(actor=actor, owner=row, purpose=CERTIFICATE, file=certificate)
    return row


# --- Files: the photo and training certificates are attachments (files.py) ------------------------

def _set_file(*, actor, owner, purpose: str, file):
    """Replace the owner's one file for ``purpose`` by ``file`` (None: remove it). The caller has
    checked the right; the stored files of a replaced attachment go once the transaction commits,
    and a new file stored before a failure is removed."""
    from dudao.attachments.services import attachment_add, attachment_delete, discard_files, for_owner
    from dudao.attachments.sniff import read_head, sniff

    added = None
    if file is not None:
        mime = sniff(getattr(file, "name", "") or "", read_head(file), file)
        if mime not in ACCEPTED[purpose]:
            raise ValidationError({purpose: _("照片只能是 JPG 或 PNG 图片") if purpose == PHOTO
                                   else _("结业证书只能是 PDF、JPG 或 PNG 文件")})
    old = list(for_owner(owner, purpose))
    try:
        with transaction.atomic():
            for att in old:
                attachment_delete(actor=None, attachment=att)
            if file is not None:
                added = attachment_add(actor=actor, owner=owner, purpose=purpose, file=file,
                                       may=lambda *args: True)
    except BaseException:
        if added is not None:
            discard_files([added])
        raise
    return added


@transaction.atomic
def inspector_photo_set(*, actor, inspector: Inspector, file):
    """Upload (replace) the inspector's photo, JPG or PNG; ``file=None`` removes it. Returns the
    attachment (None when removed)."""
    inspector = get_for_user_or_404(Inspector.objects.select_for_update(), actor, "change", pk=inspector.pk)
    return _set_file(actor=actor, owner=inspector, purpose=PHOTO, file=file)


@transaction.atomic
def training_certificate_set(*, actor, training: TrainingRecord, file):
    """Upload (replace) a training record's 结业证书, PDF, JPG or PNG; ``file=None`` removes it."""
    training = get_for_user_or_404(TrainingRecord.objects.select_for_update(), actor, "change", pk=training.pk)
    return _set_file(actor=actor, owner=training, purpose=CERTIFICATE, file=file)


def training_totals(inspector_ids, year: int) -> dict[int, dict[str, Decimal]]:
    """Hours per kind in calendar ``year`` for each inspector: ``{id: {kind: hours, "total": hours}}``
    (a training assessed 不合格 earns none)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    out: dict[int, dict[str, Decimal]] = {}
    rows = (TrainingRecord.objects.filter(inspector_id__in=inspector_ids, date__range=(start, end))
            .exclude(result=TrainingResult.FAILED)
            .values("inspector_id", "kind").annotate(h=Sum("hours")))
    for r in rows:
        d = out.setdefault(r["inspector_id"], {"total": Decimal(0)})
        d[r["kind"]] = r["h"]
        d["total"] += r["h"]
    return out


def under_training_minimum(inspectors_qs, *, year: int, region):
    """Active inspectors with fewer than the minimum hours in ``year``: ``[(inspector, hours)]``. The
    hours are those of 集中培训 and of the kinds the region counts too (``counted_kinds``)."""
    minimum = Decimal(get_setting(region, "training.min_centralised_hours"))
    kinds = counted_kinds(region)
    inspectors = list(inspectors_qs.active().filter(region_path__startswith=region.path))
    totals = training_totals([i.pk for i in inspectors], year)
    out = []
    for i in inspectors:
        hours = sum((totals.get(i.pk, {}).get(k, Decimal(0)) for k in kinds), Decimal(0))
        if hours < minimum:
            out.append((i, hours))
    return out


def counted_kinds(region) -> list[str]:
    """The training kinds counted towards the yearly minimum in ``region``: 集中培训 always (the
    national rule), 网络学习 / 个人自学 where the region's settings count them."""
    from .choices import TRAINING_KIND_SETTINGS

    return [TrainingKind.CENTRALISED, *(k for k, key in TRAINING_KIND_SETTINGS.items() if get_setting(region, key))]


def has_pre_service_training(inspector: Inspector, on_date: datetime.date) -> bool:
    return TrainingRecord.objects.filter(inspector=inspector, pre_service=True, date__lte=on_date).exists()


# --- Appraisal (F5) --------------------------------------------------------------------------------

def appraisal_facts(inspector: Inspector, year: int) -> dict:
    """Facts shown beside the grade: training hours and schools posted that year, plus whatever
    registered providers add (visits done, reports filed — from the supervision-task module)."""
    totals = training_totals([inspector.pk], year).get(inspector.pk, {})
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    schools = (Posting.objects.filter(inspector=inspector, start_date__lte=end)
               .exclude(end_date__lt=start).values("school_id").distinct().count())
    facts = {
        "training_centralised_hours": f"{totals.get(TrainingKind.CENTRALISED, Decimal(0)):.1f}",
        "training_total_hours": f"{totals.get('total', Decimal(0)):.1f}",
        "schools_posted": schools,
    }
    for provider in APPRAISAL_FACT_PROVIDERS:
        facts.update(provider(inspector, year))
    return facts


FACT_LABELS = {
    "training_centralised_hours": gettext_lazy("集中培训学时"),
    "training_total_hours": gettext_lazy("培训总学时"),
    "schools_posted": gettext_lazy("挂牌学校数"),
    "visits_done": gettext_lazy("开展督导次数"),
    "reports_filed": gettext_lazy("提交督导报告数"),
}


@transaction.atomic
def appraisal_record(*, actor, inspector: Inspector, year: int, grade: str, note: str = "") -> Appraisal:
    """Record the yearly appraisal; the computed facts are stored with it (F5)."""
    inspector = get_for_user_or_404(Inspector, actor, "change", pk=inspector.pk)
    return _save(Appraisal(inspector=inspector, year=year, grade=grade, note=note.strip(),
                           facts=appraisal_facts(inspector, year)))
