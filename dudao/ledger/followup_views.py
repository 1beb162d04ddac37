"""回头看 pages (E5): the list of draws with the new-draw form (preview before committing) and a
draw's page listing the sampled problems, each linked to its page (where a rebound is recorded)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm

from .followup import ADD, followup_preview, followup_sample, redraw
from .followup_forms import FollowUpForm
from .models import FollowUpSample, FollowUpSampling, LedgerItem

VIEW = "ledger.view_followupsampling"


def _handle_form(request):
    """Preview (``action=preview``) or commit the posted rule; returns (form, preview, sampling)."""
    form = FollowUpForm(request.POST, user=request.user)
    preview = None
    if not form.is_valid():
        return form, None, None
    try:
        if request.POST.get("action") == "commit":
            d = form.cleaned_data
            sampling = followup_sample(actor=request.user, rule=form.rule(), seed=d["seed"], title=d["title"],
                                       override_reason=d["override_reason"])
            return form, None, sampling
        preview = followup_preview(actor=request.user, rule=form.rule())
    except ValidationError as exc:
        form.add_service_errors(exc)
    except PermissionDenied as exc:
        form.add_error("office", str(exc) or _("无权组织该区域的回头看"))
    return form, preview, None


@ui_action(api="dudao_ledger_followup_api_create_followup")
@login_required
def followup_list(request):
    can_add = user_has_perm(request.user, ADD)
    if not (can_add or user_has_perm(request.user, VIEW)):
        raise PermissionDenied
    form, preview = None, None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        form, preview, sampling = _handle_form(request)
        if sampling is not None:
            messages.success(request, _("已抽取%(n)s个问题，生成回头看任务") % {"n": sampling.samples.count()})
            return redirect(sampling)
        if request.headers.get("HX-Request"):
            return render(request, "ledger/_followup_form.html", {"form": form, "preview": preview})
    elif can_add:
        form = FollowUpForm(user=request.user)
    rows = (FollowUpSampling.objects.for_user(request.user, "view")
            .select_related("office", "task", "created_by").annotate(sampled=Count("samples")).order_by("region_path", "-created_at", "-id"))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/followup_list.html", {
        "title": _("回头看"), "page_obj": page, "samplings": page.object_list, "form": form, "preview": preview,
    })


@login_required
def followup_detail(request, pk):
    sampling = get_for_user_or_404(
        FollowUpSampling.objects.select_related("office", "task", "created_by", "rule_region"), request.user, "view",
        pk=pk)
    visible = LedgerItem.objects.for_user(request.user, "view")
    samples = list(FollowUpSample.objects.filter(sampling=sampling, item__in=visible)
                   .select_related("item__unit").order_by("item__unit__name", "item_id"))
    rebounds: dict[int, list] = {}
    for r in visible.filter(rebound_of__in=[s.item_id for s in samples], created_at__gte=sampling.created_at):
        rebounds.setdefault(r.rebound_of_id, []).append(r)
    for s in samples:
        s.rebounds = rebounds.get(s.item_id, [])
    return render(request, "ledger/followup_detail.html", {
        "title": sampling.task.title, "sampling": sampling, "samples": samples,
        "units": sampling.units.order_by("name"), "include_units": sampling.include_units.order_by("name"),
        "reproducible": redraw(sampling) == sorted(s.item_id for s in sampling.samples.filter(forced=False)),
    })
