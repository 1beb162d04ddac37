from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.regions.models import Region

from . import services
from .choices import CommitteePost, UnitKind
from .models import CommitteeMember, MemberUnit, Unit
from .selectors import unit_filter

router = Router(tags=["单位"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class UnitOut(Schema):
    id: int
    kind: UnitKind
    kind_label: str
    name: str
    short_name: str
    region_code: str
    region_name: str
    parent_id: Id | None = None
    credit_code: str
    address: str
    phone: str
    contact_person: str
    description: str
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name


class UnitIn(StrictSchema):
    kind: UnitKind
    name: str = Field(..., min_length=1, max_length=200)
    region_code: str = Field(..., min_length=6, max_length=12)
    short_name: str = Field("", max_length=100)
    parent_id: Id | None = None
    credit_code: str = Field("", max_length=18)
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=32)
    contact_person: str = Field("", max_length=50)
    description: str = Field("", max_length=5000)
    is_active: bool = True


class UnitPatch(StrictSchema):
    kind: UnitKind | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    region_code: str | None = Field(None, min_length=6, max_length=12)
    short_name: str | None = Field(None, max_length=100)
    parent_id: Id | None = None
    credit_code: str | None = Field(None, max_length=18)
    address: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=32)
    contact_person: str | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=5000)
    is_active: bool | None = None


class CommitteeMemberOut(Schema):
    id: int
    name: str
    post: CommitteePost
    title: str
    unit_id: Id | None = None
    start_date: date | None = None
    end_date: date | None = None


class MemberUnitOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    liaison_name: str
    liaison_mobile: str
    duties: str
    joined_on: date | None = None
    left_on: date | None = None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class CommitteeMemberIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=50)
    post: CommitteePost
    title: str = Field("", max_length=100)
    start_date: StrictDate | None = None
    end_date: StrictDate | None = None
    sort_order: int = Field(0, ge=0, le=10000)


class MemberUnitIn(StrictSchema):
    unit_id: Id
    liaison_name: str = Field("", max_length=50)
    liaison_mobile: str = Field("", max_length=11)
    duties: str = ""
    joined_on: StrictDate | None = None


def _resolve(request, data: dict) -> dict:
    """Turn API references (region code, parent id) into rows the user may see."""
    out = dict(data)
    if "region_code" in out:
        code = out.pop("region_code")
        out["region"] = get_for_user_or_invalid(Region, request.auth, "region_code", code=code) if code else None
    if "parent_id" in out:
        pid = out.pop("parent_id")
        out["parent"] = get_for_user_or_invalid(Unit, request.auth, "parent_id", pk=pid) if pid else None
    return out


@router.get("", response={200: list[UnitOut], **ERRORS}, summary="单位列表（本人范围；可按区划含下级、类型、名称或拼音筛选）")
@paginate(BoundedPagination)
def list_units(request, region_code: str | None = None, descendants: bool = True, kind: UnitKind | None = None,
               q: str = "", is_active: bool | None = None):
    qs = Unit.objects.for_user(request.auth, "view").select_related("region")
    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=region_code) if region_code else None
    return unit_filter(qs, region=region, descendants=descendants, kind=kind or "", q=q, is_active=is_active)


@router.get("/{int:unit_id}", response={200: UnitOut, **ERRORS}, summary="单位详情")
def get_unit(request, unit_id: Id):
    return get_for_user_or_404(Unit.objects.select_related("region"), request.auth, "view", pk=unit_id)


@router.post("", response={201: UnitOut, **ERRORS}, summary="新增单位")
def create_unit(request, payload: UnitIn):
    return Status(201, services.unit_create(actor=request.auth, **_resolve(request, payload.model_dump())))


@router.patch("/{int:unit_id}", response={200: UnitOut, **ERRORS}, summary="修改单位")
def update_unit(request, unit_id: Id, payload: UnitPatch):
    unit = get_for_user_or_404(Unit, request.auth, "change", pk=unit_id)
    data = _resolve(request, payload.model_dump(exclude_unset=True))
    return services.unit_update(actor=request.auth, unit=unit, **data)


@router.delete("/{int:unit_id}", response={204: None, **ERRORS}, summary="删除单位")
def delete_unit(request, unit_id: Id):
    unit = get_for_user_or_404(Unit, request.auth, "delete", pk=unit_id)
    services.unit_delete(actor=request.auth, unit=unit)
    return Status(204, None)


@router.get("/{int:unit_id}/committee-members", response={200: list[CommitteeMemberOut], **ERRORS},
            summary="督导委员会成员")
def committee_members(request, unit_id: Id):
    committee = get_for_user_or_404(Unit, request.auth, "view", pk=unit_id)
    return CommitteeMember.objects.for_user(request.auth, "view").filter(committee=committee)


@router.get("/{int:unit_id}/member-units", response={200: list[MemberUnitOut], **ERRORS}, summary="督导委员会成员单位")
def member_units(request, unit_id: Id):
    committee = get_for_user_or_404(Unit, request.auth, "view", pk=unit_id)
    return MemberUnit.objects.for_user(request.auth, "view").filter(committee=committee).select_related("unit")


@router.post("/{int:unit_id}/committee-members", response={201: CommitteeMemberOut, **ERRORS},
             summary="添加督导委员会成员")
def add_committee_member(request, unit_id: Id, payload: CommitteeMemberIn):
    committee = get_for_user_or_404(Unit, request.auth, "view", pk=unit_id)
    return Status(201, services.committee_member_create(actor=request.auth, committee=committee,
                                                        **payload.model_dump()))


@router.delete("/committee-members/{int:member_id}", response={204: None, **ERRORS}, summary="删除督导委员会成员")
def delete_committee_member(request, member_id: Id):
    member = get_for_user_or_404(CommitteeMember, request.auth, "delete", pk=member_id)
    services.committee_member_delete(actor=request.auth, member=member)
    return Status(204, None)


@router.post("/{int:unit_id}/member-units", response={201: MemberUnitOut, **ERRORS}, summary="添加督导委员会成员单位")
def add_member_unit(request, unit_id: Id, payload: MemberUnitIn):
    committee = get_for_user_or_404(Unit, request.auth, "view", pk=unit_id)
    data = payload.model_dump()
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=data.pop("unit_id"))
    return Status(201, services.member_unit_create(actor=request.auth, committee=committee, unit=unit, **data))


@router.delete("/member-units/{int:membership_id}", response={204: None, **ERRORS}, summary="删除督导委员会成员单位")
def delete_member_unit(request, membership_id: Id):
    membership = get_for_user_or_404(MemberUnit, request.auth, "delete", pk=membership_id)
    services.member_unit_delete(actor=request.auth, membership=membership)
    return Status(204, None)
