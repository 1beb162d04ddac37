"""Reads on the ledger shared by pages, the API and jobs (E11)."""

from __future__ import annotations

import datetime

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
    return item.events.select_related("actor").all()


def extension_for_user_or_404(user, pk):
    """An extension request of an item the user may see (a request has no scope of its own)."""
    from django.http import Http404

    from .models import ExtensionRequest

    ext = (ExtensionRequest.objects.filter(item__in=LedgerItem.objects.for_user(user, "view"), pk=pk)
           .select_related("item").first())
    if ext is None:
        raise Http404
    return ext
