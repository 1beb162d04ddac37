"""Incentives pages (E6): commendations, good-practice cases (with publish/withdraw), exemptions
from supervision (list by state, grant, end early) and the green results they draw on. Every row
comes through ``for_user``; services hold the rules."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView
from dudao.inspections.choices import Colour, TaskKind
from dudao.inspections.models import SupervisionExemption

from . import selectors, services, workflows
from .choices import ExemptionState
from .forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    CommendationFilterForm,
    CommendationForm,
    ExemptionEndForm,
    ExemptionFilterForm,
    ExemptionForm,
    ResultFilterForm,
)
from .models import Commendation, GoodPracticeCase

EXEMPTION_VIEW, EXEMPTION_ADD = "inspections.view_supervisionexemption", "inspections.add_supervisionexemption"
EXEMPTION_CHANGE = "inspections.change_supervisionexemption"


def _require(user, perm):
    if not user_has_perm(user, perm):
        raise PermissionDenied


def _save(request, form, service, ok_message, *, denied_field=None):
    """On a valid POST, ``service(actor=request.user, **form.cleaned_data)``: the object it returns
    (with ``ok_message``), or None with the service's errors on the form — a PermissionDenied on
    ``denied_field`` when given (the picked office or unit is out of scope), a 403 otherwise."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        obj = service(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_service_errors(exc)
    except PermissionDenied as exc:
        if denied_field is None:
            raise
        form.add_error(denied_field, str(exc))
    else:
        messages.success(request, ok_message)
        return obj
    return None


def _form_page(request, form, title, cancel_url):
    return render(request, "generic/form.html", {"title": title, "form": form, "cancel_url": cancel_url})


def _kinds_label(kinds) -> str:
    if not kinds:
        return _("全部类型（经常性督导除外）")
    return "、".join(str(TaskKind(k).label) for k in kinds if k in TaskKind.values)


def _from_result(request) -> dict:
    """Initial values from ``?target=<green result>`` (the green results page links here)."""
    pk = request.GET.get("target", "")
    target = selectors.green_results(request.user).filter(pk=pk).first() if pk.isdigit() else None
    if target is None:
        return {}
    return {"basis_target": target.pk, "unit": target.unit_id, "subject_kind": "unit", "basis_kind": "green_result"}


# ---- commendations ---------------------------------------------------------------------------------
class CommendationListView(ObjectListView):
    model = Commendation
    title = gettext_lazy("表彰表扬")
    filter_form = CommendationFilterForm
    export_name = "表彰表扬"
    add_url_name = "incentives:commendation_create"
    columns = [
        (gettext_lazy("表彰事项"), "title"),
        (gettext_lazy("对象"), "subject_name"),
        (gettext_lazy("类别"), "get_level_display"),
        (gettext_lazy("表彰依据"), "get_basis_kind_display"),
        (gettext_lazy("表彰机构"), "office.name"),
        (gettext_lazy("表彰日期"), "issued_on"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "inspector", "office")

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD_COMMENDATION)


@ui_action(api="dudao_incentives_api_create_commendation")
@login_required
def commendation_create(request):
    _require(request.user, services.ADD_COMMENDATION)
    form = CommendationForm(request.POST or None, user=request.user,
                            initial={"issued_on": timezone.localdate(), **_from_result(request)})
    obj = _save(request, form, services.commendation_create, _("已登记表彰"), denied_field="office")
    if obj is not None:
        return redirect(obj)
    return _form_page(request, form, _("登记表彰表扬"), reverse("incentives:commendation_list"))


@login_required
def commendation_detail(request, pk):
    obj = get_for_user_or_404(
        Commendation.objects.select_related("unit", "inspector", "office", "basis_target__task", "basis_item",
                                            "document"), request.user, "view", pk=pk)
    return render(request, "incentives/commendation_detail.html", {
        "title": obj.title, "obj": obj,
        "exemptions": SupervisionExemption.objects.for_user(request.user, "view").filter(
            incentive__commendation=obj).select_related("unit"),
    })


# ---- good-practice cases ----------------------------------------------------------------------------
class CaseListView(ObjectListView):
    model = GoodPracticeCase
    title = gettext_lazy("典型经验")
    filter_form = CaseFilterForm
    export_name = "典型经验"
    add_url_name = "incentives:case_create"
    columns = [
        (gettext_lazy("案例标题"), "title"),
        (gettext_lazy("单位"), "unit.name"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("公开到门户网站"), lambda c: _("是") if c.publishable else _("否")),
        (gettext_lazy("发布时间"), lambda c: timezone.localtime(c.published_at).strftime("%Y-%m-%d")
         if c.published_at else ""),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD_CASE)


@ui_action(api="dudao_incentives_api_create_case")
@login_required
def case_create(request):
    _require(request.user, services.ADD_CASE)
    form = CaseForm(request.POST or None, user=request.user, initial={"source_target": request.GET.get("target")})
    case = _save(request, form, services.case_create, _("已创建典型经验草稿"), denied_field="source_target")
    if case is not None:
        return redirect(case)
    return _form_page(request, form, _("编写典型经验"), reverse("incentives:case_list"))


def _case(request, pk, action="view"):
    return get_for_user_or_404(GoodPracticeCase.objects.select_related("unit", "source_target__task",
                                                                       "source_target__unit"),
                               request.user, action, pk=pk)


@login_required
def case_detail(request, pk):
    case = _case(request, pk)
    events = [(e, e.action_label) for e in case.events.select_related("actor")]
    return render(request, "incentives/case_detail.html", {
        "title": case.title, "case": case, "events": events,
        "transitions": workflows.available(request.user, case),
        "can_edit": case.status == "draft" and workflows.may(request.user, case, "change"),
    })


@ui_action(api="dudao_incentives_api_update_case")
@login_required
def case_edit(request, pk):
    case = _case(request, pk, "change")
    form = CaseEditForm(request.POST or None, user=request.user, initial={
        "title": case.title, "summary": case.summary, "content": case.content, "publishable": case.publishable})
    if _save(request, form, partial(services.case_update, case=case), _("已保存")) is not None:
        return redirect(case)
    return _form_page(request, form, _("修改典型经验"), case.get_absolute_url())


@ui_action(api="dudao_incentives_api_run_case_transition")
@login_required
@require_POST
def case_transition(request, pk, name):
    case = _case(request, pk)
    if name not in workflows.SERVICES:
        raise Http404
    try:
        workflows.SERVICES[name](actor=request.user, case=case, note=request.POST.get("note", ""))
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.success(request, _("已%(t)s") % {"t": workflows.TRANSITIONS[name].label})
    return redirect(case)


# ---- exemptions from supervision ---------------------------------------------------------------------
class ExemptionListView(ObjectListView):
    model = SupervisionExemption
    title = gettext_lazy("免除督导")
    filter_form = ExemptionFilterForm
    export_name = "免除督导"
    add_url_name = "incentives:exemption_create"
    template_name = "incentives/exemption_list.html"
    columns = [
        (gettext_lazy("单位"), "unit.name"),
        (gettext_lazy("免除的督导类型"), lambda e: _kinds_label(e.task_kinds)),
        (gettext_lazy("起始日期"), "valid_from"),
        (gettext_lazy("截止日期"), "valid_to"),
        (gettext_lazy("状态"), lambda e: str(ExemptionState(selectors.exemption_state(e)).label)),
        (gettext_lazy("理由"), "reason"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, EXEMPTION_ADD)


@ui_action(api="dudao_incentives_api_create_exemption")
@login_required
def exemption_create(request):
    _require(request.user, EXEMPTION_ADD)
    today = timezone.localdate()
    initial = {"valid_from": today, **_from_result(request)}
    initial.pop("basis_kind", None)
    initial.pop("subject_kind", None)
    form = ExemptionForm(request.POST or None, user=request.user, initial=initial)
    exemption = _save(request, form, services.exemption_grant, _("已免除督导"), denied_field="unit")
    if exemption is not None:
        return redirect("incentives:exemption_detail", exemption.pk)
    return render(request, "incentives/exemption_form.html", {
        "title": _("免除督导"), "form": form, "cancel_url": reverse("incentives:exemption_list")})


def _exemption(request, pk, action="view"):
    return get_for_user_or_404(SupervisionExemption.objects.select_related(
        "unit", "incentive__commendation", "incentive__basis_target__task", "incentive__granted_by",
        "incentive__ended_by"), request.user, action, pk=pk)


@login_required
def exemption_detail(request, pk, end_form=None):
    exemption = _exemption(request, pk)
    state = selectors.exemption_state(exemption)
    can_end = state != "expired" and SupervisionExemption.objects.for_user(request.user, "change").filter(
        pk=exemption.pk).exists()
    return render(request, "incentives/exemption_detail.html", {
        "title": _("免除督导：%(u)s") % {"u": exemption.unit.name}, "exemption": exemption, "record": selectors.exemption_record(exemption),
        "state": ExemptionState(state).label, "kinds": _kinds_label(exemption.task_kinds),
        "end_form": (end_form or ExemptionEndForm()) if can_end else None,
    })


@ui_action(api="dudao_incentives_api_end_exemption")
@login_required
@require_POST
def exemption_end(request, pk):
    exemption = _exemption(request, pk)
    form = ExemptionEndForm(request.POST)
    if _save(request, form, partial(services.exemption_end, exemption=exemption), _("已提前结束免除督导")) is not None:
        return redirect("incentives:exemption_detail", exemption.pk)
    return exemption_detail(request, pk, end_form=form)


# ---- green results -------------------------------------------------------------------------------
@login_required
def green_results(request):
    """Green results of reported tasks: the source of good-practice cases, commendations, exemptions."""
    _require(request.user, "inspections.view_supervisiontask")
    form = ResultFilterForm(request.GET or None, user=request.user)
    colour = (form.cleaned_data.get("colour") if form.is_bound and form.is_valid() else "") or Colour.GREEN
    page = Paginator(form.results(request.user), 50).get_page(request.GET.get("page"))
    for target in page.object_list:
        target.result_on = selectors.result_date(target)
    green = colour == Colour.GREEN
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "incentives/green_results.html", {
        "title": _("绿色督导结果") if green else _("督导结果：%(c)s") % {"c": Colour(colour).label},
        "page_obj": page, "targets": page.object_list, "form": form, "green": green,
        "querystring": query.urlencode(),
        "can_case": green and user_has_perm(request.user, services.ADD_CASE),
        "can_commend": green and user_has_perm(request.user, services.ADD_COMMENDATION),
        "can_exempt": green and user_has_perm(request.user, EXEMPTION_ADD),
    })
