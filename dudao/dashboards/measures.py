"""The registry of measures a dashboard, the region map and the comparison controls can show.

A measure answers one question per region: ``values(user, regions, period) -> {region_id: number}``
for the given child regions of the user's scope (a region's value covers its whole subtree), and
``link(region, period) -> url`` names the rows behind a figure. Apps do not register here; this
module reads them (it sits above every app)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
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


def _overdue_items(user, regions, period):
    from dudao.ledger.choices import OPEN_STATUSES
    from dudao.ledger.models import LedgerItem

    today = min(datetime.date.today(), period.end)
    items = LedgerItem.objects.for_user(user, "view").filter(status__in=OPEN_STATUSES, deadline__lt=today)
    return _subtree_counts(items, regions)


def _overdue_link(region, period):
    return f"{reverse('ledger:overdue')}?region={region.pk}"


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    MEASURES[measure.key] = measure
    return measure


register(Measure("ledger.overdue", _("逾期未整改"), _("项"), _overdue_items, _overdue_link))
