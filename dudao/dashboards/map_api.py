"""``GET /api/v1/dashboards/map``: the region map's data (the twin of /dashboards/map/data/)."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Schema

from dudao.common.schemas import ErrorOut

from . import map as region_map
from .measures import MEASURES

MAP_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RegionMapRegionOut(Schema):
    code: str
    name: str
    level: int


class RegionMapUpOut(Schema):
    code: str
    name: str
    url: str


class RegionMapMeasureOut(Schema):
    key: str
    label: str
    unit: str = ""
    direction: str = "bad"


class RegionMapPeriodOut(Schema):
    year: int
    semester: int | None = None
    month: int | None = None


class RegionMapChildOut(Schema):
    code: str
    name: str
    level: int
    value: int | float
    link: str
    drill_url: str | None = None
    row: int
    col: int


class RegionMapSchoolOut(Schema):
    id: int
    name: str
    lat: float
    lng: float
    region_code: str
    url: str


class RegionMapOut(Schema):
    region: RegionMapRegionOut
    up: RegionMapUpOut | None = None
    measure: RegionMapMeasureOut
    measures: list[RegionMapMeasureOut]
    period: RegionMapPeriodOut
    mode: Literal["geo", "grid"]
    boundary_url: str | None = None
    outline: dict | None = None
    columns: int
    children: list[RegionMapChildOut]
    schools: list[RegionMapSchoolOut]
    schools_not_shown: int
    min: int | float
    max: int | float
    total: int | float
    data_url: str


def register(router) -> None:
    @router.get("/map", response={200: RegionMapOut, **MAP_ERRORS}, summary="区域地图数据")
    def region_map_data(request, region: str | None = Query(None, max_length=12, description="区划代码；默认本人所在区划"),
                        measure: str = Query("ledger.overdue", max_length=64, description="指标（见 measures）"),
                        year: int | None = Query(None, ge=2000, le=2100),
                        semester: int | None = Query(None, ge=1, le=2),
                        month: int | None = Query(None, ge=1, le=12)):
        """下级区划及其指标值、明细链接、可下钻的链接，以及有坐标的学校。区划须在本人范围内。"""
        if measure not in MEASURES:
            raise ValidationError({"measure": _("未知的指标")})
        period = region_map.parse_period(year, semester, month)
        place = region_map.map_region(request.auth, region or None)
        return region_map.map_data(request.auth, place, measure, period)
