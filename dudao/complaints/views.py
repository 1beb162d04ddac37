"""Complaint pages (E11, F9): the office's inbox and the complaint page — the complaint, its
history, its triage (accept into the ledger, dismiss with a reason) and the transitions offered
without the ledger (办结, 重新处理) — and the office's form for hotline/media/upper-level entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import services
from .forms import AcceptForm, DismissForm, RegisterForm, TransitionForm
from .models import Complaint, ComplaintEvent
from .services import TRIAGE
from .workflows import WORKFLOW


class ComplaintListView(ObjectListView):
    model = Complaint
    title = gettext_lazy("举报投诉收件箱")
    export_name = "举报投诉"
    columns = [
        (gettext_lazy("提交时间"), "created_at"),
        (gettext_lazy("学校"), "school.name"),
        (gettext_lazy("类型"), "get_kind_display"),
        (gettext_lazy("涉及督学"), "inspector.name"),
        (gettext_lazy("内容"), lambda c: c.content[:60]),
        (gettext_lazy("来源"), "get_source_display"),
        (gettext_lazy("状态"), "get_status_display"),
    ]
    add_url_name = "complaints:register"

    def can_add(self):
        return user_has_perm(self.request.user, "complaints.add_complaint")

    def get_queryset(self):
        qs = super().get_queryset().select_related("school", "inspector").order_by("-created_at")
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status else qs


def may_triage(user) -> bool:
    return user_has_perm(user, TRIAGE) and user_has_perm(user, "complaints.change_complaint")


def triage_context(request, complaint, accept_form=None, dismiss_form=None) -> dict:
    """The triage block of the complaint page: the decision once made (with the ledger item), or
    the accept and dismiss forms for an office user while the complaint is new."""
    state = services.triage_state(complaint)
    can = state["can_triage"] and may_triage(request.user)
    return {
        "triage": state["triage"], "can_triage": can,
        "accept_form": accept_form or (AcceptForm(user=request.user, complaint=complaint) if can else None),
        "dismiss_form": dismiss_form or (DismissForm() if can else None),
    }


def _complaint(request, pk):
    return get_for_user_or_404(Complaint.objects.select_related("school", "inspector"), request.user, "view", pk=pk)


def complaint_page(request, complaint, *, transition_form=None, status=200, **triage_forms):
    """The complaint page: the complaint, its triage, the transitions offered and its history."""
    transitions = WORKFLOW.available(request.user, complaint)
    if transition_form is None and transitions:
        transition_form = TransitionForm(transitions=transitions)
    events = ComplaintEvent.objects.filter(complaint=complaint).select_related("actor")
    ctx = {"complaint": complaint, "form": transition_form if transitions else None, "transitions": transitions,
           "events": events, "title": _("举报投诉")}
    ctx.update(triage_context(request, complaint, **triage_forms))
    return render(request, "complaints/complaint_detail.html", ctx, status=status)


@ui_action(api="dudao_complaints_api_handle_complaint")
@login_required
def complaint_detail(request, pk):
    complaint = _complaint(request, pk)
    if request.method != "POST":
        return complaint_page(request, complaint)
    transitions = WORKFLOW.available(request.user, complaint)
    if not transitions:
        raise PermissionDenied
    form = TransitionForm(request.POST, transitions=transitions)
    if form.is_valid():
        try:
            WORKFLOW.apply(actor=request.user, obj=complaint, name=form.cleaned_data["transition"],
                           note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("complaints:complaint_list")
    return complaint_page(request, complaint, transition_form=form, status=400)


def _page(request, complaint, **forms):
    """The complaint page again with the bound form; errors that are not about a field (the
    complaint was decided meanwhile) also go to the messages, as the forms are then gone."""
    if not services.triage_state(complaint)["can_triage"]:
        for form in forms.values():
            for error in form.non_field_errors():
                messages.error(request, error)
    return complaint_page(request, complaint, status=400, **forms)


@ui_action(api="dudao_complaints_intake_api_accept")
@login_required
@require_POST
def complaint_accept(request, pk):
    complaint = _complaint(request, pk)
    form = AcceptForm(request.POST, user=request.user, complaint=complaint)
    if form.is_valid():
        try:
            triage = services.complaint_accept(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已受理，纳入问题台账"))
            return redirect(triage.ledger_item)
    return _page(request, complaint, accept_form=form)


@ui_action(api="dudao_complaints_intake_api_dismiss")
@login_required
@require_POST
def complaint_dismiss(request, pk):
    complaint = _complaint(request, pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_dismiss(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已不予受理，反映人可凭查询码查看理由"))
            return redirect(complaint)
    return _page(request, complaint, dismiss_form=form)


@ui_action(api="dudao_complaints_intake_api_register")
@login_required
def complaint_register(request):
    """登记 a 12345 hotline, media or upper-level entry; afterwards the complaint page shows the
    lookup code to give to the complainant."""
    if not user_has_perm(request.user, "complaints.add_complaint"):
        raise PermissionDenied
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已登记。请告知反映人查询码：%(c)s") % {"c": complaint.lookup_code})
            return redirect(complaint)
    return render(request, "generic/form.html", {"form": form, "title": _("登记热线、媒体或上级反馈"),
                                                 "cancel_url": reverse("complaints:complaint_list")})
