"""Complaint intake pages (E11): the triage block of the complaint page (accept into the ledger,
dismiss with a reason) and the office's form for hotline/media/upper-level entries. The complaint
page itself is ``inspectors.views_postings.complaint_detail``; it renders ``triage_context``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm

from . import intake
from .intake_forms import AcceptForm, DismissForm, RegisterForm

TRIAGE = "ledger.add_complainttriage"


def may_triage(user) -> bool:
    return user_has_perm(user, TRIAGE) and user_has_perm(user, "inspectors.change_complaint")


def triage_context(request, complaint, accept_form=None, dismiss_form=None) -> dict:
    """The triage block of the complaint page: the decision once made (with the ledger item), or
    the accept and dismiss forms for an office user while the complaint is new."""
    state = intake.triage_state(complaint)
    can = state["can_triage"] and may_triage(request.user)
    return {
        "triage": state["triage"], "can_triage": can,
        "accept_form": accept_form or (AcceptForm(user=request.user, complaint=complaint) if can else None),
        "dismiss_form": dismiss_form or (DismissForm() if can else None),
    }


def _complaint(request, pk):
    from dudao.inspectors.models import Complaint

    return get_for_user_or_404(Complaint.objects.select_related("school", "inspector"), request.user, "view", pk=pk)


def _page(request, complaint, **forms):
    """The complaint page again with the bound form; errors that are not about a field (the
    complaint was decided meanwhile) also go to the messages, as the forms are then gone."""
    from dudao.inspectors.views_postings import complaint_page

    if not intake.triage_state(complaint)["can_triage"]:
        for form in forms.values():
            for error in form.non_field_errors():
                messages.error(request, error)
    return complaint_page(request, complaint, status=400, **forms)


@ui_action(api="dudao_ledger_intake_api_accept")
@login_required
@require_POST
def complaint_accept(request, pk):
    complaint = _complaint(request, pk)
    form = AcceptForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            triage = intake.complaint_accept(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已受理，纳入问题台账"))
            return redirect(triage.ledger_item)
    return _page(request, complaint, accept_form=form)


@ui_action(api="dudao_ledger_intake_api_dismiss")
@login_required
@require_POST
def complaint_dismiss(request, pk):
    complaint = _complaint(request, pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            intake.complaint_dismiss(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已不予受理，反映人可凭查询码查看理由"))
            return redirect(complaint)
    return _page(request, complaint, dismiss_form=form)


@ui_action(api="dudao_ledger_intake_api_register")
@login_required
def complaint_register(request):
    """登记 a 12345 hotline, media or upper-level entry; afterwards the complaint page shows the
    lookup code to give to the complainant."""
    if not user_has_perm(request.user, "inspectors.add_complaint"):
        raise PermissionDenied
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = intake.complaint_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已登记。请告知反映人查询码：%(c)s") % {"c": complaint.lookup_code})
            return redirect(complaint)
    return render(request, "generic/form.html", {"form": form, "title": _("登记热线、媒体或上级反馈"),
                                                 "cancel_url": reverse("inspectors:complaint_list")})
