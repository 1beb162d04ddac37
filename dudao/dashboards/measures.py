"""The registry of measures a dashboard, the region map and the comparison controls can show.

A measure answers one question per region: ``values(user, regions, period) -> {region_id: number}``
for the given child regions of the user's scope (a region's value covers its whole subtree), and
``link(region, period) -> url`` names the rows behind a figure. Apps do not register here; this
module reads them (it sits above every app)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Period:
    """The dashboards' period: a year, optionally narrowed to a semester (1/2) or a month."""

    year: int
    semester: int | None = None
    month: int | None = None

    @property
    def start(self) -> datetime.date:
        if self.month:
            return datetime.date(self.year, self.month, 1)
        if self.semester == 2:
            return datetime.date(self.year, 9, 1)
        return datetime.date(self.year, 1 if self.semester is None else 2, 1)

    @property
    def end(self) -> datetime.date:
        if self.month:
            nxt = datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return nxt - datetime.timedelta(days=1)
        if self.semester == 1:
            return datetime.date(self.year, 7, 31)
        return datetime.date(self.year, 12, 31)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    values: Callable  # (user, regions, period) -> {region_id: number}
    link: Callable  # (region, period) -> str
    #: "bad" when a higher value is worse (the map colours it red), "good" otherwise.
    direction: str = "bad"


def _subtree_counts(queryset, regions, *, path_field="region_path") -> dict:
    """Count rows of ``queryset`` under each region's subtree (path prefix), one query."""
    if not regions:
        return {}
    aggregates = {
        f"r{region.pk}": Count("pk", filter=Q(**{f"{path_field}__startswith": region.path}))
        for region in regions
    }
    row = queryset.order_by().aggregate(**aggregates)
    return {region.pk: row[f"r{region.pk}"] or 0 for region in regions}


def _allowed(user, regions) -> set:
    from dudao.common.scoping import regions_in_scope

    return set(regions_in_scope(user, "ledger.view_ledgeritem").filter(pk__in=[r.pk for r in regions])
               .values_list("pk", flat=True))


def _rollup_sums(user, regions, period, counter: str) -> dict:
    """Sum of the rollup's ``counter`` (``n``, ``open``, ``closed``, ``rebounds`` …) of the items
    registered in the period under each region's subtree: one query on the regions' own rollup rows
    (one set per ancestor level, so a region's row counts its whole subtree). Regions outside the
    user's ledger scope count nothing."""
    from .models import LedgerRollup, RollupDim

    if not regions:
        return {}
    allowed = _allowed(user, regions)
    rows = (LedgerRollup.objects.filter(region_id__in=allowed, dim=RollupDim.ALL, month__gte=period.start.replace(day=1),
                                        month__lte=period.end)
            .order_by().values("region_id").annotate(total=Sum(counter)))
    found = {r["region_id"]: r["total"] or 0 for r in rows}
    return {r.pk: found.get(r.pk, 0) for r in regions}


def _overdue_items(user, regions, period):
    """Items still owed past their deadline (registered at any time) on ``min(today, period end)``:
    the rollup's overdue rows, corrected by the items due between the rollup's day and that day
    (``rollup.overdue_correction``; none once the daily job has run, for this period)."""
    from . import rollup
    from .models import LedgerRollup, RollupDim

    if not regions:
        return {}
    today = min(datetime.date.today(), period.end)
    allowed = [r for r in regions if r.pk in _allowed(user, regions)]
    rows = (LedgerRollup.objects.filter(region_id__in=[r.pk for r in allowed], dim=RollupDim.ALL, overdue=True)
            .order_by().values("region_id").annotate(total=Sum("n")))
    out = {r.pk: 0 for r in regions}
    for r in rows:
        out[r["region_id"]] += r["total"] or 0
    for b in rollup.overdue_correction([r.path for r in allowed], today, rollup.as_of()):
        region = next((r for r in allowed if b["region_path"].startswith(r.path)), None)
        if region is not None:
            out[region.pk] += b["n"]
    return out


def _overdue_link(region, period):
    return f"{reverse('ledger:overdue')}?region={region.pk}"


def _period_link(extra: dict):
    def link(region, period):
        params = {"region": region.pk, "created_from": period.start.isoformat(),
                  "created_to": period.end.isoformat(), **extra}
        return f"{reverse('ledger:list')}?{urlencode(params)}"
    return link


def _open_items(user, regions, period):
    return _rollup_sums(user, regions, period, "open")


def _closure_rate(user, regions, period):
    closed = _rollup_sums(user, regions, period, "closed")
    total = _rollup_sums(user, regions, period, "n")
    return {pk: round(100 * closed[pk] / total[pk], 1) if total.get(pk) else None for pk in total}


def _rebounds(user, regions, period):
    return _rollup_sums(user, regions, period, "rebounds")


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    MEASURES[measure.key] = measure
    return measure


register(Measure("ledger.overdue", _("逾期未整改"), _("项"), _overdue_items, _overdue_link))
register(Measure("ledger.open", _("未销号问题（本期登记）"), _("项"), _open_items, _period_link({"stage": "open"})))
register(Measure("ledger.closure_rate", _("销号率（本期登记）"), "%", _closure_rate,
                 _period_link({"status": "closed"}), direction="good"))
register(Measure("ledger.rebounds", _("问题反弹（本期登记）"), _("项"), _rebounds,
                 _period_link({"stage": "binding", "rebound": "on"})))
