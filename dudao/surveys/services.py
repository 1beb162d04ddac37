"""Survey services: create and edit a survey (draft), its questions, its audiences and quotas, the
one-time codes the office prints, and the public submission of a response.

``response_submit`` is the one place an answer enters: one transaction with the survey row locked,
so quotas and the one-answer rules hold under concurrent submissions; a duplicate device (the
hash of its signed cookie token; a database constraint) or a used code is refused with a message.
Status changes are the kernel's (``workflows``)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.orgs.choices import SCHOOL_KINDS

from .choices import Audience, QuestionKind, SurveyPurpose, SurveyStatus
from .models import AccessCode, Answer, AudienceQuota, Question, Response, Survey
from .workflows import WORKFLOW

MAX_OPTIONS = 20
MAX_CODES = 2000


def device_hash(token: str) -> str:
    """The stored form of a device token (the raw token stays in the answerer's signed cookie)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _place(*, region, unit):
    errors = {}
    if unit is not None:
        if unit.kind not in SCHOOL_KINDS:
            errors["unit"] = _("请选择学校或幼儿园")
        elif not unit.region_path.startswith(region.path):
            errors["unit"] = _("学校不在所选区域内")
    if errors:
        raise ValidationError(errors)


def _clean_survey(survey):
    errors = {}
    if not (survey.title or "").strip():
        errors["title"] = _("请填写标题")
    if survey.purpose not in SurveyPurpose.values:
        errors["purpose"] = _("用途无效")
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        errors["closes_on"] = _("截止日期不能早于开始日期")
    if not 2000 <= int(survey.year or 0) <= 2100:
        errors["year"] = _("年度无效")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def survey_create(*, actor, region, title: str, year: int, unit=None, purpose: str = SurveyPurpose.BALANCE,
                  reference: str = "", intro: str = "", opens_on=None, closes_on=None, anonymous: bool = True,
                  requires_code: bool = False) -> Survey:
    """A draft survey of ``region`` (a county) or of one school in it (``unit``)."""
    if actor is not None and not region_in_scope(actor, "surveys.add_survey", region):
        raise PermissionDenied(_("无权在该区域创建调查"))
    _place(region=region, unit=unit)
    survey = Survey(title=(title or "").strip(), region=region, unit=unit,
                    region_path=unit.region_path if unit else region.path, year=year, purpose=purpose,
                    reference=(reference or "").strip(), intro=(intro or "").strip(), opens_on=opens_on,
                    closes_on=closes_on, anonymous=anonymous, requires_code=requires_code,
                    created_by=actor if getattr(actor, "pk", None) else None)
    _clean_survey(survey)
    survey.save()
    WORKFLOW.log(survey, "create", actor=actor, to_status=survey.status)
    return survey


EDITABLE = ("title", "year", "purpose", "reference", "intro", "opens_on", "closes_on", "anonymous", "requires_code")


@transaction.atomic
def survey_update(*, actor, survey: Survey, **changes) -> Survey:
    """Edit a survey's description; dates and the code rule also while it is open."""
    survey = WORKFLOW.lock(survey)
    WORKFLOW.check(actor, survey, "change")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({k: _("不能修改该项") for k in unknown})
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError({"status": _("调查已结束，不能修改")})
    if survey.status == SurveyStatus.OPEN and set(changes) - {"closes_on", "intro", "requires_code"}:
        changed = {k for k, v in changes.items() if getattr(survey, k) != v} - {"closes_on", "intro", "requires_code"}
        if changed:
            raise ValidationError({k: _("调查开放后只能修改截止日期、说明和作答码要求") for k in changed})
    for key, value in changes.items():
        setattr(survey, key, value.strip() if isinstance(value, str) else value)
    _clean_survey(survey)
    survey.save()
    WORKFLOW.log(survey, "edit", actor=actor, data={"fields": sorted(changes)})
    return survey


def _clean_question(question):
    errors = {}
    if not (question.text or "").strip():
        errors["text"] = _("请填写题目")
    if question.kind not in QuestionKind.values:
        errors["kind"] = _("题型无效")
    options = [str(o).strip() for o in (question.options or []) if str(o).strip()]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTI):
        if len(options) < 2:
            errors["options"] = _("单选、多选题至少需要两个选项")
        elif len(options) > MAX_OPTIONS:
            errors["options"] = _("选项不能超过%(n)s个") % {"n": MAX_OPTIONS}
    else:
        options = []
    audiences = list(dict.fromkeys(question.audiences or []))
    if any(a not in Audience.values for a in audiences):
        errors["audiences"] = _("调查对象无效")
    if question.counts_for_recognition and question.kind != QuestionKind.LIKERT:
        errors["counts_for_recognition"] = _("只有五级满意度题可以计入认可度")
    if errors:
        raise ValidationError(errors)
    question.text = question.text.strip()
    question.options = options
    question.audiences = audiences


def _draft(actor, survey):
    survey = WORKFLOW.lock(survey)
    WORKFLOW.check(actor, survey, "change")
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError({"status": _("调查开放后不能修改题目")})
    return survey


@transaction.atomic
def question_add(*, actor, survey: Survey, text: str, kind: str = QuestionKind.LIKERT, options=None,
                 audiences=None, counts_for_recognition: bool = False, required: bool = True,
                 order: int | None = None) -> Question:
    survey = _draft(actor, survey)
    if order is None:
        order = (Question.objects.filter(survey=survey).order_by("-order").values_list("order", flat=True).first()
                 or 0) + 1
    question = Question(survey=survey, text=text or "", kind=kind, options=list(options or []),
                        audiences=list(audiences or []), counts_for_recognition=counts_for_recognition,
                        required=required, order=order)
    _clean_question(question)
    question.save()
    WORKFLOW.log(survey, "questions", actor=actor, data={"added": question.pk})
    return question


@transaction.atomic
def question_update(*, actor, question: Question, **changes) -> Question:
    _draft(actor, question.survey)
    for key in ("text", "kind", "options", "audiences", "counts_for_recognition", "required", "order"):
        if key in changes:
            setattr(question, key, changes[key])
    _clean_question(question)
    question.save()
    WORKFLOW.log(question.survey, "questions", actor=actor, data={"changed": question.pk})
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    survey = _draft(actor, question.survey)
    pk = question.pk
    question.delete()
    WORKFLOW.log(survey, "questions", actor=actor, data={"deleted": pk})


@transaction.atomic
def quotas_set(*, actor, survey: Survey, quotas: dict) -> list[AudienceQuota]:
    """``quotas``: {audience: {"is_open": bool, "quota": int | None}}; audiences left out are closed.
    A quota may not fall below the answers already in."""
    survey = WORKFLOW.lock(survey)
    WORKFLOW.check(actor, survey, "change")
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError({"status": _("调查已结束，不能修改")})
    errors = {}
    counts = _counts(survey)
    for audience, spec in quotas.items():
        if audience not in Audience.values:
            errors[audience] = _("调查对象无效")
            continue
        quota = spec.get("quota")
        if quota is not None and (int(quota) < 1 or int(quota) < counts.get(audience, 0)):
            errors[audience] = _("名额须为正整数，且不少于已收答卷数（%(n)s）") % {"n": counts.get(audience, 0)}
    if errors:
        raise ValidationError(errors)
    rows = []
    for audience in Audience.values:
        spec = quotas.get(audience)
        row, _created = AudienceQuota.objects.update_or_create(
            survey=survey, audience=audience,
            defaults={"is_open": bool(spec and spec.get("is_open", True)),
                      "quota": (spec or {}).get("quota")})
        rows.append(row)
    WORKFLOW.log(survey, "quotas", actor=actor,
                 data={a: {"is_open": r.is_open, "quota": r.quota} for a, r in zip(Audience.values, rows, strict=True)})
    return rows


def _counts(survey) -> dict:
    from django.db.models import Count

    return dict(Response.objects.filter(survey=survey).values("audience").annotate(n=Count("id"))
                .values_list("audience", "n"))


@transaction.atomic
def codes_generate(*, actor, survey: Survey, count: int, audience: str = "") -> list[AccessCode]:
    """``count`` new one-time codes (the office prints them); returns them."""
    survey = WORKFLOW.lock(survey)
    WORKFLOW.check(actor, survey, "change")
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError({"status": _("调查已结束，不能生成作答码")})
    if not 1 <= int(count) <= MAX_CODES:
        raise ValidationError({"count": _("每次可生成1至%(n)s个作答码") % {"n": MAX_CODES}})
    if audience and audience not in Audience.values:
        raise ValidationError({"audience": _("调查对象无效")})
    codes = AccessCode.objects.bulk_create([AccessCode(survey=survey, audience=audience) for _ in range(int(count))])
    WORKFLOW.log(survey, "codes", actor=actor, data={"count": int(count), "audience": audience})
    return codes


# ---- the public answer --------------------------------------------------------------------------
def questions_for(survey, audience: str) -> list[Question]:
    return [q for q in Question.objects.filter(survey=survey).order_by("order", "id") if q.asked_of(audience)]


def _answer(question, raw):
    """The ``Answer`` for ``raw`` (a str, an int or a list), or None when left blank; raises a
    message on a bad value."""
    if question.kind == QuestionKind.TEXT:
        text = str(raw or "").strip()
        if len(text) > 2000:
            raise ValueError(_("回答不能超过2000字"))
        return Answer(question=question, text=text) if text else None
    if question.kind == QuestionKind.MULTI:
        values = raw if isinstance(raw, list | tuple) else ([raw] if raw not in (None, "") else [])
        try:
            picked = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise ValueError(_("选项无效")) from None
        if any(not 0 <= v < len(question.options) for v in picked):
            raise ValueError(_("选项无效"))
        return Answer(question=question, choices=picked) if picked else None
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(_("选项无效")) from None
    valid = range(1, 6) if question.kind == QuestionKind.LIKERT else range(len(question.options))
    if value not in valid:
        raise ValueError(_("选项无效"))
    return Answer(question=question, value=value)


def response_submit(*, survey: Survey, audience: str, answers: dict, device_token: str = "", code: str = "",
                    school=None, ip=None, today=None) -> Response:
    """A public answer (no actor). One per device (``device_token``) or per one-time ``code``; the
    audience must be open and below its quota; the survey open and within its dates. ``answers``:
    {question id: value}. Raises ValidationError with a message for the answerer."""
    today = today or timezone.localdate()
    code = "".join((code or "").split()).upper()
    try:
        with transaction.atomic():
            survey = Survey.objects.select_for_update().get(pk=survey.pk)
            if survey.status != SurveyStatus.OPEN or (survey.opens_on and today < survey.opens_on) or (
                    survey.closes_on and today > survey.closes_on):
                raise ValidationError({"survey": _("本调查当前未开放作答")})
            quota = AudienceQuota.objects.filter(survey=survey, audience=audience, is_open=True).first()
            if audience not in Audience.values or quota is None:
                raise ValidationError({"audience": _("本调查不面向该类对象，或该类对象的调查已关闭")})
            if quota.quota is not None and Response.objects.filter(survey=survey, audience=audience).count() >= quota.quota:
                raise ValidationError({"audience": _("该类对象的答卷名额已满，感谢您的关注")})
            access = None
            if code:
                access = AccessCode.objects.select_for_update().filter(survey=survey, code=code).first()
                if access is None:
                    raise ValidationError({"code": _("作答码不正确，请核对后重新输入")})
                if Response.objects.filter(code=access).exists():
                    raise ValidationError({"code": _("该作答码已使用，每个作答码只能作答一次")})
                if access.audience and access.audience != audience:
                    raise ValidationError({"code": _("该作答码不适用于所选调查对象")})
            elif survey.requires_code:
                raise ValidationError({"code": _("本调查凭作答码作答，请输入督导部门发放的作答码")})
            elif not device_token:
                raise ValidationError({"survey": _("无法识别作答设备，请允许浏览器保存Cookie后重试")})
            hashed = None if access else device_hash(device_token)
            if hashed and Response.objects.filter(survey=survey, device_hash=hashed).exists():
                raise ValidationError({"survey": _("您已提交过本调查，每台设备只能作答一次")})
            rows, errors = [], {}
            for question in questions_for(survey, audience):
                try:
                    answer = _answer(question, answers.get(question.pk, answers.get(str(question.pk))))
                except ValueError as exc:
                    errors[f"q{question.pk}"] = str(exc)
                    continue
                if answer is None and question.required:
                    errors[f"q{question.pk}"] = _("此题为必答题")
                elif answer is not None:
                    rows.append(answer)
            if errors:
                raise ValidationError(errors)
            if school is not None and not (school.kind in SCHOOL_KINDS
                                           and school.region_path.startswith(survey.region_path)):
                school = None
            response = Response.objects.create(survey=survey, region_path=survey.region_path, audience=audience,
                                               school=school or survey.unit, device_hash=hashed, code=access, ip=ip)
            for answer in rows:
                answer.response = response
            Answer.objects.bulk_create(rows)
            return response
    except IntegrityError:
        # a concurrent submission from the same device or with the same code won the race
        raise ValidationError({"survey": _("您已提交过本调查，每台设备（作答码）只能作答一次")}) from None
