"""The region map (issue 13 item 2): the children of a region in the user's scope, coloured by one
measure of the registry (``measures.MEASURES``), with a link to the rows behind every figure, a
drill-down into each child the user may see, and the schools that have coordinates as points.

Boundaries ship with the project (``data/<parent code>.json``, features keyed by the child's
行政区划 code in ``properties.adcode``; see ``data/README.md``) and are served by the app itself.
A region with no boundary file, or whose file lacks one of its children, is drawn as a tile grid
(children as equal tiles in code order). Nothing here is fetched from outside: no map service,
no CDN, no online tiles.

Scope: the region shown must be one ``map_regions(user)`` returns (where the user may read the
ledger, ``MAP_PERMISSION``); its children
are the visible ones; the way up is offered only when the parent is visible too. A district
office therefore sees its townships and never its siblings; the values come from the measure,
which counts through ``for_user`` itself."""

from __future__ import annotations

import datetime
import json
import math
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from dudao.common.scoping import regions_in_scope
from dudao.regions.models import Region
from dudao.regions.selectors import default_region
from dudao.schools.models import SchoolProfile

from .measures import MEASURES, Period

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Points drawn at most (the nearest to the top of the list by region path); the rest are counted.
MAX_SCHOOLS = 2000
#: Where a user may open the map: the regions where they may read the ledger (the registry's first
#: measure) — offices, inspectors and leaders, not the three administrators nor a school's users.
#: When the dashboards get a permission of their own, it goes here.
MAP_PERMISSION = "ledger.view_ledgeritem"


def map_regions(user):
    """The regions ``user`` may open on the map (a queryset of ``Region``)."""
    return regions_in_scope(user, MAP_PERMISSION)


@lru_cache(maxsize=32)
def _boundary(code: str) -> dict | None:
    path = DATA_DIR / f"{code}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def boundary_bytes(code: str) -> bytes | None:
    """The boundary file of ``code``'s children as stored (for the view that serves it)."""
    path = DATA_DIR / f"{code}.json"
    if not code.isdigit() or not path.is_file():
        return None
    return path.read_bytes()


def boundary_codes(code: str) -> set[str]:
    geo = _boundary(code) if code.isdigit() else None
    return {f["properties"]["adcode"] for f in geo["features"]} if geo else set()


def outline(code: str, parent_code: str | None) -> dict | None:
    """The one feature of ``code`` from its parent's boundary file (where the region itself is drawn
    under its schools when its children have no boundaries)."""
    geo = _boundary(parent_code) if parent_code and parent_code.isdigit() else None
    if not geo:
        return None
    for feature in geo["features"]:
        if feature["properties"]["adcode"] == code:
            return {"type": "FeatureCollection", "features": [feature]}
    return None


def parse_period(year=None, semester=None, month=None, *, today: datetime.date | None = None) -> Period:
    """``year`` (default this year), optionally narrowed to a semester (1/2) or a month (1–12);
    anything else is a ``ValueError``."""
    today = today or datetime.date.today()
    year = int(year) if year not in (None, "") else today.year
    semester = int(semester) if semester not in (None, "") else None
    month = int(month) if month not in (None, "") else None
    if not 2000 <= year <= 2100 or semester not in (None, 1, 2) or (month is not None and not 1 <= month <= 12):
        raise ValueError("period")
    return Period(year, semester, month)


def map_region(user, code: str | None = None) -> Region:
    """The region a map shows: ``code`` when the user may see it (else 404, like any object), or
    the user's own region; a user who sees no region at all is refused (403)."""
    visible = map_regions(user)
    if code:
        region = visible.filter(code=code).first()
        if region is None:
            raise Http404
        return region
    region = default_region(user)
    if region is not None and visible.filter(pk=region.pk).exists():
        return region
    region = visible.order_by("path").first()  # the topmost region the user sees
    if region is None:
        raise PermissionDenied
    return region


def map_url(region: Region, measure_key: str, period: Period | None = None) -> str:
    query = {"region": region.code, "measure": measure_key}
    if period is not None:
        query["year"] = period.year
        if period.semester:
            query["semester"] = period.semester
        if period.month:
            query["month"] = period.month
    return f"{reverse('dashboards:map')}?{urlencode(query)}"


def _grid(n: int) -> int:
    """Columns of a tile grid for ``n`` tiles: a little wider than tall."""
    return max(1, math.ceil(math.sqrt(n * 1.6))) if n else 1


def map_data(user, region: Region, measure_key: str, period: Period) -> dict:
    """Everything the map draws, as plain JSON (the page, the partial and the API share it)."""
    measure = MEASURES.get(measure_key)
    if measure is None:
        raise KeyError(measure_key)
    visible = map_regions(user)
    children = list(visible.filter(parent=region, is_active=True).order_by("code"))
    values = measure.values(user, children, period) if children else {}
    has_children = set(visible.filter(parent__in=children, is_active=True).values_list("parent_id", flat=True)
                       .distinct())
    codes = boundary_codes(region.code)
    mode = "geo" if children and all(c.code in codes for c in children) else "grid"
    columns = _grid(len(children))
    rows = []
    for i, child in enumerate(children):
        value = values.get(child.pk, 0) or 0
        rows.append({
            "code": child.code, "name": child.name, "level": child.level,
            "value": value, "link": measure.link(child, period),
            "drill_url": map_url(child, measure.key, period) if child.pk in has_children else None,
            "row": i // columns, "col": i % columns,
        })
    parent = region.parent if region.parent_id and visible.filter(pk=region.parent_id).exists() else None
    schools, more = _schools(user, region)
    numbers = [r["value"] for r in rows]
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "up": {"code": parent.code, "name": parent.name, "url": map_url(parent, measure.key, period)} if parent else None,
        "measure": {"key": measure.key, "label": str(measure.label), "unit": str(measure.unit),
                    "direction": measure.direction},
        "measures": [{"key": m.key, "label": str(m.label)} for m in MEASURES.values()],
        "period": {"year": period.year, "semester": period.semester, "month": period.month},
        "mode": mode,
        "boundary_url": reverse("dashboards:map_boundary", args=[region.code]) if mode == "geo" else None,
        "outline": outline(region.code, region.parent.code if region.parent_id else None) if mode == "grid" else None,
        "columns": columns,
        "children": rows,
        "schools": schools,
        "schools_not_shown": more,
        "min": min(numbers) if numbers else 0,
        "max": max(numbers) if numbers else 0,
        "total": sum(numbers),
        "data_url": reverse("dashboards:map_data"),
    }


def _schools(user, region: Region) -> tuple[list[dict], int]:
    """Schools under ``region`` with coordinates, as the user may see them (schools' own scope)."""
    qs = (SchoolProfile.objects.for_user(user, "view")
          .filter(unit__region_path__startswith=region.path, latitude__isnull=False, longitude__isnull=False)
          .order_by("unit__region_path", "unit__name"))
    total = qs.count()
    if not total:
        return [], 0
    depth = region.path.count("/")  # the child's code is the path segment after the region's
    points = []
    for unit_id, name, path, lat, lng in qs.values_list("unit_id", "unit__name", "unit__region_path",
                                                        "latitude", "longitude")[:MAX_SCHOOLS]:
        parts = path.split("/")
        points.append({"id": unit_id, "name": name, "lat": float(lat), "lng": float(lng),
                       "region_code": parts[depth] if len(parts) > depth + 1 else region.code,
                       "url": reverse("schools:school_detail", args=[unit_id])})
    return points, total - len(points)
