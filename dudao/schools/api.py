"""REST endpoints for school profiles, enrolment, principals (C5), zones and groups."""

import datetime
import decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_has_perm
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services
from .choices import ManagementAuthority, Ownership, SchoolStage, Section
from .models import Enrolment, PrincipalTenure, SchoolGroup, SchoolProfile, Zone
from .selectors import authority_of, enrolment_totals, principals_due

router = Router(tags=["学校与责任区"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SchoolOut(Schema):
    unit_id: Id
    name: str
    kind: str
    region_code: str
    school_code: str
    stage: SchoolStage
    ownership: Ownership
    authority: ManagementAuthority
    zone_id: Id | None = None
    group_id: Id | None = None
    is_teaching_point: bool = Field(..., description="教学点（优质均衡评估不含在校生不足规定人数的教学点）")
    has_supervision_office: bool
    self_supervision_contact: str
    self_supervision_phone: str
    latitude: float | None = None
    longitude: float | None = None

    @staticmethod
    def resolve_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_kind(obj):
        return obj.unit.kind

    @staticmethod
    def resolve_region_code(obj):
        return obj.unit.region.code


class SchoolProfileIn(StrictSchema):
    school_code: str = Field(..., min_length=10, max_length=10)
    stage: SchoolStage
    ownership: Ownership = Ownership.PUBLIC
    authority: ManagementAuthority = ManagementAuthority.COUNTY
    zone_id: Id | None = None
    group_id: Id | None = None
    is_teaching_point: bool = Field(False, description="教学点（仅小学）；优质均衡评估不含在校生不足规定人数的教学点")
    has_supervision_office: bool = False
    self_supervision_contact: str = Field("", max_length=50)
    self_supervision_phone: str = Field("", max_length=32)
    latitude: float | None = Field(None, ge=-90, le=90, description="WGS-84 纬度（十进制度），与经度同时给出")
    longitude: float | None = Field(None, ge=-180, le=180, description="WGS-84 经度（十进制度），与纬度同时给出")


class EnrolmentIn(StrictSchema):
    school_year: str = Field(..., max_length=9, description="例如 2025-2026")
    section: Section
    students: int = Field(..., ge=0, le=1_000_000)
    classes: int = Field(0, ge=0, le=10_000)


class EnrolmentOut(Schema):
    school_year: str
    section: Section
    students: int
    classes: int


class PrincipalOut(Schema):
    id: int
    school_id: Id
    school_name: str
    name: str
    start_date: datetime.date
    planned_end_date: datetime.date
    actual_end_date: datetime.date | None = None
    tenure_end_supervised_on: datetime.date | None = None

    @staticmethod
    def resolve_school_name(obj):
        return obj.school.name


class PrincipalIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=50)
    start_date: StrictDate
    planned_end_date: StrictDate


class PrincipalRecordIn(StrictSchema):
    actual_end_date: StrictDate | None = None
    tenure_end_supervised_on: StrictDate | None = None


class ZoneOut(Schema):
    id: int
    name: str
    region_code: str
    host_school_id: Id | None = None
    work_station: str
    description: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code


class ZoneIn(StrictSchema):
    region_code: str = Field(..., min_length=6, max_length=12)
    name: str = Field(..., min_length=1, max_length=100)
    host_school_id: Id | None = None
    work_station: str = Field("", max_length=100)
    description: str = Field("", max_length=2000)


def _region(request, code):
    return get_for_user_or_404(Region, request.auth, "view", code=code)


@router.get("", response={200: list[SchoolOut], **ERRORS}, summary="学校档案列表")
@paginate(BoundedPagination)
def list_schools(request, region_code: str | None = None, stage: SchoolStage | None = None, q: str = ""):
    qs = SchoolProfile.objects.for_user(request.auth, "view").select_related("unit__region").order_by(
        "unit__region_path", "unit__name")
    if region_code:
        qs = qs.filter(unit__region_path__startswith=_region(request, region_code).path)
    if stage:
        qs = qs.filter(stage=stage)
    if q:
        qs = qs.filter(unit__name__contains=q)
    return qs


@router.get("/principals-due", response={200: list[PrincipalOut], **ERRORS},
            summary="任期将届满且未进行任期结束综合督导的校（园）长")
def list_principals_due(request, region_code: str, months: int | None = Query(None, ge=0, le=120), everyone: bool = False):
    """The principals whose tenure-end supervision the region's office organises (by 学校管理权限: a
    county office its county schools, a city office its 市直属 schools); ``everyone``: all in the region."""
    region = _region(request, region_code)  # a region out of sight is a 404 before any right is weighed
    if not user_has_perm(request.auth, "schools.view_principaltenure"):
        raise PermissionDenied
    return list(principals_due(PrincipalTenure.objects.for_user(request.auth, "view"), region=region,
                               on_date=datetime.date.today(), months=months,
                               authority=None if everyone else authority_of(region)))


@router.get("/zones", response={200: list[ZoneOut], **ERRORS}, summary="督学责任区")
@paginate(BoundedPagination)
def list_zones(request):
    return Zone.objects.for_user(request.auth, "view").select_related("region")


@router.post("/zones", response={201: ZoneOut, **ERRORS}, summary="新增督学责任区")
def create_zone(request, payload: ZoneIn):
    data = payload.model_dump()
    region = _region(request, data.pop("region_code"))
    host = data.pop("host_school_id")
    host = get_for_user_or_404(Unit, request.auth, "view", pk=host) if host else None
    return 201, services.zone_create(actor=request.auth, region=region, host_school=host, **data)


class GroupOut(Schema):
    id: int
    name: str
    region_code: str
    lead_school_id: Id | None = None
    centre_name: str
    centre_contact: str
    centre_phone: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code


class GroupIn(StrictSchema):
    region_code: str = Field(..., min_length=6, max_length=12)
    name: str = Field(..., min_length=1, max_length=200)
    lead_school_id: Id | None = None
    centre_name: str = Field("", max_length=200)
    centre_contact: str = Field("", max_length=50)
    centre_phone: str = Field("", max_length=32)


@router.get("/groups", response={200: list[GroupOut], **ERRORS}, summary="教育集团及集团督评中心")
@paginate(BoundedPagination)
def list_groups(request):
    return SchoolGroup.objects.for_user(request.auth, "view").select_related("region")


@router.post("/groups", response={201: GroupOut, **ERRORS}, summary="新增教育集团")
def create_group(request, payload: GroupIn):
    data = payload.model_dump()
    region = _region(request, data.pop("region_code"))
    lead = data.pop("lead_school_id")
    data["lead_school"] = get_for_user_or_404(Unit, request.auth, "view", pk=lead) if lead else None
    return 201, services.school_group_create(actor=request.auth, region=region, **data)


@router.get("/{unit_id}", response={200: SchoolOut, **ERRORS}, summary="学校档案")
def get_school(request, unit_id: Id):
    return get_for_user_or_404(SchoolProfile.objects.select_related("unit__region"), request.auth, "view",
                               unit_id=unit_id)


@router.put("/{unit_id}", response={200: SchoolOut, **ERRORS}, summary="建立或修改学校档案")
def put_school(request, unit_id: Id, payload: SchoolProfileIn):
    unit = get_for_user_or_404(Unit, request.auth, "view", pk=unit_id)
    data = payload.model_dump()
    zone_id, group_id = data.pop("zone_id"), data.pop("group_id")
    data["zone"] = get_for_user_or_404(Zone, request.auth, "view", pk=zone_id) if zone_id else None
    data["group"] = get_for_user_or_404(SchoolGroup, request.auth, "view", pk=group_id) if group_id else None
    for axis in ("latitude", "longitude"):  # a float to the 6 decimals the column keeps
        if data[axis] is not None:
            data[axis] = round(decimal.Decimal(str(data[axis])), 6)
    return services.school_profile_save(actor=request.auth, unit=unit, **data)


@router.get("/{unit_id}/enrolments", response={200: list[EnrolmentOut], **ERRORS}, summary="在校生与班级数")
def list_enrolments(request, unit_id: Id):
    profile = get_for_user_or_404(SchoolProfile, request.auth, "view", unit_id=unit_id)
    return Enrolment.objects.for_user(request.auth, "view").filter(school=profile)


@router.get("/{unit_id}/enrolment-total", response={200: dict, **ERRORS}, summary="最新学年在校生总数")
def enrolment_total(request, unit_id: Id):
    profile = get_for_user_or_404(SchoolProfile, request.auth, "view", unit_id=unit_id)
    return {"unit_id": unit_id, "students": enrolment_totals([profile.pk]).get(profile.pk, 0)}


@router.post("/{unit_id}/enrolments", response={200: EnrolmentOut, **ERRORS}, summary="登记（更正）在校生数")
def set_enrolment(request, unit_id: Id, payload: EnrolmentIn):
    profile = get_for_user_or_404(SchoolProfile.objects.select_related("unit__region"), request.auth, "view",
                                  unit_id=unit_id)
    return services.enrolment_set(actor=request.auth, school=profile, **payload.model_dump())


@router.get("/{unit_id}/principals", response={200: list[PrincipalOut], **ERRORS}, summary="校（园）长任期")
def list_principals(request, unit_id: Id):
    unit = get_for_user_or_404(Unit, request.auth, "view", pk=unit_id)
    if not region_in_scope(request.auth, "schools.view_principaltenure", unit.region):
        raise Http404
    return PrincipalTenure.objects.for_user(request.auth, "view").filter(school=unit).select_related("school")


@router.post("/{unit_id}/principals", response={201: PrincipalOut, **ERRORS}, summary="登记校（园）长")
def create_principal(request, unit_id: Id, payload: PrincipalIn):
    unit = get_for_user_or_404(Unit.objects.select_related("region"), request.auth, "view", pk=unit_id)
    return 201, services.principal_appoint(actor=request.auth, school=unit, **payload.model_dump())


@router.patch("/principals/{tenure_id}", response={200: PrincipalOut, **ERRORS},
              summary="登记校（园）长离任或任期结束综合督导")
def record_principal(request, tenure_id: Id, payload: PrincipalRecordIn):
    tenure = get_for_user_or_404(PrincipalTenure, request.auth, "change", pk=tenure_id)
    return services.principal_record(actor=request.auth, tenure=tenure, **payload.model_dump(exclude_unset=True))
