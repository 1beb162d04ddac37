"""Fixed contacts (C10, S2 #6: 建立市督学定点联系县（市、区）制度, 落实学校视导员制度): a city
inspector's 定点联系县（区） and a school's 视导员, each with the duties of the link and its period.
Only the inspector's appointing office (or one above it) links its inspectors; the county or school
must be inside that office's region."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.regions.choices import RegionLevel

from .choices import ContactKind
from .models import FixedContact, Inspector


def _target_region(kind, county, school):
    if kind == ContactKind.COUNTY:
        if county is None or school is not None:
            raise ValidationError({"county": _("请选择定点联系的区县")})
        if county.level != RegionLevel.COUNTY:
            raise ValidationError({"county": _("定点联系的须为县（区）级行政区划")})
        return county
    if kind == ContactKind.SCHOOL:
        if school is None or county is not None:
            raise ValidationError({"school": _("请选择学校")})
        if school.kind not in SCHOOL_KINDS:
            raise ValidationError({"school": _("视导员联系的须为学校或幼儿园")})
        return school.region
    raise ValidationError({"kind": _("未知的联系类型")})


@transaction.atomic
def contact_create(*, actor, inspector: Inspector, kind: str, duties: str, start_date: datetime.date, county=None,
                   school=None, end_date: datetime.date | None = None) -> FixedContact:
    if actor is not None and not Inspector.objects.for_user(actor, "change").filter(pk=inspector.pk).exists():
        raise PermissionDenied(_("只有督学的聘任督导机构可以安排定点联系"))
    region = _target_region(kind, county, school)
    office_region = inspector.office.region
    if not region.path.startswith(office_region.path):
        raise ValidationError({"county" if kind == ContactKind.COUNTY else "school":
                               _("须在督学聘任机构（%(o)s）的行政区域内") % {"o": inspector.office.name}})
    if kind == ContactKind.COUNTY and office_region.level >= RegionLevel.COUNTY:
        raise ValidationError({"inspector_id": _("定点联系县（区）的须为市级以上督学")})
    if actor is not None and not region_in_scope(actor, "inspectors.add_fixedcontact", region):
        raise PermissionDenied(_("无权在该区域安排定点联系"))
    if not (duties or "").strip():
        raise ValidationError({"duties": _("请填写联系职责")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("截止日期不能早于起始日期")})
    same = FixedContact.objects.filter(inspector=inspector, kind=kind, county=county, school=school,
                                       end_date__isnull=True)
    if same.exists():
        raise ValidationError({"inspector_id": _("该督学已定点联系该对象")})
    contact = FixedContact(inspector=inspector, kind=kind, county=county, school=school,
                           region_path=school.region_path if school is not None else county.path,
                           duties=duties.strip(), start_date=start_date, end_date=end_date)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_end(*, actor, contact: FixedContact, end_date: datetime.date) -> FixedContact:
    """End a fixed contact (the inspector moves on)."""
    contact = FixedContact.objects.select_for_update().get(pk=contact.pk)
    if actor is not None and not (FixedContact.objects.for_user(actor, "change").filter(pk=contact.pk).exists()
                                  and Inspector.objects.for_user(actor, "change").filter(pk=contact.inspector_id).exists()):
        raise PermissionDenied(_("只有督学的聘任督导机构可以调整定点联系"))
    if contact.end_date is not None:
        raise ValidationError({"end_date": _("该定点联系已结束")})
    if end_date < contact.start_date:
        raise ValidationError({"end_date": _("截止日期不能早于起始日期")})
    contact.end_date = end_date
    contact.save(update_fields=["end_date"])
    return contact


def contacts_for_user(user, *, kind: str | None = None, current_on: datetime.date | None = None):
    qs = FixedContact.objects.for_user(user, "view").select_related("inspector__office", "county", "school")
    if kind:
        qs = qs.filter(kind=kind)
    if current_on is not None:
        qs = qs.filter(start_date__lte=current_on).exclude(end_date__lt=current_on)
    return qs
