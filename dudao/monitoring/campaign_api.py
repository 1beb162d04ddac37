"""/api/v1/monitoring/campaigns and /api/v1/monitoring/programmes: creation campaigns (B4) — list,
the city's board, create, detail with the live gap, milestone transitions, planned dates, tasks,
the generated self-evaluation report — and monitoring programmes (G1, C6) — list, create, detail
with the cycle's coverage, rounds, round transitions, evaluation results. Each is the twin of a page
action and calls the same service."""

import datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema, Year
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.regions.models import Region

from . import campaigns as services
from .campaign_choices import CampaignKind, CampaignStatus, Conclusion, ProgrammeKind, RoundStatus, Stage
from .campaign_models import (
    Campaign,
    CampaignMilestone,
    CampaignTask,
    Programme,
    ProgrammeRound,
    RoundEvaluation,
)
from .campaign_report import report_generate
from .campaign_workflows import CAMPAIGN_SERVICES, CAMPAIGN_WORKFLOW, ROUND_SERVICES, ROUND_WORKFLOW

campaigns_router = Router(tags=["评估监测"])
programmes_router = Router(tags=["评估监测"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# ---- schemas --------------------------------------------------------------------------------------
class CampaignMilestoneOut(Schema):
    stage: Stage
    stage_label: str
    planned_on: datetime.date | None = None
    actual_on: datetime.date | None = None
    conclusion: str
    files: int

    @staticmethod
    def resolve_stage_label(obj):
        return obj.get_stage_display()

    @staticmethod
    def resolve_files(obj):
        from dudao.attachments.services import for_owner

        return for_owner(obj).count()


class CampaignTaskOut(Schema):
    id: int
    title: str
    owner: str
    deadline: datetime.date
    done_on: datetime.date | None = None
    note: str


class CampaignOut(Schema):
    id: int
    kind: CampaignKind
    region_code: str
    region_name: str
    target_year: int
    basis_year: int | None = None
    status: CampaignStatus
    status_label: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class CampaignGapTableOut(Schema):
    caption: str
    header: list[str]
    rows: list[list[str]]


class CampaignGapOut(Schema):
    available: bool
    verdict: str
    passed: bool | None = None
    failures: list[str]
    tables: list[CampaignGapTableOut]


class CampaignDetailOut(CampaignOut):
    plan: str
    revoked_reason: str
    milestones: list[CampaignMilestoneOut]
    tasks: list[CampaignTaskOut]
    transitions: list[str]

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())

    @staticmethod
    def resolve_tasks(obj):
        return list(obj.tasks.all())

    @staticmethod
    def resolve_transitions(obj):
        return getattr(obj, "transition_names", [])


class CampaignBoardOut(Schema):
    campaign: CampaignOut
    planned_on: datetime.date | None = None
    late: bool
    open_tasks: int
    overdue_tasks: int


class CampaignPlannedIn(StrictSchema):
    county: StrictDate | None = None
    city: StrictDate | None = None
    province: StrictDate | None = None
    national: StrictDate | None = None


class CampaignIn(StrictSchema):
    kind: CampaignKind
    region_code: str = Field(max_length=12)
    target_year: Year
    basis_year: Year | None = None
    plan: str = Field("", max_length=5000)
    planned: CampaignPlannedIn | None = None


class CampaignNoteIn(StrictSchema):
    note: str = Field("", max_length=2000)


class MilestonePlanIn(StrictSchema):
    planned_on: StrictDate | None = None


class CampaignTaskIn(StrictSchema):
    title: str = Field(min_length=1, max_length=200)
    owner: str = Field(min_length=1, max_length=100)
    deadline: StrictDate
    note: str = Field("", max_length=2000)


class CampaignTaskDoneIn(StrictSchema):
    done_on: StrictDate | None = None


class CampaignReportIn(StrictSchema):
    year: Year | None = None


class CampaignReportOut(Schema):
    attachment_id: int
    name: str
    url: str


def _campaign_detail(user, campaign):
    campaign = Campaign.objects.select_related("region").get(pk=campaign.pk)
    campaign.transition_names = [t.name for t in CAMPAIGN_WORKFLOW.available(user, campaign)]
    return campaign


def _campaign(request, campaign_id, action="view"):
    return get_for_user_or_404(Campaign.objects.select_related("region"), request.auth, action, pk=campaign_id)


# ---- campaigns ------------------------------------------------------------------------------------
@campaigns_router.get("", response={200: list[CampaignOut], **ERRORS}, summary="创建计划")
@paginate(BoundedPagination)
def list_campaigns(request, kind: CampaignKind | None = None, status: CampaignStatus | None = None):
    qs = Campaign.objects.for_user(request.auth, "view").select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(status=status) if status else qs


@campaigns_router.get("/board", response={200: list[CampaignBoardOut], **ERRORS},
                      summary="各县创建进度（市级总览：每个县的创建计划和所处环节）")
def campaign_board(request):
    return [{"campaign": r["campaign"], "planned_on": r["milestone"].planned_on if r["milestone"] else None,
             "late": r["late"], "open_tasks": r["open_tasks"], "overdue_tasks": r["overdue_tasks"]}
            for r in services.campaign_board(request.auth)]


@campaigns_router.post("", response={201: CampaignDetailOut, **ERRORS}, summary="制定创建计划")
def create_campaign(request, payload: CampaignIn):
    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=payload.region_code)
    campaign = services.campaign_create(actor=request.auth, kind=payload.kind, region=region,
                                        target_year=payload.target_year, basis_year=payload.basis_year,
                                        plan=payload.plan,
                                        planned=payload.planned.model_dump(exclude_none=True) if payload.planned else {})
    return Status(201, _campaign_detail(request.auth, campaign))


@campaigns_router.get("/{int:campaign_id}", response={200: CampaignDetailOut, **ERRORS}, summary="创建计划详情")
def get_campaign(request, campaign_id: Id):
    return _campaign_detail(request.auth, _campaign(request, campaign_id))


@campaigns_router.get("/{int:campaign_id}/gap", response={200: CampaignGapOut, **ERRORS},
                      summary="创建差距（按指标计算：未达标的差异系数、指标和学校）")
def get_campaign_gap(request, campaign_id: Id, year: Year | None = None):
    return services.campaign_gap(_campaign(request, campaign_id), year)


@campaigns_router.post("/{int:campaign_id}/transitions/{name}", response={200: CampaignDetailOut, **ERRORS},
                       summary="创建环节：self_evaluate 完成县级自评、city_pass/city_return 市级复核、"
                               "province_pass/province_return 省级评估、recognise/national_return 国家认定、revoke 撤销")
def run_campaign_transition(request, campaign_id: Id, name: str, payload: CampaignNoteIn | None = None):
    campaign = _campaign(request, campaign_id)
    if name not in CAMPAIGN_SERVICES:
        raise Http404
    campaign = CAMPAIGN_SERVICES[name](actor=request.auth, campaign=campaign, note=payload.note if payload else "")
    return _campaign_detail(request.auth, campaign)


@campaigns_router.patch("/{int:campaign_id}/milestones/{stage}", response={200: CampaignMilestoneOut, **ERRORS},
                        summary="修改环节计划日期")
def plan_milestone(request, campaign_id: Id, stage: Stage, payload: MilestonePlanIn):
    campaign = _campaign(request, campaign_id, "change")
    milestone = CampaignMilestone.objects.get(campaign=campaign, stage=stage)
    return services.milestone_plan(actor=request.auth, milestone=milestone, planned_on=payload.planned_on)


@campaigns_router.post("/{int:campaign_id}/tasks", response={201: CampaignTaskOut, **ERRORS}, summary="布置创建任务")
def add_campaign_task(request, campaign_id: Id, payload: CampaignTaskIn):
    campaign = _campaign(request, campaign_id, "change")
    return Status(201, services.task_add(actor=request.auth, campaign=campaign, **payload.model_dump()))


@campaigns_router.post("/{int:campaign_id}/tasks/{int:task_id}/done", response={200: CampaignTaskOut, **ERRORS},
                       summary="创建任务完成")
def finish_campaign_task(request, campaign_id: Id, task_id: Id, payload: CampaignTaskDoneIn | None = None):
    campaign = _campaign(request, campaign_id, "change")
    task = get_for_user_or_404(CampaignTask.objects.filter(campaign=campaign), request.auth, "view", pk=task_id)
    return services.task_done(actor=request.auth, task=task, done_on=payload.done_on if payload else None)


@campaigns_router.post("/{int:campaign_id}/report", response={201: CampaignReportOut, **ERRORS},
                       summary="生成县级自评报告（Word，存为县级自评环节的附件）")
def generate_campaign_report(request, campaign_id: Id, payload: CampaignReportIn | None = None):
    campaign = _campaign(request, campaign_id)
    att = report_generate(actor=request.auth, campaign=campaign, year=payload.year if payload else None)
    return Status(201, {"attachment_id": att.pk, "name": att.name, "url": att.get_absolute_url()})


# ---- programmes -----------------------------------------------------------------------------------
class ProgrammeOut(Schema):
    id: int
    name: str
    kind: ProgrammeKind
    region_code: str
    cycle_years: int
    collection_id: int | None = None
    framework_id: int | None = None
    description: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code


class ProgrammeIn(StrictSchema):
    name: str = Field(min_length=1, max_length=200)
    kind: ProgrammeKind
    region_code: str = Field(max_length=12)
    cycle_years: int | None = Field(None, ge=1, le=10)
    collection_id: Id | None = None
    framework_id: Id | None = None
    description: str = Field("", max_length=5000)


class RoundSelfProgressOut(Schema):
    opened: bool = Field(..., description="已开启园所自评填报（关联的采集轮次）")
    collection_round_id: int | None = None
    total: int = Field(..., description="本轮幼儿园数")
    submitted: int = Field(..., description="已提交（含已审核通过）")
    approved: int = Field(..., description="县级审核通过（含市级接收）")
    returned: int
    draft: int = Field(..., description="尚未提交")
    recorded: int = Field(..., description="已记录自评结果的幼儿园数")


class ProgrammeRoundOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    region_code: str
    region_name: str
    year: int
    status: RoundStatus
    sample_percent: int | None = None
    collection_round_id: int | None = None
    self_progress: RoundSelfProgressOut | None = Field(None, description="园所自评进度（幼儿园办园行为督导评估）")

    @staticmethod
    def resolve_self_progress(obj):
        if obj.programme.kind != ProgrammeKind.KINDERGARTEN_CONDUCT:
            return None
        progress = getattr(obj, "progress", None) or services.self_progress(obj)
        return {k: v for k, v in progress.items() if k != "statuses"}

    @staticmethod
    def resolve_programme_name(obj):
        return obj.programme.name

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name


class RoundEvaluationOut(Schema):
    id: int
    kindergarten_id: int
    kindergarten_name: str
    self_submission_id: int | None = Field(None, description="幼儿园在园所自评填报中的填报")
    self_status: str = Field("", description="该填报的状态：draft / submitted / returned / approved / accepted")
    self_on: datetime.date | None = None
    self_conclusion: str
    county_on: datetime.date | None = None
    county_conclusion: str
    county_note: str
    sampled: bool
    city_on: datetime.date | None = None
    city_conclusion: str
    city_note: str

    @staticmethod
    def resolve_kindergarten_name(obj):
        return obj.kindergarten.name


class ProgrammeRoundDetailOut(ProgrammeRoundOut):
    evaluations: list[RoundEvaluationOut]
    transitions: list[str]

    @staticmethod
    def resolve_evaluations(obj):
        statuses = getattr(obj, "progress", {}).get("statuses", {})
        out = list(obj.evaluations.select_related("kindergarten"))
        for e in out:
            e.self_submission_id, e.self_status = statuses.get(e.kindergarten_id, (None, ""))
        return out

    @staticmethod
    def resolve_transitions(obj):
        return getattr(obj, "transition_names", [])


class ProgrammeRoundIn(StrictSchema):
    region_code: str = Field(max_length=12)
    year: Year
    collection_round_id: Id | None = None
    note: str = Field("", max_length=2000)


class RoundEvaluationIn(StrictSchema):
    level: str = Field(pattern="^(self|county|city)$")
    conclusion: Conclusion
    note: str = Field("", max_length=2000)
    on: StrictDate | None = None


class CoverageUnitOut(Schema):
    id: int
    name: str


class ProgrammeCoverageOut(Schema):
    region_code: str
    cycle: int
    first_year: int
    last_year: int
    total: int
    evaluated: int
    missing: list[CoverageUnitOut]


def _round_detail(user, rnd):
    rnd = ProgrammeRound.objects.select_related("programme", "region").get(pk=rnd.pk)
    rnd.transition_names = [t.name for t in ROUND_WORKFLOW.available(user, rnd)]
    rnd.progress = services.self_progress(rnd)
    return rnd


def _round(request, round_id):
    return get_for_user_or_404(ProgrammeRound.objects.select_related("programme", "region"), request.auth, "view",
                               pk=round_id)


@programmes_router.get("", response={200: list[ProgrammeOut], **ERRORS}, summary="监测项目")
@paginate(BoundedPagination)
def list_programmes(request, kind: ProgrammeKind | None = None):
    qs = Programme.objects.for_user(request.auth, "view").select_related("region")
    return qs.filter(kind=kind) if kind else qs


@programmes_router.post("", response={201: ProgrammeOut, **ERRORS}, summary="设立监测项目")
def create_programme(request, payload: ProgrammeIn):
    from dudao.frameworks.models import Framework

    from .models import Collection

    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=payload.region_code)
    collection = (get_for_user_or_invalid(Collection, request.auth, "collection_id", pk=payload.collection_id)
                  if payload.collection_id else None)
    framework = (get_for_user_or_invalid(Framework, request.auth, "framework_id", pk=payload.framework_id)
                 if payload.framework_id else None)
    programme = services.programme_create(actor=request.auth, name=payload.name, kind=payload.kind, region=region,
                                          cycle_years=payload.cycle_years, collection=collection,
                                          framework=framework, description=payload.description)
    return Status(201, programme)


@programmes_router.get("/rounds", response={200: list[ProgrammeRoundOut], **ERRORS}, summary="监测轮次")
@paginate(BoundedPagination)
def list_programme_rounds(request, programme_id: Id | None = None, status: RoundStatus | None = None):
    qs = ProgrammeRound.objects.for_user(request.auth, "view").select_related("programme", "region")
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    return qs.filter(status=status) if status else qs


@programmes_router.get("/rounds/{int:round_id}", response={200: ProgrammeRoundDetailOut, **ERRORS},
                       summary="监测轮次详情（每所幼儿园的自评、县级评估和市级抽查）")
def get_programme_round(request, round_id: Id):
    return _round_detail(request.auth, _round(request, round_id))


@programmes_router.post("/rounds/{int:round_id}/transitions/{name}", response={200: ProgrammeRoundDetailOut, **ERRORS},
                        summary="评估轮次：start_county 开始县级评估、submit_city 报市级抽查（抽取样本）、"
                                "city_return 退回、close 市级抽查完成")
def run_round_transition(request, round_id: Id, name: str, payload: CampaignNoteIn | None = None):
    rnd = _round(request, round_id)
    if name not in ROUND_SERVICES:
        raise Http404
    rnd = ROUND_SERVICES[name](actor=request.auth, round=rnd, note=payload.note if payload else "")
    return _round_detail(request.auth, rnd)


class SelfEvaluationOpenIn(StrictSchema):
    collection_round_id: Id | None = Field(None, description="已有的幼儿园自评采集轮次；不填则为本县本年度开启内置园所自评表")
    deadline: StrictDate | None = Field(None, description="填报截止日期（默认30天后）")


@programmes_router.post("/rounds/{int:round_id}/self-evaluation", response={200: ProgrammeRoundDetailOut, **ERRORS},
                        summary="开启园所自评填报（每所幼儿园自行填报提交，县级审核）")
def open_round_self_evaluation(request, round_id: Id, payload: SelfEvaluationOpenIn | None = None):
    from .models import CollectionRound

    rnd = _round(request, round_id)
    collection_round = (get_for_user_or_invalid(CollectionRound, request.auth, "collection_round_id",
                                                pk=payload.collection_round_id)
                        if payload and payload.collection_round_id else None)
    rnd = services.self_evaluation_open(actor=request.auth, round=rnd, collection_round=collection_round,
                                        deadline=payload.deadline if payload else None)
    return _round_detail(request.auth, rnd)


@programmes_router.post("/evaluations/{int:evaluation_id}", response={200: RoundEvaluationOut, **ERRORS},
                        summary="记录幼儿园评估结果（level: self 自评、county 县级评估、city 市级抽查）")
def record_round_evaluation(request, evaluation_id: Id, payload: RoundEvaluationIn):
    evaluation = get_for_user_or_404(RoundEvaluation.objects.select_related("kindergarten"), request.auth, "view",
                                     pk=evaluation_id)
    return services.evaluation_record(actor=request.auth, evaluation=evaluation, **payload.model_dump())


@programmes_router.get("/{int:programme_id}", response={200: ProgrammeOut, **ERRORS}, summary="监测项目详情")
def get_programme(request, programme_id: Id):
    return get_for_user_or_404(Programme.objects.select_related("region"), request.auth, "view", pk=programme_id)


@programmes_router.post("/{int:programme_id}/rounds", response={201: ProgrammeRoundDetailOut, **ERRORS},
                        summary="启动年度评估轮次（本县每所幼儿园一条评估记录）")
def create_programme_round(request, programme_id: Id, payload: ProgrammeRoundIn):
    from .models import CollectionRound

    programme = get_for_user_or_404(Programme, request.auth, "change", pk=programme_id)
    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=payload.region_code)
    collection_round = (get_for_user_or_invalid(CollectionRound, request.auth, "collection_round_id",
                                                pk=payload.collection_round_id)
                        if payload.collection_round_id else None)
    rnd = services.round_create(actor=request.auth, programme=programme, region=region, year=payload.year,
                                collection_round=collection_round, note=payload.note)
    return Status(201, _round_detail(request.auth, rnd))


@programmes_router.get("/{int:programme_id}/coverage", response={200: ProgrammeCoverageOut, **ERRORS},
                       summary="周期覆盖情况：本周期内尚未评估的幼儿园")
def get_programme_coverage(request, programme_id: Id, region_code: str | None = None):
    programme = get_for_user_or_404(Programme.objects.select_related("region"), request.auth, "view", pk=programme_id)
    region = (get_for_user_or_invalid(Region, request.auth, "region_code", code=region_code) if region_code
              else programme.region)
    data = services.coverage(programme, region)
    return {**data, "region_code": region.code, "missing": [{"id": u.pk, "name": u.name} for u in data["missing"]]}
