"""``{% region_map %}``: the region map as a card on any page (the role homes embed it), for the
request's user, opening on the user's own region. ``{% region_map measure="ledger.overdue" %}``
picks the measure, ``compact=True`` folds the table under the map; ``?region=``/``?measure=`` on the page are not read (the card drills in place).
A user who sees no region gets nothing (the tag renders empty)."""

from django import template
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..map_views import DEFAULT_MEASURE, map_context

register = template.Library()


@register.inclusion_tag("dashboards/_map.html", takes_context=True)
def region_map(context, measure: str = DEFAULT_MEASURE, region: str | None = None, compact: bool = False):
    request = context["request"]
    try:
        ctx = map_context(request, region_code=region, measure=measure)
    except (PermissionDenied, Http404):
        return {"map": None}
    ctx["request"] = request
    ctx["map_compact"] = compact  # a home: the table folded under the map (the map page shows it open)
    return ctx
