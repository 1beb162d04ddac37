"""Accountability pages (E7–E9, 问责办法; 条例 Art. 26): 问责 cases (list with filters and Excel
export, the case with its facts, history and one form per action the user may take, opening a
case), 约谈 and 通报 records, and the catalogue of triggering situations. Every row comes through
``for_user``; ``services`` and ``workflows`` hold the rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_assignments, user_has_perm
from dudao.common.views import ObjectListView
from dudao.inspectors.models import Inspector
from dudao.ledger.choices import Measure, SubjectKind
from dudao.ledger.models import LedgerItem
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services as accountability
from .forms import (
    CaseFilterForm,
    CaseForm,
    CircularFilterForm,
    CircularForm,
    InterviewForm,
    RecordFilterForm,
    SituationForm,
    UnitChoiceForm,
    case_action_form,
)
from .models import AccountabilityCase, Circular, Interview

ADD_CASE = "accountability.add_accountabilitycase"


def _window_text(case):
    deadline = accountability.investigation_deadline(case)
    state = accountability.window_state(case, timezone.localdate())
    if state == "passed":
        return _("%(d)s（已超期）") % {"d": deadline}
    if state == "closing":
        return _("%(d)s（即将到期）") % {"d": deadline}
    return str(deadline)


class CaseListView(ObjectListView):
    """问责案件: filters by text, status, subject kind, region and the investigation window."""

    model = AccountabilityCase
    title = gettext_lazy("问责案件")
    filter_form = CaseFilterForm
    export_name = "问责案件"
    add_url_name = "accountability:case_create"
    columns = [
        (gettext_lazy("案由"), "title"),
        (gettext_lazy("被问责单位"), "unit.name"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("问责对象类别"), "get_subject_kind_display"),
        (gettext_lazy("被问责人"), "person_name"),
        (gettext_lazy("督导工作结束日期"), "supervision_end"),
        (gettext_lazy("调查认定时限"), _window_text),
        (gettext_lazy("从重处理"), lambda c: _("是") if c.aggravated else ""),
        (gettext_lazy("决定日期"), "decided_on"),
        (gettext_lazy("移交接收机关"), "referred_to"),
        (gettext_lazy("立案时间"), lambda c: timezone.localtime(c.created_at).date()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, ADD_CASE)


def _unit_and_initial(request, *, with_case=False):
    """The unit a new case or record is about — from the form (``unit``), or preselected through
    ``?item=`` (a ledger problem), ``?inspector=`` (条例 Art. 26) or ``?case=`` — and the form's
    initial values. Each reference is looked up in the user's scope (404 otherwise)."""
    user, src = request.user, (request.POST if request.method == "POST" else request.GET)
    if src.get("unit"):
        return get_for_user_or_404(Unit.objects.select_related("region"), user, "view", pk=src["unit"]), {}
    if request.GET.get("item"):
        item = get_for_user_or_404(LedgerItem.objects.select_related("unit__region"), user, "view",
                                   pk=request.GET["item"])
        initial = {"ledger_items": [item.pk], "subject_kind": accountability.subject_for(item.unit)}
        if item.task_id:
            initial["task"] = item.task_id
        return item.unit, initial
    if request.GET.get("inspector"):
        inspector = get_for_user_or_404(Inspector.objects.select_related("office__region"), user, "view",
                                        pk=request.GET["inspector"])
        return inspector.office, {"subject_kind": SubjectKind.INSPECTOR, "inspector": inspector.pk}
    if with_case and request.GET.get("case"):
        case = get_for_user_or_404(AccountabilityCase.objects.select_related("unit__region"), user, "view",
                                   pk=request.GET["case"])
        return case.unit, {"case": case.pk, "ledger_items": list(case.ledger_items.values_list("pk", flat=True))}
    return None, {}


def _create_page(request, *, perm, form_class, service, title, template, ok_message, with_case=False):
    """A new case or record: choose the unit first unless given, then the form; service errors
    land on the form's fields and the entered data stays."""
    if not user_has_perm(request.user, perm):
        raise PermissionDenied
    unit, initial = _unit_and_initial(request, with_case=with_case)
    if unit is None:
        return render(request, "ledger/unit_choice.html", {"title": title, "form": UnitChoiceForm(user=request.user)})
    if not initial and request.method == "GET" and form_class is CaseForm:
        initial = {"subject_kind": accountability.subject_for(unit)}
    form = form_class(request.POST if request.method == "POST" else None, user=request.user, unit=unit,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            obj = service(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, ok_message)
            return redirect(obj)
    return render(request, template, {"title": title, "form": form, "unit": unit})


@ui_action(api="dudao_accountability_api_create_case")
@login_required
def case_create(request):
    """立案 (office users): a unit, or an inspector (条例 Art. 26) through ``?inspector=``."""
    return _create_page(request, perm=ADD_CASE, form_class=CaseForm, service=accountability.case_open,
                        title=_("发起问责"), template="accountability/case_form.html", ok_message=_("已立案"))


@ui_action(api="dudao_accountability_api_run_case_action")
@login_required
def case_detail(request, pk):
    """The case: subject, situations, measures, linked problems and task, the investigation window,
    从重, 移交, its history, and one form per action the user may take now."""
    user = request.user
    case = get_for_user_or_404(
        AccountabilityCase.objects.select_related("unit", "inspector", "task", "approved_by__committee"),
        user, "view", pk=pk)
    available = accountability.case_available(user, case)
    forms = {name: case_action_form(name, user, case) for name in available}
    if request.method == "POST":
        name = request.POST.get("form")
        if name not in accountability.CASE_ACTIONS:
            raise Http404
        form = case_action_form(name, user, case, request.POST)
        forms = {name: form, **{n: f for n, f in forms.items() if n != name}}
        if form.is_valid() or name not in available:
            data = getattr(form, "cleaned_data", {})
            try:
                accountability.case_service(name)(actor=user, case=case, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已办理：%(t)s") % {"t": accountability.CASE_ACTIONS[name]})
                return redirect(case)
    today = timezone.localdate()
    order = list(accountability.CASE_ACTIONS)
    return render(request, "accountability/case_detail.html", {
        "title": case.title, "case": case,
        "situations": case.situations.all(),
        "items": case.ledger_items.for_user(user, "view").select_related("unit"),
        "interviews": case.interviews.for_user(user, "view"),
        "circulars": case.circulars.for_user(user, "view"),
        "measures": [str(dict(Measure.choices).get(m, m)) for m in case.measures],
        "deadline": accountability.investigation_deadline(case),
        "window": accountability.window_state(case, today),
        "days_left": (accountability.investigation_deadline(case) - today).days,
        "events": case.events.select_related("actor"),
        "aggravations": case.aggravations.select_related("recorded_by"),
        "action_forms": [(n, accountability.CASE_ACTIONS[n], forms[n]) for n in sorted(forms, key=order.index)],
        "can_add_records": region_in_scope(user, "accountability.add_interview", case.unit.region),
    })


# ---- 约谈 and 通报 --------------------------------------------------------------------------------
class InterviewListView(ObjectListView):
    model = Interview
    title = gettext_lazy("约谈记录")
    filter_form = RecordFilterForm
    export_name = "约谈记录"
    add_url_name = "accountability:interview_create"
    columns = [
        (gettext_lazy("约谈日期"), "held_on"),
        (gettext_lazy("被约谈单位"), "unit.name"),
        (gettext_lazy("被约谈单位负责人"), "leaders_present"),
        (gettext_lazy("约谈人"), "participants"),
        (gettext_lazy("约谈内容"), "content"),
        (gettext_lazy("整改承诺"), "commitments"),
        (gettext_lazy("报送备案"), lambda r: "、".join(r.filed_with)),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, "accountability.add_interview")


class CircularListView(ObjectListView):
    model = Circular
    title = gettext_lazy("督导通报")
    filter_form = CircularFilterForm
    export_name = "督导通报"
    add_url_name = "accountability:circular_create"
    columns = [
        (gettext_lazy("通报日期"), "issued_on"),
        (gettext_lazy("被通报单位"), "unit.name"),
        (gettext_lazy("通报内容"), "content"),
        (gettext_lazy("对领导班子评优评先、提拔任用的建议"), "recommendation"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, "accountability.add_circular")


@ui_action(api="dudao_accountability_api_create_interview")
@login_required
def interview_create(request):
    return _create_page(request, perm="accountability.add_interview", form_class=InterviewForm,
                        service=accountability.interview_create, title=_("登记约谈"),
                        template="ledger/record_form.html", ok_message=_("已登记约谈"), with_case=True)


@ui_action(api="dudao_accountability_api_create_circular")
@login_required
def circular_create(request):
    return _create_page(request, perm="accountability.add_circular", form_class=CircularForm,
                        service=accountability.circular_create, title=_("登记督导通报"),
                        template="ledger/record_form.html", ok_message=_("已登记督导通报"), with_case=True)


def _record_detail(request, model, pk, template, title):
    rec = get_for_user_or_404(model.objects.select_related("unit", "case", "created_by"), request.user, "view", pk=pk)
    return render(request, template, {
        "title": title, "rec": rec,
        "items": rec.ledger_items.for_user(request.user, "view").select_related("unit"),
        "case_visible": rec.case_id and AccountabilityCase.objects.for_user(request.user, "view")
        .filter(pk=rec.case_id).exists(),
    })


@login_required
def interview_detail(request, pk):
    return _record_detail(request, Interview, pk, "accountability/interview_detail.html", _("约谈记录"))


@login_required
def circular_detail(request, pk):
    return _record_detail(request, Circular, pk, "accountability/circular_detail.html", _("督导通报"))


# ---- the catalogue --------------------------------------------------------------------------
def _home_province(user, provinces):
    for a in user_assignments(user):
        region = a.region or (a.unit.region if a.unit_id else None)
        if region is not None:
            return provinces.filter(code=region.path.strip("/").split("/")[0]).first()
    if getattr(user, "unit_id", None):
        return provinces.filter(code=user.unit.region_path.strip("/").split("/")[0]).first()
    return None


@ui_action(api="dudao_accountability_api_add_situation")
@login_required
def situation_list(request):
    """问责情形: the national list and the chosen province's additions; the province's office adds
    to it. The catalogue is normative data, readable by everyone who may read cases."""
    user = request.user
    if not user_has_perm(user, "accountability.view_triggersituation"):
        raise PermissionDenied
    provinces = Region.objects.filter(parent__isnull=True).order_by("code")
    code = request.POST.get("province") or request.GET.get("province")
    province = provinces.filter(code=code).first() if code else _home_province(user, provinces)
    can_add = province is not None and region_in_scope(user, "accountability.add_triggersituation", province)
    form = SituationForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                accountability.situation_add(actor=user, province=province, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已增补问责情形"))
                return redirect(f"{request.path}?province={province.code}")
    rows = accountability.situations_for(province).select_related("region")
    return render(request, "accountability/situation_list.html", {
        "title": _("问责情形"), "rows": rows, "provinces": provinces, "province": province, "form": form,
    })
