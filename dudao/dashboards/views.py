"""数据看板 pages: the dashboard of the user's level (drill-down by ``region``), its Excel export
and its one-page A4 PDF. Every view builds its figures with ``selectors.dashboard_context``."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dudao.common.scoping import regions_in_scope, user_has_perm

from . import exports, selectors


def context_from_request(request) -> dict:
    """The dashboard context for ``request.GET`` (year/semester/month, region or zone, compare); 404
    for a region outside the user's scope or a zone whose county is (``zone`` wins over ``region``)."""
    if not user_has_perm(request.user, selectors.LEDGER_PERM):
        raise PermissionDenied  # the dashboards read the ledger: not the administrators' business
    region = None
    raw = request.GET.get("region")
    if raw:
        if not str(raw).isdigit():
            raise Http404
        region = regions_in_scope(request.user, selectors.LEDGER_PERM).filter(pk=int(raw)).first()
        if region is None:
            raise Http404
    zone = None
    raw = request.GET.get("zone")
    if raw:  # a 督学责任区's dashboard: its county must lie in the user's scope (404 otherwise)
        from dudao.schools.models import Zone

        valid = str(raw).isdigit() and len(str(raw)) <= 12
        zone = Zone.objects.select_related("region").filter(pk=int(raw)).first() if valid else None
        if zone is None:
            raise Http404
    period = selectors.period_from(request.GET)
    try:
        return selectors.dashboard_context(request.user, period, region, zone=zone,
                                           compare=request.GET.get("compare") == "1")
    except selectors.OutOfScope as exc:  # a zone of a county outside the scope (regions: checked above)
        raise Http404 from exc


@login_required
def index(request):
    """数据看板: the figures of the user's region (or school) for a period, as charts and tables;
    each figure links to the rows behind it."""
    ctx = context_from_request(request)
    ctx["title"] = _("数据看板")
    ctx["query"] = request.GET.urlencode()
    ctx["months"] = range(1, 13)
    return render(request, "dashboards/index.html", ctx)


@login_required
def export_xlsx(request):
    """Every table of the dashboard (or ``?table=<key>``) as one sheet of a workbook."""
    ctx = context_from_request(request)
    only = request.GET.get("table")
    if only and only not in ctx["tables"]:
        raise Http404
    return exports.xlsx_response(ctx, only=only)


@login_required
def pdf(request):
    """A one-page A4 PDF of the dashboard (key figures and tables; LibreOffice, as every document)."""
    ctx = context_from_request(request)
    data = exports.pdf_bytes(ctx)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = "inline; filename=dashboard.pdf"
    return response
