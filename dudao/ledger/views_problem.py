"""Pages for a task's draft problem (待下达): change it or withdraw it before the opinion letter issues
it. Recording happens on the task's target page and the visit's page (``inspections``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404
from dudao.common.views import flash_errors
from dudao.inspections.forms import ProblemForm

from . import services
from .models import LedgerItem

FIELDS = ("description", "category", "indicator_code", "severity", "found_evidence", "requirement", "deadline",
          "routing", "departments")


def _draft(request, pk) -> LedgerItem:
    item = get_for_user_or_404(LedgerItem.objects.select_related("unit", "task__region", "target__unit__region"), request.user, "view",
                               pk=pk)
    if not services.may_edit_draft(request.user, item):
        raise PermissionDenied
    return item


@ui_action(api="dudao_ledger_api_update_draft_problem")
@login_required
def problem_edit(request, pk):
    item = _draft(request, pk)
    initial = {f: getattr(item, f) for f in FIELDS if f != "departments"}
    initial["departments"] = list(item.departments.all())
    found_at = item.target.unit if item.target_id else item.unit
    if found_at.pk != item.unit_id:
        initial["responsible_unit"] = item.unit_id
    form = ProblemForm(request.POST or None, user=request.user, initial=initial, region=item.unit.region,
                       unit=found_at)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect(item)
    return render(request, "generic/form.html", {"title": _("修改问题（待下达）"), "form": form,
                                                 "cancel_url": item.get_absolute_url()})


@ui_action(api="dudao_ledger_api_delete_draft_problem")
@login_required
@require_POST
def problem_delete(request, pk):
    item = _draft(request, pk)
    back = (reverse("inspections:target_detail", args=[item.target_id]) if item.target_id
            else reverse("inspections:task_detail", args=[item.task_id]) + "?tab=findings")
    try:
        services.problem_delete(actor=request.user, item=item)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(item)
    messages.success(request, _("已删除问题"))
    return redirect(back)
