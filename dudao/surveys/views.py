"""Office pages: the survey list, creating and editing a survey, its questions, audiences and
quotas, opening and closing it (the kernel), one-time codes (Excel to print), its public link and
QR code, and the results (chart, table, Excel)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common.excel import xlsx_response
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import selectors, services
from .choices import Audience, SurveyStatus
from .forms import CodesForm, QuestionForm, QuotaForm, SurveyForm
from .models import AccessCode, AudienceQuota, Question, Survey, SurveyEvent
from .workflows import WORKFLOW


class SurveyListView(ObjectListView):
    model = Survey
    title = gettext_lazy("满意度调查")
    export_name = "满意度调查"
    columns = [
        (gettext_lazy("标题"), "title"),
        (gettext_lazy("年度"), "year"),
        (gettext_lazy("范围"), lambda s: s.unit.name if s.unit_id else s.region.name),
        (gettext_lazy("用途"), "get_purpose_display"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("截止日期"), "closes_on"),
    ]
    add_url_name = "surveys:new"

    def can_add(self):
        return user_has_perm(self.request.user, "surveys.add_survey")

    def get_queryset(self):
        qs = super().get_queryset().select_related("region", "unit")
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status in SurveyStatus.values else qs


def _survey(request, pk, action="view"):
    return get_for_user_or_404(Survey.objects.select_related("region", "unit"), request.user, action, pk=pk)


def public_url(request, survey, school=None) -> str:
    url = request.build_absolute_uri(reverse("survey_public:answer", args=[survey.link_token]))
    code = getattr(getattr(school, "school_profile", None), "school_code", None) if school else None
    return f"{url}?school={code}" if code else url


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000")


@login_required
def survey_detail(request, pk):
    survey = _survey(request, pk)
    can_change = Survey.objects.for_user(request.user, "change").filter(pk=survey.pk).exists()
    url = public_url(request, survey, survey.unit)
    return render(request, "surveys/survey_detail.html", {
        "survey": survey, "title": survey.title, "can_change": can_change,
        "questions": Question.objects.filter(survey=survey).order_by("order", "id"),
        "quotas": AudienceQuota.objects.filter(survey=survey).order_by("audience"),
        "transitions": WORKFLOW.available(request.user, survey),
        "events": SurveyEvent.objects.filter(survey=survey).select_related("actor"),
        "public_url": url, "qr_svg": qr_svg(url), "audience_labels": dict(Audience.choices),
        "codes": AccessCode.objects.filter(survey=survey).count(),
    })


@ui_action(api="dudao_surveys_api_create_survey")
@login_required
def survey_new(request):
    if not user_has_perm(request.user, "surveys.add_survey"):
        raise PermissionDenied
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已创建调查，请添加题目并设置调查对象"))
            return redirect(survey)
    return render(request, "generic/form.html", {"form": form, "title": _("新建满意度调查"),
                                                 "cancel_url": reverse("surveys:list")})


@ui_action(api="dudao_surveys_api_update_survey")
@login_required
def survey_edit(request, pk):
    survey = _survey(request, pk, "change")
    initial = {f: getattr(survey, f) for f in services.EDITABLE}
    form = SurveyForm(request.POST or None, user=request.user, edit=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(survey)
    return render(request, "generic/form.html", {"form": form, "title": _("修改调查"), "cancel_url": survey.get_absolute_url()})


@ui_action(api="dudao_surveys_api_add_question")
@login_required
def question_new(request, pk):
    survey = _survey(request, pk, "change")
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已添加题目"))
            return redirect(survey)
    return render(request, "generic/form.html", {"form": form, "title": _("添加题目"), "cancel_url": survey.get_absolute_url()})


@ui_action(api="dudao_surveys_api_update_question")
@login_required
def question_edit(request, pk, question_id):
    survey = _survey(request, pk, "change")
    question = get_for_user_or_404(Question, request.user, "change", pk=question_id, survey=survey)
    initial = {"order": question.order, "text": question.text, "kind": question.kind,
               "options": "\n".join(question.options), "audiences": question.audiences,
               "counts_for_recognition": question.counts_for_recognition, "required": question.required}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(survey)
    return render(request, "generic/form.html", {"form": form, "title": _("修改题目"), "cancel_url": survey.get_absolute_url()})


@ui_action(api="dudao_surveys_api_delete_question")
@login_required
@require_POST
def question_delete(request, pk, question_id):
    survey = _survey(request, pk, "change")
    question = get_for_user_or_404(Question, request.user, "change", pk=question_id, survey=survey)
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除题目"))
    return redirect(survey)


@ui_action(api="dudao_surveys_api_set_quotas")
@login_required
def quotas(request, pk):
    survey = _survey(request, pk, "change")
    current = {q.audience: q for q in AudienceQuota.objects.filter(survey=survey)}
    form = QuotaForm(request.POST or None, quotas=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.quotas_set(actor=request.user, survey=survey, quotas=form.quotas())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(f"quota_{field}" if f"quota_{field}" in form.fields else None, errors)
        else:
            messages.success(request, _("已保存调查对象和名额"))
            return redirect(survey)
    return render(request, "surveys/quotas.html", {"form": form, "survey": survey, "title": _("调查对象和名额")})


@ui_action(api="dudao_surveys_api_survey_transition")
@login_required
@require_POST
def transition(request, pk, name):
    survey = _survey(request, pk)
    if name not in {t.name for t in WORKFLOW.available(request.user, survey)}:
        raise PermissionDenied
    try:
        WORKFLOW.apply(actor=request.user, obj=survey, name=name, note=request.POST.get("note", "")[:2000])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已%(t)s") % {"t": WORKFLOW[name].label})
    return redirect(survey)


@ui_action(api="dudao_surveys_api_generate_codes")
@login_required
def codes(request, pk):
    """The survey's one-time codes (``?export=xlsx`` to print) and the form generating more."""
    survey = _survey(request, pk)
    rows = AccessCode.objects.filter(survey=survey).select_related("response").order_by("id")
    if request.GET.get("export") == "xlsx":
        labels = dict(Audience.choices)
        return xlsx_response(filename=f"作答码-{survey.pk}.xlsx", sheet_title="作答码",
                             headers=[_("作答码"), _("调查对象"), _("已使用")],
                             rows=((c.code, labels.get(c.audience, _("不限定")),
                                    _("是") if hasattr(c, "response") else _("否")) for c in rows))
    form = CodesForm(request.POST or None)
    if request.method == "POST":
        _survey(request, pk, "change")
        if form.is_valid():
            try:
                made = services.codes_generate(actor=request.user, survey=survey, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已生成%(n)s个作答码") % {"n": len(made)})
                return redirect("surveys:codes", pk=survey.pk)
    used = rows.filter(response__isnull=False).count()
    return render(request, "surveys/codes.html", {"survey": survey, "form": form, "total": rows.count(), "used": used,
                                                  "recent": rows.order_by("-id")[:50], "title": _("作答码")})


@login_required
def results(request, pk):
    survey = _survey(request, pk)
    data = selectors.results(survey)
    if request.GET.get("export") == "xlsx":
        rows = [(r["label"], r["responses"], r["quota"] or "", r["answered"], r["satisfied"],
                 r["rate"] if r["rate"] is not None else "") for r in data["audiences"]]
        rows.append((_("合计"), data["responses"], "", data["answered"], data["satisfied"],
                     data["rate"] if data["rate"] is not None else ""))
        return xlsx_response(filename=f"满意度调查结果-{survey.pk}.xlsx", sheet_title="认可度",
                             headers=[_("调查对象"), _("答卷数"), _("名额"), _("计入认可度的答案数"), _("认可答案数"),
                                      _("认可度（%）")], rows=rows)
    chart = {"labels": [r["label"] for r in data["audiences"]],
             "rates": [float(r["rate"]) if r["rate"] is not None else None for r in data["audiences"]],
             "threshold": float(data["threshold"]), "name": _("认可度（%）"), "line": _("达标线")}
    return render(request, "surveys/results.html", {"survey": survey, "data": data, "chart": chart,
                                                    "title": _("调查结果")})


