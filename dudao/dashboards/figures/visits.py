"""挂牌督导 regular-visit compliance (经常性督导, C1) on the dashboards: by child region
(``visits_region``), by zone (``visits_zone``: a county's zones, or the zone itself on a zone's
dashboard) and by inspector (``visits_inspector``: county and zone level only), and a zone's school
coverage (``zone_coverage``).

The period (docs/dashboards.md, “经常性督导”): the figures are the state **as of** ``on`` =
the period's last day, or today while the period runs (its first day for a period not begun).
“挂牌学校” are the postings current on ``on``; a posting's visits are those of its inspector at its
school in the **school semester containing ``on``** (autumn 1 Sep – end Feb, spring 1 Mar – 31 Aug,
``inspections.selectors.semester_for``) up to ``on``; it is below the floor with fewer than
``visits.min_per_semester`` and behind the target with fewer than ``visits.target_per_month`` × the
semester's months begun by ``on`` (at least the floor once the semester is over) — the settings of
the school's region. “本期督导次数” are all visits dated in the period (any inspector).

Each table is two grouped queries whatever the number of postings: the postings with their
semester's visit counts (``inspections.selectors.compliance_annotate``: a correlated count on the
``visit_pair_date`` index, the settings as a CASE over the path), and the period's visits; both
bounded by the region path (or the zone's schools). Every number links to the compliance page or
the visit list with the filters that select exactly its rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import user_has_perm

from .. import selectors
from ..selectors import Cell, Table

VISIT_PERMS = ("inspections.view_regularvisit", "inspectors.view_posting")

COLUMNS = [
    ("postings", gettext_lazy("挂牌学校")),
    ("visits", gettext_lazy("本期督导次数")),
    ("below_floor", gettext_lazy("低于学期底线")),
    ("behind_target", gettext_lazy("落后于月度目标")),
    ("on_track", gettext_lazy("达标")),
    ("rate", gettext_lazy("达标率（%）")),
]
SERIES = ("postings", "below_floor", "behind_target")
NO_ZONE = "-"


def as_of(period, today: datetime.date) -> datetime.date:
    """The day the compliance figures of ``period`` describe."""
    return max(period.start, min(period.end, today))


def _allowed(user, scope) -> bool:
    return scope.level != "school" and all(user_has_perm(user, p) for p in VISIT_PERMS)


def _bound(qs, scope, *, school_prefix: str = "school__"):
    """``qs`` (postings or visits) within the scope: the zone's schools, the root's subtree or the
    tops side by side."""
    if scope.zone is not None:
        return qs.filter(**{f"{school_prefix}school_profile__zone": scope.zone})
    if scope.root is not None:
        return qs.filter(region_path__startswith=scope.root.path)
    terms = Q()
    for region in scope.children:
        terms |= Q(region_path__startswith=region.path)
    return qs.filter(terms) if scope.children else qs.none()


def _grouped(user, scope, period, today, dim: str) -> tuple[dict, dict]:
    """``({group: posting counts}, {group: visits in the period})`` grouped by ``dim`` (a
    ``values()`` name): two queries."""
    from dudao.inspections import selectors as visits
    from dudao.inspections.models import RegularVisit
    from dudao.inspectors.models import Posting

    on = as_of(period, today)
    postings = _bound(Posting.objects.for_user(user, "view").current(on), scope)
    counts = visits.compliance_counts(postings, on, dim, root_path=_root_path(scope), rules=_rules(scope))
    made = _bound(RegularVisit.objects.for_user(user, "view").filter(visited_on__range=(period.start, period.end)),
                  scope)
    # COUNT(*), not COUNT(id): by region path, an index-only scan of ``visit_path_date``
    done = {r[dim]: r["n"] for r in made.order_by().values(dim).annotate(n=Count("*"))}
    return counts, done


def _root_path(scope):
    return scope.root.path if scope.root is not None else None


def _rules(scope):
    """The visit rules of the scope's root (one query per dashboard, kept on the scope)."""
    from dudao.inspections import selectors as visits

    if getattr(scope, "_visit_rules", None) is None:
        scope._visit_rules = visits.visit_rules(_root_path(scope))
    return scope._visit_rules


def _empty() -> dict:
    return {"postings": 0, "visits": 0, "below_floor": 0, "behind_target": 0, "on_track": 0}


def _add(target: dict, counts: dict | None, visits: int) -> None:
    for key in ("postings", "below_floor", "behind_target", "on_track"):
        target[key] += (counts or {}).get(key, 0) or 0
    target["visits"] += visits or 0


def _cells(counts: dict, bound: dict, period, on) -> dict:
    """A row's cells; ``bound`` the filters naming its rows (empty: no links)."""
    compliance = selectors.page_url("inspections:compliance")
    visit_list = selectors.page_url("inspections:visit_list")

    def url(page, extra):
        return f"{page}?{urlencode({**bound, **extra})}" if bound else ""

    at = {"on": on.isoformat()}
    cells = {"postings": Cell(counts["postings"], url(compliance, at)),
             "visits": Cell(counts["visits"], url(visit_list, {"visited_from": period.start.isoformat(),
                                                               "visited_to": period.end.isoformat()}))}
    for key in ("below_floor", "behind_target", "on_track"):
        cells[key] = Cell(counts[key], url(compliance, {**at, "state": key}))
    cells["rate"] = Cell(round(100 * counts["on_track"] / counts["postings"], 1) if counts["postings"] else None)
    return cells


def _note(scope, period, today) -> str:
    from dudao.inspections import selectors as visits

    on = as_of(period, today)
    sem = visits.semester_for(on)
    (floor, per_month), overrides = _rules(scope)
    text = _("学期：%(s)s（%(a)s—%(b)s），截至 %(on)s；挂牌学校为该日在岗挂牌；底线每学期 %(f)s 次、"
             "目标每月 %(m)s 次（区域参数）；本期督导次数为统计期内的全部记录") % {
        "s": sem.label, "a": sem.start, "b": sem.end, "on": on, "f": floor, "m": per_month}
    if overrides:
        text += _("；下级区域另有设定的按其设定")
    return text


def _table(key, title, header, rows, scope, period, today) -> Table:
    return Table(key, title, header, list(COLUMNS), rows, series=SERIES, note=_note(scope, period, today))


def region_table(user, scope, period, *, today) -> Table | None:
    """By child region (+ the region's own schools, “本级”, without links)."""
    if not _allowed(user, scope) or scope.zone is not None or not scope.children:
        return None
    on = as_of(period, today)
    counts, done = _grouped(user, scope, period, today, "region_path")
    depth = len([p for p in (scope.root.path if scope.root else "").split("/") if p]) + 1
    children = {c.path: c for c in scope.children}
    per, own = defaultdict(_empty), _empty()
    for path in set(counts) | set(done):
        child = selectors._child_of(path, children, depth) if scope.root is not None else next(
            (c for c in scope.children if path.startswith(c.path)), None)
        _add(per[child.pk] if child is not None else own, counts.get(path), done.get(path, 0))
    rows = [{"label": c.name, "href": _drill(period, region=c.pk),
             "cells": _cells(per[c.pk], {"region": c.pk}, period, on)} for c in scope.children]
    if scope.root is not None and any(own.values()):
        rows.append({"label": _("%(r)s本级") % {"r": scope.root.name}, "href": "",
                     "cells": _cells(own, {}, period, on)})
    return _table("visits_region", _("经常性督导达标（按区域）"), _("区域"), rows, scope, period, today)


def _drill(period, **params) -> str:
    return f"{selectors.page_url('dashboards:index')}?{urlencode({**selectors.period_params(period), **params})}"


def zone_table(user, scope, period, *, today) -> Table | None:
    """A county's zones side by side (each row opens the zone's dashboard), schools in no zone last
    (without links); on a zone's dashboard, the zone alone."""
    from dudao.schools.models import Zone

    if not _allowed(user, scope) or scope.level not in ("county", "zone"):
        return None
    on = as_of(period, today)
    counts, done = _grouped(user, scope, period, today, "school__school_profile__zone")
    zones = [scope.zone] if scope.zone is not None else list(
        Zone.objects.filter(region=scope.root).order_by("name"))
    rows = []
    for zone in zones:
        row = _empty()
        _add(row, counts.get(zone.pk), done.get(zone.pk, 0))
        rows.append({"label": zone.name, "href": _drill(period, zone=zone.pk),
                     "cells": _cells(row, {"zone": zone.pk}, period, on)})
    known = {z.pk for z in zones}
    rest = _empty()
    for key in (set(counts) | set(done)) - known:
        _add(rest, counts.get(key), done.get(key, 0))
    if any(rest.values()):
        rows.append({"label": _("未划入责任区的学校"), "href": "", "cells": _cells(rest, {}, period, on)})
    return _table("visits_zone", _("经常性督导达标（按督学责任区）"), _("督学责任区"), rows, scope, period, today)


def inspector_table(user, scope, period, *, today) -> Table | None:
    """By responsible inspector (county and zone level; a city's list would be too long): the
    inspector's postings in the scope and visits in the scope and period."""
    from dudao.inspectors.models import Inspector

    if not _allowed(user, scope) or scope.level not in ("county", "zone"):
        return None
    on = as_of(period, today)
    counts, done = _grouped(user, scope, period, today, "inspector")
    names = dict(Inspector.objects.filter(pk__in=set(counts) | set(done)).values_list("pk", "name"))
    bound = {"zone": scope.zone.pk} if scope.zone is not None else {"region": scope.root.pk}
    rows = []
    for pk in sorted(names, key=lambda k: (names[k], k)):
        row = _empty()
        _add(row, counts.get(pk), done.get(pk, 0))
        rows.append({"label": names[pk], "href": "", "cells": _cells(row, {**bound, "inspector": pk}, period, on)})
    return _table("visits_inspector", _("经常性督导达标（按责任督学）"), _("责任督学"), rows, scope, period, today)


def zone_coverage_table(user, scope, period, *, today) -> Table | None:
    """A zone's schools: how many, how many posted on ``on`` (the compliance page lists them), the
    inspectors posted there and schools per inspector."""
    from dudao.inspectors.models import Posting
    from dudao.schools.models import SchoolProfile

    if scope.zone is None or not _allowed(user, scope):
        return None
    on = as_of(period, today)
    schools = SchoolProfile.objects.for_user(user, "view").filter(zone=scope.zone).count()
    postings = _bound(Posting.objects.for_user(user, "view").current(on), scope).order_by().aggregate(
        n=Count("pk"), staff=Count("inspector", distinct=True))
    posted, staff = postings["n"], postings["staff"]
    cells = {
        "schools": Cell(schools, reverse("schools:zone_detail", args=[scope.zone.pk])),
        "covered": Cell(posted, f"{reverse('inspections:compliance')}?"
                                f"{urlencode({'zone': scope.zone.pk, 'on': on.isoformat()})}"),
        "percent": Cell(round(100 * posted / schools, 1) if schools else None),
        "inspectors": Cell(staff),
        "ratio": Cell(round(posted / staff, 2) if staff else None),
    }
    columns = [("schools", gettext_lazy("学校数")), ("covered", gettext_lazy("已挂牌")),
               ("percent", gettext_lazy("覆盖率（%）")), ("inspectors", gettext_lazy("责任督学")),
               ("ratio", gettext_lazy("校数/督学"))]
    return Table("zone_coverage", _("挂牌督导覆盖（本责任区）"), _("督学责任区"), columns,
                 [{"label": scope.zone.name, "href": "", "cells": cells}], series=("schools", "covered"),
                 note=_("已挂牌为 %(on)s 在岗挂牌的学校；责任督学见“按责任督学”表") % {"on": on})


for _builder in (region_table, zone_table, inspector_table, zone_coverage_table):
    _builder.zones = _builder is not region_table
    selectors.TABLE_BUILDERS.append(_builder)
