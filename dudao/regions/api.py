from typing import Annotated

from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.api_errors import import_error_response
from dudao.common.schemas import BoundedPagination, ErrorOut, ImportErrorOut, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid

from .models import Region
from .selectors import region_filter
from .services import RegionImportError, import_regions_csv, region_create, region_update

RegionLevel = Annotated[int, Field(ge=1, le=4)]  # 省/市/县/乡镇

router = Router(tags=["行政区划"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: int
    level_label: str
    parent_code: str | None = None
    path: str
    is_active: bool

    @staticmethod
    def resolve_level_label(obj):
        return str(obj.get_level_display())

    @staticmethod
    def resolve_parent_code(obj):
        # The parent's code is the second-last element of the path: no extra query.
        parts = obj.path.strip("/").split("/")
        return parts[-2] if len(parts) > 1 else None


class RegionIn(StrictSchema):
    code: str = Field(..., min_length=6, max_length=12, description="区划代码：省市县为 GB/T 2260 六位代码，乡镇街道为统计用区划代码九位")
    name: str = Field(..., min_length=1, max_length=100)
    parent_code: str | None = Field(None, description="上级区划代码；省级为空")


class RegionImportOut(Schema):
    created: int
    updated: int
    unchanged: int


class RegionPatch(StrictSchema):
    name: str | None = Field(None, min_length=1, max_length=100)
    parent_code: str | None = None
    is_active: bool | None = None


@router.get("", response={200: list[RegionOut], **ERRORS}, summary="行政区划列表（本人范围）")
@paginate(BoundedPagination)
def list_regions(request, q: str = "", level: RegionLevel | None = None, parent_code: str | None = None):
    qs = Region.objects.for_user(request.auth, "view")
    parent = get_for_user_or_invalid(Region, request.auth, "parent_code", code=parent_code) if parent_code else None
    return region_filter(qs, q=q, level=level, parent=parent)


@router.post("/import", response={200: RegionImportOut, **ERRORS, 422: ImportErrorOut},
             summary="导入行政区划 CSV（multipart：file；列：区划代码,名称[,上级代码]，UTF-8 或 GBK；"
                     "全部校验通过才写入，否则 422 逐行列出错误）")
def import_regions(request, file: File[UploadedFile]):
    try:
        report = import_regions_csv(file.read(), actor=request.auth)
    except RegionImportError as exc:
        return import_error_response(request, [(row, "file", message) for row, message in exc.rows])
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


@router.get("/{code}", response={200: RegionOut, **ERRORS}, summary="行政区划详情")
def get_region(request, code: str):
    return get_for_user_or_404(Region, request.auth, "view", code=code)


@router.get("/{code}/subtree", response={200: list[RegionOut], **ERRORS}, summary="该区划及其全部下级")
@paginate(BoundedPagination)
def subtree(request, code: str, level: RegionLevel | None = None):
    region = get_for_user_or_404(Region, request.auth, "view", code=code)
    return region_filter(Region.objects.for_user(request.auth, "view"), within=region, level=level)


@router.post("", response={201: RegionOut, **ERRORS}, summary="新增行政区划")
def create_region(request, payload: RegionIn):
    parent = (get_for_user_or_invalid(Region, request.auth, "parent_code", code=payload.parent_code)
              if payload.parent_code else None)
    return Status(201, region_create(actor=request.auth, code=payload.code, name=payload.name, parent=parent))


@router.patch("/{code}", response={200: RegionOut, **ERRORS}, summary="修改行政区划（改名、调整隶属、停用）")
def update_region(request, code: str, payload: RegionPatch):
    region = get_for_user_or_404(Region, request.auth, "change", code=code)
    data = payload.model_dump(exclude_unset=True)
    kwargs = {}
    if "name" in data:
        kwargs["name"] = data["name"]
    if "is_active" in data:
        kwargs["is_active"] = data["is_active"]
    if "parent_code" in data:
        kwargs["parent"] = (
            get_for_user_or_invalid(Region, request.auth, "parent_code", code=data["parent_code"])
            if data["parent_code"] else None
        )
    return region_update(actor=request.auth, region=region, **kwargs)
