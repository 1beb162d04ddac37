"""/api/v1/surveys/public: the login-free twin of the answer page, for a survey app or kiosk —
read a survey's form by its link token and submit one response. The API has no captcha, so it
answers with a one-time code only (the codes the office prints): one response per code; the
per-address limit of the page applies too."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from pydantic import Field

from dudao.common.context import client_ip
from dudao.common.schemas import ErrorOut, StrictSchema

from . import services
from .choices import Audience, QuestionKind
from .models import AudienceQuota, Question
from .public import public_survey, rate_limited

router = Router(tags=["满意度调查"])
ERRORS = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class PublicQuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: QuestionKind
    options: list[str]
    audiences: list[str]
    required: bool


class PublicSurveyOut(Schema):
    title: str
    intro: str
    year: int
    accepting: bool
    closes_on: datetime.date | None = None
    audiences: list[Audience]
    questions: list[PublicQuestionOut]


class PublicResponseIn(StrictSchema):
    audience: Audience
    code: str = Field(..., min_length=6, max_length=32, description="督导部门印发的一次性作答码")
    answers: dict[str, int | str | list[int]] = Field(
        default_factory=dict, description="题目编号 → 答案：五级题1–5（5为满意），单选为选项序号（从0起），多选为序号列表，填空为文字")


class PublicResponseOut(Schema):
    submitted_at: datetime.datetime


@router.get("/public/{token}", auth=None, response={200: PublicSurveyOut, **ERRORS}, summary="公开问卷（凭链接标识）")
def public_form(request, token: str):
    survey = public_survey(token[:32])
    return {"title": survey.title, "intro": survey.intro, "year": survey.year,
            "accepting": survey.status == "open", "closes_on": survey.closes_on,
            "audiences": list(AudienceQuota.objects.filter(survey=survey, is_open=True)
                              .values_list("audience", flat=True)),
            "questions": list(Question.objects.filter(survey=survey).order_by("order", "id"))}


@router.post("/public/{token}/responses", auth=None, response={201: PublicResponseOut, **ERRORS},
             summary="提交答卷（凭一次性作答码，每码一次）")
def submit_response(request, token: str, payload: PublicResponseIn):
    survey = public_survey(token[:32])
    if rate_limited(request, survey):
        return Status(429, {"code": "rate_limited", "message": "提交过于频繁，请稍后再试", "errors": []})
    try:
        response = services.response_submit(survey=survey, audience=payload.audience, answers=payload.answers,
                                            code=payload.code, ip=client_ip(request) or None)
    except ValidationError as exc:
        if "只能作答一次" in " ".join(exc.messages):
            return Status(409, {"code": "conflict", "message": exc.messages[0], "errors": []})
        raise
    return Status(201, {"submitted_at": response.submitted_at})


