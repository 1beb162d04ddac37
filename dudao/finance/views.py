"""Finance pages (H1): budgets with their lines' used/remaining and spending (with vouchers), and
part-time inspectors' expense claims (compute, approve/return/resubmit, the finance office's
export). Rows come through ``for_user``; services hold the rules."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.attachments.services import for_owner
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import services, workflows
from .forms import (
    BudgetEditForm,
    BudgetFilterForm,
    BudgetForm,
    ClaimFilterForm,
    ClaimForm,
    ExportForm,
    SpendingForm,
    default_period,
)
from .models import Budget, ExpenseClaim, Spending


def _require(user, perm):
    if not user_has_perm(user, perm):
        raise PermissionDenied


def _save(request, form, service, ok_message, *, kwargs=None, denied_field=None):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        obj = service(actor=request.user, **(kwargs if kwargs is not None else form.cleaned_data))
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


# ---- budgets ---------------------------------------------------------------------------------------
def _totals(budget):
    return services.budget_totals(services.line_figures(budget))


class BudgetListView(ObjectListView):
    model = Budget
    title = gettext_lazy("督导经费预算")
    filter_form = BudgetFilterForm
    export_name = "督导经费预算"
    add_url_name = "finance:budget_create"
    columns = [
        (gettext_lazy("年度"), "year"),
        (gettext_lazy("督导室"), "office.name"),
        (gettext_lazy("预算合计（元）"), lambda b: str(_totals(b)["planned"])),
        (gettext_lazy("已使用（元）"), lambda b: str(_totals(b)["used"])),
        (gettext_lazy("结余（元）"), lambda b: str(_totals(b)["remaining"])),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("office")

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD_BUDGET)


@ui_action(api="dudao_finance_api_create_budget")
@login_required
def budget_create(request):
    _require(request.user, services.ADD_BUDGET)
    form = BudgetForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    obj = _save(request, form, services.budget_create, _("已编制预算"),
                kwargs=form.service_kwargs() if request.method == "POST" and form.is_valid() else None,
                denied_field="office")
    if obj is not None:
        return redirect(obj)
    return _form_page(request, form, _("编制督导经费预算"), reverse("finance:budget_list"))


def _budget(request, pk, action="view"):
    return get_for_user_or_404(Budget.objects.select_related("office"), request.user, action, pk=pk)


@login_required
def budget_detail(request, pk, spending_form=None):
    budget = _budget(request, pk)
    figures = services.line_figures(budget)
    can_change = Budget.objects.for_user(request.user, "change").filter(pk=budget.pk).exists()
    spendings = list(Spending.objects.filter(line__budget=budget).select_related("line", "claim").order_by("-spent_on", "-id"))
    for s in spendings:
        s.files = list(for_owner(s))
    return render(request, "finance/budget_detail.html", {
        "title": str(budget), "budget": budget, "figures": figures, "totals": services.budget_totals(figures),
        "spendings": spendings, "can_change": can_change,
        "spending_form": (spending_form or SpendingForm(initial={"spent_on": timezone.localdate()}))
        if can_change else None,
    })


@ui_action(api="dudao_finance_api_update_budget")
@login_required
def budget_edit(request, pk):
    budget = _budget(request, pk, "change")
    initial = {"note": budget.note, **{f"planned_{line.kind}": line.planned for line in budget.lines.all()}}
    form = BudgetEditForm(request.POST or None, user=request.user, initial=initial)
    ok = _save(request, form, partial(services.budget_update, budget=budget), _("已保存"),
               kwargs=form.service_kwargs() if request.method == "POST" and form.is_valid() else None)
    if ok is not None:
        return redirect(budget)
    return _form_page(request, form, _("调整预算：%(b)s") % {"b": budget}, budget.get_absolute_url())


@ui_action(api="dudao_finance_api_add_spending")
@login_required
@require_POST
def spending_add(request, pk):
    budget = _budget(request, pk)
    form = SpendingForm(request.POST, request.FILES)
    if _save(request, form, partial(services.spending_add, budget=budget), _("已登记支出")) is not None:
        return redirect(budget)
    return budget_detail(request, pk, spending_form=form)


# ---- expense claims --------------------------------------------------------------------------------
class ClaimListView(ObjectListView):
    model = ExpenseClaim
    title = gettext_lazy("兼职督学经费申报")
    filter_form = ClaimFilterForm
    export_name = "兼职督学经费申报"
    add_url_name = "finance:claim_create"
    template_name = "finance/claim_list.html"
    columns = [
        (gettext_lazy("督学"), "inspector.name"),
        (gettext_lazy("期间起"), "period_from"),
        (gettext_lazy("期间止"), "period_to"),
        (gettext_lazy("经常性督导次数"), "visits"),
        (gettext_lazy("督导任务天数"), "task_days"),
        (gettext_lazy("合计（元）"), lambda c: str(c.total)),
        (gettext_lazy("状态"), "get_status_display"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("inspector")

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD_CLAIM)


@ui_action(api="dudao_finance_api_create_claim")
@login_required
def claim_create(request):
    _require(request.user, services.ADD_CLAIM)
    start, end = default_period(timezone.localdate())
    form = ClaimForm(request.POST or None, user=request.user, initial={"period_from": start, "period_to": end})
    claim = _save(request, form, services.claim_create, _("已按经费标准计算并提交"), denied_field="inspector")
    if claim is not None:
        return redirect(claim)
    return _form_page(request, form, _("兼职督学经费申报"), reverse("finance:claim_list"))


def _claim(request, pk):
    return get_for_user_or_404(ExpenseClaim.objects.select_related("inspector", "office", "approved_by"),
                               request.user, "view", pk=pk)


@login_required
def claim_detail(request, pk):
    claim = _claim(request, pk)
    events = [(e, e.action_label) for e in claim.events.select_related("actor")]
    return render(request, "finance/claim_detail.html", {
        "title": str(claim), "claim": claim, "lines": list(claim.lines.all()), "events": events,
        "transitions": workflows.available(request.user, claim),
        "spending": Spending.objects.filter(claim=claim).select_related("line__budget").first(),
    })


@ui_action(api="dudao_finance_api_run_claim_transition")
@login_required
@require_POST
def claim_transition(request, pk, name):
    claim = _claim(request, pk)
    if name not in workflows.SERVICES:
        raise Http404
    try:
        workflows.SERVICES[name](actor=request.user, claim=claim, note=request.POST.get("note", ""))
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.success(request, _("已%(t)s") % {"t": workflows.TRANSITIONS[name].label})
    return redirect(claim)


@login_required
def claim_export(request):
    """The approved claims for the finance office (Excel), filtered by year or period end."""
    _require(request.user, "finance.view_expenseclaim")
    form = ExportForm(request.GET or None)
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return services.export_claims(services.approved_claims(request.user, year=d.get("year"),
                                                           period_from=d.get("period_from"),
                                                           period_to=d.get("period_to")))
