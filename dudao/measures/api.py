"""/api/v1/measures — plans and measures (I1, I2), the import of a plan's table, progress reports,
unit aliases, reform projects (I3) and school charters (I4). Every row comes through ``for_user``;
references in a request through ``get_for_user_or_invalid`` (422 naming the field); the rules are
in ``services`` and ``workflows`` — the pages call the same functions."""

import datetime
from typing import Literal

from django.http import HttpResponse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.api_errors import import_error_response
from dudao.common.schemas import (
    BoundedPagination,
    ErrorOut,
    HistoryLineFields,
    Id,
    ImportErrorOut,
    NoteFields,
    StrictDate,
    StrictSchema,
    Year,
)
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import selectors, services
from .choices import Cadence, CharterStatus, ImportStatus, MeasureStatus, PlanKind, ProjectStatus
from .models import Measure, MeasureImport, ProgressReport, ReformProject, SchoolCharter, UnitAlias
from .report import render_plan_report
from .workflows import CHARTER_WORKFLOW, MEASURE_WORKFLOW, PROJECT_WORKFLOW

router = Router(tags=["工作方案与措施"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ---- plans --------------------------------------------------------------------------------------------
class MeasurePlanOut(Schema):
    id: int
    office_id: int
    office_name: str
    region_id: int
    kind: PlanKind
    title: str
    year: int
    source_reference: str
    description: str
    measure_count: int = 0

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_measure_count(obj):
        return getattr(obj, "n_measures", None) or obj.measures.count()


class MeasurePlanIn(StrictSchema):
    office_id: Id
    kind: PlanKind
    title: str = Field(..., min_length=1, max_length=200)
    year: Year
    source_reference: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)


@router.get("/plans", response={200: list[MeasurePlanOut], **ERRORS}, summary="工作方案列表")
@paginate(BoundedPagination)
def list_plans(request, kind: PlanKind | None = None, year: Year | None = None):
    return selectors.plans(request.auth, kind=kind, year=year)


@router.post(
    "/plans", response={201: MeasurePlanOut, **ERRORS}, summary="新建工作方案（改革实施方案或年度工作计划）"
)
def create_plan(request, payload: MeasurePlanIn):
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=payload.office_id)
    data = payload.dict(exclude={"office_id"})
    return Status(201, services.plan_create(actor=request.auth, office=office, **data))


@router.get("/plans/{int:plan_id}", response={200: MeasurePlanOut, **ERRORS}, summary="工作方案详情")
def get_plan(request, plan_id: Id):
    return services.get_plan(request.auth, plan_id)


@router.get(
    "/plans/{int:plan_id}/report",
    response={200: None, **ERRORS},
    summary="落实情况督促检查报告（Word，GB/T 9704 版式）",
)
def plan_report(request, plan_id: Id):
    plan = services.get_plan(request.auth, plan_id)
    response = HttpResponse(render_plan_report(plan), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''report-{plan.pk}.docx"
    return response


# ---- measures -----------------------------------------------------------------------------------------
class MeasureOut(Schema):
    id: int
    plan_id: int
    number: str
    task: str
    content: str
    lead_unit_id: int
    lead_unit_name: str
    unit_ids: list[int]
    deadline: datetime.date | None
    cadence: Cadence
    status: MeasureStatus
    completed_on: datetime.date | None
    conclusion: str
    supervision_level: int
    supervision_deadline: datetime.date | None
    overdue: bool

    @staticmethod
    def resolve_lead_unit_name(obj):
        return obj.lead_unit.name

    @staticmethod
    def resolve_unit_ids(obj):
        return [u.pk for u in obj.units.all()]

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue(timezone.localdate())


class MeasureHistoryLine(HistoryLineFields):
    pass


class MeasureDetailOut(MeasureOut):
    history: list[MeasureHistoryLine]
    available_actions: list[str]


class MeasureIn(StrictSchema):
    number: str = Field(..., min_length=1, max_length=16)
    task: str = Field("", max_length=200)
    content: str = Field(..., min_length=1, max_length=5000)
    lead_unit_id: Id
    unit_ids: list[Id] = Field(default_factory=list, max_length=200)
    deadline: StrictDate | None = None
    cadence: Cadence = Cadence.QUARTERLY


def _measure_detail(request, m):
    m = Measure.objects.select_related("lead_unit").prefetch_related("units").get(pk=m.pk)
    m.history = list(m.events.all())
    m.available_actions = [t.name for t in MEASURE_WORKFLOW.available(request.auth, m)]
    if services.may_report(request.auth, m):
        m.available_actions.append("report")
    return m


@router.post(
    "/plans/{int:plan_id}/measures", response={201: MeasureDetailOut, **ERRORS}, summary="添加一项措施"
)
def create_measure(request, plan_id: Id, payload: MeasureIn):
    plan = services.get_plan(request.auth, plan_id, "change")
    lead = get_for_user_or_invalid(Unit, request.auth, "lead_unit_id", pk=payload.lead_unit_id)
    units = [get_for_user_or_invalid(Unit, request.auth, "unit_ids", pk=i) for i in payload.unit_ids]
    m = services.measure_create(
        actor=request.auth,
        plan=plan,
        number=payload.number,
        task=payload.task,
        content=payload.content,
        lead_unit=lead,
        units=units,
        deadline=payload.deadline,
        cadence=payload.cadence,
    )
    return Status(201, _measure_detail(request, m))


@router.get(
    "/measures",
    response={200: list[MeasureOut], **ERRORS},
    summary="工作措施列表（单位用户只看到本单位牵头或负责的措施）",
)
@paginate(BoundedPagination)
def list_measures(
    request,
    plan_id: Id | None = None,
    status: MeasureStatus | None = None,
    overdue: bool | None = None,
    unit_id: Id | None = None,
):
    return selectors.measures(request.auth, plan_id=plan_id, status=status, overdue=overdue, unit_id=unit_id)


@router.get(
    "/measures/{int:measure_id}", response={200: MeasureDetailOut, **ERRORS}, summary="措施详情及办理记录"
)
def get_measure(request, measure_id: Id):
    return _measure_detail(request, get_for_user_or_404(Measure, request.auth, "view", pk=measure_id))


@router.post(
    "/measures/{int:measure_id}/transitions/{name}",
    response={200: MeasureDetailOut, **ERRORS},
    summary="措施状态：complete 确认完成（note 为完成情况）、reopen 重新打开",
)
def measure_transition(request, measure_id: Id, name: Literal["complete", "reopen"], payload: NoteFields):
    m = get_for_user_or_404(Measure, request.auth, "view", pk=measure_id)
    m = MEASURE_WORKFLOW.apply(actor=request.auth, obj=m, name=name, note=payload.note)
    return _measure_detail(request, m)


class ProgressOut(Schema):
    id: int
    measure_id: int
    unit_id: int
    unit_name: str
    period: str
    content: str
    percent: int
    reported_on: datetime.date
    file_ids: list[int]

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_file_ids(obj):
        from dudao.attachments.services import for_owner

        return list(for_owner(obj).values_list("pk", flat=True))


@router.post(
    "/measures/{int:measure_id}/reports",
    response={201: ProgressOut, **ERRORS},
    summary="报送本期进展（multipart：content、percent、unit_id 可选、files 佐证材料可多个）；"
    "只有牵头单位和责任单位可报送，每单位每期一次",
)
def create_report(
    request,
    measure_id: Id,
    content: Form[str],
    percent: int = Form(0, ge=0, le=100, description="完成进度（%）"),
    unit_id: Form[Id | None] = None,
    files: File[list[UploadedFile]] = None,
):
    m = get_for_user_or_404(Measure, request.auth, "view", pk=measure_id)
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=unit_id) if unit_id else None
    report = services.report_add(
        actor=request.auth, measure=m, content=content, percent=percent, unit=unit, files=files or []
    )
    return Status(201, ProgressReport.objects.select_related("unit").get(pk=report.pk))


@router.get("/reports", response={200: list[ProgressOut], **ERRORS}, summary="进展报送列表")
@paginate(BoundedPagination)
def list_reports(request, measure_id: Id | None = None):
    qs = ProgressReport.objects.for_user(request.auth, "view").select_related("unit")
    return qs.filter(measure_id=measure_id) if measure_id else qs


# ---- import -------------------------------------------------------------------------------------------
class ImportUnitOut(Schema):
    id: int
    name: str


class ImportNameOut(Schema):
    name: str
    kind: str
    how: str
    lead: bool
    units: list[ImportUnitOut]
    candidates: list[ImportUnitOut]


class MeasureImportOut(Schema):
    id: int
    plan_id: int
    source_name: str
    status: ImportStatus
    rows: int
    names: list[ImportNameOut]


class ImportCommitIn(StrictSchema):
    choices: dict[str, Id | None] = Field(
        default_factory=dict, description="{名称: 单位id}；null 表示不计入（仅责任单位）"
    )
    remember: bool = True


def _import_out(imp):
    leads = services.lead_names(imp)
    names = []
    for kind, rows in services.import_groups(imp).items():
        for r in rows:
            names.append(
                {
                    "name": r["name"],
                    "kind": kind,
                    "how": r["how"],
                    "lead": r["name"] in leads,
                    "units": [{"id": u.pk, "name": u.name} for u in r["units"]],
                    "candidates": [{"id": u.pk, "name": u.name} for u in r["candidates"]],
                }
            )
    return {
        "id": imp.pk,
        "plan_id": imp.plan_id,
        "source_name": imp.source_name,
        "status": imp.state,
        "rows": len(imp.rows),
        "names": names,
    }


@router.post(
    "/plans/{int:plan_id}/imports",
    response={201: MeasureImportOut, **ERRORS, 422: ImportErrorOut},
    summary="上传措施表（multipart：file 为 .xlsx 或 .docx）：逐行校验并匹配单位名称，待确认后导入；"
    "任何一行有错误时 422 逐行列出，不保留任何数据",
)
def upload_import(request, plan_id: Id, file: File[UploadedFile]):
    plan = services.get_plan(request.auth, plan_id, "change")
    imp, errors = services.import_stage(actor=request.auth, plan=plan, file=file, filename=file.name or "")
    if imp is None:
        return import_error_response(request, [(e.row or None, e.column, e.message) for e in errors])
    return Status(201, _import_out(imp))


@router.get(
    "/imports/{int:import_id}",
    response={200: MeasureImportOut, **ERRORS},
    summary="措施导入：单位名称匹配情况（已匹配、待确认、未匹配）",
)
def get_import(request, import_id: Id):
    return _import_out(get_for_user_or_404(MeasureImport, request.auth, "view", pk=import_id))


class ImportCommitOut(Schema):
    plan_id: int
    created: int


@router.post(
    "/imports/{int:import_id}/commit",
    response={200: ImportCommitOut, **ERRORS},
    summary="确认单位并导入：一次事务写入全部措施，任何错误都不写入",
)
def commit_import(request, import_id: Id, payload: ImportCommitIn):
    imp = get_for_user_or_404(MeasureImport, request.auth, "change", pk=import_id)
    choices = {k: ("" if v is None else v) for k, v in payload.choices.items()}
    created = services.import_commit(actor=request.auth, imp=imp, choices=choices, remember=payload.remember)
    return {"plan_id": imp.plan_id, "created": len(created)}


# ---- aliases ------------------------------------------------------------------------------------------
class UnitAliasOut(Schema):
    id: int
    region_id: int
    alias: str
    unit_id: int


class UnitAliasIn(StrictSchema):
    region_id: Id
    alias: str = Field(..., min_length=1, max_length=100)
    unit_id: Id


@router.get("/aliases", response={200: list[UnitAliasOut], **ERRORS}, summary="单位别名（导入时识别简称）")
@paginate(BoundedPagination)
def list_aliases(request):
    return UnitAlias.objects.for_user(request.auth, "view")


@router.post("/aliases", response={201: UnitAliasOut, **ERRORS}, summary="添加单位别名")
def create_alias(request, payload: UnitAliasIn):
    region = get_for_user_or_invalid(Region, request.auth, "region_id", pk=payload.region_id)
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=payload.unit_id)
    return Status(
        201, services.alias_create(actor=request.auth, region=region, alias=payload.alias, unit=unit)
    )


# ---- reform projects ----------------------------------------------------------------------------------
class ProjectHistoryLine(HistoryLineFields):
    pass


class ProjectOut(Schema):
    id: int
    applicant_id: int
    applicant_name: str
    title: str
    field: str
    description: str
    year: int
    status: ProjectStatus
    decision_note: str
    conclusion: str

    @staticmethod
    def resolve_applicant_name(obj):
        return obj.applicant.name


class ProjectDetailOut(ProjectOut):
    history: list[ProjectHistoryLine]
    available_actions: list[str]


class ProjectIn(StrictSchema):
    applicant_id: Id
    title: str = Field(..., min_length=1, max_length=200)
    field: str = Field("", max_length=100)
    description: str = Field(..., min_length=1, max_length=10000)
    year: Year


class ProjectProgressIn(StrictSchema):
    note: str = Field(..., min_length=1, max_length=5000)


def _project_detail(request, p):
    p = ReformProject.objects.select_related("applicant").get(pk=p.pk)
    p.history = list(p.events.all())
    p.available_actions = [t.name for t in PROJECT_WORKFLOW.available(request.auth, p)]
    if p.status == ProjectStatus.APPROVED and PROJECT_WORKFLOW.may(request.auth, p, "supervise"):
        p.available_actions.append("progress")
    return p


@router.get("/projects", response={200: list[ProjectOut], **ERRORS}, summary="教育改革项目列表")
@paginate(BoundedPagination)
def list_projects(request, status: ProjectStatus | None = None):
    qs = ReformProject.objects.for_user(request.auth, "view").select_related("applicant")
    return qs.filter(status=status) if status else qs


@router.post("/projects", response={201: ProjectDetailOut, **ERRORS}, summary="申报教育改革项目")
def create_project(request, payload: ProjectIn):
    applicant = get_for_user_or_invalid(Unit, request.auth, "applicant_id", pk=payload.applicant_id)
    p = services.project_apply(
        actor=request.auth, applicant=applicant, **payload.dict(exclude={"applicant_id"})
    )
    return Status(201, _project_detail(request, p))


@router.get("/projects/{int:project_id}", response={200: ProjectDetailOut, **ERRORS}, summary="改革项目详情")
def get_project(request, project_id: Id):
    return _project_detail(request, get_for_user_or_404(ReformProject, request.auth, "view", pk=project_id))


@router.post(
    "/projects/{int:project_id}/transitions/{name}",
    response={200: ProjectDetailOut, **ERRORS},
    summary="改革项目：approve 立项、reject 不予立项（须填理由）、complete 结项（须有过程督导记录和结项意见）",
)
def project_transition(
    request, project_id: Id, name: Literal["approve", "reject", "complete"], payload: NoteFields
):
    p = get_for_user_or_404(ReformProject, request.auth, "view", pk=project_id)
    return _project_detail(
        request, PROJECT_WORKFLOW.apply(actor=request.auth, obj=p, name=name, note=payload.note)
    )


@router.post(
    "/projects/{int:project_id}/progress",
    response={200: ProjectDetailOut, **ERRORS},
    summary="记录过程督导情况（已立项的项目）",
)
def project_progress(request, project_id: Id, payload: ProjectProgressIn):
    p = get_for_user_or_404(ReformProject, request.auth, "view", pk=project_id)
    services.project_progress(actor=request.auth, project=p, note=payload.note)
    return _project_detail(request, p)


# ---- charters -----------------------------------------------------------------------------------------
class CharterHistoryLine(HistoryLineFields):
    pass


class CharterOut(Schema):
    id: int
    school_id: int
    school_name: str
    title: str
    revision_note: str
    status: CharterStatus
    review_note: str
    filed_on: datetime.date | None
    file_ids: list[int]

    @staticmethod
    def resolve_school_name(obj):
        return obj.school.name

    @staticmethod
    def resolve_file_ids(obj):
        from dudao.attachments.services import for_owner

        return list(for_owner(obj).values_list("pk", flat=True))


class CharterDetailOut(CharterOut):
    history: list[CharterHistoryLine]
    available_actions: list[str]


def _charter_detail(request, c):
    c = SchoolCharter.objects.select_related("school").get(pk=c.pk)
    c.history = list(c.events.all())
    c.available_actions = [t.name for t in CHARTER_WORKFLOW.available(request.auth, c)]
    if c.status == CharterStatus.RETURNED and CHARTER_WORKFLOW.may(request.auth, c, "submit"):
        c.available_actions.append("resubmit")
    return c


@router.get("/charters", response={200: list[CharterOut], **ERRORS}, summary="学校章程（修订与备案）列表")
@paginate(BoundedPagination)
def list_charters(request, status: CharterStatus | None = None):
    qs = SchoolCharter.objects.for_user(request.auth, "view").select_related("school")
    return qs.filter(status=status) if status else qs


@router.post(
    "/charters",
    response={201: CharterDetailOut, **ERRORS},
    summary="报送学校章程修订稿（multipart：school_id、title、revision_note、file 章程文本）",
)
def create_charter(
    request, school_id: Form[Id], title: Form[str], file: File[UploadedFile], revision_note: Form[str] = ""
):
    school = get_for_user_or_invalid(Unit, request.auth, "school_id", pk=school_id)
    c = services.charter_submit(
        actor=request.auth, school=school, title=title, file=file, revision_note=revision_note
    )
    return Status(201, _charter_detail(request, c))


@router.get("/charters/{int:charter_id}", response={200: CharterDetailOut, **ERRORS}, summary="学校章程详情")
def get_charter(request, charter_id: Id):
    return _charter_detail(request, get_for_user_or_404(SchoolCharter, request.auth, "view", pk=charter_id))


@router.post(
    "/charters/{int:charter_id}/transitions/{name}",
    response={200: CharterDetailOut, **ERRORS},
    summary="学校章程：file 备案、return 退回修改（须填意见）",
)
def charter_transition(request, charter_id: Id, name: Literal["file", "return"], payload: NoteFields):
    c = get_for_user_or_404(SchoolCharter, request.auth, "view", pk=charter_id)
    return _charter_detail(
        request, CHARTER_WORKFLOW.apply(actor=request.auth, obj=c, name=name, note=payload.note)
    )


@router.post(
    "/charters/{int:charter_id}/resubmit",
    response={200: CharterDetailOut, **ERRORS},
    summary="退回后重新报送章程（multipart：file 修改后的章程文本、note 修改说明）",
)
def charter_resubmit(request, charter_id: Id, file: File[UploadedFile], note: Form[str] = ""):
    c = get_for_user_or_404(SchoolCharter, request.auth, "view", pk=charter_id)
    return _charter_detail(
        request, services.charter_resubmit(actor=request.auth, charter=c, file=file, note=note)
    )
