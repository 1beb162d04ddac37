"""/api/v1/dashboards: the figures, the map and the measures behind every dashboard.

``GET /dashboards/figures`` is the twin of the page ``/dashboards/``: the same context
(``selectors.dashboard_context``) as JSON — key figures and every table, each cell with the URL of
the rows behind it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from dudao.common.schemas import ErrorOut, Id, StrictSchema
from dudao.common.scoping import regions_in_scope, user_has_perm

from . import selectors

router = Router(tags=["dashboards"])


class DashboardQuery(StrictSchema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度（默认本年）")
    semester: int | None = Field(None, ge=1, le=2, description="学期：1 春季（2–7月）/ 2 秋季（9–12月）")
    month: int | None = Field(None, ge=1, le=12, description="月份（优先于学期）")
    region_id: Id | None = Field(None, description="下钻到本人管辖范围内的区域")
    compare: bool = Field(False, description="同时给出上期的关键指标")
    zone_id: Id | None = Field(None, description="督学责任区看板：责任区所属区县须在本人管辖范围内（否则 404）；"
                                                 "给出时不看 region_id")


class DashboardCellOut(Schema):
    value: float | int | str | None = Field(None, description="数值；文字（如“达标”“待核实”“是”）见各表说明")
    url: str


class DashboardRowOut(Schema):
    label: str
    href: str
    cells: dict[str, DashboardCellOut]


class DashboardColumnOut(Schema):
    key: str
    label: str


class DashboardTableOut(Schema):
    key: str
    title: str
    kind: str
    header: str
    columns: list[DashboardColumnOut]
    rows: list[DashboardRowOut]
    series: list[str]
    note: str


class DashboardKpiOut(Schema):
    key: str
    label: str
    value: float | int | None
    url: str
    previous: float | int | None = None
    delta: float | int | None = None


class DashboardOut(Schema):
    level: str
    scope: str
    region_id: int | None
    zone_id: int | None = None
    period: str
    previous_period: str | None
    start: str
    end: str
    today: str
    kpis: list[DashboardKpiOut]
    tables: list[DashboardTableOut]


@router.get("/figures", response={200: DashboardOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            summary="数据看板：关键指标与各表（含明细链接）",
            description="404：region_id 不在本人管辖范围内，或 zone_id 不存在、其所属区县不在本人管辖范围内；"
                        "422：参数格式或取值范围错误（年度、学期、月份、编号）。")
def figures(request, q: Query[DashboardQuery]):
    if not user_has_perm(request.auth, selectors.LEDGER_PERM):
        raise PermissionDenied
    region = None
    if q.region_id:
        region = regions_in_scope(request.auth, selectors.LEDGER_PERM).filter(pk=q.region_id).first()
        if region is None:
            raise Http404
    zone = None
    if q.zone_id:
        from dudao.schools.models import Zone

        zone = Zone.objects.select_related("region").filter(pk=q.zone_id).first()
        if zone is None:
            raise Http404
    period = selectors.period_from({"year": q.year, "semester": q.semester, "month": q.month})
    try:
        ctx = selectors.dashboard_context(request.auth, period, region, zone=zone, compare=q.compare)
    except selectors.OutOfScope as exc:  # the zone's county lies outside the caller's scope
        raise Http404 from exc
    return {
        "level": ctx["level"], "scope": str(ctx["scope"].label),
        "region_id": ctx["scope"].root.pk if ctx["scope"].root is not None else None,
        "zone_id": ctx["scope"].zone.pk if ctx["scope"].zone is not None else None,
        "period": ctx["period_label"], "previous_period": ctx["previous"]["label"] if ctx["previous"] else None,
        "start": period.start.isoformat(), "end": period.end.isoformat(), "today": ctx["today"].isoformat(),
        "kpis": ctx["kpis"], "tables": [t.as_json() for t in ctx["tables"].values()],
    }


# --- the region map (issue 13 item 2, branch map13): map_api.py ---
from .map_api import register as _register_map  # noqa: E402

_register_map(router)
# --- end of the region map ---
