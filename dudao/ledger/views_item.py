"""A ledger item's page and its forms (E4, E11–E13): every rectification transition the user
may take, extension requests and decisions, rebound, three-way routing, a department's action,
and issuing a drafted 督办. Each POST translates the form and calls the one service; a
ValidationError re-renders the page with the user's input and the Chinese error; success
redirects back with a message. Only forms the user may use are shown — checked with the same
``may_*`` functions the services use."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.attachments.selectors import by_purpose
from dudao.attachments.services import may_delete
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404
from dudao.common.views import run_service
from dudao.documents.models import IssuedDocument

from . import item_files, routing, selectors, workflows
from .choices import OPEN_STATUSES, ActionStatus, ExtensionStatus, LedgerStatus, OrderStatus
from .forms_item import (
    TRANSITION_FORMS,
    ActionCompleteForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    OrderIssueForm,
    ReboundForm,
    RecheckNoteForm,
    RouteForm,
)
from .models import DepartmentAction, LedgerItem, SupervisionOrder


def _item(request, pk) -> LedgerItem:
    return get_for_user_or_404(LedgerItem.objects.select_related("unit", "rebound_of"), request.user, "view", pk=pk)


def item_context(request, item: LedgerItem, bound: dict | None = None) -> dict:
    """The item page: its particulars, 督办, extensions, actions, rebounds, history, and the forms
    the user may use. ``bound`` holds a submitted form (by key) to show with its errors."""
    user, bound = request.user, bound or {}
    shown = set()

    def form(key, cls, **kw):
        shown.add(key)
        return bound.get(key) or cls(prefix=key, **kw)

    transitions = [(t, form(t.name, TRANSITION_FORMS[t.name])) for t in workflows.available(user, item)]
    extensions = list(item.extensions.select_related("requested_by", "decided_by"))
    can_decide = workflows.may_decide_extension(user, item)
    ext_rows = [(e, form(f"decide{e.pk}", ExtensionDecisionForm)
                 if can_decide and e.status == ExtensionStatus.PENDING else None) for e in extensions]
    ctx = {
        "title": item.description[:40], "item": item, "events": _events_with_files(item),
        "available": [t for t, _f in transitions], "transitions": transitions, "extensions": ext_rows,
        "rebounds": list(item.rebounds.order_by("pk")),
        "overdue": item.status in OPEN_STATUSES and item.deadline < timezone.localdate(),
    }
    groups = by_purpose(item)
    ctx["file_groups"] = [(label, [(a, may_delete(user, a, item)) for a in groups[p]])
                          for p, label in item_files.PURPOSES.items() if groups.get(p)]
    if workflows.may_recheck_note(user, item):
        ctx["recheck_note_form"] = form("recheck_note", RecheckNoteForm)
    if workflows.may_request_extension(user, item) and not any(e.status == ExtensionStatus.PENDING
                                                                for e in extensions):
        ctx["extension_form"] = form("extension", ExtensionRequestForm)
    if workflows.may_rebound(user, item) and not any(r.status != LedgerStatus.CLOSED for r in ctx["rebounds"]):
        ctx["rebound_form"] = form("rebound", ReboundForm)
    if routing.may_route(user, item):
        ctx["route_form"] = form("route", RouteForm, user=user, item=item)
    completable = set(DepartmentAction.objects.for_user(user, "change").filter(item=item, status=ActionStatus.OPEN)
                      .values_list("pk", flat=True))
    ctx["actions"] = [(a, form(f"action{a.pk}", ActionCompleteForm) if a.pk in completable else None)
                      for a in item.actions.select_related("department", "done_by")]
    orders = list(item.orders.select_related("office__region", "document"))
    readable = set(IssuedDocument.objects.for_user(user, "view").filter(
        pk__in=[o.document_id for o in orders if o.document_id]).values_list("pk", flat=True))
    ctx["orders"] = [(o, o.document_id in readable,
                      form(f"order{o.pk}", OrderIssueForm) if o.status == OrderStatus.DRAFT
                      and item.status in OPEN_STATUSES and workflows.may_issue_order(user, o) else None)
                     for o in orders]
    ctx["orphan_errors"] = [e for key, f in bound.items() if key not in shown for e in _messages(f)]
    return ctx


def _events_with_files(item) -> list:
    """The history, each line with the files its step added (``e.files``)."""
    events = list(selectors.item_history(item))
    wanted = {i for e in events for ids in ((e.data or {}).get("attachments") or {}).values() for i in ids}
    found = {a.pk: a for a in item_files.for_owner(item).filter(pk__in=wanted)} if wanted else {}
    for e in events:
        ids = [i for ids in ((e.data or {}).get("attachments") or {}).values() for i in ids]
        e.files = [found[i] for i in ids if i in found]
    return events


def _messages(form) -> list[str]:
    return [e for errors in form.errors.values() for e in errors]


def render_item(request, item, bound=None):
    return render(request, "ledger/item_detail.html", item_context(request, item, bound))


def _require(allowed: bool):
    """The user's right to use a form (the permission half of the service's own check): without
    it the POST is 403 whatever the input; the state and the input are the service's to judge."""
    if not allowed:
        raise PermissionDenied


def _submit(request, page_item, key, form, service, ok_message, **kwargs):
    """Validate ``form``, call ``service(**kwargs, **form.service_data())``; redirect to the item's
    page on success, else show the page again with the form's input and errors."""
    if form.is_valid() and run_service(request, service, ok_message, form=form, **kwargs, **form.service_data()):
        return redirect(page_item)
    return render_item(request, page_item, {key: form})


@ui_action(api="dudao_ledger_api_run_transition")
@login_required
@require_POST
def item_transition(request, pk, name):
    if name not in workflows.TRANSITIONS or name not in TRANSITION_FORMS:  # ``issue`` runs with the task
        raise Http404
    item = _item(request, pk)
    t = workflows.TRANSITIONS[name]
    _require(workflows.may(request.user, item, t.permission))
    return _submit(request, item, name, TRANSITION_FORMS[name](request.POST, request.FILES, prefix=name),
                   item_files.item_step, _("已办理：%(t)s") % {"t": t.label}, item=item, name=name)


@ui_action(api="dudao_ledger_api_recheck_note")
@login_required
@require_POST
def item_recheck_note(request, pk):
    """复查记录: the re-checker's notes and photos while the item is being re-checked."""
    item = _item(request, pk)
    _require(workflows.may(request.user, item, workflows.RECHECK))
    return _submit(request, item, "recheck_note", RecheckNoteForm(request.POST, request.FILES, prefix="recheck_note"),
                   item_files.item_step, _("已记录复查情况"), item=item, name=item_files.RECHECK_NOTE)


@ui_action(api="dudao_ledger_api_items_request_extension")
@login_required
@require_POST
def extension_request(request, pk):
    item = _item(request, pk)
    _require(workflows.may(request.user, item, workflows.RESPOND))
    return _submit(request, item, "extension", ExtensionRequestForm(request.POST, prefix="extension"),
                   workflows.extension_request, _("已提交延期申请，待督导室审批"), item=item)


@ui_action(api={"approve": "dudao_ledger_api_items_approve_extension", "refuse": "dudao_ledger_api_items_refuse_extension"})
@login_required
@require_POST
def extension_decide(request, pk, decision):
    if decision not in ("approve", "refuse"):
        raise Http404
    ext = selectors.extension_for_user_or_404(request.user, pk)
    _require(workflows.may_decide_extension(request.user, ext.item))
    key = f"decide{ext.pk}"
    service, ok = ((workflows.extension_approve, _("已同意延期")) if decision == "approve"
                   else (workflows.extension_refuse, _("已不同意延期")))
    return _submit(request, _item(request, ext.item_id), key, ExtensionDecisionForm(request.POST, prefix=key),
                   service, ok, extension=ext)


@ui_action(api="dudao_ledger_api_items_rebound")
@login_required
@require_POST
def item_rebound(request, pk):
    item = _item(request, pk)
    _require(workflows.may(request.user, item, workflows.RECHECK))
    return _submit(request, item, "rebound", ReboundForm(request.POST, prefix="rebound"), workflows.item_rebound,
                   _("已登记问题反弹，新问题已下达整改"), item=item)


@ui_action(api="dudao_ledger_api_items_route")
@login_required
@require_POST
def item_route(request, pk):
    item = _item(request, pk)
    _require(workflows.may(request.user, item, workflows.CHANGE))
    form = RouteForm(request.POST, prefix="route", user=request.user, item=item)
    return _submit(request, item, "route", form, routing.item_route, _("已保存三事分流"), item=item)


def _action_list_context(request, bound=None):
    user, bound = request.user, bound or {}
    status = request.GET.get("status", ActionStatus.OPEN)
    qs = DepartmentAction.objects.for_user(user, "view").select_related("item__unit", "department", "done_by")
    if status in ActionStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("deadline", "pk"), 50).get_page(request.GET.get("page"))
    completable = set(DepartmentAction.objects.for_user(user, "change").filter(
        pk__in=[a.pk for a in page], status=ActionStatus.OPEN).values_list("pk", flat=True))
    visible_items = set(LedgerItem.objects.for_user(user, "view").filter(
        pk__in=[a.item_id for a in page]).values_list("pk", flat=True))
    rows = [(a, a.item_id in visible_items,
             (bound.get(f"action{a.pk}") or ActionCompleteForm(prefix=f"action{a.pk}")) if a.pk in completable
             else None) for a in page]
    return {"title": _("联动办理"), "rows": rows, "page_obj": page, "status": status,
            "statuses": ActionStatus.choices, "querystring": urlencode({"status": status})}


@login_required
def action_list(request):
    """联动办理 (E12, E13): the actions routed to the user's department — or, for an office, to the
    departments on its region's items — with a form to record each as done."""
    return render(request, "ledger/action_list.html", _action_list_context(request))


@ui_action(api="dudao_ledger_api_items_complete_action")
@login_required
@require_POST
def action_complete(request, pk):
    action = get_for_user_or_404(DepartmentAction.objects.select_related("item"), request.user, "view", pk=pk)
    _require(routing.may_complete_action(request.user, action))
    key = f"action{action.pk}"
    form = ActionCompleteForm(request.POST, prefix=key)
    from_item = request.POST.get("return") == "item" and \
        LedgerItem.objects.for_user(request.user, "view").filter(pk=action.item_id).exists()
    if form.is_valid() and run_service(request, routing.action_complete, _("已办结"), form=form, action=action,
                                       **form.service_data()):
        return redirect(action.item if from_item else "ledger:action_list")
    if from_item:
        return render_item(request, _item(request, action.item_id), {key: form})
    return render(request, "ledger/action_list.html", _action_list_context(request, {key: form}))


@ui_action(api="dudao_ledger_api_items_issue_order")
@login_required
@require_POST
def order_issue(request, pk):
    order = get_for_user_or_404(SupervisionOrder.objects.select_related("item", "office__region"), request.user,
                                "view", pk=pk)
    _require(workflows.may_issue_order(request.user, order))
    item = _item(request, order.item_id)
    key = f"order{order.pk}"
    form = OrderIssueForm(request.POST, prefix=key)
    if form.is_valid() and run_service(request, workflows.order_issue, _("已签发督办通知"), form=form, order=order,
                                       **form.service_data()):
        return redirect(item)
    return render_item(request, item, {key: form})
