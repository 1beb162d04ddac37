"""Regular visits by the responsible inspector (经常性督导, C1; 挂牌督导办法 Arts. 4–5)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.attachments.services import attachment_add_many, discard_files
from dudao.attachments.sniff import PHOTO_EXTENSIONS, extension
from dudao.audit.models import AuditAction
from dudao.audit.recorder import record
from dudao.common.scoping import region_in_scope
from dudao.inspectors.models import Posting

from ..choices import ChecklistItem, VisitMethod
from ..models import RegularVisit
from ..problems import record as problem_record
from ._common import lock

PHOTO_TYPES = PHOTO_EXTENSIONS

ADD, CHANGE = "inspections.add_regularvisit", "inspections.change_regularvisit"


def responsible_posting(school, on: datetime.date):
    return Posting.objects.current(on).filter(school=school).select_related("inspector").first()


def check_visit_writer(actor, visit: RegularVisit) -> None:
    if actor is None or region_in_scope(actor, CHANGE, visit.school.region):
        return
    if visit.inspector.user_id == actor.pk and region_in_scope(actor, ADD, visit.school.region):
        return
    raise PermissionDenied(_("只有本次督导的责任督学或督导室可以操作"))


@transaction.atomic
def visit_record(*, actor, school, visited_on: datetime.date, duration_minutes: int, methods: list,
                 checklist: dict | None = None, problems: str = "", hazard: str = "", photos=(),
                 inspector=None, problem_items=()) -> RegularVisit:
    """Record a visit. The inspector is the school's responsible inspector on that day (the acting
    user must be that inspector, or an office admin recording for them). An urgent hazard is
    flagged to the office at once (audit event, shown on the office's compliance page).
    ``problem_items`` (dicts of a problem's fields: description, category, requirement, deadline …)
    are recorded in the problem ledger in the visit's transaction, issued to the school at once
    (``problems.record``); ``problems`` is the visit's free-text note."""
    posting = responsible_posting(school, visited_on)
    if posting is None:
        raise ValidationError({"school": _("该学校在督导日期没有责任督学")})
    if actor is not None:
        is_office = region_in_scope(actor, CHANGE, school.region)
        is_own = posting.inspector.user_id == actor.pk and region_in_scope(actor, ADD, school.region)
        if not (is_office or is_own):
            raise PermissionDenied(_("只有该校的责任督学可以记录经常性督导"))
    if inspector is not None and inspector.pk != posting.inspector_id:
        raise ValidationError({"inspector": _("经常性督导由该校责任督学开展")})
    errors = {}
    if visited_on > timezone.localdate():
        errors["visited_on"] = _("督导日期不能晚于今天")
    if not duration_minutes or int(duration_minutes) <= 0:
        errors["duration_minutes"] = _("请填写督导时长")
    methods = list(dict.fromkeys(methods or []))
    if not methods:
        errors["methods"] = _("请选择至少一种督导方式")
    elif any(m not in VisitMethod.values for m in methods):
        errors["methods"] = _("未知的督导方式")
    checklist = {k: (v or "").strip() for k, v in (checklist or {}).items() if (v or "").strip()}
    if any(k not in ChecklistItem.values for k in checklist):
        errors["checklist"] = _("未知的督导内容")
    if errors:
        raise ValidationError(errors)
    hazard = (hazard or "").strip()
    visit = RegularVisit.objects.create(
        school=school, region_path=school.region_path, inspector=posting.inspector, visited_on=visited_on,
        duration_minutes=int(duration_minutes), methods=methods, checklist=checklist, problems=(problems or "").strip(),
        hazard=hazard, hazard_flagged_at=timezone.now() if hazard else None, created_by=actor,
    )
    # Photos are attachments of the visit (sniffed, size-limited, thumbnailed) in this transaction;
    # the recorder was checked above.
    photos = list(photos or ())
    if any(extension(getattr(f, "name", "") or "") not in PHOTO_TYPES for f in photos):
        raise ValidationError({"photos": _("现场照片只能上传图片（JPG、PNG、WEBP）")})
    try:
        added = attachment_add_many(actor=actor, owner=visit, purpose="visit_photo", files=photos,
                                    may=lambda *args: True)
    except ValidationError as exc:
        raise ValidationError({"photos": [m for msgs in exc.message_dict.values() for m in msgs]}) from exc
    try:
        if any(not a.is_image for a in added):
            raise ValidationError({"photos": _("现场照片只能上传图片（JPG、PNG、WEBP）")})
        for n, fields in enumerate(problem_items or ()):
            try:
                problem_record(actor=actor, visit=visit, **fields)
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    raise
                raise ValidationError({f"problem_items.{n}.{k}": v for k, v in exc.error_dict.items()}) from exc
    except Exception:
        discard_files(added)  # the rows roll back with the visit; the stored files go too
        raise
    if hazard:
        record(action=AuditAction.UPDATE, instance=visit, object_repr=str(visit)[:255],
               after={"hazard": hazard, "school": school.name}, note=_("紧急隐患上报：%(h)s") % {"h": hazard[:200]},
               actor=actor)
    return visit


@transaction.atomic
def visit_hazard_handle(*, actor, visit: RegularVisit) -> RegularVisit:
    """The office confirms it has taken up a flagged hazard."""
    visit = lock(RegularVisit, visit.pk)
    if actor is not None and not region_in_scope(actor, CHANGE, visit.school.region):
        raise PermissionDenied(_("只有督导室可以处理隐患"))
    if visit.hazard_flagged_at is None:
        raise ValidationError({"hazard": _("本次督导没有上报隐患")})
    if visit.hazard_handled_at is None:
        visit.hazard_handled_at = timezone.now()
        visit.save(update_fields=["hazard_handled_at"])
    return visit
