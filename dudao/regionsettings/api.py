"""/api/v1/settings: the per-region parameters (the API twin of the 区域参数 page). Reading needs
``regionsettings.view_regionsetting`` in the region, writing ``change_regionsetting``; a region the
caller cannot see is a 404."""

from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema
from pydantic import Field

from dudao.common.schemas import ErrorOut, StrictSchema
from dudao.common.scoping import get_for_user_or_404, region_in_scope
from dudao.regions.models import Region

from .registry import SPECS
from .services import effective_settings, region_setting_set

router = Router(tags=["区域参数"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RegionSettingOut(Schema):
    key: str
    label: str
    value: Decimal
    unit: str
    source: str
    set_in_region_code: str | None = None
    is_default: bool
    bound: str = Field(..., description="free 地方可设 / floor 国家底线（只能提高）/ ceiling 国家上限（只能从严）/ fixed 国家规定")
    law_value: Decimal | None = Field(None, description="法定数值（bound 不为 free 时）")
    article: str = Field("", description="规定该数值的条款")


class RegionSettingIn(StrictSchema):
    value: Decimal | None = Field(..., description="新值；null 表示撤销本区域的设定（沿用上级或默认值）")
    source: str = Field("", max_length=200, description="依据（文件名称或文号）")


def _out(row) -> dict:
    return {"key": row.spec.key, "label": str(row.spec.label), "value": row.value, "unit": str(row.spec.unit),
            "source": str(row.source), "set_in_region_code": row.set_in.code if row.set_in else None,
            "is_default": row.is_default, "bound": row.spec.bound,
            "law_value": None if row.spec.bound == "free" else row.spec.default, "article": str(row.spec.article)}


def _region(request, code: str) -> Region:
    region = get_for_user_or_404(Region, request.auth, "view", code=code)
    if not region_in_scope(request.auth, "regionsettings.view_regionsetting", region):
        raise Http404
    return region


@router.get("/{code}", response={200: list[RegionSettingOut], **ERRORS}, summary="区域参数（本区域的有效值及其来源）")
def list_region_settings(request, code: str):
    rows = effective_settings(_region(request, code))
    return [_out(rows[k]) for k in SPECS if k in rows]


@router.put("/{code}/{key}", response={200: RegionSettingOut, **ERRORS}, summary="设定或撤销本区域的参数")
def set_region_setting(request, code: str, key: str, payload: RegionSettingIn):
    region = _region(request, code)
    region_setting_set(actor=request.auth, region=region, key=key, value=payload.value, source=payload.source)
    if key not in SPECS:
        raise Http404
    return _out(effective_settings(region, [key])[key])
