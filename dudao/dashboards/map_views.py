"""Pages and JSON of the region map (issue 13 item 2): /dashboards/map/ (its own page),
/dashboards/map/data/ (what the map draws, for the in-place drill-down; the API twin is
``GET /api/v1/dashboards/map``) and /dashboards/map/boundaries/<code>.json (the shipped boundaries,
served by the app itself). All GET: nothing here writes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import map as region_map
from .measures import MEASURES

DEFAULT_MEASURE = "ledger.overdue"


def map_context(request, *, region_code: str | None = None, measure: str | None = None) -> dict:
    """The partial's context (``dashboards/_map.html``): the map's data for ``request.user``. Reads
    ``?region=``, ``?measure=``, ``?year=``/``semester``/``month`` unless given. A region or
    measure the user may not have is a 404; a user who sees no region, 403."""
    get = request.GET
    key = measure or get.get("measure") or DEFAULT_MEASURE
    if key not in MEASURES:
        raise Http404
    try:
        period = region_map.parse_period(get.get("year"), get.get("semester"), get.get("month"))
    except ValueError as exc:
        raise Http404 from exc
    region = region_map.map_region(request.user, region_code or get.get("region") or None)
    data = region_map.map_data(request.user, region, key, period)
    data["self_url"] = region_map.map_url(region, key, period)
    years = list(range(period.year + 1, period.year - 5, -1))
    return {"map": data, "map_years": years}


@login_required
def map_page(request):
    """区域地图: the user's region's children coloured by a measure; click to drill down."""
    ctx = map_context(request)
    ctx["title"] = _("区域地图")
    ctx["map_push_state"] = True
    return render(request, "dashboards/map.html", ctx)


@login_required
def map_data(request):
    """The map's data as JSON (the page's drill-down and measure switch fetch it)."""
    ctx = map_context(request)
    return JsonResponse(ctx["map"], json_dumps_params={"ensure_ascii": False})


@login_required
def map_boundary(request, code: str):
    """The boundaries of ``code``'s children, from ``dashboards/data/`` — only for a region the user
    may see (the same 404 as any object otherwise)."""
    if not region_map.map_regions(request.user).filter(code=code).exists():
        raise Http404
    body = region_map.boundary_bytes(code)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "private, max-age=86400"
    return response
