"""/api/v1/inspections/categories: the problem categories (问题类别) of a region — the twin of the
问题类别 page (same services). Reading needs ``inspections.view_problemcategory``, adding ``add_``
in the region, switching a region's own category off or on ``change_`` in its region; the national
ones are fixed (422)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from dudao.common.schemas import ErrorOut, Id, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, user_has_perm
from dudao.regions.models import Region
from dudao.regions.selectors import default_region

from .categories import categories_for
from .models import ProblemCategory
from .services import problem_category_create, problem_category_set_active

router = Router(tags=["督导工作"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ProblemCategoryOut(Schema):
    id: int
    code: str
    name: str
    region_code: str | None = Field(None, description="设定该类别的区域；null 为国家类别")
    region_name: str = ""
    is_national: bool
    order: int
    is_active: bool
    basis: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name if obj.region_id else ""


class ProblemCategoryIn(StrictSchema):
    region_code: str = Field(..., max_length=12, description="添加类别的区域（本区域及下级可用）")
    name: str = Field(..., max_length=50)
    code: str = Field("", max_length=32, description="代码（小写字母、数字、_、-）；留空自动生成")
    basis: str = Field("", max_length=255, description="依据（本地文件名称和文号）")
    order: int | None = Field(None, ge=0, le=32767)


class CategoryFilters(StrictSchema):
    region_code: str | None = Field(None, max_length=12, description="区域（缺省为调用者所在区域）")
    include_inactive: bool = Field(False, description="含已停用的类别")
    include_below: bool = Field(False, description="含下级区域设定的类别")


def _region(request, code: str | None) -> Region:
    region = get_for_user_or_404(Region, request.auth, "view", code=code) if code else default_region(request.auth)
    if region is None:
        raise Http404
    if not user_has_perm(request.auth, "inspections.view_problemcategory"):
        raise PermissionDenied
    return region


def _category(request, category_id: Id, action: str) -> ProblemCategory:
    national = ProblemCategory.objects.filter(pk=category_id, region__isnull=True).first()
    if national is not None and user_has_perm(request.auth, f"inspections.{action}_problemcategory"):
        return national  # the service refuses it with its reason
    return get_for_user_or_404(ProblemCategory.objects.select_related("region"), request.auth, action, pk=category_id)


@router.get("/categories", response={200: list[ProblemCategoryOut], **ERRORS},
            summary="问题类别：国家类别、上级和本区域设定的类别（问题登记的可选项）")
def list_problem_categories(request, filters: Query[CategoryFilters]):
    region = _region(request, filters.region_code)
    return categories_for(region, active=not filters.include_inactive,
                          below=filters.include_below).select_related("region")


@router.post("/categories", response={201: ProblemCategoryOut, **ERRORS}, summary="本区域添加问题类别（下级区域沿用）")
def create_problem_category(request, payload: ProblemCategoryIn):
    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=payload.region_code)
    return Status(201, problem_category_create(actor=request.auth, region=region, name=payload.name,
                                               code=payload.code, basis=payload.basis, order=payload.order))


@router.post("/categories/{int:category_id}/deactivate", response={200: ProblemCategoryOut, **ERRORS},
             summary="停用本区域添加的问题类别（已登记的问题保留；国家类别不能停用）")
def deactivate_problem_category(request, category_id: Id):
    return problem_category_set_active(actor=request.auth, category=_category(request, category_id, "change"),
                                       is_active=False)


@router.post("/categories/{int:category_id}/activate", response={200: ProblemCategoryOut, **ERRORS},
             summary="重新启用本区域添加的问题类别")
def activate_problem_category(request, category_id: Id):
    return problem_category_set_active(actor=request.auth, category=_category(request, category_id, "change"),
                                       is_active=True)
