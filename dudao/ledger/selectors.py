"""Reads on the ledger shared by pages, the API and jobs (E11)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from .choices import OPEN_STATUSES
from .models import LedgerItem


def overdue(queryset, today: datetime.date):
    """Items still owed by the unit whose deadline has passed."""
    return queryset.filter(status__in=OPEN_STATUSES, deadline__lt=today)


def rebound_counts(queryset) -> dict[int, int]:
    """问题反弹 per unit: {unit id: number of rebound items} within ``queryset``."""
    rows = queryset.filter(rebound_of__isnull=False).values("unit_id").annotate(n=Count("id")).order_by("unit_id")
    return {r["unit_id"]: r["n"] for r in rows}


def history(item: LedgerItem):
    """The item's own history lines (``LedgerEvent``)."""
    return item.events.select_related("actor").all()


#: Other sources of an item's history lines, filled by higher apps from their ``AppConfig.ready``
#: (the accountability app adds its linked cases' steps): ``(item) -> list[HistoryLine]``.
ITEM_HISTORY_SOURCES: list = []


@dataclass
class HistoryLine:
    """One line of an item's history as pages and the API show it: the item's own events and the
    steps of the 问责 cases linked to it (``case_<action>``, labelled “问责：…”)."""

    action: str
    action_label: str
    from_status: str
    to_status: str
    actor: object
    note: str
    data: dict
    created_at: datetime.datetime
    details: list = field(default_factory=list)
    id: int = 0

    @property
    def actor_id(self):
        return getattr(self.actor, "pk", None)

    def get_from_status_display(self) -> str:
        return _status_label(self.from_status)

    def get_to_status_display(self) -> str:
        return _status_label(self.to_status)


def _status_label(value: str) -> str:
    from .choices import LedgerStatus

    return str(LedgerStatus(value).label) if value in LedgerStatus.values else value


def item_history(item: LedgerItem) -> list[HistoryLine]:
    """The item's history merged in time order with the lines of ``ITEM_HISTORY_SOURCES`` (the
    ``CaseEvent``s of its linked 问责 cases, read by query; they are not copied into the item's history)."""
    lines = [HistoryLine(e.action, e.action_label, e.from_status, e.to_status, e.actor, e.note, e.data,
                         e.created_at, e.details, e.pk) for e in history(item)]
    for source in ITEM_HISTORY_SOURCES:
        lines.extend(source(item))
    lines.sort(key=lambda line: line.created_at)  # stable: an item's line stays before a case's at the same time
    return lines


def extension_for_user_or_404(user, pk):
    """An extension request of an item the user may see (a request has no scope of its own)."""
    from django.http import Http404

    from .models import ExtensionRequest

    ext = (ExtensionRequest.objects.filter(item__in=LedgerItem.objects.for_user(user, "view"), pk=pk)
           .select_related("item").first())
    if ext is None:
        raise Http404
    return ext
