"""/api/v1/surveys: the office's twins of every survey page — list, create, read, edit, questions,
audiences and quotas, transitions (open / close / reopen on the kernel), one-time codes, results —
and the county's 社会认可度 (``/recognition``). The public answer endpoint is ``public_api``."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema, Year
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, region_in_scope
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import selectors, services
from .choices import Audience, QuestionKind, SurveyPurpose, SurveyStatus
from .models import AccessCode, AudienceQuota, Question, Survey
from .workflows import WORKFLOW

router = Router(tags=["满意度调查"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SurveyQuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: QuestionKind
    options: list[str]
    audiences: list[str]
    counts_for_recognition: bool
    required: bool


class SurveyQuotaOut(Schema):
    audience: Audience
    quota: int | None = None
    is_open: bool


class SurveyOut(Schema):
    id: int
    title: str
    region_id: Id
    unit_id: Id | None = None
    year: int
    purpose: SurveyPurpose
    reference: str
    intro: str
    status: SurveyStatus
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    anonymous: bool
    requires_code: bool
    link_token: str
    created_at: datetime.datetime


class SurveyDetailOut(SurveyOut):
    questions: list[SurveyQuestionOut]
    quotas: list[SurveyQuotaOut]

    @staticmethod
    def resolve_questions(obj):
        return list(Question.objects.filter(survey=obj).order_by("order", "id"))

    @staticmethod
    def resolve_quotas(obj):
        return list(AudienceQuota.objects.filter(survey=obj).order_by("audience"))


class SurveyIn(StrictSchema):
    title: str = Field(..., max_length=200)
    region_id: Id
    unit_id: Id | None = Field(None, description="学校；留空为面向全县（区）")
    year: Year
    purpose: SurveyPurpose = SurveyPurpose.BALANCE
    reference: str = Field("", max_length=64, description="关联事项，如 inspections.SupervisionTask:12")
    intro: str = Field("", max_length=5000)
    opens_on: StrictDate | None = None
    closes_on: StrictDate | None = None
    anonymous: bool = True
    requires_code: bool = False


class SurveyPatch(StrictSchema):
    title: str | None = Field(None, max_length=200)
    year: Year | None = None
    purpose: SurveyPurpose | None = None
    reference: str | None = Field(None, max_length=64)
    intro: str | None = Field(None, max_length=5000)
    opens_on: StrictDate | None = None
    closes_on: StrictDate | None = None
    anonymous: bool | None = None
    requires_code: bool | None = None


class SurveyQuestionIn(StrictSchema):
    text: str = Field(..., max_length=500)
    kind: QuestionKind = QuestionKind.LIKERT
    options: list[str] = Field(default_factory=list, max_length=20)
    audiences: list[Audience] = Field(default_factory=list, max_length=7)
    counts_for_recognition: bool = False
    required: bool = True
    order: int | None = Field(None, ge=1, le=999)


class SurveyQuestionPatch(StrictSchema):
    text: str | None = Field(None, max_length=500)
    kind: QuestionKind | None = None
    options: list[str] | None = Field(None, max_length=20)
    audiences: list[Audience] | None = Field(None, max_length=7)
    counts_for_recognition: bool | None = None
    required: bool | None = None
    order: int | None = Field(None, ge=1, le=999)


class SurveyQuotaIn(StrictSchema):
    audience: Audience
    quota: int | None = Field(None, ge=1, le=1_000_000, description="名额；留空为不限")


class SurveyQuotasIn(StrictSchema):
    audiences: list[SurveyQuotaIn] = Field(..., max_length=7, description="开放的调查对象；未列出的关闭")


class SurveyTransitionIn(StrictSchema):
    note: str = Field("", max_length=2000)


class SurveyCodesIn(StrictSchema):
    count: int = Field(..., ge=1, le=services.MAX_CODES)
    audience: Audience | None = None


class SurveyCodesOut(Schema):
    codes: list[str]


class SurveyAudienceRateOut(Schema):
    audience: Audience
    label: str
    responses: int
    quota: int | None = None
    is_open: bool
    answered: int
    satisfied: int
    rate: Decimal | None = None


class SurveyResultsOut(Schema):
    responses: int
    answered: int
    satisfied: int
    rate: Decimal | None = Field(None, description="认可度（%）：计入认可度的五级题中“认可”等级答案的占比")
    threshold: Decimal
    passed: bool | None = None
    satisfied_levels: list[str]
    audiences: list[SurveyAudienceRateOut]


class RecognitionOut(Schema):
    region_id: Id
    year: int
    rate: Decimal | None = None
    threshold: Decimal
    passed: bool | None = None


@router.get("", response={200: list[SurveyOut], **ERRORS}, summary="满意度调查列表")
@paginate(BoundedPagination)
def list_surveys(request, year: Year | None = None, status: SurveyStatus | None = None):
    qs = Survey.objects.for_user(request.auth, "view").order_by("-year", "-id")
    if year:
        qs = qs.filter(year=year)
    return qs.filter(status=status) if status else qs


@router.post("", response={201: SurveyDetailOut, **ERRORS}, summary="新建满意度调查")
def create_survey(request, payload: SurveyIn):
    data = payload.model_dump()
    region = get_for_user_or_invalid(Region, request.auth, "region_id", pk=data.pop("region_id"))
    unit_id = data.pop("unit_id")
    data["unit"] = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=unit_id) if unit_id else None
    return Status(201, services.survey_create(actor=request.auth, region=region, **data))


@router.get("/recognition", response={200: RecognitionOut, **ERRORS}, summary="县域社会认可度（优质均衡、普及普惠）")
def recognition(request, region_id: Id, year: Year):
    region = get_for_user_or_404(Region, request.auth, "view", pk=region_id)
    if not region_in_scope(request.auth, "surveys.view_survey", region):
        raise Http404
    verdict = selectors.recognition_verdict(region, year)
    return {"region_id": region.pk, "year": year, **verdict}


def _survey(request, survey_id, action="view"):
    return get_for_user_or_404(Survey, request.auth, action, pk=survey_id)


@router.get("/{int:survey_id}", response={200: SurveyDetailOut, **ERRORS}, summary="满意度调查详情")
def get_survey(request, survey_id: Id):
    return _survey(request, survey_id)


@router.patch("/{int:survey_id}", response={200: SurveyDetailOut, **ERRORS}, summary="修改满意度调查")
def update_survey(request, survey_id: Id, payload: SurveyPatch):
    survey = _survey(request, survey_id, "change")
    return services.survey_update(actor=request.auth, survey=survey, **payload.model_dump(exclude_unset=True))


@router.post("/{int:survey_id}/questions", response={201: SurveyQuestionOut, **ERRORS}, summary="添加题目（草稿）")
def add_question(request, survey_id: Id, payload: SurveyQuestionIn):
    survey = _survey(request, survey_id, "change")
    return Status(201, services.question_add(actor=request.auth, survey=survey, **payload.model_dump()))


@router.patch("/{int:survey_id}/questions/{int:question_id}", response={200: SurveyQuestionOut, **ERRORS},
              summary="修改题目（草稿）")
def update_question(request, survey_id: Id, question_id: Id, payload: SurveyQuestionPatch):
    question = get_for_user_or_404(Question, request.auth, "change", pk=question_id, survey_id=survey_id)
    return services.question_update(actor=request.auth, question=question, **payload.model_dump(exclude_unset=True))


@router.delete("/{int:survey_id}/questions/{int:question_id}", response={204: None, **ERRORS}, summary="删除题目（草稿）")
def delete_question(request, survey_id: Id, question_id: Id):
    question = get_for_user_or_404(Question, request.auth, "change", pk=question_id, survey_id=survey_id)
    services.question_delete(actor=request.auth, question=question)
    return Status(204, None)


@router.put("/{int:survey_id}/quotas", response={200: list[SurveyQuotaOut], **ERRORS}, summary="设置调查对象和名额")
def set_quotas(request, survey_id: Id, payload: SurveyQuotasIn):
    survey = _survey(request, survey_id, "change")
    quotas = {row.audience: {"is_open": True, "quota": row.quota} for row in payload.audiences}
    return services.quotas_set(actor=request.auth, survey=survey, quotas=quotas)


@router.post("/{int:survey_id}/transitions/{name}", response={200: SurveyDetailOut, **ERRORS},
             summary="开放作答、结束调查、重新开放（open / close / reopen）")
def survey_transition(request, survey_id: Id, name: str, payload: SurveyTransitionIn):
    survey = _survey(request, survey_id)
    if name not in WORKFLOW.transitions:
        raise ValidationError({"transition": "未知的操作"})
    return WORKFLOW.apply(actor=request.auth, obj=survey, name=name, note=payload.note)


@router.post("/{int:survey_id}/codes", response={201: SurveyCodesOut, **ERRORS}, summary="生成一次性作答码")
def generate_codes(request, survey_id: Id, payload: SurveyCodesIn):
    survey = _survey(request, survey_id, "change")
    made = services.codes_generate(actor=request.auth, survey=survey, count=payload.count,
                                   audience=payload.audience or "")
    return Status(201, {"codes": [c.code for c in made]})


@router.get("/{int:survey_id}/codes", response={200: list[str], **ERRORS}, summary="未使用的作答码")
@paginate(BoundedPagination)
def list_codes(request, survey_id: Id):
    survey = _survey(request, survey_id)
    return (AccessCode.objects.for_user(request.auth, "view").filter(survey=survey, response__isnull=True)
            .order_by("id").values_list("code", flat=True))


@router.get("/{int:survey_id}/results", response={200: SurveyResultsOut, **ERRORS}, summary="调查结果与认可度")
def survey_results(request, survey_id: Id):
    return selectors.results(_survey(request, survey_id))
