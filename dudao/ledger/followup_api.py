"""/api/v1/ledger/followups: 回头看 (E5) — draws of closed problems into follow-up tasks: list,
detail (with the sampled problems and any rebound found since), preview of a rule, and the draw.
Rules live in ``followup``."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .choices import LedgerSource
from .followup import MAX_SEED, SamplingRule, followup_preview, followup_sample
from .models import FollowUpSample, FollowUpSampling, LedgerItem

router = Router(tags=["回头看"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RuleFields(StrictSchema):
    office_id: Id = Field(..., description="组织回头看的教育督导室")
    percentage: int = Field(..., ge=1, le=100, description="抽查比例（%），向上取整，至少1个")
    categories: list[str] = Field([], max_length=50, description="问题类别代码，空为全部")
    source: LedgerSource | None = Field(None, description="问题来源，空为全部")
    region_code: str | None = Field(None, max_length=12, description="限定区域（区划代码）")
    unit_ids: list[Id] = Field([], max_length=500, description="限定单位：只在这些单位的问题中随机抽取")
    include_unit_ids: list[Id] = Field([], max_length=500, description="全部抽查的单位")
    closed_from: StrictDate | None = Field(None, description="销号日期自")
    closed_to: StrictDate | None = Field(None, description="销号日期至")
    start_date: StrictDate | None = Field(None, description="回头看计划开始日期")


class SamplingIn(RuleFields):
    model_config = ConfigDict(extra="forbid")

    seed: int | None = Field(None, ge=0, le=MAX_SEED, description="随机种子；空则随机生成")
    title: str = Field("", max_length=200, description="回头看任务名称；空则自动命名")
    override_reason: str = Field("", max_length=200, description="单位超出本学期督导次数上限时的理由")


class PreviewOut(Schema):
    matched: int
    pool: int
    forced: int
    sample_size: int
    exempt: int


class SamplingOut(Schema):
    id: int
    office_id: Id
    office_name: str
    task_id: Id
    task_title: str
    percentage: int
    categories: list[str]
    source: str
    region_code: str | None = None
    closed_from: datetime.date | None = None
    closed_to: datetime.date | None = None
    seed: int
    matched_count: int
    exempt_count: int
    sampled_count: int
    created_by_id: Id | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_task_title(obj):
        return obj.task.title

    @staticmethod
    def resolve_region_code(obj):
        return obj.rule_region.code if obj.rule_region_id else None

    @staticmethod
    def resolve_sampled_count(obj):
        return obj.sampled


class SampleOut(Schema):
    item_id: Id
    unit_id: Id
    unit_name: str
    description: str
    category: str
    category_label: str
    closed_at: datetime.datetime | None = None
    forced: bool
    rebound_ids: list[Id]


class SamplingDetailOut(SamplingOut):
    unit_ids: list[Id]
    include_unit_ids: list[Id]
    pool_ids: list[Id]
    items: list[SampleOut]

    @staticmethod
    def resolve_unit_ids(obj):
        return sorted(obj.units.values_list("pk", flat=True))

    @staticmethod
    def resolve_include_unit_ids(obj):
        return sorted(obj.include_units.values_list("pk", flat=True))

    @staticmethod
    def resolve_items(obj):
        return obj.sample_rows


def _units(user, field: str, ids: list[int]) -> list:
    ids = sorted(set(ids))
    if not ids:
        return []
    units = list(Unit.objects.for_user(user, "view").filter(pk__in=ids))
    if len(units) != len(ids):
        raise ValidationError({field: _("不存在或无权访问")})
    return units


def _rule(user, data: RuleFields, *, office_missing_is_404: bool = False) -> SamplingRule:
    offices = Unit.objects.select_related("region")
    if office_missing_is_404:  # a preview reads the office's ledger: unknown or out of scope reads as missing
        office = get_for_user_or_404(offices, user, "view", pk=data.office_id)
    else:
        office = get_for_user_or_invalid(offices, user, "office_id", pk=data.office_id)
    region = None
    if data.region_code:
        region = get_for_user_or_invalid(Region, user, "region_code", code=data.region_code)
    return SamplingRule(office=office, percentage=data.percentage, categories=[str(c) for c in data.categories],
                        source=str(data.source or ""), region=region, units=_units(user, "unit_ids", data.unit_ids),
                        include_units=_units(user, "include_unit_ids", data.include_unit_ids),
                        closed_from=data.closed_from, closed_to=data.closed_to, start_date=data.start_date)


def _detail(user, sampling):
    sampling = FollowUpSampling.objects.select_related("office", "task", "rule_region").annotate(
        sampled=Count("samples")).get(pk=sampling.pk)
    visible = LedgerItem.objects.for_user(user, "view")
    samples = list(FollowUpSample.objects.filter(sampling=sampling, item__in=visible).select_related("item__unit")
                   .order_by("item_id"))
    rebounds: dict[int, list[int]] = {}
    for pk, original in visible.filter(rebound_of__in=[s.item_id for s in samples],
                                       created_at__gte=sampling.created_at).values_list("pk", "rebound_of_id"):
        rebounds.setdefault(original, []).append(pk)
    sampling.sample_rows = [{
        "item_id": s.item_id, "unit_id": s.item.unit_id, "unit_name": s.item.unit.name,
        "description": s.item.description, "category": s.item.category,
        "category_label": s.item.category_label, "closed_at": s.item.closed_at,
        "forced": s.forced, "rebound_ids": sorted(rebounds.get(s.item_id, [])),
    } for s in samples]
    return sampling


@router.get("", response={200: list[SamplingOut], **ERRORS}, summary="回头看抽查记录")
@paginate(BoundedPagination)
def list_followups(request):
    return (FollowUpSampling.objects.for_user(request.auth, "view").select_related("office", "task", "rule_region")
            .annotate(sampled=Count("samples")).order_by("region_path", "-created_at", "-id"))


@router.get("/preview", response={200: PreviewOut, **ERRORS},
            summary="预览抽查规则：符合条件的已销号问题数和将抽取的问题数（不写入）")
def preview_followup(request, rule: Query[RuleFields]):
    return followup_preview(actor=request.auth, rule=_rule(request.auth, rule, office_missing_is_404=True))


@router.get("/{int:sampling_id}", response={200: SamplingDetailOut, **ERRORS},
            summary="回头看抽查详情（规则、随机种子、抽中的问题及其反弹情况）")
def get_followup(request, sampling_id: Id):
    return _detail(request.auth, get_for_user_or_404(FollowUpSampling, request.auth, "view", pk=sampling_id))


@router.post("", response={201: SamplingDetailOut, **ERRORS},
             summary="按规则抽取已销号问题，生成回头看督导任务（被抽中问题所在单位为督导对象）")
def create_followup(request, payload: SamplingIn):
    rule = _rule(request.auth, payload)
    sampling = followup_sample(actor=request.auth, rule=rule, seed=payload.seed, title=payload.title,
                               override_reason=payload.override_reason)
    return Status(201, _detail(request.auth, sampling))
