"""/api/v1/incentives: commendations, good-practice cases (with publish/withdraw), exemptions from
supervision (免除督导) and the green results they draw on (E6). Rows come through ``for_user``;
``services`` and ``workflows`` hold the rules."""

import datetime
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import (
    BoundedPagination,
    ErrorOut,
    HistoryLineFields,
    Id,
    NoteFields,
    StrictDate,
    StrictSchema,
)
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.documents.models import IssuedDocument
from dudao.inspections.choices import Colour, TaskKind
from dudao.inspections.models import SupervisionExemption, TaskTarget
from dudao.inspectors.models import Inspector
from dudao.ledger.models import LedgerItem
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import selectors, services, workflows
from .choices import BasisKind, CommendationLevel, CommendationSubject, ExemptionState, GoodPracticeStatus
from .models import Commendation, GoodPracticeCase

router = Router(tags=["督导激励"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# ---- schemas ----------------------------------------------------------------------------------------
class CommendationOut(Schema):
    id: int
    level: str
    subject_kind: str
    unit_id: Id | None = None
    inspector_id: Id | None = None
    subject_name: str
    office_id: Id
    title: str
    basis_kind: str
    basis_target_id: Id | None = None
    basis_item_id: Id | None = None
    basis_text: str
    issued_on: datetime.date
    document_id: Id | None = None
    created_at: datetime.datetime


class CommendationIn(StrictSchema):
    office_id: Id
    level: CommendationLevel = CommendationLevel.PRAISE
    subject_kind: CommendationSubject
    unit_id: Id | None = None
    inspector_id: Id | None = None
    title: str = Field(..., max_length=200)
    issued_on: StrictDate
    basis_kind: BasisKind
    basis_target_id: Id | None = Field(None, description="绿色督导结果（督导对象编号）")
    basis_item_id: Id | None = Field(None, description="已销号的台账问题编号")
    basis_text: str = Field("", max_length=5000)
    document_id: Id | None = None


class GoodPracticeOut(Schema):
    id: int
    title: str
    unit_id: Id
    unit_name: str
    source_target_id: Id
    task_id: Id
    task_title: str
    summary: str
    content: str
    publishable: bool
    status: str
    published_at: datetime.datetime | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_task_id(obj):
        return obj.source_target.task_id

    @staticmethod
    def resolve_task_title(obj):
        return obj.source_target.task.title


class GoodPracticeEventOut(HistoryLineFields):
    pass


class GoodPracticeDetailOut(GoodPracticeOut):
    events: list[GoodPracticeEventOut]
    available: list[str]

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class GoodPracticeIn(StrictSchema):
    source_target_id: Id = Field(..., description="绿色督导结果（督导对象编号）")
    title: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=5000)
    content: str = Field("", max_length=50000)
    publishable: bool = False


class GoodPracticePatch(StrictSchema):
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=5000)
    content: str | None = Field(None, max_length=50000)
    publishable: bool | None = None


class GoodPracticeNoteIn(NoteFields, StrictSchema):
    pass


class ExemptionOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    task_kinds: list[str]
    valid_from: datetime.date
    valid_to: datetime.date
    reason: str
    state: str
    commendation_id: Id | None = None
    basis_target_id: Id | None = None
    ended_on: datetime.date | None = None
    original_valid_to: datetime.date | None = None
    end_reason: str = ""

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_state(obj):
        return selectors.exemption_state(obj)

    @staticmethod
    def resolve_commendation_id(obj):
        return getattr(selectors.exemption_record(obj), "commendation_id", None)

    @staticmethod
    def resolve_basis_target_id(obj):
        return getattr(selectors.exemption_record(obj), "basis_target_id", None)

    @staticmethod
    def resolve_ended_on(obj):
        return getattr(selectors.exemption_record(obj), "ended_on", None)

    @staticmethod
    def resolve_original_valid_to(obj):
        return getattr(selectors.exemption_record(obj), "original_valid_to", None)

    @staticmethod
    def resolve_end_reason(obj):
        return getattr(selectors.exemption_record(obj), "end_reason", "")


class ExemptionIn(StrictSchema):
    unit_id: Id
    task_kinds: list[TaskKind] = Field([], description="免除的督导类型，空为全部（经常性督导除外）")
    valid_from: StrictDate
    valid_to: StrictDate
    reason: str = Field(..., max_length=255)
    commendation_id: Id | None = Field(None, description="依据：对该单位的表彰")
    basis_target_id: Id | None = Field(None, description="依据：该单位的绿色督导结果")


class ExemptionEndIn(StrictSchema):
    reason: str = Field(..., max_length=2000)
    last_day: StrictDate | None = Field(None, description="免除的最后一天，缺省为昨天")


class GreenResultOut(Schema):
    id: int
    task_id: Id
    task_title: str
    task_kind: str
    unit_id: Id
    unit_name: str
    grade: str
    score: Decimal | None = None
    result_date: datetime.date

    @staticmethod
    def resolve_task_title(obj):
        return obj.task.title

    @staticmethod
    def resolve_task_kind(obj):
        return obj.task.kind

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_result_date(obj):
        return selectors.result_date(obj)


def _ref(user, model, field: str, pk):
    """An optional reference given in the request: invisible or unknown → 422 naming ``field``."""
    return get_for_user_or_invalid(model, user, field, pk=pk) if pk is not None else None


# ---- commendations ---------------------------------------------------------------------------------
def _commendations(user):
    return Commendation.objects.for_user(user, "view").select_related("unit", "inspector")


@router.get("/commendations", response={200: list[CommendationOut], **ERRORS}, summary="表彰表扬")
@paginate(BoundedPagination)
def list_commendations(request, unit_id: Id | None = None, subject_kind: CommendationSubject | None = None):
    qs = _commendations(request.auth)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if subject_kind:
        qs = qs.filter(subject_kind=subject_kind)
    return qs


@router.get("/commendations/{int:commendation_id}", response={200: CommendationOut, **ERRORS}, summary="表彰详情")
def get_commendation(request, commendation_id: Id):
    return get_for_user_or_404(_commendations(request.auth), request.auth, "view", pk=commendation_id)


@router.post("/commendations", response={201: CommendationOut, **ERRORS},
             summary="登记表彰表扬（单位或督学；依据为绿色督导结果、整改成效或其他事迹）")
def create_commendation(request, payload: CommendationIn):
    user, data = request.auth, payload.model_dump()
    office = get_for_user_or_invalid(Unit, user, "office_id", pk=data.pop("office_id"))
    refs = {name: _ref(user, model, f"{name}_id", data.pop(f"{name}_id")) for name, model in (
        ("unit", Unit), ("inspector", Inspector), ("basis_target", TaskTarget), ("basis_item", LedgerItem),
        ("document", IssuedDocument))}
    obj = services.commendation_create(actor=user, office=office, **data, **refs)
    return Status(201, _commendations(user).get(pk=obj.pk))


# ---- good-practice cases ----------------------------------------------------------------------------
def _cases(user, action="view"):
    return GoodPracticeCase.objects.for_user(user, action).select_related("unit", "source_target__task")


def _case_detail(user, case):
    case = _cases(user).get(pk=case.pk)
    case.available = [t.name for t in workflows.available(user, case)]
    return case


@router.get("/cases", response={200: list[GoodPracticeOut], **ERRORS}, summary="典型经验（status 筛选）")
@paginate(BoundedPagination)
def list_cases(request, status: GoodPracticeStatus | None = None):
    qs = _cases(request.auth)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get("/cases/{int:case_id}", response={200: GoodPracticeDetailOut, **ERRORS}, summary="典型经验详情（含办理记录）")
def get_case(request, case_id: Id):
    return _case_detail(request.auth, get_for_user_or_404(_cases(request.auth), request.auth, "view", pk=case_id))


@router.post("/cases", response={201: GoodPracticeDetailOut, **ERRORS}, summary="编写典型经验（来自绿色督导结果，草稿）")
def create_case(request, payload: GoodPracticeIn):
    data = payload.model_dump()
    target = get_for_user_or_invalid(TaskTarget, request.auth, "source_target_id", pk=data.pop("source_target_id"))
    case = services.case_create(actor=request.auth, source_target=target, **data)
    return Status(201, _case_detail(request.auth, case))


@router.patch("/cases/{int:case_id}", response={200: GoodPracticeDetailOut, **ERRORS}, summary="修改典型经验草稿")
def update_case(request, case_id: Id, payload: GoodPracticePatch):
    case = get_for_user_or_404(_cases(request.auth), request.auth, "change", pk=case_id)
    fields = payload.model_dump(exclude_unset=True)
    case = services.case_update(actor=request.auth, case=case, **fields)
    return _case_detail(request.auth, case)


@router.post("/cases/{int:case_id}/transitions/{name}", response={200: GoodPracticeDetailOut, **ERRORS},
             summary="发布（publish）或撤回（withdraw，须写理由）典型经验")
def run_case_transition(request, case_id: Id, name: str, payload: GoodPracticeNoteIn | None = None):
    case = get_for_user_or_404(_cases(request.auth), request.auth, "view", pk=case_id)
    if name not in workflows.SERVICES:
        raise Http404
    case = workflows.SERVICES[name](actor=request.auth, case=case, note=payload.note if payload else "")
    return _case_detail(request.auth, case)


# ---- exemptions --------------------------------------------------------------------------------------
def _exemptions(user, action="view"):
    return SupervisionExemption.objects.for_user(user, action).select_related("unit", "incentive")


@router.get("/exemptions", response={200: list[ExemptionOut], **ERRORS},
            summary="免除督导（state=current 生效中、upcoming 未生效、expired 已到期）")
@paginate(BoundedPagination)
def list_exemptions(request, state: ExemptionState | None = None, unit_id: Id | None = None):
    qs = _exemptions(request.auth)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return selectors.exemptions_in_state(qs, state, timezone.localdate()) if state else qs


@router.get("/exemptions/{int:exemption_id}", response={200: ExemptionOut, **ERRORS}, summary="免除督导详情")
def get_exemption(request, exemption_id: Id):
    return get_for_user_or_404(_exemptions(request.auth), request.auth, "view", pk=exemption_id)


@router.post("/exemptions", response={201: ExemptionOut, **ERRORS},
             summary="免除督导（须有依据：近期表彰或绿色督导结果）")
def create_exemption(request, payload: ExemptionIn):
    user, data = request.auth, payload.model_dump()
    unit = get_for_user_or_invalid(Unit, user, "unit_id", pk=data.pop("unit_id"))
    commendation_id, target_id = data.pop("commendation_id"), data.pop("basis_target_id")
    commendation = _ref(user, Commendation, "commendation_id", commendation_id)
    target = _ref(user, TaskTarget, "basis_target_id", target_id)
    data["task_kinds"] = [str(k) for k in data["task_kinds"]]
    exemption = services.exemption_grant(actor=user, unit=unit, commendation=commendation, basis_target=target, **data)
    return Status(201, _exemptions(user).get(pk=exemption.pk))


@router.post("/exemptions/{int:exemption_id}/end", response={200: ExemptionOut, **ERRORS},
             summary="提前结束免除督导")
def end_exemption(request, exemption_id: Id, payload: ExemptionEndIn):
    exemption = get_for_user_or_404(_exemptions(request.auth), request.auth, "view", pk=exemption_id)
    services.exemption_end(actor=request.auth, exemption=exemption, reason=payload.reason, last_day=payload.last_day)
    return _exemptions(request.auth).get(pk=exemption.pk)


# ---- green results ----------------------------------------------------------------------------------
@router.get("/green-results", response={200: list[GreenResultOut], **ERRORS},
            summary="督导结果（已形成报告；默认绿色，colour= 选三色）：典型经验、表彰和免除督导的依据")
@paginate(BoundedPagination)
def list_green_results(request, unit_id: Id | None = None,
                       colour: Colour = Colour.GREEN,
                       region_code: str | None = None,
                       result_from: datetime.date | None = None,
                       result_to: datetime.date | None = None):
    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=region_code) if region_code else None
    qs = selectors.supervision_results(request.auth, colour=colour, region=region, result_from=result_from,
                                       result_to=result_to)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs
