"""/api/v1/inspections: tasks and their procedure, targets' scores, self-evaluations and
objections, the problems found at a target or on a visit (recorded as problem-ledger items:
``problems.record``; listed, edited and withdrawn under /api/v1/ledger/items), regular visits.
Rows come through ``for_user``; services hold the rules."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema, Year
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, user_has_perm
from dudao.frameworks.models import FrameworkVersion
from dudao.inspectors.models import Inspector
from dudao.orgs.models import Unit

from . import documents, problems, selectors, services, workflows
from .choices import (
    ChannelMode,
    FilingStatus,
    ObjectionState,
    Routing,
    ScheduleMode,
    ScopeMode,
    Severity,
    SubjectMode,
    TaskKind,
    TeamRole,
    TimingMode,
)
from .models import RegularVisit, SupervisionTask, TaskTarget, TeamMember, WorkPlan

router = Router(tags=["督导工作"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class TargetOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    score: Decimal | None = None
    grade: str
    colour: str
    result_version_id: Id | None = None
    self_report: str
    self_submitted_at: datetime.datetime | None = None
    self_reviewed_at: datetime.datetime | None = None
    self_returned_at: datetime.datetime | None = None
    self_return_reason: str
    objection_state: ObjectionState
    objection: str
    objection_at: datetime.datetime | None = None
    objection_recorded_by_id: Id | None = None
    objection_recorded_by_name: str = ""
    objection_on_behalf: bool
    evaluation: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_objection_recorded_by_name(obj):
        user = obj.objection_recorded_by
        return (user.real_name or user.username) if user else ""


class TeamOut(Schema):
    inspector_id: Id
    inspector_name: str
    role: str

    @staticmethod
    def resolve_inspector_name(obj):
        return obj.inspector.name


class TaskEventOut(Schema):
    action: str
    action_label: str
    transition: str  # the same as ``action`` (kept for existing clients)
    from_status: str
    to_status: str
    actor_id: Id | None = None
    note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_transition(obj):
        return obj.action


class TaskOut(Schema):
    id: int
    kind: str
    title: str
    topic: str
    status: str
    status_label: str
    region_code: str
    office_id: Id
    framework_version_id: Id | None = None
    is_covert: bool
    requires_self_evaluation: bool
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    notice_date: datetime.date | None = None
    objection_deadline: datetime.date | None = None
    filing_status: str = Field(..., description="条例第二十三条报上一级备案：none / filed / acknowledged")
    filed_at: datetime.datetime | None = None
    filing_acknowledged_at: datetime.datetime | None = None

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code


class TaskDetailOut(TaskOut):
    report_summary: str
    targets: list[TargetOut]
    team: list[TeamOut]
    events: list[TaskEventOut]
    transitions: list[str]

    @staticmethod
    def resolve_events(obj):
        return obj.visible_events


class TaskIn(StrictSchema):
    office_id: Id
    kind: TaskKind
    title: str = Field(..., min_length=1, max_length=200)
    topic: str = Field("", max_length=200)
    framework_version_id: Id | None = None
    is_covert: bool = False
    requires_self_evaluation: bool = False
    start_date: StrictDate | None = None
    end_date: StrictDate | None = None
    target_ids: list[Id] = []


class TaskUpdateIn(StrictSchema):
    """A draft's particulars; only the fields given change (kind, office and region stay)."""

    title: str | None = Field(None, min_length=1, max_length=200)
    topic: str | None = Field(None, max_length=200)
    framework_version_id: Id | None = None
    scope_mode: ScopeMode | None = None
    timing_mode: TimingMode | None = None
    schedule_mode: ScheduleMode | None = None
    channel_mode: ChannelMode | None = None
    subject_mode: SubjectMode | None = None
    is_covert: bool | None = None
    requires_self_evaluation: bool | None = None
    start_date: StrictDate | None = None
    end_date: StrictDate | None = None
    experts: str | None = None


class TargetIn(StrictSchema):
    unit_id: Id
    override_reason: str = ""


class TeamIn(StrictSchema):
    inspector_id: Id
    role: TeamRole = TeamRole.MEMBER
    override_reason: str = ""


class TaskTransitionIn(StrictSchema):
    note: str = Field("", max_length=2000)
    opinion_override: str = Field("", max_length=2000, description=(
        "反馈初步意见时：未能召开《教育督导条例》第十九条规定的学生、家长、教师座谈会的情况说明（记入办理记录）"))
    date_override: str = Field("", max_length=2000, description=(
        "日期规则的例外理由（记入办理记录）：发出督导通知时实地督导开始日期早于通知日期，"
        "或开始申辩期时申辩截止日期不在实地督导结束之后"))


class ScoresIn(StrictSchema):
    results: dict
    notes: dict[str, str] = {}


class SelfEvaluationIn(StrictSchema):
    report: str
    scores: dict = {}


class ObjectionIn(StrictSchema):
    state: ObjectionState = Field(ObjectionState.OBJECTION, description="objection 提出申辩（须附意见）；waived 无异议")
    text: str = ""


class ProblemIn(StrictSchema):
    """A problem found at a task's target or on a visit (it becomes a problem-ledger item)."""

    description: str = Field(..., max_length=5000)
    category: str = Field(..., max_length=32, description="问题类别代码（GET /api/v1/inspections/categories 列出单位所在区域可用的类别）")
    severity: Severity = Severity.MINOR
    indicator_code: str = Field("", max_length=64)
    found_evidence: str = Field("", max_length=5000, description="问题证据（督导发现）")
    responsible_unit_id: Id | None = Field(None, description="整改单位（默认为发现问题的单位）")
    requirement: str = Field(..., max_length=5000)
    deadline: StrictDate
    routing: Routing = Routing.SMALL
    department_ids: list[Id] = Field([], description="联动部门（大事必填）")


class ProblemOut(Schema):
    """The problem-ledger item a recorded problem is (draft for a task, issued for a visit)."""

    id: int
    status: str
    status_label: str
    source: str
    task_id: Id | None = None
    target_id: Id | None = None
    visit_id: Id | None = None
    unit_id: Id
    description: str
    category: str
    category_label: str
    severity: str
    indicator_code: str
    found_evidence: str
    requirement: str
    deadline: datetime.date
    routing: str
    department_ids: list[Id]

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_department_ids(obj):
        return sorted(d.pk for d in obj.departments.all())


class VisitIn(StrictSchema):
    school_id: Id
    visited_on: StrictDate
    duration_minutes: int = Field(..., ge=0, le=24 * 60)
    methods: list[str]
    checklist: dict[str, str] = {}
    problems: str = ""
    hazard: str = ""
    problem_items: list[ProblemIn] = Field([], description="登记的整改问题：随本次督导进入问题台账，立即下达学校")


class VisitOut(Schema):
    id: int
    school_id: Id
    inspector_id: Id
    visited_on: datetime.date
    duration_minutes: int
    methods: list[str]
    checklist: dict
    problems: str
    hazard: str
    hazard_flagged_at: datetime.datetime | None = None
    hazard_handled_at: datetime.datetime | None = None


class BurdenOut(Schema):
    unit_id: Id
    unit_name: str
    other_task_ids: list[Id]
    visits: int
    cap: int
    over_cap: bool
    exemption_reason: str


class TaskDocumentOut(Schema):
    title: str
    issuer: str
    to: str
    sections: list[dict]


def _task(request, task_id, action="view"):
    return get_for_user_or_404(SupervisionTask.objects.select_related("region"), request.auth, action, pk=task_id)


def _target(request, target_id, action="view"):
    target = get_for_user_or_404(TaskTarget.objects.select_related("task", "unit"), request.auth, action,
                                 pk=target_id)
    if not SupervisionTask.objects.for_user(request.auth, "view").filter(pk=target.task_id).exists():
        raise Http404  # 暗访: hidden from the target until reported
    return target


def _detail(request, task):
    task = SupervisionTask.objects.select_related("region").prefetch_related(
        Prefetch("targets", TaskTarget.objects.for_user(request.auth, "view").select_related(
            "unit", "objection_recorded_by")),
        Prefetch("team", TeamMember.objects.select_related("inspector"))).get(pk=task.pk)
    task.transitions = [t.name for t in workflows.available(request.auth, task)]
    task.visible_events = selectors.task_events(task, request.auth)
    return task


@router.get("/tasks", response={200: list[TaskOut], **ERRORS}, summary="督导任务列表（暗访任务在报告前对被督导单位不可见）")
@paginate(BoundedPagination)
def list_tasks(request, status: str | None = None, kind: TaskKind | None = None,
               started_from: datetime.date | None = None,
               started_to: datetime.date | None = None):
    qs = SupervisionTask.objects.for_user(request.auth, "view").select_related("region")
    qs = selectors.tasks_started_between(qs, started_from, started_to)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


class CycleDueOut(Schema):
    unit_id: Id
    unit_name: str
    unit_kind: str
    last_date: datetime.date | None = Field(None, description="最近一次计入周期的督导（实地督导开始日期）")
    last_task_id: Id | None = None
    years: int = Field(..., description="本区域的周期（年）")
    due_on: datetime.date | None = Field(None, description="下次应在此日期前完成；null 表示从未督导、现已到期")
    overdue: bool


@router.get("/cycles/{cycle}", response={200: list[CycleDueOut], **ERRORS},
            summary="督导周期到期名单（条例第十四条：school 学校综合督导、government 督政）")
def list_cycle_due(request, cycle: str, within_days: int = Query(365, ge=0, le=3650, description="到期日在今后几天内"),
                   everyone: bool = Query(False, description="true：列出全部单位，不论到期日")):
    if cycle not in selectors.CYCLES:
        raise Http404
    if not user_has_perm(request.auth, "inspections.view_supervisiontask"):
        raise PermissionDenied
    today = timezone.localdate()
    return [{"unit_id": r.unit.pk, "unit_name": r.unit.name, "unit_kind": r.unit.kind, "last_date": r.last_date,
             "last_task_id": r.last_task_id, "years": r.years, "due_on": r.due_on, "overdue": r.overdue(today)}
            for r in selectors.cycle_due(request.auth, cycle, today, within_days=None if everyone else within_days)]


class TenureTaskIn(StrictSchema):
    tenure_id: Id = Field(..., description="校（园）长任期（schools 的 principal tenure 编号）")


@router.post("/tenure-tasks", response={201: TaskDetailOut, **ERRORS},
             summary="为任期将届满的校（园）长创建任期结束综合督导任务（按学校管理权限由负责的督导室组织）")
def create_tenure_task(request, payload: TenureTaskIn):
    from dudao.common.scoping import get_for_user_or_invalid
    from dudao.schools.models import PrincipalTenure

    tenure = get_for_user_or_invalid(PrincipalTenure, request.auth, "tenure_id", pk=payload.tenure_id)
    return Status(201, _detail(request, services.tenure_task_create(actor=request.auth, tenure=tenure)))


@router.get("/filings", response={200: list[TaskOut], **ERRORS},
            summary="下级报送备案的督导报告（条例第二十三条；本级可确认的）")
@paginate(BoundedPagination)
def list_filings(request, status: FilingStatus = FilingStatus.FILED):
    return selectors.filings(request.auth, status)


@router.get("/tasks/{int:task_id}", response={200: TaskDetailOut, **ERRORS}, summary="督导任务详情")
def get_task(request, task_id: Id):
    return _detail(request, _task(request, task_id))


@router.patch("/tasks/{int:task_id}", response={200: TaskDetailOut, **ERRORS}, summary="修改督导任务草稿")
def update_task(request, task_id: Id, payload: TaskUpdateIn):
    task = _task(request, task_id, "change")
    data = payload.model_dump(exclude_unset=True)
    if "framework_version_id" in data:
        vid = data.pop("framework_version_id")
        data["framework_version"] = get_for_user_or_invalid(FrameworkVersion, request.auth, "framework_version_id",
                                                            pk=vid) if vid else None
    return _detail(request, services.task_update(actor=request.auth, task=task, **data))


@router.post("/tasks", response={201: TaskOut, **ERRORS}, summary="新建督导任务（草稿）")
def create_task(request, payload: TaskIn):
    data = payload.model_dump()
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=data.pop("office_id"))
    vid = data.pop("framework_version_id")
    version = get_for_user_or_invalid(FrameworkVersion, request.auth, "framework_version_id", pk=vid) if vid else None
    targets = [get_for_user_or_invalid(Unit, request.auth, "target_ids", pk=pk) for pk in data.pop("target_ids")]
    task = services.task_create(actor=request.auth, office=office, framework_version=version, targets=targets, **data)
    return Status(201, task)


@router.post("/tasks/{int:task_id}/targets", response={201: TargetOut, **ERRORS}, summary="添加被督导单位（减负与免除检查）")
def add_target(request, task_id: Id, payload: TargetIn):
    task = _task(request, task_id, "change")
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=payload.unit_id)
    return Status(201, services.task_target_add(actor=request.auth, task=task, unit=unit,
                                                override_reason=payload.override_reason))


@router.post("/tasks/{int:task_id}/team", response={201: TeamOut, **ERRORS}, summary="加入督导组（回避检查）")
def add_team_member(request, task_id: Id, payload: TeamIn):
    task = _task(request, task_id, "change")
    inspector = get_for_user_or_invalid(Inspector, request.auth, "inspector_id", pk=payload.inspector_id)
    return Status(201, services.team_member_add(actor=request.auth, task=task, inspector=inspector, role=payload.role,
                                                override_reason=payload.override_reason))


@router.post("/tasks/{int:task_id}/transitions/{name}", response={200: TaskDetailOut, **ERRORS},
             summary="办理督导程序的一步（notify、start_on_site、publish…）")
def run_transition(request, task_id: Id, name: str, payload: TaskTransitionIn | None = None):
    task = _task(request, task_id, "change")
    if name not in workflows.SERVICES:
        raise Http404
    data = {key: getattr(payload, key) for key in ("opinion_override", "date_override")
            if payload and getattr(payload, key)}
    task = workflows.SERVICES[name](actor=request.auth, task=task, note=payload.note if payload else "", **data)
    return _detail(request, task)


@router.get("/tasks/{int:task_id}/burden", response={200: list[BurdenOut], **ERRORS},
            summary="各被督导单位本学期已接受或计划的督导（减负统筹）")
def task_burden(request, task_id: Id):
    task = _task(request, task_id)
    return [{"unit_id": r.unit.pk, "unit_name": r.unit.name, "other_task_ids": [t.pk for t in r.tasks],
             "visits": r.visits, "cap": r.cap, "over_cap": r.over_cap,
             "exemption_reason": r.exemption.reason if r.exemption else ""} for r in selectors.burden_overview(task)]


@router.get("/tasks/{int:task_id}/documents/{kind}", response={200: TaskDocumentOut, **ERRORS},
            summary="由任务数据生成的文书内容（notice、preliminary、letter、report）")
def task_document(request, task_id: Id, kind: str):
    task = _task(request, task_id)
    if kind not in documents.KINDS:
        raise Http404
    return documents.assemble(task, kind)


@router.post("/targets/{int:target_id}/scores", response={200: TargetOut, **ERRORS}, summary="实地评分（督导组）")
def record_scores(request, target_id: Id, payload: ScoresIn):
    target = _target(request, target_id)
    return services.score_record(actor=request.auth, target=target, results=payload.results, notes=payload.notes)


@router.post("/targets/{int:target_id}/self-evaluation", response={200: TargetOut, **ERRORS},
             summary="提交自评（被督导单位）")
def submit_self_evaluation(request, target_id: Id, payload: SelfEvaluationIn):
    target = _target(request, target_id)
    return services.self_evaluation_submit(actor=request.auth, target=target, report=payload.report,
                                           scores=payload.scores or None)


@router.post("/targets/{int:target_id}/objection", response={200: TargetOut, **ERRORS},
             summary="提交申辩（state=objection，附意见）或无异议（state=waived）（被督导单位）")
def submit_objection(request, target_id: Id, payload: ObjectionIn):
    target = _target(request, target_id)
    return services.objection_submit(actor=request.auth, target=target, text=payload.text, state=payload.state)


def _problem_fields(request, payload: ProblemIn, prefix: str = "") -> dict:
    """A problem's fields with its references looked up in the caller's scope (422 naming the field)."""
    data = payload.model_dump()
    rid = data.pop("responsible_unit_id")
    data["responsible_unit"] = (get_for_user_or_invalid(Unit, request.auth, f"{prefix}responsible_unit_id", pk=rid)
                                if rid else None)
    data["departments"] = [get_for_user_or_invalid(Unit, request.auth, f"{prefix}department_ids", pk=pk)
                           for pk in data.pop("department_ids")]
    return data


@router.post("/targets/{int:target_id}/problems", response={201: ProblemOut, **ERRORS},
             summary="登记督导对象的问题（督导组；待下达，随督导意见书下达）")
def record_target_problem(request, target_id: Id, payload: ProblemIn):
    target = _target(request, target_id)
    return Status(201, problems.record(actor=request.auth, target=target, **_problem_fields(request, payload)))


@router.post("/visits/{int:visit_id}/problems", response={201: ProblemOut, **ERRORS},
             summary="登记经常性督导发现的问题（立即进入问题台账，下达学校整改）")
def record_visit_problem(request, visit_id: Id, payload: ProblemIn):
    visit = get_for_user_or_404(RegularVisit.objects.select_related("school__region", "inspector"), request.auth,
                                "view", pk=visit_id)
    return Status(201, problems.record(actor=request.auth, visit=visit, **_problem_fields(request, payload)))


class VisitFilters(StrictSchema):
    """The visit list's and the compliance page's filters (``inspections.visit_filters``)."""

    region_id: Id | None = Field(None, description="该区域及其下级的学校（本人范围内，否则 422）")
    zone_id: Id | None = Field(None, description="督学责任区（本人范围内，否则 422）")
    inspector_id: Id | None = Field(None, description="责任督学")


def _visit_filters(request, filters: VisitFilters) -> dict:
    """The filters as ``selectors.filter_postings`` arguments, each id checked against the
    caller's scope (422 ``{field: message}`` otherwise)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .visit_filters import VIEW, inspectors_in_scope, zones_in_scope

    out = {"region": None, "zone_id": filters.zone_id, "inspector_id": filters.inspector_id}
    if filters.region_id:
        from dudao.common.scoping import regions_in_scope

        out["region"] = regions_in_scope(request.auth, VIEW).filter(pk=filters.region_id).first()
        if out["region"] is None:
            raise ValidationError({"region_id": _("不存在或无权访问")})
    if filters.zone_id and not zones_in_scope(request.auth).filter(pk=filters.zone_id).exists():
        raise ValidationError({"zone_id": _("不存在或无权访问")})
    if filters.inspector_id and not inspectors_in_scope(request.auth).filter(pk=filters.inspector_id).exists():
        raise ValidationError({"inspector_id": _("不存在或无权访问")})
    return out


class VisitListFilters(VisitFilters):
    school_id: Id | None = None
    visited_from: datetime.date | None = Field(None, description="督导日期起（含）")
    visited_to: datetime.date | None = Field(None, description="督导日期止（含）")


@router.get("/visits", response={200: list[VisitOut], **ERRORS}, summary="经常性督导记录（筛选同页面）")
@paginate(BoundedPagination)
def list_visits(request, filters: Query[VisitListFilters]):
    return selectors.filter_visits(RegularVisit.objects.for_user(request.auth, "view"),
                                   **_visit_filters(request, filters), school_id=filters.school_id,
                                   visited_from=filters.visited_from, visited_to=filters.visited_to)


class ComplianceFilters(VisitFilters):
    on: datetime.date | None = Field(None, description="统计日期：该日所在学期、截至该日（默认今天）；在岗挂牌按该日")
    state: str | None = Field(None, pattern="^(below_floor|behind_target|on_track)$",
                              description="below_floor 低于学期底线 / behind_target 落后于月度目标 / on_track 达标")


class ComplianceRowOut(Schema):
    posting_id: Id
    school_id: Id
    school_name: str
    inspector_id: Id
    inspector_name: str
    semester: str
    visits: int = Field(..., description="本学期（截至统计日期）该督学对该校的督导次数")
    floor: int = Field(..., description="学期底线（区域参数 visits.min_per_semester）")
    target: int = Field(..., description="截至统计日期的目标（visits.target_per_month × 已过月数；学期结束后不低于底线）")
    below_floor: bool
    behind_target: bool


@router.get("/visits/compliance", response={200: list[ComplianceRowOut], **ERRORS},
            summary="经常性督导达标情况（挂牌学校逐校；页面 /inspections/compliance/ 的接口）")
@paginate(BoundedPagination)
def visit_compliance(request, filters: Query[ComplianceFilters]):
    if not user_has_perm(request.auth, "inspections.view_regularvisit"):
        raise PermissionDenied
    from dudao.inspectors.models import Posting

    day = filters.on or timezone.localdate()
    postings = Posting.objects.for_user(request.auth, "view")
    postings = postings.current(filters.on) if filters.on else postings.current()
    postings = selectors.filter_postings(postings, **_visit_filters(request, filters))
    sem, rows = selectors.visit_compliance(postings, day, state=filters.state or "")
    rows.sort(key=lambda r: (r.posting.region_path, r.posting.school_id))
    return [{"posting_id": r.posting.pk, "school_id": r.posting.school_id, "school_name": r.posting.school.name,
             "inspector_id": r.posting.inspector_id, "inspector_name": r.posting.inspector.name,
             "semester": sem.label, "visits": r.visits, "floor": r.floor, "target": r.target,
             "below_floor": r.below_floor, "behind_target": r.behind_target} for r in rows]


@router.post("/visits", response={201: VisitOut, **ERRORS}, summary="记录经常性督导（责任督学）")
def create_visit(request, payload: VisitIn):
    data = payload.model_dump(exclude={"problem_items"})
    school = get_for_user_or_invalid(Unit, request.auth, "school_id", pk=data.pop("school_id"))
    items = [_problem_fields(request, p, f"problem_items.{n}.") for n, p in enumerate(payload.problem_items)]
    return Status(201, services.visit_record(actor=request.auth, school=school, problem_items=items, **data))


@router.post("/visits/{int:visit_id}/hazard-handled", response={200: VisitOut, **ERRORS},
             summary="督导室确认已处理上报的紧急隐患")
def handle_visit_hazard(request, visit_id: Id):
    visit = get_for_user_or_404(RegularVisit.objects.select_related("school__region"), request.auth, "view",
                                pk=visit_id)
    return services.visit_hazard_handle(actor=request.auth, visit=visit)


# ---- annual work plans (I2) ------------------------------------------------------------------
class PlanItemOut(Schema):
    id: int
    number: int
    content: str
    lead_unit: str
    responsible_units: str
    planned_month: int | None = None
    task_ids: list[Id]

    @staticmethod
    def resolve_task_ids(obj):
        return [t.pk for t in obj.tasks.all()]


class PlanOut(Schema):
    id: int
    office_id: Id
    year: int
    title: str
    status: str
    submitted_at: datetime.datetime | None = None
    acknowledged_at: datetime.datetime | None = None


class PlanDetailOut(PlanOut):
    items: list[PlanItemOut]


class PlanIn(StrictSchema):
    office_id: Id
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., min_length=1, max_length=200)


class PlanItemIn(StrictSchema):
    content: str = Field(..., min_length=1)
    lead_unit: str = Field("", max_length=200)
    responsible_units: str = Field("", max_length=255)
    planned_month: int | None = Field(None, ge=1, le=12)


def _plan(request, plan_id, action="view"):
    return get_for_user_or_404(WorkPlan.objects.select_related("region__parent"), request.auth, action, pk=plan_id)


def _plan_detail(plan):
    return WorkPlan.objects.prefetch_related("items__tasks").get(pk=plan.pk)


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="年度工作计划")
@paginate(BoundedPagination)
def list_plans(request, year: Year | None = None):
    qs = WorkPlan.objects.for_user(request.auth, "view")
    return qs.filter(year=year) if year else qs


@router.get("/plans/{int:plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="年度工作计划详情（含各事项的关联任务）")
def get_plan(request, plan_id: Id):
    return _plan_detail(_plan(request, plan_id))


@router.post("/plans", response={201: PlanOut, **ERRORS}, summary="新建年度工作计划")
def create_plan(request, payload: PlanIn):
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=payload.office_id)
    return Status(201, services.work_plan_create(actor=request.auth, office=office, year=payload.year,
                                                 title=payload.title))


@router.post("/plans/{int:plan_id}/items", response={201: PlanItemOut, **ERRORS}, summary="添加计划事项")
def add_plan_item(request, plan_id: Id, payload: PlanItemIn):
    plan = _plan(request, plan_id, "change")
    return Status(201, services.work_plan_item_add(actor=request.auth, plan=plan, **payload.model_dump()))


@router.post("/plans/{int:plan_id}/submit", response={200: PlanDetailOut, **ERRORS}, summary="报送上一级督导室")
def submit_plan(request, plan_id: Id):
    plan = _plan(request, plan_id, "change")
    return _plan_detail(workflows.work_plan_submit(actor=request.auth, plan=plan))


@router.post("/plans/{int:plan_id}/acknowledge", response={200: PlanDetailOut, **ERRORS},
             summary="上一级督导室确认工作计划")
def acknowledge_plan(request, plan_id: Id):
    plan = _plan(request, plan_id, "view")
    return _plan_detail(workflows.work_plan_acknowledge(actor=request.auth, plan=plan))

