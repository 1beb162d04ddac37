"""/api/v1/ledger views (E11): the filters shared by the item list and the summary, the summary by
unit / region / inspector / category / source / age, and a unit's dossier across modules."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, regions_in_scope, user_has_perm
from dudao.inspections.choices import Routing, Severity
from dudao.orgs.models import Unit

from . import dossier, notices, reports
from .choices import LedgerSource, LedgerStatus
from .models import LedgerItem

router = Router(tags=["问题台账"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class LedgerFilters(StrictSchema):
    q: str = Field("", max_length=100, description="单位名称包含")
    status: LedgerStatus | None = None
    stage: str | None = Field(None, description="binding 已下达（全部）/ open 未销号 / owed 待单位整改 / awaiting_recheck 待复查",
                              pattern="^(binding|open|owed|awaiting_recheck)$")
    source: LedgerSource | None = None
    category: str | None = Field(None, max_length=32, description="问题类别代码")
    severity: Severity | None = None
    routing: Routing | None = None
    unit_id: Id | None = None
    region_id: Id | None = Field(None, description="该区域及其下级的单位")
    inspector_id: Id | None = Field(None, description="当前挂牌责任督学")
    age: str | None = Field(None, description="未销号问题的登记时长：le30 / 31_90 / 91_180 / gt180",
                            pattern="^(le30|31_90|91_180|gt180)$")
    overdue: bool = False
    rebound: bool = False
    task_id: Id | None = Field(None, description="督导任务发现的问题")
    visit_id: Id | None = Field(None, description="经常性督导发现的问题")
    created_from: datetime.date | None = Field(None, description="登记日期起（含）")
    created_to: datetime.date | None = Field(None, description="登记日期止（含）")
    on_time: bool = Field(False, description="按期销号（销号日期不晚于整改期限）")
    supervised: bool = Field(False, description="已督办（任一级）")
    zone_id: Id | None = Field(None, description="督学责任区的学校（责任区所属区县须在本人范围内，否则 422）")


def _region(request, filters: LedgerFilters):
    """The region filter, which must lie in the caller's ledger scope (422 otherwise)."""
    if not filters.region_id:
        return None
    region = regions_in_scope(request.auth, "ledger.view_ledgeritem").filter(pk=filters.region_id).first()
    if region is None:
        raise ValidationError({"region_id": _("不存在或无权访问")})
    return region


def filtered_items(request, filters: LedgerFilters):
    """The caller's ledger with ``filters`` applied (also used by ``GET /items``)."""
    if filters.inspector_id:
        from dudao.inspectors.models import Inspector

        get_for_user_or_invalid(Inspector, request.auth, "inspector_id", pk=filters.inspector_id)
    if filters.unit_id:
        get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=filters.unit_id)
    if filters.zone_id:
        from dudao.schools.models import Zone

        if not Zone.objects.filter(pk=filters.zone_id, region__in=regions_in_scope(
                request.auth, "ledger.view_ledgeritem")).exists():
            raise ValidationError({"zone_id": _("不存在或无权访问")})
    return reports.filter_items(
        LedgerItem.objects.for_user(request.auth, "view"), today=timezone.localdate(), q=filters.q,
        status=filters.status or "", stage=filters.stage or "", source=filters.source or "",
        category=filters.category or "", severity=filters.severity or "", routing=filters.routing or "",
        unit_id=filters.unit_id, region=_region(request, filters), inspector_id=filters.inspector_id,
        age=filters.age or "", overdue=filters.overdue, rebound=filters.rebound,
        task_id=filters.task_id, visit_id=filters.visit_id, created_from=filters.created_from,
        created_to=filters.created_to, on_time=filters.on_time, supervised=filters.supervised,
        zone_id=filters.zone_id)


class Counts(Schema):
    total: int
    open: int
    owed: int
    overdue: int
    awaiting_recheck: int
    closed: int
    rebounds: int


class SummaryRowOut(Schema):
    key: str
    label: str
    filters: dict = Field(..., description="筛选出本行问题的参数（用于 GET /items）")
    counts: Counts
    closure_rate: float | None = Field(None, description="销号率（%）")


class SummaryOut(Schema):
    by: str
    date: datetime.date
    rows: list[SummaryRowOut]
    truncated: bool = Field(..., description="行数超过 limit，只返回了前 limit 行（按未销号问题数排序）")
    totals: Counts


#: The list page's parameter names → the API's.
_API_PARAMS = {"unit": "unit_id", "region": "region_id", "inspector": "inspector_id", "zone": "zone_id"}


@router.get("/summary", response={200: SummaryOut, **ERRORS},
            summary="问题台账统计（by=unit|region|inspector|category|source|age；筛选参数同 /items）")
def ledger_summary(request, by: str = Query("unit", pattern="^(unit|region|inspector|category|source|age)$"),
                   limit: int = Query(1000, ge=1, le=20000), filters: Query[LedgerFilters] = None):
    filters = filters or LedgerFilters()
    today = timezone.localdate()
    qs = filtered_items(request, filters)
    rows = reports.summary(qs, by, today=today, user=request.auth, region=_region(request, filters))
    return {"by": by, "date": today, "totals": reports.totals(qs, today=today), "truncated": len(rows) > limit,
            "rows": [{"key": r.key, "label": r.label, "counts": r.counts, "closure_rate": r.closure_rate,
                      "filters": {_API_PARAMS.get(k, k): v for k, v in r.params.items()}} for r in rows[:limit]]}


class DossierEntryOut(Schema):
    date: datetime.date
    module: str
    title: str
    url: str
    status: str
    colour: str


class DossierOut(Schema):
    unit_id: Id
    unit_name: str
    ledger: Counts
    entries: list[DossierEntryOut]


@router.get("/units/{int:unit_id}/dossier", response={200: DossierOut, **ERRORS},
            summary="单位督导档案：督导结果、经常性督导、问题、督办、约谈、通报、问责（按时间倒序）")
def unit_dossier(request, unit_id: Id):
    unit = get_for_user_or_404(Unit, request.auth, "view", pk=unit_id)
    if not user_has_perm(request.auth, "ledger.view_ledgeritem"):  # the dossier is supervision work
        raise Http404
    data = dossier.unit_dossier(unit, request.auth, today=timezone.localdate())
    return {"unit_id": unit.pk, "unit_name": unit.name, "ledger": data["ledger_totals"],
            "entries": [e.__dict__ for e in data["entries"]]}


class NotificationOut(Schema):
    id: int
    item_id: Id | None = None
    link: str = ""
    kind: str
    message: str
    sent_on: datetime.date
    recipient_unit_id: Id | None = None
    read_at: datetime.datetime | None = None


class MarkReadIn(StrictSchema):
    ids: list[Id] | None = Field(None, description="要标为已读的提醒；省略则全部")


class MarkReadOut(Schema):
    marked: int


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS},
            summary="我的提醒（整改期限提醒、督办、升级督办）；unread=true 只列未读")
@paginate(BoundedPagination)
def list_notifications(request, unread: bool = False):
    qs = notices.notifications_for(request.auth)
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/notifications/read", response={200: MarkReadOut, **ERRORS}, summary="将我的提醒标为已读")
def mark_notifications_read(request, payload: MarkReadIn):
    return {"marked": notices.notifications_mark_read(actor=request.auth, ids=payload.ids)}
