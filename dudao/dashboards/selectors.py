"""What a dashboard shows (A5, E10, E11, G4, H3): ``dashboard_context(user, period, region=None)``
builds the context of ``templates/dashboards/_dashboard.html`` — the page, the API, the Excel
export, the PDF and the role homes read this one function.

The level follows the user's scope: a region assignment sees its region (its top region; with
several disjoint ones, them side by side) and may drill down (``region``) within it; a unit
assignment (a school) sees its own unit. Ledger figures of a region come from ``LedgerRollup``
(kept current by ``rollup.py``: the rows of the region and of its children, never a scan of the
items); a school's and a township's from their own items.

Every figure is a ``Cell``: a number and the URL of the rows behind it (the ledger list with the
filters that select exactly those rows), so a count always equals the rows its link lists."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import regions_in_scope, user_has_perm

from .measures import Period
from .models import DETAIL_LEVEL, LedgerRollup, RollupDim

LEDGER_PERM = "ledger.view_ledgeritem"

#: The ledger's columns: key, label, the list filter behind it.
LEDGER_COLUMNS = (
    ("total", gettext_lazy("问题总数"), {"stage": "binding"}),
    ("open", gettext_lazy("未销号"), {"stage": "open"}),
    ("overdue", gettext_lazy("逾期"), {"overdue": "on"}),
    ("closed", gettext_lazy("已销号"), {"status": "closed"}),
    ("on_time", gettext_lazy("按期销号"), {"on_time": "on"}),
    ("rebounds", gettext_lazy("反弹"), {"stage": "binding", "rebound": "on"}),
)
#: Derived columns (no link of their own: their parts link).
RATE_COLUMNS = (("rate", gettext_lazy("销号率（%）")), ("avg_days", gettext_lazy("平均整改天数")))

LEVELS = {1: "province", 2: "city", 3: "county", 4: "township"}
LEVEL_LABELS = {"province": gettext_lazy("省级"), "city": gettext_lazy("市级"), "county": gettext_lazy("县级"),
                "township": gettext_lazy("乡镇（片区）"), "school": gettext_lazy("学校"),
                "zone": gettext_lazy("督学责任区"),
                "multi": gettext_lazy("多区域")}


# ---- periods ----------------------------------------------------------------------------------------

def period_from(params, today: datetime.date | None = None) -> Period:
    """The period named by ``year``/``semester``/``month`` parameters (default: this year)."""
    today = today or timezone.localdate()

    def _int(name, lo, hi):
        try:
            value = int(params.get(name) or 0)
        except (TypeError, ValueError):
            return None
        return value if lo <= value <= hi else None

    year = _int("year", 2000, 2100) or today.year
    month = _int("month", 1, 12)
    semester = None if month else _int("semester", 1, 2)
    return Period(year, semester, month)


def previous_period(period: Period) -> Period:
    if period.month:
        return Period(period.year - (period.month == 1), None, 12 if period.month == 1 else period.month - 1)
    if period.semester == 2:
        return Period(period.year, 1)
    if period.semester == 1:
        return Period(period.year - 1, 2)
    return Period(period.year - 1)


def period_label(period: Period) -> str:
    if period.month:
        return _("%(y)s年%(m)s月") % {"y": period.year, "m": period.month}
    if period.semester:
        return _("%(y)s年第%(s)s学期") % {"y": period.year, "s": period.semester}
    return _("%(y)s年") % {"y": period.year}


def period_params(period: Period) -> dict:
    out = {"year": period.year}
    if period.month:
        out["month"] = period.month
    elif period.semester:
        out["semester"] = period.semester
    return out


def _months(period: Period) -> list[datetime.date]:
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _month_end(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1) - datetime.timedelta(days=1)


# ---- scope ------------------------------------------------------------------------------------------

@dataclass
class Scope:
    """Where the dashboard stands: ``root`` (None for a school or several disjoint tops), the rows
    side by side (``children``: regions), and the school's unit for a unit-only user. A zone's
    dashboard (督学责任区, level "zone") has its county as ``root``, no children, and ``zone``:
    its figures are those of the zone's schools (``units``)."""

    level: str
    root: object = None
    children: list = field(default_factory=list)
    unit: object = None
    crumbs: list = field(default_factory=list)
    zone: object = None

    @property
    def units(self):
        """The units the figures are bounded to (a zone's schools, as a subquery), or None."""
        if self.zone is None:
            return None
        from dudao.schools.models import SchoolProfile

        return SchoolProfile.objects.filter(zone=self.zone).values("unit_id")

    @property
    def label(self) -> str:
        if self.unit is not None:
            return self.unit.name
        if self.zone is not None:
            return self.zone.name
        return self.root.name if self.root is not None else _("本级管辖区域")


class OutOfScope(Exception):
    """The region asked for lies outside the user's ledger scope."""


def scope_for(user, region=None, zone=None) -> Scope:
    """The user's scope (``region``: a drill-down within it; ``zone``: a 督学责任区 whose county
    lies in it — a township's office does not see its county's zones). ``OutOfScope`` otherwise."""
    from dudao.regions.models import Region

    regions = regions_in_scope(user, LEDGER_PERM)
    tops = list(regions.exclude(parent__in=regions).order_by("path")[:100])
    if zone is not None:
        if not regions.filter(pk=zone.region_id).exists():
            raise OutOfScope
        county = zone.region
        top_paths = [t.path for t in tops]
        crumbs = [r for r in Region.objects.filter(path__in=_ancestor_paths(county.path)).order_by("path")
                  if any(r.path.startswith(p) for p in top_paths)]
        return Scope("zone", county, [], crumbs=crumbs, zone=zone)
    if region is not None:
        if not regions.filter(pk=region.pk).exists():
            raise OutOfScope
        root = region
    elif len(tops) == 1:
        root = tops[0]
    elif tops:
        return Scope("multi", None, tops)
    else:
        from dudao.ledger.models import LedgerItem

        unit_ids = list(LedgerItem.objects.for_user(user, "view").order_by().values_list("unit_id", flat=True)
                        .distinct()[:2])
        unit = None
        if len(unit_ids) == 1:
            from dudao.orgs.models import Unit

            unit = Unit.objects.get(pk=unit_ids[0])
        else:
            unit = next((a.unit for a in _unit_assignments(user)), None)
        return Scope("school", unit=unit)
    top_paths = [t.path for t in tops]
    crumbs = [r for r in Region.objects.filter(path__in=_ancestor_paths(root.path)).order_by("path")
              if any(r.path.startswith(p) for p in top_paths)]
    children = list(Region.objects.filter(parent=root).order_by("path"))
    return Scope(LEVELS.get(root.level, "county"), root, children, crumbs=crumbs)


def _unit_assignments(user):
    manager = getattr(user, "assignments", None)
    if manager is None:
        return []
    try:
        return [a for a in manager.select_related("unit") if getattr(a, "unit_id", None)]
    except Exception:  # pragma: no cover - a user model without unit assignments
        return []


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _child_of(path: str, children_by_prefix: dict, depth: int):
    parts = [p for p in path.split("/") if p]
    if len(parts) < depth:
        return None
    return children_by_prefix.get("/" + "/".join(parts[:depth]) + "/")


# ---- the ledger figures -----------------------------------------------------------------------------

@dataclass
class Cell:
    value: object
    url: str = ""


@dataclass
class Table:
    """A chart's data: one row per group, one cell per column; the chart draws ``series`` of it."""

    key: str
    title: str
    header: str
    columns: list  # [(key, label)]
    rows: list  # [{"label", "href", "cells": {key: Cell}}]
    series: tuple = ("open", "overdue", "closed")
    kind: str = "bar"
    note: str = ""

    def as_json(self) -> dict:
        return {
            "key": self.key, "title": self.title, "kind": self.kind, "header": self.header,
            "columns": [{"key": k, "label": str(label)} for k, label in self.columns],
            "rows": [{"label": r["label"], "href": r.get("href", ""),
                      "cells": {k: {"value": c.value, "url": c.url} for k, c in r["cells"].items()}}
                     for r in self.rows],
            "series": list(self.series), "note": self.note,
        }

    def body_html(self):
        """The table's ``<tbody>`` rows as HTML, built here rather than by a template loop (a county's
        page has ~1,000 cells: the loop cost ~20 ms of CPU per page). Values are localized and
        escaped as ``{{ value }}`` renders them; a cell links when it has a URL and a value."""
        from django.utils.formats import localize
        from django.utils.html import conditional_escape as esc
        from django.utils.safestring import mark_safe

        out = []
        for r in self.rows:
            label = esc(r["label"])
            head = f'<a href="{esc(r["href"])}">{label}</a>' if r.get("href") else label
            cells = []
            for key, _label in self.columns:
                cell = r["cells"][key]
                if cell.url and cell.value:
                    cells.append(f'<td class="text-end"><a href="{esc(cell.url)}" data-figure="{esc(key)}">'
                                 f'{esc(localize(cell.value))}</a></td>')
                elif cell.value is None:
                    cells.append('<td class="text-end">—</td>')
                else:
                    cells.append(f'<td class="text-end">{esc(localize(cell.value))}</td>')
            out.append(f'<tr><td class="cell-main text-nowrap">{head}</td>{"".join(cells)}</tr>')
        return mark_safe("\n".join(out))  # every part escaped above

    def chart(self) -> dict:
        """The chart's data: the first 40 rows, less those marked ``"chart": False`` (a figure on
        another scale than the rest, which one axis cannot show)."""
        labels = dict(self.columns)
        rows = [r for r in self.rows if r.get("chart", True)][:40]
        return {"key": self.key, "kind": self.kind, "labels": [r["label"] for r in rows],
                "series": [{"name": str(labels[k]), "data": [r["cells"][k].value for r in rows],
                            "links": [r["cells"][k].url for r in rows]} for k in self.series]}


def _empty_counts() -> dict:
    return {"total": 0, "open": 0, "overdue": 0, "closed": 0, "on_time": 0, "rebounds": 0, "close_days": 0}


def _with_rates(counts: dict) -> dict:
    counts = dict(counts)
    counts["rate"] = round(100 * counts["closed"] / counts["total"], 1) if counts["total"] else None
    counts["avg_days"] = round(counts["close_days"] / counts["closed"], 1) if counts["closed"] else None
    return counts


class LedgerSource:
    """The ledger's counts of a scope: totals, by breakdown and by child region — from the rollup
    (a region) or from the items (a school; a township, below the rollup's detail rows)."""

    def __init__(self, user, scope: Scope, period: Period, today: datetime.date):
        self.user, self.scope, self.period, self.today = user, scope, period, today
        self.months = _months(period)
        self._groups = None
        self._children = None

    @property
    def roots(self) -> list:
        """The regions whose whole subtree the dashboard counts (its region, or the disjoint tops)."""
        return [self.scope.root] if self.scope.root is not None else list(self.scope.children)

    def _child_for(self, path: str):
        """The child region (a row of the region table) a leaf path lies under; None: the root's own."""
        if self.scope.root is None:
            return next((c for c in self.scope.children if path.startswith(c.path)), None)
        depth = len([p for p in self.scope.root.path.split("/") if p]) + 1
        return _child_of(path, {c.path: c for c in self.scope.children}, depth)

    def _load(self) -> None:
        """Fill ``self._groups`` (``{(dim, value): counts}``, dim None/"category"/"source"/"month")
        and ``self._children`` (``{child pk: counts}``)."""
        raise NotImplementedError

    def grouped(self, dim) -> dict:
        """``{group value: counts}`` grouped by ``dim`` ("category", "source", "month" or None for
        the total)."""
        if self._groups is None:
            self._load()
        return {value: counts for (d, value), counts in self._groups.items() if d == dim}

    def by_region(self) -> tuple[dict, dict]:
        """``({child region pk: counts}, the root's own units' counts)``."""
        if self._groups is None:
            self._load()
        own = _empty_counts()
        if self.scope.root is not None:
            own = dict(self._groups.get((None, None), _empty_counts()))
            for counts in self._children.values():
                for k, v in counts.items():
                    own[k] -= v
        return self._children, own


def _bump(target: dict, counts: dict) -> None:
    for k, v in counts.items():
        target[k] += v


class RollupSource(LedgerSource):
    """A region's counts from ``LedgerRollup``: one grouped read of the rows of the region itself
    (all items, per category, per source; by month) and of its child regions (all items); when
    the dashboard's day is not the rollup's (``as_of``), the items due between the two days
    (``rollup.overdue_correction``)."""

    SUMS = {"total": "n", "open": "open", "closed": "closed", "on_time": "on_time", "rebounds": "rebounds",
            "close_days": "close_days"}

    def _load(self):
        from . import rollup

        root_ids = {r.pk for r in self.roots}
        child_ids = {c.pk for c in self.scope.children}
        groups, children = defaultdict(_empty_counts), defaultdict(_empty_counts)
        overdue = Sum(Case(When(overdue=True, then=F("n")), default=Value(0), output_field=IntegerField()))
        rows = (LedgerRollup.objects.filter(month__gte=self.months[0], month__lte=self.months[-1])
                .filter(Q(region_id__in=root_ids) | Q(region_id__in=child_ids, dim=RollupDim.ALL))
                .order_by().values("region_id", "dim", "value", "month")
                .annotate(overdue=overdue, **{k: Sum(f) for k, f in self.SUMS.items()}))
        for r in rows:
            counts = {k: r[k] or 0 for k in _empty_counts()}
            if r["region_id"] in root_ids:
                if r["dim"] == RollupDim.ALL:
                    _bump(groups[(None, None)], counts)
                    _bump(groups[("month", r["month"])], counts)
                else:
                    _bump(groups[(r["dim"], r["value"])], counts)
            if r["region_id"] in child_ids and r["dim"] == RollupDim.ALL:
                _bump(children[r["region_id"]], counts)
        for b in rollup.overdue_correction([r.path for r in self.roots], self.today, rollup.as_of(),
                                           start=self.period.start, end=self.period.end):
            n = b["n"]
            for key in ((None, None), ("month", b["month"]), ("category", b["category"]), ("source", b["source"])):
                groups[key]["overdue"] += n
            child = self._child_for(b["region_path"])
            if child is not None:
                children[child.pk]["overdue"] += n
        self._groups, self._children = groups, children


class ItemSource(LedgerSource):
    """The items themselves, with the rollup's fact function (``rollup.item_fact``): a school's own
    items, or a township's (the rollup keeps per-category and per-source rows down to the county,
    ``models.DETAIL_LEVEL``; a township has a few hundred items)."""

    def _load(self):
        from dudao.ledger.models import LedgerItem

        from . import rollup

        qs = LedgerItem.objects.for_user(self.user, "view").filter(
            created_at__date__gte=self.period.start, created_at__date__lte=self.period.end)
        if self.scope.level != "school":
            where = Q()
            for region in self.roots:
                where |= Q(region_path__startswith=region.path)
            qs = qs.filter(where) if self.roots else qs.none()
        if self.scope.units is not None:  # a zone: its schools' items (bounded by the unit index)
            qs = qs.filter(unit__in=self.scope.units)
        groups, children = defaultdict(_empty_counts), defaultdict(_empty_counts)
        for row in qs.order_by().values(*rollup.ITEM_FIELDS).iterator(chunk_size=2000):
            found = rollup.item_fact(row, self.today)
            if found is None:
                continue
            (path, month, category, source, overdue), c = found
            counts = dict(zip(("total", "open", "closed", "on_time", "rebounds", "close_days"), c, strict=True))
            counts["overdue"] = int(overdue)
            for key in ((None, None), ("month", month), ("category", category), ("source", source)):
                _bump(groups[key], counts)
            if self.scope.level != "school":
                child = self._child_for(path)
                if child is not None:
                    _bump(children[child.pk], counts)
        self._groups, self._children = groups, children


def ledger_source(user, scope: Scope, period: Period, today: datetime.date) -> LedgerSource:
    """The rollup for a region down to ``DETAIL_LEVEL``; the items for a school or a township."""
    if scope.unit is not None or scope.level in ("school", "zone") or any(r.level > DETAIL_LEVEL for r in
                                                                  ([scope.root] if scope.root else scope.children)):
        return ItemSource(user, scope, period, today)
    return RollupSource(user, scope, period, today)



@functools.lru_cache(maxsize=64)
def _reverse(name: str, prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


def page_url(name: str) -> str:
    """``reverse(name)`` (no arguments) once per script prefix and URLconf: a dashboard builds
    hundreds of links to a handful of list pages."""
    return _reverse(name, get_script_prefix(), get_urlconf())


def _list_url(params: dict) -> str:
    return f"{page_url('ledger:list')}?{urlencode(params)}"


def _ledger_cells(counts: dict, base: dict) -> dict:
    counts = _with_rates(counts)
    cells = {key: Cell(counts[key], _list_url({**base, **extra})) for key, _label, extra in LEDGER_COLUMNS}
    for key, _label in RATE_COLUMNS:
        cells[key] = Cell(counts[key])
    return cells


def _columns():
    return [(k, label) for k, label, _extra in LEDGER_COLUMNS] + list(RATE_COLUMNS)


def ledger_tables(user, scope: Scope, period: Period, *, today: datetime.date, drill_url=None) -> dict:
    """The ledger's figures: totals, by region (children side by side), category, source, month."""
    from dudao.inspections.categories import category_labels
    from dudao.ledger.choices import LedgerSource as Sources

    source = ledger_source(user, scope, period, today)
    base = {"created_from": period.start.isoformat(), "created_to": period.end.isoformat()}
    if scope.zone is not None:
        base["zone"] = scope.zone.pk
    elif scope.root is not None:
        base["region"] = scope.root.pk
    totals = source.grouped(None).get(None, _empty_counts())
    tables = {}
    if scope.level not in ("school", "zone"):
        per_child, own = source.by_region()
        rows = [{"label": c.name, "href": drill_url(c) if drill_url else "",
                 "cells": _ledger_cells(per_child.get(c.pk, _empty_counts()), {**base, "region": c.pk})}
                for c in scope.children]
        if scope.root is not None and any(own.values()):
            rows.append({"label": _("%(r)s本级") % {"r": scope.root.name}, "href": "",
                         # the region's own units: no list filter selects them without the children
                         "cells": {k: Cell(v.value) for k, v in _ledger_cells(own, base).items()}})
        tables["ledger_region"] = Table("ledger_region", _("整改情况（按区域）"), _("区域"), _columns(), rows)
    labels = category_labels()
    cats = source.grouped("category")
    tables["ledger_category"] = Table(
        "ledger_category", _("整改情况（按问题类别）"), _("问题类别"), _columns(),
        [{"label": str(labels.get(k, k)), "cells": _ledger_cells(v, {**base, "category": k})}
         for k, v in sorted(cats.items(), key=lambda kv: -kv[1]["total"])])
    srcs = source.grouped("source")
    order = list(Sources.values)
    tables["ledger_source"] = Table(
        "ledger_source", _("整改情况（按问题来源）"), _("问题来源"), _columns(),
        [{"label": str(Sources(k).label) if k in Sources.values else k,
          "cells": _ledger_cells(v, {**base, "source": k})}
         for k, v in sorted(srcs.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)])
    months = source.grouped("month")
    tables["ledger_month"] = Table(
        "ledger_month", _("整改情况（逐月，按登记月份）"), _("月份"), _columns(),
        [{"label": f"{m:%Y-%m}", "cells": _ledger_cells(months.get(m, _empty_counts()), {
            **base, "created_from": max(m, period.start).isoformat(),
            "created_to": min(_month_end(m), period.end).isoformat()})} for m in source.months],
        series=("total", "closed", "overdue"), kind="line")
    return {"totals": _ledger_cells(totals, base), "tables": tables}


# ---- other figures (read from their rows, scoped and bounded by the region path index) -------------

def children_bound(scope: Scope, path_field: str = "region_path") -> Q:
    """The scope's subtree (its root's, or the disjoint tops side by side) as a path-prefix
    condition: what bounds a query by the path index."""
    if scope.root is not None:
        return Q(**{f"{path_field}__startswith": scope.root.path})
    terms = Q()
    for child in scope.children:
        terms |= Q(**{f"{path_field}__startswith": child.path})
    return terms if scope.children else Q(pk__in=[])


def per_child(scope: Scope, qs, path_field: str = "region_path", **aggregates) -> dict:
    """``{child pk: {name: value}}``: ``aggregates`` of ``qs`` grouped by the scope's child region its
    rows lie under — one ``GROUP BY`` on the child-level prefix of ``path_field``
    (``substr(path, 1, n)``; one statement per distinct length of the children's paths, usually
    one), whatever the number of children. Rows under no child (the root's own units) are not
    counted; a child with no rows has zeros (None for an aggregate that is None on no rows)."""
    from django.db.models.functions import Substr

    out = {c.pk: dict.fromkeys(aggregates, 0) for c in scope.children}
    by_length = defaultdict(dict)
    for child in scope.children:
        by_length[len(child.path)][child.path] = child.pk
    for length, children in by_length.items():
        rows = (qs.order_by().annotate(_child=Substr(path_field, 1, length)).values("_child")
                .annotate(**aggregates))
        for row in rows:
            pk = children.get(row["_child"])
            if pk is not None:
                out[pk].update({k: row[k] if row[k] is not None else 0 for k in aggregates})
    return out


def _region_rows(scope: Scope, qs, path_field: str = "region_path"):
    """Counts of ``qs`` per child region (one grouped query)."""
    return {pk: {"n": v["n"]} for pk, v in per_child(scope, qs.filter(children_bound(scope, path_field)),
                                                       path_field, n=Count("pk")).items()}


def supervision_table(user, scope: Scope, period: Period, *, today: datetime.date) -> Table | None:
    """督办 (items with an order, registered in the period) and 问责 cases by region."""
    from dudao.ledger.models import LedgerItem, SupervisionOrder

    if scope.level == "school" or not scope.children or not user_has_perm(user, LEDGER_PERM):
        return None
    orders = SupervisionOrder.objects.for_user(user, "view").filter(
        item__created_at__date__gte=period.start, item__created_at__date__lte=period.end)
    if scope.root is not None:
        orders = orders.filter(region_path__startswith=scope.root.path)
    item_ids = orders.values("item_id")
    items = LedgerItem.objects.for_user(user, "view").filter(pk__in=item_ids)
    per = _region_rows(scope, items)
    cases = {}
    can_cases = user_has_perm(user, "accountability.view_accountabilitycase")
    if can_cases:
        from dudao.accountability.models import AccountabilityCase
        from dudao.accountability.services import opened_between

        case_qs = opened_between(AccountabilityCase.objects.for_user(user, "view"), period.start, period.end)
        if scope.root is not None:
            case_qs = case_qs.filter(region_path__startswith=scope.root.path)
        cases = _region_rows(scope, case_qs)
    base = {"created_from": period.start.isoformat(), "created_to": period.end.isoformat(), "supervised": "on"}
    opened = {"opened_from": period.start.isoformat(), "opened_to": period.end.isoformat()}
    rows = []
    for c in scope.children:
        cells = {"supervised": Cell(per[c.pk]["n"], _list_url({**base, "region": c.pk}))}
        if can_cases:
            cells["cases"] = Cell(cases[c.pk]["n"], f"{reverse('accountability:case_list')}?"
                                  f"{urlencode({'region': c.code, **opened})}")
        rows.append({"label": c.name, "cells": cells})
    columns = [("supervised", gettext_lazy("督办问题"))]
    if can_cases:
        columns.append(("cases", gettext_lazy("问责案件（本期立案）")))
    return Table("supervision", _("督办与问责（按区域）"), _("区域"), columns, rows,
                 series=tuple(k for k, _l in columns))


def coverage_day(period: Period, today: datetime.date) -> datetime.date:
    """The day coverage is read at: the period's end, or today while the period runs."""
    return min(period.end, today)


def coverage_table(user, scope: Scope, period: Period | None = None, *, today: datetime.date | None = None
                   ) -> Table | None:
    """挂牌 coverage and the schools-per-inspector ratio (1:5 rule, ``posting.max_schools_per_inspector``)
    by child region: today's active schools, the postings in force at the period's end (or today while
    the period runs); links: the coverage page of the region on that day (its counts)."""
    from dudao.inspectors.models import Posting
    from dudao.orgs.choices import SCHOOL_KINDS
    from dudao.orgs.models import Unit
    from dudao.regionsettings.services import effective_settings

    if scope.level == "school" or not scope.children or not user_has_perm(user, "inspectors.view_posting"):
        return None
    today = today or timezone.localdate()
    on = coverage_day(period or period_from({}, today), today)
    schools = Unit.objects.for_user(user, "view").filter(children_bound(scope), kind__in=SCHOOL_KINDS,
                                                        is_active=True)
    row = per_child(scope, schools, schools=Count("*"))  # (not the id: an index-only scan)
    # the posted ones and their inspectors: the postings in force on the day at those schools
    # (bounded and grouped by the school's path: the schools' index bounds it, and the planner's
    # estimate is not squared by a second LIKE on the posting's path, which ``for_user`` has)
    postings = Posting.objects.for_user(user, "view").current(on).filter(
        children_bound(scope, "school__region_path"), school__kind__in=SCHOOL_KINDS, school__is_active=True)
    posted = per_child(scope, postings, "school__region_path", covered=Count("school", distinct=True),
                       n=Count("inspector", distinct=True))
    root = scope.root or scope.children[0]
    limit = int(effective_settings(root, ["posting.max_schools_per_inspector"])["posting.max_schools_per_inspector"].value)
    page = reverse("inspectors:coverage")
    rows = []
    for c in scope.children:
        n, covered, staff = row[c.pk]["schools"], posted[c.pk]["covered"], posted[c.pk]["n"]
        url = f"{page}?{urlencode({'region': c.code, 'on': on.isoformat()})}"
        rows.append({"label": c.name, "cells": {
            "schools": Cell(n, url), "covered": Cell(covered, url),
            "percent": Cell(round(100 * covered / n, 1) if n else None),
            "inspectors": Cell(staff, url),
            "ratio": Cell(round(covered / staff, 2) if staff else None)}})
    columns = [("schools", gettext_lazy("学校数")), ("covered", gettext_lazy("已挂牌")),
               ("percent", gettext_lazy("覆盖率（%）")), ("inspectors", gettext_lazy("责任督学")),
               ("ratio", gettext_lazy("校数/督学"))]
    return Table("coverage", _("挂牌督导覆盖（按区域）"), _("区域"), columns, rows, series=("schools", "covered"),
                 note=_("%(d)s 在岗的挂牌；每名督学负责学校不超过 %(n)s 所") % {"d": on.isoformat(), "n": limit})


def tasks_table(user, scope: Scope, period: Period | None = None) -> Table | None:
    """Supervision tasks organised in the scope (the office's region and below) that start in the
    period (on-site start, else creation: ``inspections.selectors.task_started``) by kind and stage
    (the stage today); links: the task board filtered by kind, region, stage and start dates."""
    from dudao.inspections.choices import TaskKind
    from dudao.inspections.models import SupervisionTask
    from dudao.inspections.selectors import tasks_started_between
    from dudao.inspections.views import TASK_STAGES

    if scope.level in ("school", "zone") or not user_has_perm(user, "inspections.view_supervisiontask"):
        return None
    period = period or period_from({})
    tasks = tasks_started_between(SupervisionTask.objects.for_user(user, "view"), period.start, period.end)
    if scope.root is not None:
        tasks = tasks.filter(region_path__startswith=scope.root.path)
    stage_of = {status: stage for stage, statuses in TASK_STAGES.items() for status in statuses}
    row = defaultdict(int)  # one GROUP BY kind, status
    for r in tasks.order_by().values("kind", "status").annotate(n=Count("pk")):
        if r["status"] in stage_of:
            row[f"{r['kind']}__{stage_of[r['status']]}"] += r["n"]
    board = reverse("inspections:task_board")
    base = {"region": scope.root.pk} if scope.root is not None else {}
    base.update(started_from=period.start.isoformat(), started_to=period.end.isoformat())
    rows = []
    for kind in TaskKind:
        cells = {stage: Cell(row[f"{kind.value}__{stage}"], f"{board}?{urlencode({**base, 'kind': kind.value, 'stage': stage})}")
                 for stage in TASK_STAGES}
        if any(c.value for c in cells.values()):
            rows.append({"label": str(kind.label), "cells": cells})
    columns = [("draft", gettext_lazy("草稿")), ("active", gettext_lazy("进行中")), ("done", gettext_lazy("已公布或归档"))]
    return Table("tasks", _("督导任务（按类型和阶段，本期开始）"), _("督导类型"), columns, rows,
                 series=("draft", "active", "done"))


# ---- the whole context ------------------------------------------------------------------------------

#: Further tables, in page order after the ledger's, supervision, coverage and tasks:
#: ``builder(user, scope, period, *, today) -> Table | None`` (None: not for this user or level).
#: A figure module (``dashboards/figures/<topic>.py``) appends its builders here, imported below.
#: A zone's dashboard (``scope.zone``) runs only the builders marked ``builder.zones = True``.
TABLE_BUILDERS: list = []

def dashboard_context(user, period: Period, region=None, *, zone=None, compare: bool = False,
                      today=None) -> dict:
    """The context of ``dashboards/_dashboard.html`` (and of the API, the export and the PDF).
    Raises ``OutOfScope`` when ``region`` (or ``zone``'s county) lies outside the user's scope."""
    today = today or timezone.localdate()
    scope = scope_for(user, region, zone)

    def drill(child):
        return f"{page_url('dashboards:index')}?{urlencode({**period_params(period), 'region': child.pk})}"

    ledger = ledger_tables(user, scope, period, today=today, drill_url=drill)
    tables = dict(ledger["tables"])
    sup = supervision_table(user, scope, period, today=today)
    if sup is not None:
        tables["supervision"] = sup
    coverage = coverage_table(user, scope, period, today=today)
    if coverage is not None:
        tables["coverage"] = coverage
    tasks = tasks_table(user, scope, period)
    if tasks is not None:
        tables["tasks"] = tasks
    for builder in TABLE_BUILDERS:
        if scope.zone is not None and not getattr(builder, "zones", False):
            continue
        table = builder(user, scope, period, today=today)
        if table is not None:
            tables[table.key] = table
    previous = None
    if compare:
        prev = previous_period(period)
        previous = {"period": prev, "label": period_label(prev),
                    "totals": ledger_tables(user, scope, prev, today=today)["totals"]}
    kpis = []
    for key, label in [(k, label) for k, label, _e in LEDGER_COLUMNS] + list(RATE_COLUMNS):
        cell = ledger["totals"][key]
        before = previous["totals"][key].value if previous else None
        kpis.append({"key": key, "label": str(label), "value": cell.value, "url": cell.url, "previous": before,
                     "delta": (round(cell.value - before, 1) if isinstance(cell.value, int | float)
                               and isinstance(before, int | float) else None)})
    # Sibling regions side by side: the parent's dashboard, when the parent is in the user's scope
    # (a district's office never sees its siblings).
    parent_url = drill(scope.crumbs[-2]) if len(scope.crumbs) > 1 else ""
    crumbs = [(r.name, drill(r)) for r in scope.crumbs]
    scope_params = {}
    if scope.zone is not None:  # a zone: its county's dashboard shows the zones side by side
        parent_url = drill(scope.root) if scope.crumbs else ""
        crumbs.append((scope.zone.name, ""))
        scope_params = {"zone": scope.zone.pk}
    elif scope.root is not None:
        scope_params = {"region": scope.root.pk}
    return {
        "scope": scope, "level": scope.level, "level_label": str(LEVEL_LABELS.get(scope.level, "")),
        "period": period, "period_label": period_label(period), "period_query": urlencode(period_params(period)),
        "compare": compare, "previous": previous, "today": today, "kpis": kpis, "tables": tables,
        "charts": [t.chart() for t in tables.values()], "parent_url": parent_url,
        "crumbs": crumbs, "scope_query": urlencode(scope_params),
        "freshness": _("台账数据实时汇总（随每次办理更新）"),
    }


from . import figures  # noqa: E402,F401  (fills TABLE_BUILDERS)
