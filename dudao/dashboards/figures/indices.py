"""The national indices on the dashboards (issue 13 item 1; issue 12): 县域义务教育优质均衡 and
学前教育普及普惠, for the period's year, read from ``index_results`` (stored per county and year,
recomputed when what they read changed — docs/dashboards.md, “National indices”).

- A county (``scope.root`` a 区县): each indicator of both indices — value, comparison, threshold
  (the county's region setting), 待核实 where the setting's national number is unverified, met or
  not — each linking to the index page of the county and year, which shows the same value.
- A city, a province or several regions side by side: per child region the counties that meet each
  index, and per indicator how many counties meet it; links to the index pages listing those
  counties (a city's counties page, or the county's own page when the child is a county).

Who: whoever may read the collected values (``monitoring.view_datavalue``) — the counties outside
that scope are left out, so a district never sees a sibling's. A school's users and a township's
dashboard have none (the indices are county evaluations)."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import ALL, scope_predicate, user_has_perm

from .. import index_results
from ..models import IndexKind
from ..selectors import TABLE_BUILDERS, Cell, Table, period_params

PERM = "monitoring.view_datavalue"
VERDICTS = {"passed": gettext_lazy("达标"), "failed": gettext_lazy("未达标"),
            "pending": gettext_lazy("待定（有未测或未报项）"), "no_data": gettext_lazy("无已审核数据")}
TITLES = {IndexKind.BALANCE: gettext_lazy("县域义务教育优质均衡"), IndexKind.PRESCHOOL: gettext_lazy("县域学前教育普及普惠")}
PAGES = {IndexKind.BALANCE: "monitoring:indices_balance", IndexKind.PRESCHOOL: "monitoring:indices_preschool"}


def counties_in_scope(user, scope) -> list | None:
    """The counties (区县) of the dashboard's scope whose indices ``user`` may read, in code order;
    None when the figures do not apply (a school, a township, no right)."""
    from dudao.regions.models import Region

    if scope.level == "school" or not user_has_perm(user, PERM):
        return None
    if scope.root is not None:
        if scope.root.level == 3:
            qs = Region.objects.filter(pk=scope.root.pk)
        elif scope.root.level < 3:
            qs = Region.objects.filter(path__startswith=scope.root.path, level=3)
        else:
            return None
    else:
        tops = Q()
        for top in scope.children:
            tops |= Q(path__startswith=top.path)
        qs = Region.objects.filter(tops, level=3) if scope.children else Region.objects.none()
    predicate = scope_predicate(user, PERM, {"path": "path", "region": "id"})
    if predicate is None:
        return None
    if predicate is not ALL:
        qs = qs.filter(predicate)
    return list(qs.order_by("path"))


def _results(user, scope, period):
    """``(counties, {(county id, kind): IndexResult})`` for the scope (cached on the scope object:
    the builders below share one read); no counties when none has index data in the year (the
    tables are then left out, not shown empty)."""
    cache = scope.__dict__.setdefault("_index_results", {})
    if period.year not in cache:
        counties = counties_in_scope(user, scope)
        if counties is None:
            cache[period.year] = (None, {})
        elif scope.root is not None:
            cache[period.year] = (counties, index_results.results_for(counties, period.year, scope.root.path))
        else:  # several regions side by side: each one's counties under its own path
            results = {}
            for top in scope.children:
                results.update(index_results.results_for(
                    [c for c in counties if c.path.startswith(top.path)], period.year, top.path))
            cache[period.year] = (counties, results)
        counties, results = cache[period.year]
        if counties and all(r.verdict == "no_data" for r in results.values()):
            cache[period.year] = ([], results)
    return cache[period.year]


def page_url(kind: str, county_id: int, year: int, anchor: str = "") -> str:
    return reverse(PAGES[kind], args=[county_id, year]) + (f"#{anchor}" if anchor else "")


def counties_url(region, year: int) -> str:
    return reverse("monitoring:indices_counties", args=[region.pk, year])


def _number(text):
    if text is None:
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def _anchor(key: str) -> str:
    kind, _dot, rest = key.partition(".")
    if kind in ("cv", "schools"):
        return f"section-{rest.split('.')[0]}"
    if kind in ("county", "form"):
        return f"county-{rest.split('.')[0]}"
    return ""


# ---- a county ---------------------------------------------------------------------------------------

COUNTY_COLUMNS = [("value", gettext_lazy("数值")), ("op", gettext_lazy("比较")), ("threshold", gettext_lazy("标准")),
                  ("pending", gettext_lazy("待核实")), ("met", gettext_lazy("结论"))]


def county_table(kind: str, county, row, year: int) -> Table:
    rows = []
    for f in row.figures if row is not None else []:
        url = page_url(kind, county.pk, year, _anchor(f["key"]))
        value = _(f["text"]) if f["text"] else _number(f["value"])
        threshold = f["threshold"]
        threshold = None if threshold is None else (_(threshold) if not _is_number(threshold) else _number(threshold))
        met = None if f["passed"] is None else (_("达标") if f["passed"] else _("未达标"))
        rows.append({"label": index_results.label_of(f), "href": url, "key": f["key"],
                     # 优质均衡's chart shows the 差异系数 against their maxima (one scale); its other
                     # items (yuan, %, yes/no) stay in the table
                     "chart": kind != "balance" or f["key"].startswith("cv."), "cells": {
            "value": Cell(value, url), "op": Cell(index_results.OPS.get(f["op"], "") or None),
            "threshold": Cell(threshold), "pending": Cell(_("待核实") if f["pending"] else ""),
            "met": Cell(met)}})
    verdict = VERDICTS.get(row.verdict, row.verdict) if row is not None else VERDICTS["no_data"]
    note = _("%(y)s年结论：%(v)s（标准为本区县的区域参数；计算于 %(t)s，依据已审核、已接收的填报）") % {
        "y": year, "v": verdict, "t": f"{row.computed_at:%Y-%m-%d %H:%M}" if row is not None else "—"}
    return Table(f"index_{kind}", _("%(t)s（%(y)s年，各项指标）") % {"t": TITLES[kind], "y": year}, _("指标"),
                 list(COUNTY_COLUMNS), rows, series=("value", "threshold"), note=note)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def balance_county_table(user, scope, period, *, today=None) -> Table | None:
    return _county_builder(IndexKind.BALANCE, user, scope, period)


def preschool_county_table(user, scope, period, *, today=None) -> Table | None:
    return _county_builder(IndexKind.PRESCHOOL, user, scope, period)


def _county_builder(kind, user, scope, period):
    if scope.root is None or scope.root.level != 3:
        return None
    counties, results = _results(user, scope, period)
    if not counties:
        return None
    county = counties[0]
    row = results.get((county.pk, kind))
    if row is None or row.verdict == "no_data":  # this index has no counted data in the county this year
        return None
    return county_table(kind, county, row, period.year)


# ---- a city, a province, several regions ------------------------------------------------------------

def _groups(scope, counties) -> list:
    """``[(child region, [its counties])]``: the scope's child regions with the counties under them."""
    out = []
    for child in scope.children:
        under = [c for c in counties if c.path.startswith(child.path)]
        if under:
            out.append((child, under))
    return out


def _link(child, year: int, kind: str, anchor: str = "") -> str:
    """The index page listing a child region's counties (its own page when it is a county)."""
    if child.level == 3:
        return page_url(kind, child.pk, year, anchor)
    return counties_url(child, year)


def regions_table(user, scope, period, *, today=None) -> Table | None:
    if scope.root is not None and scope.root.level >= 3:
        return None
    counties, results = _results(user, scope, period)
    if not counties:
        return None
    year = period.year
    rows = []
    for child, under in _groups(scope, counties):
        counts = defaultdict(int)
        for county in under:
            for kind in IndexKind.values:
                row = results.get((county.pk, kind))
                verdict = row.verdict if row is not None else "no_data"
                counts[f"{kind}_{'passed' if verdict == 'passed' else 'failed' if verdict == 'failed' else 'other'}"] += 1
        drill = f"{reverse('dashboards:index')}?{urlencode({**period_params(period), 'region': child.pk})}"
        cells = {"counties": Cell(len(under), _link(child, year, IndexKind.BALANCE))}
        for kind in IndexKind.values:
            for state in ("passed", "failed"):
                cells[f"{kind}_{state}"] = Cell(counts[f"{kind}_{state}"], _link(child, year, kind))
        rows.append({"label": child.name, "href": drill, "cells": cells})
    columns = [("counties", gettext_lazy("区县数")),
               ("balance_passed", gettext_lazy("优质均衡达标")), ("balance_failed", gettext_lazy("优质均衡未达标")),
               ("preschool_passed", gettext_lazy("普及普惠达标")), ("preschool_failed", gettext_lazy("普及普惠未达标"))]
    return Table("index_regions", _("国家监测指数达标区县（%(y)s年，按区域）") % {"y": year}, _("区域"), columns, rows,
                 series=("counties", "balance_passed", "preschool_passed"),
                 note=_("达标：结论为达标的区县；其余区县为待定（有未测或未报项）或无已审核数据"))


def _met_table(kind: str, user, scope, period) -> Table | None:
    if scope.root is not None and scope.root.level >= 3:
        return None
    counties, results = _results(user, scope, period)
    if not counties:
        return None
    year = period.year
    groups = _groups(scope, counties)
    order, figures = [], {}
    met = defaultdict(lambda: defaultdict(int))  # key → child id → counties meeting it
    for child, under in groups:
        for county in under:
            row = results.get((county.pk, kind))
            passed = row is not None and row.verdict == "passed"
            met["verdict"][child.pk] += passed
            for f in row.figures if row is not None else []:
                if f["key"] not in figures:
                    figures[f["key"]] = f
                    order.append(f["key"])
                met[f["key"]][child.pk] += f["passed"] is True
    columns = [(f"c{child.pk}", child.name) for child, _u in groups] + [("total", gettext_lazy("合计"))]
    total_url = counties_url(scope.root, year) if scope.root is not None else ""
    rows = []
    for key in ["verdict", *order]:
        label = _("结论达标") if key == "verdict" else index_results.label_of(figures[key])
        anchor = "" if key == "verdict" else _anchor(key)
        cells = {f"c{child.pk}": Cell(met[key][child.pk], _link(child, year, kind, anchor)) for child, _u in groups}
        cells["total"] = Cell(sum(met[key].values()), total_url)
        if key != "verdict" and figures[key]["threshold"] is not None and figures[key]["op"]:
            label = f"{label} {index_results.OPS.get(figures[key]['op'], '')} {_threshold_text(figures[key])}"
        rows.append({"label": label, "cells": cells})
    title = _("%(t)s：各项指标达标区县数（%(y)s年）") % {"t": TITLES[kind], "y": year}
    return Table(f"index_{kind}_met", title, _("指标（标准）"), columns, rows, series=("total",),
                 note=_("共%(n)s个区县；标准为各区县的区域参数（此处显示第一个区县的），各区县逐一判定") % {"n": len(counties)})


def _threshold_text(f) -> str:
    t = f["threshold"]
    return (_(t) if not _is_number(t) else t) + (_("（待核实）") if f["pending"] else "")


def balance_met_table(user, scope, period, *, today=None) -> Table | None:
    return _met_table(IndexKind.BALANCE, user, scope, period)


def preschool_met_table(user, scope, period, *, today=None) -> Table | None:
    return _met_table(IndexKind.PRESCHOOL, user, scope, period)


TABLE_BUILDERS.extend([balance_county_table, preschool_county_table, regions_table, balance_met_table,
                       preschool_met_table])
