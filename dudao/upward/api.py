"""/api/v1/upward: the upper level's evaluation of a county's government (announce, split the
indicators, the member units' self-checks, compile, submit, the upper office's findings and review)
and 备案 (file, the upper office's inbox, acknowledge / return, refile). Each write calls the same
service as its page."""

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
    SafeStr,
    StrictDate,
    StrictSchema,
    Year,
)
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.frameworks.models import FrameworkVersion, Indicator
from dudao.inspections.choices import Severity
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import selectors, services
from .choices import AssignmentStatus, EvaluationStatus, FilingKind, UpwardFilingStatus
from .models import EvaluationEvent, Filing, FilingEvent, IndicatorAssignment, UpperEvaluation
from .workflows import ASSIGNMENT_SERVICES, EVALUATION_SERVICES, FILING_SERVICES

router = Router(tags=["上级评估与备案"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# ---- schemas ----------------------------------------------------------------------------------
class UpperAssignmentOut(Schema):
    id: int
    evaluation_id: int
    indicator_id: int
    indicator_code: str
    indicator_name: str
    unit_id: int
    unit_name: str
    deadline: datetime.date
    status: AssignmentStatus
    answer: str
    score: Decimal | None = None
    submitted_at: datetime.datetime | None = None
    late: bool
    overdue: bool
    return_reason: str

    @staticmethod
    def resolve_indicator_code(obj):
        return obj.indicator.code

    @staticmethod
    def resolve_indicator_name(obj):
        return obj.indicator.name

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_overdue(obj):
        return selectors.is_overdue(obj, timezone.localdate())


class UpperFindingOut(Schema):
    id: int
    unit_id: int
    assignment_id: int | None = None
    ledger_item_id: int


class UpperEvaluationOut(Schema):
    id: int
    region_id: int
    region_name: str
    title: str
    year: int
    version_id: int
    deadline: datetime.date
    requirements: str
    status: EvaluationStatus
    submitted_at: datetime.datetime | None = None
    conclusion: str
    grade: str

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name


class UpperEvaluationEventOut(HistoryLineFields):
    data: dict


class UpperEvaluationDetailOut(UpperEvaluationOut):
    assignments: list[UpperAssignmentOut]
    findings: list[UpperFindingOut]
    history: list[UpperEvaluationEventOut]

    @staticmethod
    def resolve_assignments(obj):
        return obj.assignments_out


class UpperEvaluationIn(StrictSchema):
    region_id: Id = Field(description="被评估地区（须为本级的下一级）")
    version_id: Id = Field(description="已发布的指标体系版本")
    year: Year
    deadline: StrictDate = Field(description="报送截止日期（不早于今天）")
    title: str = Field("", max_length=200)
    requirements: str = Field("", max_length=5000)


class UpperAssignIn(StrictSchema):
    indicator_id: Id = Field(description="末级指标（每项只能分解一次）")
    unit_id: Id = Field(description="本级督导委员会的成员单位")
    deadline: StrictDate = Field(description="自查截止日期（不早于今天，不晚于报送截止日期）")


class UpperTransitionIn(StrictSchema):
    note: str = Field("", max_length=5000, description="说明（退回时必填）")
    conclusion: str = Field("", max_length=10000, description="评估意见（评估反馈时必填）")
    grade: str = Field("", max_length=32)


class UpperSelfCheckIn(StrictSchema):
    note: str = Field("", max_length=5000, description="说明（退回时必填）")
    answer: str = Field("", max_length=20000, description="自查情况（提交自查时必填）")
    score: Decimal | None = Field(None, ge=0, le=1000, max_digits=7, decimal_places=2)


class UpperFindingIn(StrictSchema):
    unit_id: Id = Field(description="责任成员单位")
    assignment_id: Id | None = None
    description: str = Field(max_length=5000)
    requirement: str = Field(max_length=5000)
    deadline: StrictDate
    category: str = Field(max_length=32, description="问题类别编号")
    severity: Severity = Severity.MINOR


class FilingOut(Schema):
    id: int
    region_id: int
    region_name: str
    to_region_id: int
    kind: FilingKind
    title: str
    summary: str
    task_id: int | None = None
    evaluation_id: int | None = None
    subject_id: int | None = None
    status: UpwardFilingStatus
    filed_at: datetime.datetime | None = None
    due_on: datetime.date
    overdue: bool
    acknowledged_at: datetime.datetime | None = None
    return_reason: str

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name

    @staticmethod
    def resolve_overdue(obj):
        return obj.status == UpwardFilingStatus.FILED and obj.due_on < timezone.localdate()


class FilingEventOut(HistoryLineFields):
    pass


class FilingDetailOut(FilingOut):
    history: list[FilingEventOut]


class FilingIn(StrictSchema):
    region_id: Id = Field(description="报备的本级地区（备案机关为其上一级）")
    kind: FilingKind
    title: str = Field(max_length=200)
    summary: str = Field("", max_length=10000)
    task_id: Id | None = Field(None, description="督导报告：已形成报告的督导任务")
    evaluation_id: Id | None = Field(None, description="上级评估自评材料：已报送的上级评估")
    case_id: Id | None = Field(None, description="问责决定：已作出决定的问责案件")


class FilingNoteIn(StrictSchema):
    note: str = Field("", max_length=5000, description="说明（退回时必填）")


# ---- evaluations ------------------------------------------------------------------------------
def _evaluation(request, pk) -> UpperEvaluation:
    return get_for_user_or_404(
        UpperEvaluation.objects.select_related("region", "version"), request.auth, "view", pk=pk
    )


def _evaluation_detail(user, ev):
    ev = UpperEvaluation.objects.select_related("region").get(pk=ev.pk)
    ev.assignments_out = list(
        IndicatorAssignment.objects.filter(evaluation=ev)
        .select_related("indicator", "unit")
        .order_by("deadline", "id")
    )
    ev.history = list(EvaluationEvent.objects.filter(evaluation=ev))
    return ev


@router.get("/evaluations", response={200: list[UpperEvaluationOut], **ERRORS}, summary="上级评估列表")
@paginate(BoundedPagination)
def list_upper_evaluations(request, status: EvaluationStatus | None = None, year: Year | None = None):
    return selectors.evaluations(request.auth, status=status, year=year)


@router.post(
    "/evaluations",
    response={201: UpperEvaluationDetailOut, **ERRORS},
    summary="部署对下一级政府的评估（上一级督导室）",
)
def announce_upper_evaluation(request, payload: UpperEvaluationIn):
    region = get_for_user_or_invalid(Region, request.auth, "region_id", pk=payload.region_id)
    version = get_for_user_or_invalid(FrameworkVersion, request.auth, "version_id", pk=payload.version_id)
    ev = services.evaluation_announce(
        actor=request.auth,
        region=region,
        version=version,
        year=payload.year,
        deadline=payload.deadline,
        title=payload.title,
        requirements=payload.requirements,
    )
    return Status(201, _evaluation_detail(request.auth, ev))


@router.get(
    "/evaluations/{int:evaluation_id}",
    response={200: UpperEvaluationDetailOut, **ERRORS},
    summary="上级评估详情（指标分解、问题反馈、办理记录）",
)
def get_upper_evaluation(request, evaluation_id: Id):
    return _evaluation_detail(request.auth, _evaluation(request, evaluation_id))


@router.post(
    "/evaluations/{int:evaluation_id}/assignments",
    response={201: UpperAssignmentOut, **ERRORS},
    summary="将指标分解给成员单位（被评估地区督导室）",
)
def assign_upper_indicator(request, evaluation_id: Id, payload: UpperAssignIn):
    ev = _evaluation(request, evaluation_id)
    indicator = Indicator.objects.filter(pk=payload.indicator_id, version_id=ev.version_id).first()
    if indicator is None:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError({"indicator_id": _("该指标不属于本次评估的指标体系")})
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=payload.unit_id)
    return Status(
        201,
        services.indicator_assign(
            actor=request.auth, evaluation=ev, indicator=indicator, unit=unit, deadline=payload.deadline
        ),
    )


@router.post(
    "/evaluations/{int:evaluation_id}/compile",
    response={200: UpperEvaluationDetailOut, **ERRORS},
    summary="汇编自评材料（生成Word文档）",
)
def compile_upper_package(request, evaluation_id: Id):
    ev = _evaluation(request, evaluation_id)
    services.package_compile(actor=request.auth, evaluation=ev)
    return _evaluation_detail(request.auth, ev)


@router.post(
    "/evaluations/{int:evaluation_id}/transitions/{name}",
    response={200: UpperEvaluationDetailOut, **ERRORS},
    summary="上级评估：start 下发自查、submit 汇编报送上级、return_package 上级退回补充、review 上级评估反馈",
)
def run_upper_evaluation_transition(
    request, evaluation_id: Id, name: str, payload: UpperTransitionIn | None = None
):
    ev = _evaluation(request, evaluation_id)
    if name not in EVALUATION_SERVICES:
        raise Http404
    payload = payload or UpperTransitionIn()
    ev = EVALUATION_SERVICES[name](
        actor=request.auth,
        evaluation=ev,
        note=payload.note.strip(),
        conclusion=payload.conclusion,
        grade=payload.grade,
    )
    return _evaluation_detail(request.auth, ev)


@router.post(
    "/evaluations/{int:evaluation_id}/findings",
    response={201: UpperFindingOut, **ERRORS},
    summary="上级反馈问题（纳入责任成员单位的问题台账）",
)
def add_upper_finding(request, evaluation_id: Id, payload: UpperFindingIn):
    ev = _evaluation(request, evaluation_id)
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=payload.unit_id)
    assignment = None
    if payload.assignment_id:
        assignment = get_for_user_or_invalid(
            IndicatorAssignment.objects.filter(evaluation=ev),
            request.auth,
            "assignment_id",
            pk=payload.assignment_id,
        )
    return Status(
        201,
        services.finding_add(
            actor=request.auth,
            evaluation=ev,
            unit=unit,
            assignment=assignment,
            description=payload.description,
            requirement=payload.requirement,
            deadline=payload.deadline,
            category=payload.category,
            severity=payload.severity,
        ),
    )


# ---- assignments (the member units' self-checks) ----------------------------------------------
@router.get(
    "/assignments",
    response={200: list[UpperAssignmentOut], **ERRORS},
    summary="指标自查列表（overdue=true 仅逾期未交）",
)
@paginate(BoundedPagination)
def list_upper_assignments(
    request, evaluation_id: Id | None = None, status: AssignmentStatus | None = None, overdue: bool = False
):
    return selectors.assignments(
        request.auth, evaluation_id=evaluation_id, status=status, overdue=overdue, today=timezone.localdate()
    )


@router.get(
    "/assignments/{int:assignment_id}", response={200: UpperAssignmentOut, **ERRORS}, summary="指标自查详情"
)
def get_upper_assignment(request, assignment_id: Id):
    return get_for_user_or_404(
        IndicatorAssignment.objects.select_related("indicator", "unit"),
        request.auth,
        "view",
        pk=assignment_id,
    )


@router.post(
    "/assignments/{int:assignment_id}/transitions/{name}",
    response={200: UpperAssignmentOut, **ERRORS},
    summary="指标自查：submit 成员单位提交自查、accept 督导室审核通过、return 退回成员单位（须写理由）",
)
def run_upper_assignment_transition(
    request, assignment_id: Id, name: str, payload: UpperSelfCheckIn | None = None
):
    a = get_for_user_or_404(
        IndicatorAssignment.objects.select_related("evaluation", "indicator"),
        request.auth,
        "view",
        pk=assignment_id,
    )
    if name not in ASSIGNMENT_SERVICES:
        raise Http404
    payload = payload or UpperSelfCheckIn()
    return ASSIGNMENT_SERVICES[name](
        actor=request.auth,
        assignment=a,
        note=payload.note.strip(),
        answer=payload.answer,
        score=payload.score,
    )


# ---- 备案 ------------------------------------------------------------------------------------
def _filing_detail(filing):
    filing = Filing.objects.select_related("region").get(pk=filing.pk)
    filing.history = list(FilingEvent.objects.filter(filing=filing))
    return filing


@router.get(
    "/filings", response={200: list[FilingOut], **ERRORS}, summary="备案列表（本级报备的和下级报备的）"
)
@paginate(BoundedPagination)
def list_filings(
    request, status: UpwardFilingStatus | None = None, kind: FilingKind | None = None, overdue: bool = False
):
    return selectors.filings(
        request.auth, status=status, kind=kind, overdue=overdue, today=timezone.localdate()
    )


@router.get(
    "/filings/inbox", response={200: list[FilingOut], **ERRORS}, summary="备案收件箱（下级报本级确认的备案）"
)
@paginate(BoundedPagination)
def list_filing_inbox(request, status: UpwardFilingStatus | None = None, q: SafeStr | None = None):
    qs = selectors.inbox(request.auth)
    if status:
        qs = qs.filter(status=status)
    return qs.filter(title__icontains=q) if q else qs


@router.post("/filings", response={201: FilingDetailOut, **ERRORS}, summary="报上一级督导机构备案")
def create_filing(request, payload: FilingIn):
    from dudao.inspections.models import SupervisionTask

    region = get_for_user_or_invalid(Region, request.auth, "region_id", pk=payload.region_id)
    task = (
        get_for_user_or_invalid(SupervisionTask, request.auth, "task_id", pk=payload.task_id)
        if payload.task_id
        else None
    )
    evaluation = (
        get_for_user_or_invalid(UpperEvaluation, request.auth, "evaluation_id", pk=payload.evaluation_id)
        if payload.evaluation_id
        else None
    )
    filing = services.filing_create(
        actor=request.auth,
        region=region,
        kind=payload.kind,
        title=payload.title,
        summary=payload.summary,
        task=task,
        evaluation=evaluation,
        case_id=payload.case_id,
    )
    return Status(201, _filing_detail(filing))


@router.get("/filings/{int:filing_id}", response={200: FilingDetailOut, **ERRORS}, summary="备案详情")
def get_filing(request, filing_id: Id):
    return _filing_detail(_filing(request, filing_id))


def _filing(request, pk) -> Filing:
    return get_for_user_or_404(
        Filing.objects.select_related("region", "to_region"), request.auth, "view", pk=pk
    )


@router.post(
    "/filings/{int:filing_id}/transitions/{name}",
    response={200: FilingDetailOut, **ERRORS},
    summary="备案：acknowledge 确认备案、return 退回（须写理由）（上一级督导室）；refile 重新报备",
)
def run_filing_transition(request, filing_id: Id, name: str, payload: FilingNoteIn | None = None):
    filing = _filing(request, filing_id)
    if name not in FILING_SERVICES:
        raise Http404
    filing = FILING_SERVICES[name](
        actor=request.auth, filing=filing, note=(payload.note if payload else "").strip()
    )
    return _filing_detail(filing)
