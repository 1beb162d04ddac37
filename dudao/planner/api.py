"""/api/v1/planner: the planner's twins of every page action — semesters and their holidays/exam
weeks, blocked dates, plans (create, generate, publish, re-plan when an inspector leaves), visits
(move, lock), progress, the Excel export, and the caller's own calendar."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, SafeStr, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid

from . import export, selectors, services
from .choices import BlockReason, DayKind, PlanStatus, SolveStatus, VisitKind
from .models import Plan, PlanVisit, Semester

router = Router(tags=["督导计划"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PlannerSemesterOut(Schema):
    id: int
    office_id: int
    name: str
    start: datetime.date
    end: datetime.date


class PlannerSemesterIn(StrictSchema):
    office_id: Id
    name: SafeStr = Field(..., max_length=100)
    start: StrictDate
    end: StrictDate


class PlannerDayIn(StrictSchema):
    kind: DayKind
    name: SafeStr = Field(..., max_length=50)
    start: StrictDate
    end: StrictDate


class PlannerDayOut(Schema):
    id: int
    kind: DayKind
    name: str
    start: datetime.date
    end: datetime.date


class PlannerBlockIn(StrictSchema):
    start: StrictDate
    end: StrictDate
    reason: BlockReason
    note: SafeStr = Field("", max_length=200)


class PlannerSchoolBlockIn(StrictSchema):
    start: StrictDate
    end: StrictDate
    reason: SafeStr = Field(..., max_length=200)


class PlannerBlockOut(Schema):
    id: int
    start: datetime.date
    end: datetime.date


class PlannerPlanIn(StrictSchema):
    semester_id: Id
    title: SafeStr = Field("", max_length=200)


class PlannerPlanOut(Schema):
    id: int
    title: str
    semester_id: int
    office_id: int
    status: PlanStatus
    previous_id: int | None = None
    solve_status: SolveStatus | str
    solver: str
    gap: float | None = None
    seconds: float | None = None
    conflicts: list[str]
    unplaced: list[str]
    visits: int

    @staticmethod
    def resolve_visits(obj):
        return obj.visits.count()


class PlannerGenerateIn(StrictSchema):
    time_limit: float = Field(services.DEFAULT_TIME_LIMIT, ge=0.5, le=120)


class PlannerReplanIn(StrictSchema):
    inspector_id: Id
    from_date: StrictDate
    time_limit: float = Field(services.DEFAULT_TIME_LIMIT, ge=0.5, le=120)


class PlannerNoteIn(StrictSchema):
    note: SafeStr = Field("", max_length=2000)


class PlannerVisitOut(Schema):
    id: int
    plan_id: int
    job_key: str
    school_id: int
    school_name: str
    date: datetime.date
    kind: VisitKind
    inspector_ids: list[int]
    leader_id: int | None = None
    locked: bool
    unannounced: bool
    required: bool
    task_id: int | None = None

    @staticmethod
    def resolve_school_name(obj):
        return obj.school.name

    @staticmethod
    def resolve_inspector_ids(obj):
        return sorted(i.pk for i in obj.inspectors.all())


class PlannerMoveIn(StrictSchema):
    date: StrictDate


class PlannerLockIn(StrictSchema):
    locked: bool


class PlannerProgressOut(Schema):
    school_id: int
    school_name: str
    planned_total: int
    planned_due: int
    done: int
    behind: int


class PlannerScheduleOut(Schema):
    this_week: list[PlannerVisitOut]
    upcoming: list[PlannerVisitOut]


# ---- semesters -------------------------------------------------------------------------------
@router.get("/semesters", response={200: list[PlannerSemesterOut], **ERRORS}, summary="学期校历")
@paginate(BoundedPagination)
def list_semesters(request):
    return Semester.objects.for_user(request.auth, "view")


@router.post("/semesters", response={201: PlannerSemesterOut, **ERRORS}, summary="创建学期")
def create_semester(request, payload: PlannerSemesterIn):
    from dudao.orgs.models import Unit

    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=payload.office_id, kind="office")
    return Status(201, services.semester_create(actor=request.auth, office=office, name=payload.name, start=payload.start,
                                         end=payload.end))


@router.post("/semesters/{semester_id}/days", response={201: PlannerDayOut, **ERRORS},
             summary="登记节假日或考试周")
def add_semester_day(request, semester_id: Id, payload: PlannerDayIn):
    semester = get_for_user_or_404(Semester, request.auth, "change", pk=semester_id)
    return Status(201, services.semester_day_add(actor=request.auth, semester=semester, **payload.dict()))


@router.post("/inspectors/{inspector_id}/blocks", response={201: PlannerBlockOut, **ERRORS},
             summary="登记督学不可安排日期（培训、请假）")
def add_inspector_block(request, inspector_id: Id, payload: PlannerBlockIn):
    from dudao.inspectors.models import Inspector

    inspector = get_for_user_or_404(Inspector, request.auth, "change", pk=inspector_id)
    return Status(201, services.inspector_block_add(actor=request.auth, inspector=inspector, **payload.dict()))


@router.post("/schools/{school_id}/blocks", response={201: PlannerBlockOut, **ERRORS},
             summary="登记学校不宜安排督导的日期")
def add_school_block(request, school_id: Id, payload: PlannerSchoolBlockIn):
    from dudao.orgs.models import Unit

    school = get_for_user_or_404(Unit, request.auth, "view", pk=school_id)
    return Status(201, services.school_block_add(actor=request.auth, school=school, **payload.dict()))


# ---- plans -----------------------------------------------------------------------------------
def _plan(request, plan_id, action="view"):
    return get_for_user_or_404(Plan, request.auth, action, pk=plan_id)


@router.get("/plans", response={200: list[PlannerPlanOut], **ERRORS}, summary="督导计划列表")
@paginate(BoundedPagination)
def list_plans(request, status: PlanStatus | None = None):
    qs = Plan.objects.for_user(request.auth, "view")
    return qs.filter(status=status) if status else qs


@router.post("/plans", response={201: PlannerPlanOut, **ERRORS}, summary="创建督导计划草稿")
def create_plan(request, payload: PlannerPlanIn):
    semester = get_for_user_or_invalid(Semester, request.auth, "semester_id", pk=payload.semester_id)
    return Status(201, services.plan_create(actor=request.auth, semester=semester, title=payload.title))


@router.get("/plans/{plan_id}", response={200: PlannerPlanOut, **ERRORS}, summary="督导计划")
def get_plan(request, plan_id: Id):
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/generate", response={200: PlannerPlanOut, **ERRORS},
             summary="生成计划（求解；锁定的安排保持不变）")
def generate_plan(request, plan_id: Id, payload: PlannerGenerateIn):
    plan = _plan(request, plan_id, "change")
    return services.plan_generate(actor=request.auth, plan=plan, time_limit=payload.time_limit)


@router.post("/plans/{plan_id}/publish", response={200: PlannerPlanOut, **ERRORS}, summary="发布计划")
def publish_plan(request, plan_id: Id, payload: PlannerNoteIn):
    plan = _plan(request, plan_id, "change")
    return services.plan_publish(actor=request.auth, plan=plan, note=payload.note)


@router.post("/plans/{plan_id}/replan", response={201: PlannerPlanOut, **ERRORS},
             summary="督学离开：只调整其督导安排，生成新的计划草稿")
def replan(request, plan_id: Id, payload: PlannerReplanIn):
    from dudao.inspectors.models import Inspector

    plan = _plan(request, plan_id, "change")
    inspector = get_for_user_or_invalid(Inspector, request.auth, "inspector_id", pk=payload.inspector_id)
    return Status(201, services.plan_replan(actor=request.auth, plan=plan, inspector=inspector, from_date=payload.from_date,
                                     time_limit=payload.time_limit))


@router.get("/plans/{plan_id}/visits", response={200: list[PlannerVisitOut], **ERRORS}, summary="计划中的督导安排")
@paginate(BoundedPagination)
def list_plan_visits(request, plan_id: Id, zone_id: Id | None = None, inspector_id: Id | None = None):
    plan = _plan(request, plan_id)
    return selectors.visits_of(plan, zone_id=zone_id, inspector_id=inspector_id)


@router.get("/plans/{plan_id}/progress", response={200: list[PlannerProgressOut], **ERRORS},
            summary="计划执行进度（经常性督导：计划与已完成）")
def plan_progress(request, plan_id: Id):
    plan = _plan(request, plan_id)
    return [{"school_id": r.school.pk, "school_name": r.school.name, "planned_total": r.planned_total,
             "planned_due": r.planned_due, "done": r.done, "behind": r.behind}
            for r in selectors.progress(plan, timezone.localdate())]


@router.get("/plans/{plan_id}/export", response={200: None, **ERRORS}, summary="导出计划（Excel）")
def export_plan(request, plan_id: Id):
    plan = _plan(request, plan_id)
    response = HttpResponse(export.plan_workbook(plan),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"plan-{plan.pk}.xlsx\""
    return response


# ---- visits ----------------------------------------------------------------------------------
def _visit(request, visit_id):
    visit = get_for_user_or_404(PlanVisit.objects.select_related("plan"), request.auth, "change", pk=visit_id)
    _plan(request, visit.plan_id, "change")
    return visit


@router.get("/visits", response={200: list[PlannerVisitOut], **ERRORS},
            summary="可见的督导安排（学校只见已发布、非暗访的安排）")
@paginate(BoundedPagination)
def list_visits(request, school_id: Id | None = None, since: StrictDate | None = None):
    qs = selectors.visible_visits(request.auth).select_related("school").prefetch_related("inspectors")
    if school_id:
        qs = qs.filter(school_id=school_id)
    if since:
        qs = qs.filter(date__gte=since)
    return qs.order_by("date", "id")


@router.post("/visits/{visit_id}/move", response={200: PlannerVisitOut, **ERRORS},
             summary="调整督导日期（调整后锁定）")
def move_visit(request, visit_id: Id, payload: PlannerMoveIn):
    return services.visit_move(actor=request.auth, visit=_visit(request, visit_id), date=payload.date)


@router.post("/visits/{visit_id}/lock", response={200: PlannerVisitOut, **ERRORS}, summary="锁定或解除锁定")
def lock_visit(request, visit_id: Id, payload: PlannerLockIn):
    return services.visit_lock(actor=request.auth, visit=_visit(request, visit_id), locked=payload.locked)


@router.get("/me", response={200: PlannerScheduleOut, **ERRORS}, summary="我的日程（本周及以后）")
def my_schedule(request):
    data = selectors.my_schedule(request.auth, timezone.localdate())
    return {"this_week": data["this_week"], "upcoming": data["upcoming"]}
