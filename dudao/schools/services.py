"""Writes for school profiles, enrolment, groups, zones and principals. Each checks the actor's
scope (``actor=None`` is the system) and runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dudao.common.scoping import ALL, region_in_scope, scope_predicate
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit

from .models import UNIT_SCOPE, Enrolment, PrincipalTenure, SchoolGroup, SchoolProfile, Zone

PROFILE_FIELDS = ("school_code", "stage", "ownership", "authority", "group", "zone", "is_teaching_point",
                  "has_supervision_office", "self_supervision_contact", "self_supervision_phone", "latitude",
                  "longitude")


def require_region(actor, perm: str, region) -> None:
    if actor is not None and not region_in_scope(actor, perm, region):
        raise PermissionDenied(_("无权在该区域执行此操作"))


def _clean_save(obj, *, update_fields=None):
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


def _check_links(unit: Unit, data: dict) -> None:
    group, zone = data.get("group"), data.get("zone")
    if group is not None and not unit.region_path.startswith(group.region_path):
        raise ValidationError({"group": _("教育集团与学校不在同一区域")})
    if zone is not None and not unit.region_path.startswith(zone.region_path):
        raise ValidationError({"zone": _("责任区应属于学校所在区县")})
    if zone is not None:
        from dudao.regionsettings.services import get_setting

        limit = int(get_setting(zone.region, "zone.max_schools"))
        others = SchoolProfile.objects.filter(zone=zone).exclude(unit=unit).count()
        if others + 1 > limit:
            raise ValidationError({"zone": _("该责任区已有%(n)s所学校，每个责任区一般不超过%(max)s所（可在区域参数中调整）")
                                   % {"n": others, "max": limit}})


@transaction.atomic
def school_profile_save(*, actor, unit: Unit, **data) -> SchoolProfile:
    """Create or update the profile of a school or kindergarten."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require_region(actor, "schools.change_schoolprofile", unit.region)
    if unit.kind not in SCHOOL_KINDS:
        raise ValidationError({"unit": _("只有学校和幼儿园可以建立学校档案")})
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({f: _("未知字段") for f in sorted(unknown)})
    _check_links(unit, data)
    profile = SchoolProfile.objects.filter(unit=unit).first()
    creating = profile is None
    profile = profile or SchoolProfile(unit=unit)
    for name, value in data.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    return _clean_save(profile, update_fields=None if creating else list(data) or None)


def may_change_enrolment(actor, school: SchoolProfile) -> bool:
    """Office staff in scope, or the school's own respondent (a unit assignment)."""
    if actor is None:
        return True
    pred = scope_predicate(actor, "schools.change_enrolment", UNIT_SCOPE)
    if pred is None:
        return False
    return pred is ALL or SchoolProfile.objects.filter(pk=school.pk).filter(pred).exists()


@transaction.atomic
def enrolment_set(*, actor, school: SchoolProfile, school_year: str, section: str, students: int,
                  classes: int = 0) -> Enrolment:
    """Record (or correct) a section's enrolment for a school year (office staff, or the school's
    own respondent)."""
    if not may_change_enrolment(actor, school):
        raise PermissionDenied(_("无权填报该学校的在校生数"))
    row = Enrolment.objects.filter(school=school, school_year=school_year, section=section).first()
    if row is None:
        return _clean_save(Enrolment(school=school, school_year=school_year, section=section, students=students,
                                     classes=classes))
    row.students, row.classes = students, classes
    return _clean_save(row, update_fields=["students", "classes"])


@transaction.atomic
def school_group_create(*, actor, region, name: str, **data) -> SchoolGroup:
    require_region(actor, "schools.add_schoolgroup", region)
    return _clean_save(SchoolGroup(region=region, region_path=region.path, name=name.strip(), **data))


@transaction.atomic
def zone_create(*, actor, region, name: str, host_school: Unit | None = None, work_station: str = "",
                description: str = "") -> Zone:
    """Set up a 督学责任区 in a county (条例 Art. 13)."""
    require_region(actor, "schools.add_zone", region)
    if host_school is not None and not host_school.region_path.startswith(region.path):
        raise ValidationError({"host_school": _("工作站所在学校应在本区县内")})
    return _clean_save(Zone(region=region, region_path=region.path, name=name.strip(), host_school=host_school,
                            work_station=work_station.strip(), description=description))


@transaction.atomic
def zone_update(*, actor, zone: Zone, **data) -> Zone:
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    require_region(actor, "schools.change_zone", zone.region)
    host = data.get("host_school")
    if host is not None and not host.region_path.startswith(zone.region_path):
        raise ValidationError({"host_school": _("工作站所在学校应在本区县内")})
    for name, value in data.items():
        setattr(zone, name, value)
    return _clean_save(zone, update_fields=list(data))


@transaction.atomic
def principal_appoint(*, actor, school: Unit, name: str, start_date, planned_end_date) -> PrincipalTenure:
    """Register a principal's appointment (C5)."""
    require_region(actor, "schools.add_principaltenure", school.region)
    if school.kind not in SCHOOL_KINDS:
        raise ValidationError({"school": _("只能为学校或幼儿园登记校（园）长")})
    return _clean_save(PrincipalTenure(school=school, name=name.strip(), start_date=start_date,
                                       planned_end_date=planned_end_date))


@transaction.atomic
def principal_record(*, actor, tenure: PrincipalTenure, actual_end_date=None, tenure_end_supervised_on=None):
    """Record a principal's departure and/or the date of the tenure-end comprehensive supervision."""
    tenure = PrincipalTenure.objects.select_for_update().select_related("school__region").get(pk=tenure.pk)
    require_region(actor, "schools.change_principaltenure", tenure.school.region)
    fields = []
    if actual_end_date is not None:
        if actual_end_date < tenure.start_date:
            raise ValidationError({"actual_end_date": _("离任日期不能早于任职日期")})
        tenure.actual_end_date = actual_end_date
        fields.append("actual_end_date")
    if tenure_end_supervised_on is not None:
        tenure.tenure_end_supervised_on = tenure_end_supervised_on
        fields.append("tenure_end_supervised_on")
    if fields:
        tenure.save(update_fields=fields)
    return tenure
