"""Ledger views for the office (E11): the overdue list, the summary by unit / region / inspector /
category / source / age (with Excel export), and a unit's supervision dossier across modules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.excel import xlsx_response
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.orgs.models import Unit

from . import dossier, notices, reports
from .choices import OPEN_STATUSES, order_level_label
from .forms import LedgerFilterForm
from .models import LedgerItem
from .views import LedgerListView


class OverdueListView(LedgerListView):
    """逾期问题: items the unit still owes past their deadline, the longest overdue first, with the
    highest 督办 level reached."""

    title = gettext_lazy("逾期问题")
    export_name = "逾期问题"
    columns = [
        (gettext_lazy("问题描述"), "description"),
        (gettext_lazy("整改单位"), "unit.name"),
        (gettext_lazy("逾期天数"), lambda i: (timezone.localdate() - i.deadline).days),
        (gettext_lazy("整改期限"), "deadline"),
        (gettext_lazy("督办级别"), lambda i: order_level_label(i.order_level)),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("问题类别"), "category_label"),
        (gettext_lazy("问题来源"), "get_source_display"),
    ]

    def get_queryset(self):
        return (super().get_queryset().filter(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
                .annotate(order_level=Max("orders__level")).order_by("deadline", "id"))


def _summary_context(request):
    user = request.user
    by = request.GET.get("by") or "unit"
    if by not in reports.GROUPINGS:
        raise Http404
    form = LedgerFilterForm(request.GET or None, user=user)
    qs = LedgerItem.objects.for_user(user, "view")
    region = None
    if form.is_bound and form.is_valid():
        qs = form.filter(qs)
        region = form.region_obj()
    today = timezone.localdate()
    rows = reports.summary(qs, by, today=today, user=user, region=region)
    return {"by": by, "form": form, "rows": rows, "totals": reports.totals(qs, today=today), "today": today}


@login_required
def summary(request):
    """问题台账统计: one table (and a chart) of counts per group; every count links to the list."""
    ctx = _summary_context(request)
    headers = [str(label) for _key, label in reports.COUNT_COLUMNS]
    if request.GET.get("export") == "xlsx":
        group_header = str(reports.GROUP_HEADERS[ctx["by"]])
        rows = [[r.label] + [r.counts[k] for k, _l in reports.COUNT_COLUMNS] + [r.closure_rate] for r in ctx["rows"]]
        rows.append([_("合计")] + [ctx["totals"][k] for k, _l in reports.COUNT_COLUMNS] + [None])
        return xlsx_response(filename=_("问题台账统计"), sheet_title=str(_("问题台账统计")),
                             headers=[group_header] + headers + [str(_("销号率（%）"))], rows=rows)
    query = request.GET.copy()
    for key in ("by", "export", "page"):
        query.pop(key, None)
    list_url = reverse("ledger:list")
    table = []
    for row in ctx["rows"][:PAGE_ROWS]:
        link = _row_query(query, row.params)
        cells = [(key, row.counts[key], f"{list_url}?{link}{COUNT_FILTERS.get(key, '')}")
                 for key, _label in reports.COUNT_COLUMNS]
        href = ""
        if ctx["by"] == "unit":
            href = reverse("ledger:unit_dossier", args=[row.key])
        elif ctx["by"] == "region":
            href = f"?by=region&{link}"
        table.append({"label": row.label, "href": href, "cells": cells, "rate": row.closure_rate})
    ctx.update({
        "title": _("问题台账统计"), "groupings": reports.GROUPINGS, "count_columns": reports.COUNT_COLUMNS,
        "group_header": reports.GROUP_HEADERS[ctx["by"]],
        "querystring": query.urlencode(), "filter_form": ctx["form"], "table": table,
        "total_cells": [ctx["totals"][k] for k, _l in reports.COUNT_COLUMNS],
        "hidden_rows": max(0, len(ctx["rows"]) - PAGE_ROWS),
        "chart": {
            "labels": [r.label for r in ctx["rows"]][:CHART_ROWS],
            "series": [{"name": str(label), "data": [r.counts[key] for r in ctx["rows"]][:CHART_ROWS]}
                       for key, label in reports.COUNT_COLUMNS if key in CHART_SERIES],
        },
    })
    return render(request, "ledger/summary.html", ctx)


#: Extra list filters behind a count column (the row's own filter comes from the grouping).
COUNT_FILTERS = {"overdue": "&overdue=on", "closed": "&status=closed", "rebounds": "&rebound=on",
                 "owed": "&stage=owed", "open": "&stage=open", "awaiting_recheck": "&stage=awaiting_recheck"}
CHART_ROWS = 30
#: Rows shown on the page (sorted with the most open problems first); the export has all of them.
PAGE_ROWS = 300
CHART_SERIES = ("owed", "overdue", "awaiting_recheck", "closed")


def _row_query(base, params: dict) -> str:
    q = base.copy()
    for key, value in params.items():
        q[key] = str(value)
    return q.urlencode()


@login_required
def unit_dossier(request, pk):
    """单位督导档案: one unit's history across modules — supervision results, regular visits,
    ledger problems, 督办, 约谈, 通报, 问责 — newest first, as far as the user may see each."""
    unit = get_for_user_or_404(Unit, request.user, "view", pk=pk)
    if not user_has_perm(request.user, "ledger.view_ledgeritem"):  # the dossier is supervision work
        raise Http404
    data = dossier.unit_dossier(unit, request.user, today=timezone.localdate())
    totals = data.pop("ledger_totals")
    cells = [(key, label, totals[key], COUNT_FILTERS.get(key, "")) for key, label in reports.COUNT_COLUMNS]
    return render(request, "ledger/unit_dossier.html", {
        "title": _("%(u)s 督导档案") % {"u": unit.name}, "unit": unit, "ledger_cells": cells, **data})


@ui_action(api="dudao_ledger_report_api_mark_notifications_read")
@login_required
def notifications(request):
    """我的提醒: reminders before deadlines and 督办/escalation messages for the user (E4)."""
    if request.method == "POST":
        n = notices.notifications_mark_read(actor=request.user)
        messages.success(request, _("已将 %(n)s 条提醒标为已读") % {"n": n})
        return redirect("ledger:notifications")
    rows = notices.notifications_for(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/notifications.html", {
        "title": _("我的提醒"), "page_obj": page, "unread": rows.filter(read_at__isnull=True).count()})
