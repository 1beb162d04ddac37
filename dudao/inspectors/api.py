"""REST endpoints for the inspector corps: roster, recusal check, terms and appointments,
postings and coverage, training, appraisal, exit and region settings (the complaint inbox,
/corps/complaints, is ``dudao.complaints.api``). The photo and a training's 结业证书 are attachments
(``files.py``): uploaded (replaced) here, listed and downloaded through ``/api/v1/attachments`` (owner
``inspectors.inspector`` / ``inspectors.training``)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from dudao.attachments.api import FileAttachmentOut
from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema, Year
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_has_perm
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import files, postings, services, workflows
from .choices import (
    AppointmentStatus,
    AppraisalGrade,
    ConflictKind,
    Education,
    ExitReason,
    Expertise,
    Focus,
    InspectorKind,
    InspectorStatus,
    TrainingCategory,
    TrainingKind,
    TrainingResult,
)
from .models import Appointment, Appraisal, Inspector, Posting, TermSession, TrainingRecord
from .recusal import recusal_check

router = Router(tags=["督学队伍"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class InspectorOut(Schema):
    id: int
    name: str
    office_id: Id
    kind: InspectorKind
    focus: Focus
    expertise: list[str]
    employer_id: Id | None = None
    employer_name: str
    post_title: str
    education: Education
    years_in_education: int
    expert_pool: bool
    talent_pool: bool
    contact_region_code: str | None = None
    phone: str
    status: InspectorStatus
    exited_on: datetime.date | None = None
    open_postings: int | None = None

    @staticmethod
    def resolve_contact_region_code(obj):
        return obj.contact_region.code if obj.contact_region_id else None


class InspectorDetailOut(InspectorOut):
    qualification_warnings: list[str]
    user_id: Id | None = None
    id_number: str
    mobile: str
    home_address: str
    photo_url: str | None = None

    @staticmethod
    def resolve_qualification_warnings(obj):
        return services.qualification_warnings(obj)

    @staticmethod
    def resolve_photo_url(obj):
        att = files.photo_of(obj)
        return att.get_absolute_url() if att else None


class InspectorIn(StrictSchema):
    office_id: Id
    name: str = Field(..., min_length=1, max_length=50)
    kind: InspectorKind
    focus: Focus = Focus.SCHOOL
    expertise: list[Expertise] = []
    employer_id: Id | None = None
    employer_name: str = Field("", max_length=200)
    post_title: str = Field("", max_length=100)
    education: Education = Education.BACHELOR
    years_in_education: int = Field(0, ge=0, le=70)
    expert_pool: bool = False
    talent_pool: bool = False
    contact_region_code: str | None = None
    phone: str = Field("", max_length=32)
    duties_note: str = Field("", max_length=2000)
    id_number: str = Field("", max_length=18)
    mobile: str = Field("", max_length=11)
    home_address: str = Field("", max_length=255)


class InspectorPatch(StrictSchema):
    name: str | None = Field(None, min_length=1, max_length=50)
    kind: InspectorKind | None = None
    focus: Focus | None = None
    expertise: list[Expertise] | None = None
    employer_id: Id | None = None
    employer_name: str | None = Field(None, max_length=200)
    post_title: str | None = Field(None, max_length=100)
    education: Education | None = None
    years_in_education: int | None = Field(None, ge=0, le=70)
    expert_pool: bool | None = None
    talent_pool: bool | None = None
    contact_region_code: str | None = None
    phone: str | None = Field(None, max_length=32)
    duties_note: str | None = Field(None, max_length=2000)
    id_number: str | None = Field(None, max_length=18)
    mobile: str | None = Field(None, max_length=11)
    home_address: str | None = Field(None, max_length=255)


class RecusalOut(Schema):
    conflict: bool
    reasons: list[dict]


class ConflictIn(StrictSchema):
    kind: ConflictKind
    unit_id: Id | None = None
    relative_name: str = Field("", max_length=50)
    note: str = Field("", max_length=255)


class SessionOut(Schema):
    id: int
    office_id: Id
    number: int
    label: str
    start_date: datetime.date
    end_date: datetime.date

    @staticmethod
    def resolve_label(obj):
        return str(obj)


class SessionIn(StrictSchema):
    office_id: Id
    number: int = Field(..., ge=1, le=99)
    start_date: StrictDate
    end_date: StrictDate | None = None
    committee_id: Id | None = None


class AppointmentOut(Schema):
    id: int
    inspector_id: Id
    session_id: Id
    session_label: str
    status: AppointmentStatus
    card_number: str
    recommended_on: datetime.date | None = None
    reviewed_on: datetime.date | None = None
    publicised_on: datetime.date | None = None
    appointed_on: datetime.date | None = None
    ended_on: datetime.date | None = None

    @staticmethod
    def resolve_session_label(obj):
        return str(obj.session)


class RecommendIn(StrictSchema):
    inspector_id: Id
    session_id: Id
    on_date: StrictDate | None = None
    note: str = Field("", max_length=255)


class AppointmentTransitionIn(StrictSchema):
    on_date: StrictDate | None = None
    note: str = Field("", max_length=255)
    card_number: str = Field("", max_length=32)


class PostingOut(Schema):
    id: int
    inspector_id: Id
    inspector_name: str
    school_id: Id
    school_name: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    end_reason: str
    override_reason: str

    @staticmethod
    def resolve_inspector_name(obj):
        return obj.inspector.name

    @staticmethod
    def resolve_school_name(obj):
        return obj.school.name


class PostingIn(StrictSchema):
    inspector_id: Id
    school_id: Id
    start_date: StrictDate | None = None
    override_reason: str = Field("", max_length=2000)


class PostingEndIn(StrictSchema):
    end_date: StrictDate | None = None
    reason: str = Field("", max_length=255)


class PostingReplaceIn(StrictSchema):
    inspector_id: Id
    on_date: StrictDate | None = None
    reason: str = Field("", max_length=255)
    override_reason: str = Field("", max_length=2000)


class CoverageOut(Schema):
    region_code: str
    schools: int
    covered: int
    percent: float
    inspectors: int
    ratio: float
    max_schools_per_inspector: int
    large_school_enrolment: int
    uncovered: list[dict]
    overloaded: list[dict]


class TrainingOut(Schema):
    id: int
    inspector_id: Id
    course: str
    provider: str
    kind: TrainingKind
    hours: Decimal
    date: datetime.date
    pre_service: bool
    category: TrainingCategory
    result: str = Field(..., description="考核结果：excellent 优秀 / passed 合格 / failed 不合格（不计学时）/ 空 未考核")
    certificate_url: str | None = None

    @staticmethod
    def resolve_certificate_url(obj):
        att = files.certificate_of(obj)
        return att.get_absolute_url() if att else None


class TrainingIn(StrictSchema):
    course: str = Field(..., min_length=1, max_length=200)
    provider: str = Field("", max_length=200)
    kind: TrainingKind
    hours: Decimal = Field(..., gt=0, le=1000)
    date: StrictDate
    pre_service: bool = False
    category: TrainingCategory = TrainingCategory.PRACTICE
    result: TrainingResult = TrainingResult.NONE


class AppraisalOut(Schema):
    id: int
    inspector_id: Id
    year: int
    grade: AppraisalGrade
    facts: dict
    note: str


class AppraisalIn(StrictSchema):
    year: int = Field(..., ge=2000, le=2100)
    grade: AppraisalGrade
    note: str = Field("", max_length=5000)


class ExitIn(StrictSchema):
    reason: ExitReason
    on_date: StrictDate | None = None
    note: str = Field("", max_length=5000)


class ExitOut(Schema):
    inspector_id: Id
    schools_needing_successor: list[dict]


def _unit(request, pk):
    return get_for_user_or_404(Unit, request.auth, "view", pk=pk) if pk else None


def _refs(request, data: dict) -> dict:
    if "employer_id" in data:
        data["employer"] = _unit(request, data.pop("employer_id"))
    if "contact_region_code" in data:
        code = data.pop("contact_region_code")
        data["contact_region"] = get_for_user_or_404(Region, request.auth, "view", code=code) if code else None
    if "expertise" in data and data["expertise"] is not None:
        data["expertise"] = [str(e.value if hasattr(e, "value") else e) for e in data["expertise"]]
    return data


def _inspector(request, pk, action="view"):
    return get_for_user_or_404(Inspector.objects.select_related("office__region"), request.auth, action, pk=pk)


# --- Roster --------------------------------------------------------------------------------------

@router.get("/inspectors", response={200: list[InspectorOut], **ERRORS}, summary="督学名册（不含身份证号等隐私字段）")
@paginate(BoundedPagination)
def list_inspectors(request, region_code: str | None = None, kind: InspectorKind | None = None,
                    status: InspectorStatus | None = None, q: str = ""):
    qs = (Inspector.objects.for_user(request.auth, "view").select_related("contact_region")
          .annotate(open_postings=Count("postings", filter=Q(postings__end_date__isnull=True)))
          .order_by("region_path", "name", "id"))
    if region_code:
        qs = qs.filter(region_path__startswith=get_for_user_or_404(Region, request.auth, "view", code=region_code).path)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(name__contains=q)
    return qs


@router.post("/inspectors", response={201: InspectorDetailOut, **ERRORS}, summary="新增督学")
def create_inspector(request, payload: InspectorIn):
    data = _refs(request, payload.model_dump())
    office = _unit(request, data.pop("office_id"))
    return 201, services.inspector_create(actor=request.auth, office=office, **data)


@router.get("/inspectors/{inspector_id}", response={200: InspectorDetailOut, **ERRORS}, summary="督学档案")
def get_inspector(request, inspector_id: Id):
    inspector = _inspector(request, inspector_id)
    if not region_in_scope(request.auth, "inspectors.change_inspector", inspector.office.region):
        # Private fields only for those who manage the roster.
        inspector.id_number = inspector.mobile = inspector.home_address = ""
    return inspector


@router.patch("/inspectors/{inspector_id}", response={200: InspectorDetailOut, **ERRORS}, summary="修改督学档案")
def update_inspector(request, inspector_id: Id, payload: InspectorPatch):
    inspector = _inspector(request, inspector_id, "change")
    return services.inspector_update(actor=request.auth, inspector=inspector,
                                     **_refs(request, payload.model_dump(exclude_unset=True)))


@router.post("/inspectors/{inspector_id}/photo", response={201: FileAttachmentOut, **ERRORS},
             summary="上传（更换）督学照片（multipart：file，JPG 或 PNG）")
def set_photo(request, inspector_id: Id, file: File[UploadedFile]):
    inspector = _inspector(request, inspector_id, "change")
    return Status(201, services.inspector_photo_set(actor=request.auth, inspector=inspector, file=file))


@router.delete("/inspectors/{inspector_id}/photo", response={204: None, **ERRORS}, summary="删除督学照片")
def delete_photo(request, inspector_id: Id):
    inspector = _inspector(request, inspector_id, "change")
    services.inspector_photo_set(actor=request.auth, inspector=inspector, file=None)
    return Status(204, None)


@router.get("/inspectors/{inspector_id}/recusal-check", response={200: RecusalOut, **ERRORS},
            summary="回避检查：该督学能否督导某单位")
def check_recusal(request, inspector_id: Id, unit_id: Id, on_date: StrictDate | None = None):
    inspector = _inspector(request, inspector_id)
    reasons = recusal_check(inspector, _unit(request, unit_id), on_date)
    return {"conflict": bool(reasons), "reasons": [{"code": r.code, "message": r.message} for r in reasons]}


@router.post("/inspectors/{inspector_id}/conflicts", response={201: dict, **ERRORS}, summary="登记申报的利害关系")
def declare_conflict(request, inspector_id: Id, payload: ConflictIn):
    inspector = _inspector(request, inspector_id, "change")
    data = payload.model_dump()
    data["unit"] = _unit(request, data.pop("unit_id"))
    c = services.conflict_declare(actor=request.auth, inspector=inspector, **data)
    return 201, {"id": c.pk}


@router.get("/inspectors/{inspector_id}/conflicts", response={200: list[dict], **ERRORS},
            summary="申报的利害关系和工作经历（回避依据）")
def list_conflicts(request, inspector_id: Id):
    inspector = _inspector(request, inspector_id, "change")
    return ([{"type": "conflict", "id": c.pk, "kind": c.kind, "unit_id": c.unit_id, "relative_name": c.relative_name,
              "note": c.note} for c in inspector.conflicts.all()]
            + [{"type": "employment", "id": e.pk, "unit_id": e.unit_id, "start_date": e.start_date,
                "end_date": e.end_date} for e in inspector.employments.all()])


class EmploymentIn(StrictSchema):
    unit_id: Id
    start_date: StrictDate | None = None
    end_date: StrictDate | None = None


@router.post("/inspectors/{inspector_id}/employments", response={201: dict, **ERRORS}, summary="添加工作经历")
def add_employment(request, inspector_id: Id, payload: EmploymentIn):
    inspector = _inspector(request, inspector_id, "change")
    data = payload.model_dump()
    e = services.employment_add(actor=request.auth, inspector=inspector, unit=_unit(request, data.pop("unit_id")),
                                **data)
    return 201, {"id": e.pk}


@router.post("/inspectors/{inspector_id}/exit", response={200: ExitOut, **ERRORS},
             summary="解聘/解任：结束全部挂牌，返回需要更换责任督学的学校")
def exit_inspector(request, inspector_id: Id, payload: ExitIn):
    inspector = _inspector(request, inspector_id, "change")
    schools = workflows.inspector_exit(actor=request.auth, inspector=inspector, **payload.model_dump())
    return {"inspector_id": inspector.pk, "schools_needing_successor": [{"id": s.pk, "name": s.name} for s in schools]}


@router.get("/inspectors/{inspector_id}/training", response={200: list[TrainingOut], **ERRORS}, summary="培训记录")
def list_training(request, inspector_id: Id):
    inspector = _inspector(request, inspector_id)
    return TrainingRecord.objects.for_user(request.auth, "view").filter(inspector=inspector)


@router.post("/inspectors/{inspector_id}/training", response={201: TrainingOut, **ERRORS}, summary="添加培训记录")
def add_training(request, inspector_id: Id, payload: TrainingIn):
    inspector = _inspector(request, inspector_id, "change")
    return 201, services.training_add(actor=request.auth, inspector=inspector, **payload.model_dump())


@router.post("/inspectors/{inspector_id}/training/{training_id}/certificate",
             response={201: FileAttachmentOut, **ERRORS},
             summary="上传（更换）培训结业证书（multipart：file，PDF、JPG 或 PNG）")
def set_certificate(request, inspector_id: Id, training_id: Id, file: File[UploadedFile]):
    inspector = _inspector(request, inspector_id, "change")
    training = get_for_user_or_404(TrainingRecord.objects.filter(inspector=inspector), request.auth, "change",
                                   pk=training_id)
    return Status(201, services.training_certificate_set(actor=request.auth, training=training, file=file))


@router.get("/inspectors/{inspector_id}/training-totals", response={200: dict, **ERRORS}, summary="年度培训学时")
def training_totals(request, inspector_id: Id, year: Year):
    inspector = _inspector(request, inspector_id)
    totals = services.training_totals([inspector.pk], year).get(inspector.pk, {})
    return {"year": year, **{k: str(v) for k, v in totals.items()}}


@router.get("/inspectors/{inspector_id}/appraisals", response={200: list[AppraisalOut], **ERRORS}, summary="年度考核")
def list_appraisals(request, inspector_id: Id):
    inspector = _inspector(request, inspector_id)
    return Appraisal.objects.for_user(request.auth, "view").filter(inspector=inspector)


@router.post("/inspectors/{inspector_id}/appraisals", response={201: AppraisalOut, **ERRORS},
             summary="记录年度考核（自动附履职数据）")
def add_appraisal(request, inspector_id: Id, payload: AppraisalIn):
    inspector = _inspector(request, inspector_id, "change")
    return 201, services.appraisal_record(actor=request.auth, inspector=inspector, **payload.model_dump())


@router.get("/training/under-minimum", response={200: list[dict], **ERRORS}, summary="集中培训学时不足名单")
def under_minimum(request, region_code: str, year: Year):
    region = get_for_user_or_404(Region, request.auth, "view", code=region_code)
    if not user_has_perm(request.auth, "inspectors.view_trainingrecord"):
        raise PermissionDenied
    rows = services.under_training_minimum(Inspector.objects.for_user(request.auth, "view"), year=year, region=region)
    kinds = services.counted_kinds(region)
    from dudao.regionsettings.services import get_setting

    minimum = get_setting(region, "training.min_centralised_hours")
    return [{"inspector_id": i.pk, "name": i.name, "centralised_hours": str(h), "counted_hours": str(h),
             "short_hours": str(minimum - h), "counted_kinds": kinds} for i, h in rows]


# --- Terms and appointments ----------------------------------------------------------------------

@router.get("/sessions", response={200: list[SessionOut], **ERRORS}, summary="督学届次")
@paginate(BoundedPagination)
def list_sessions(request):
    return TermSession.objects.for_user(request.auth, "view")


@router.post("/sessions", response={201: SessionOut, **ERRORS}, summary="新增届次")
def create_session(request, payload: SessionIn):
    data = payload.model_dump()
    office = _unit(request, data.pop("office_id"))
    data["committee"] = _unit(request, data.pop("committee_id"))
    return 201, workflows.term_session_create(actor=request.auth, office=office, **data)


@router.get("/appointments", response={200: list[AppointmentOut], **ERRORS}, summary="聘任记录")
@paginate(BoundedPagination)
def list_appointments(request, inspector_id: Id | None = None, status: AppointmentStatus | None = None):
    qs = Appointment.objects.for_user(request.auth, "view").select_related("session")
    if inspector_id:
        qs = qs.filter(inspector_id=inspector_id)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.post("/appointments", response={201: AppointmentOut, **ERRORS}, summary="推荐（开始聘任流程）")
def recommend(request, payload: RecommendIn):
    inspector = _inspector(request, payload.inspector_id, "change")
    session = get_for_user_or_404(TermSession.objects.select_related("office__region"), request.auth, "view",
                                  pk=payload.session_id)
    return 201, workflows.appointment_recommend(actor=request.auth, inspector=inspector, session=session,
                                                on_date=payload.on_date, note=payload.note)


@router.post("/appointments/{appointment_id}/{transition}", response={200: AppointmentOut, **ERRORS},
             summary="聘任流程操作：review 审核 / publicise 公示 / appoint 聘任 / reject 未通过 / end 任期结束")
def transition(request, appointment_id: Id, transition: str, payload: AppointmentTransitionIn):
    appointment = get_for_user_or_404(Appointment, request.auth, "change", pk=appointment_id)
    return workflows.appointment_transition(actor=request.auth, appointment=appointment, transition=transition,
                                            **payload.model_dump())


# --- Postings and coverage -----------------------------------------------------------------------

@router.get("/postings", response={200: list[PostingOut], **ERRORS}, summary="挂牌记录（含历史）")
@paginate(BoundedPagination)
def list_postings(request, current: bool | None = None, school_id: Id | None = None,
                  inspector_id: Id | None = None):
    qs = Posting.objects.for_user(request.auth, "view").select_related("inspector", "school")
    if current:
        qs = qs.filter(end_date__isnull=True)
    if school_id:
        qs = qs.filter(school_id=school_id)
    if inspector_id:
        qs = qs.filter(inspector_id=inspector_id)
    return qs


@router.post("/postings", response={201: PostingOut, **ERRORS}, summary="挂牌（配比、回避、岗前培训规则；例外须写明理由）")
def create_posting(request, payload: PostingIn):
    inspector = _inspector(request, payload.inspector_id)
    school = _unit(request, payload.school_id)
    return 201, postings.posting_create(actor=request.auth, inspector=inspector, school=school,
                                        start_date=payload.start_date, override_reason=payload.override_reason)


@router.post("/postings/{posting_id}/end", response={200: PostingOut, **ERRORS}, summary="结束挂牌")
def end_posting(request, posting_id: Id, payload: PostingEndIn):
    posting = get_for_user_or_404(Posting, request.auth, "change", pk=posting_id)
    return postings.posting_end(actor=request.auth, posting=posting, **payload.model_dump())


@router.post("/postings/{posting_id}/replace", response={200: PostingOut, **ERRORS}, summary="更换责任督学（动态更替）")
def replace_posting(request, posting_id: Id, payload: PostingReplaceIn):
    posting = get_for_user_or_404(Posting, request.auth, "change", pk=posting_id)
    data = payload.model_dump()
    inspector = _inspector(request, data.pop("inspector_id"))
    return postings.posting_replace(actor=request.auth, posting=posting, inspector=inspector, **data)


@router.get("/coverage", response={200: CoverageOut, **ERRORS}, summary="挂牌督导覆盖情况")
def coverage(request, region_code: str,
             on: datetime.date | None = None):
    region = get_for_user_or_404(Region, request.auth, "view", code=region_code)
    if not user_has_perm(request.auth, "inspectors.view_posting"):
        raise PermissionDenied
    cov = postings.coverage(region, units_qs=Unit.objects.for_user(request.auth, "view"),
                            postings_qs=Posting.objects.for_user(request.auth, "view"), on_date=on)
    return {
        "region_code": region.code, "schools": len(cov.schools), "covered": cov.covered, "percent": cov.percent,
        "inspectors": cov.inspectors, "ratio": cov.ratio, "max_schools_per_inspector": cov.max_schools,
        "large_school_enrolment": cov.large_enrolment,
        "uncovered": [{"id": s.pk, "name": s.name} for s in cov.uncovered],
        "overloaded": [{"inspector_id": i.pk, "name": i.name, "schools": [s.pk for s in schools], "reasons": reasons}
                       for i, schools, reasons in cov.overloaded],
    }


# --- Settings -----------------------------------------------------------------------------------

@router.get("/region-settings", response={200: list[dict], **ERRORS}, summary="区域参数（生效值及来源）")
def region_settings(request, region_code: str):
    from dudao.regionsettings.services import effective_settings

    region = get_for_user_or_404(Region, request.auth, "view", code=region_code)
    if not user_has_perm(request.auth, "regionsettings.view_regionsetting"):
        raise PermissionDenied
    return [{"key": k, "label": str(e.spec.label), "value": str(e.value), "unit": str(e.spec.unit),
             "source": e.source, "set_in": e.set_in.code if e.set_in else None}
            for k, e in effective_settings(region).items()]
