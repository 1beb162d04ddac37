"""The public, login-free answer page (Chinese, phone-sized): pick who you are (an open audience),
answer that audience's questions, prove you are a person (the image captcha of the login page and the complaint
form) and submit — once per device (a random token in a signed cookie, stored hashed) or once per
one-time code the office printed. Submissions are capped per client address and hour
(``surveys.per_ip_per_hour``, counted in the database, attempts also in the cache), like the
complaint form."""

import datetime
import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dudao.accounts import captcha
from dudao.common.context import client_ip
from dudao.common.parity import ui_action
from dudao.regionsettings.services import get_setting
from dudao.schools.models import SchoolProfile

from . import services
from .choices import Audience, Likert, QuestionKind, SurveyStatus
from .models import AudienceQuota, Response, Survey

CAPTCHA_KEY = "dudao_survey_captcha"
DEVICE_COOKIE = "dudao_survey_device"
DEVICE_SALT = "dudao.surveys.device"
DEVICE_MAX_AGE = 3 * 365 * 24 * 3600


def device_token(request) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT) or ""


def remember_device(request, response, token: str) -> None:
    if device_token(request) != token:
        response.set_signed_cookie(DEVICE_COOKIE, token, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE,
                                   httponly=True, samesite="Lax", secure=request.is_secure())


def rate_limited(request, survey) -> bool:
    """At most N stored answers per client address and hour (DB), attempts capped at 3N (cache)."""
    limit = int(get_setting(survey.region, "surveys.per_ip_per_hour"))
    ip = client_ip(request) or None
    key = f"dudao:survey-attempts:{ip or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        attempts = 1
    since = timezone.now() - datetime.timedelta(hours=1)
    stored = Response.objects.filter(ip=ip, submitted_at__gte=since).count()
    return stored >= limit or attempts > 3 * limit


def public_survey(token: str) -> Survey:
    survey = Survey.objects.select_related("region", "unit").filter(link_token=token).first()
    if survey is None or survey.status == SurveyStatus.DRAFT:
        raise Http404
    return survey


def _school(request, survey):
    code = (request.GET.get("school") or "")[:10]
    if not code:
        return survey.unit
    profile = SchoolProfile.objects.select_related("unit").filter(school_code=code, unit__is_active=True).first()
    if profile and profile.unit.region_path.startswith(survey.region_path):
        return profile.unit
    return survey.unit


def _new_captcha(request) -> str:
    """The image captcha of the login page (``accounts.captcha``), its key in the session."""
    key = captcha.new()
    request.session[CAPTCHA_KEY] = key
    return key


def _items(questions, data, errors):
    likert = [(lv.value, lv.label) for lv in Likert]
    items = []
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == QuestionKind.MULTI:
            value = data.getlist(name) if data else []
        else:
            value = data.get(name, "") if data else ""
        choices = likert if q.kind == QuestionKind.LIKERT else list(enumerate(q.options))
        items.append({"q": q, "name": name, "value": value, "choices": [(str(v), label) for v, label in choices],
                      "error": errors.get(name)})
    return items


@ui_action(api="dudao_surveys_public_api_submit_response")
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    survey = public_survey(token)
    school = _school(request, survey)
    open_audiences = [a for a in Audience if AudienceQuota.objects.filter(
        survey=survey, audience=a.value, is_open=True).exists()]
    audience = request.GET.get("audience") or request.POST.get("audience") or ""
    if audience not in ({a.value for a in open_audiences} if request.method == "GET" else Audience.values):
        audience = ""  # a closed audience posted anyway is refused by the service, with its message
    errors, status, form_errors = {}, 200, []
    token_value = device_token(request) or secrets.token_urlsafe(24)
    if request.method == "POST":
        answer_ok = captcha.check(request.session.pop(CAPTCHA_KEY, None), request.POST.get("captcha", "")[:8])
        if rate_limited(request, survey):
            form_errors.append(_("提交过于频繁，请稍后再试"))
            status = 429
        elif not answer_ok:
            errors["captcha"] = _("验证码错误，请按新图片重新计算")
            status = 400
        elif not audience:
            form_errors.append(_("请选择您的身份"))
            status = 400
        else:
            answers = {}
            for q in services.questions_for(survey, audience):
                name = f"q{q.pk}"
                answers[q.pk] = request.POST.getlist(name) if q.kind == QuestionKind.MULTI else request.POST.get(name, "")
            try:
                services.response_submit(survey=survey, audience=audience, answers=answers,
                                         device_token=device_token(request), code=request.POST.get("code", "")[:32],
                                         school=school, ip=client_ip(request) or None)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    if field.startswith("q") or field == "code":
                        errors[field] = messages[0]
                    else:
                        form_errors.extend(messages)
                status = 409 if any("只能作答一次" in m for m in form_errors + list(errors.values())) else 400
            else:
                response = redirect(reverse("survey_public:thanks", args=[survey.link_token]))
                remember_device(request, response, token_value)
                return response
    questions = services.questions_for(survey, audience) if audience else []
    accepting = survey.status == SurveyStatus.OPEN
    ctx = {"survey": survey, "school": school, "audiences": open_audiences, "audience": audience,
           "audience_label": dict(Audience.choices).get(audience, ""),
           "items": _items(questions, request.POST if request.method == "POST" else None, errors),
           "errors": errors, "form_errors": form_errors, "accepting": accepting,
           "school_param": request.GET.get("school", "")[:10],
           "code": request.POST.get("code", "")[:32] if request.method == "POST" else request.GET.get("code", "")[:32],
           "captcha_key": _new_captcha(request) if accepting and audience else ""}
    response = render(request, "surveys/public/answer.html", ctx, status=status)
    remember_device(request, response, token_value)
    return response


def thanks(request, token: str):
    survey = public_survey(token)
    return render(request, "surveys/public/thanks.html", {"survey": survey})
