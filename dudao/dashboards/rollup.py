"""Keeping ``LedgerRollup`` current (issue 13, “rollups for scale”).

One definition of an item's rollup key (``ledger_key``) serves both the incremental upkeep and the
rebuild, so the two cannot disagree. The upkeep is connected in ``apps.DashboardsConfig.ready``:

* a ledger item saved — by any service or workflow transition (the kernel saves the row; the
  signal fires inside its transaction) — takes its old key off and puts its new one on;
* an item deleted takes its key off;
* a unit moved to another region (``orgs.services.unit_update`` saves the unit, then
  ``rescope_followers`` rewrites its items' paths with one UPDATE) moves its items' counts to the
  new region in the unit's save, before the bulk rewrite;
* a region moved rewrites ``LedgerRollup.region_path`` with every other copy
  (``common.fields.rewrite_path_prefix``; the row keeps its region).

Writes that bypass the model's ``save`` (``QuerySet.update`` on items, as the demo does to age its
rows) must be followed by ``rebuild()`` (``manage.py rebuild_rollups``); until then a later write of
such an item may find no row to take its old key from, which is logged and skipped."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import NO_DATE, LedgerRollup, LedgerStage

#: The item columns a key is made of (``values()`` names).
ITEM_FIELDS = ("unit__region_id", "region_path", "created_at", "category", "source", "status", "rebound_of_id",
               "deadline", "closed_at")
#: Model fields whose change can change the key (a save touching none of them is skipped).
KEY_FIELDS = frozenset({"unit", "region_path", "created_at", "category", "source", "status", "rebound_of",
                        "deadline", "closed_at"})

logger = logging.getLogger(__name__)

OWED = ("issued", "plan_submitted", "in_progress")
RECHECK = ("reported", "rechecking")


def _local_date(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def ledger_key(row: dict) -> tuple[tuple, int] | None:
    """``(key, close_days)`` of one item (a ``values(*ITEM_FIELDS)`` row); None for a draft."""
    status = row["status"]
    if status in OWED:
        stage = LedgerStage.OWED
    elif status in RECHECK:
        stage = LedgerStage.RECHECK
    elif status == "closed":
        stage = LedgerStage.CLOSED
    else:
        return None
    created = _local_date(row["created_at"])
    closed = _local_date(row["closed_at"]) if stage == LedgerStage.CLOSED and row["closed_at"] else None
    key = (row["unit__region_id"], row["region_path"], created.replace(day=1), row["category"], row["source"],
           str(stage), row["rebound_of_id"] is not None,
           row["deadline"] if stage == LedgerStage.OWED else NO_DATE,
           closed.replace(day=1) if closed else NO_DATE,
           bool(closed and closed <= row["deadline"]))
    return key, max(0, (closed - created).days) if closed else 0


def _as_fields(key: tuple) -> dict:
    return dict(zip(LedgerRollup.KEY, key, strict=True))


def _lookup(key: tuple) -> dict:
    fields = _as_fields(key)
    fields.pop("region_path")
    return fields


def apply(deltas: dict) -> None:
    """Add ``{key: [n, close_days]}`` to the rollup: one SELECT … FOR UPDATE, at most one UPDATE,
    one INSERT and one DELETE, whatever the number of keys."""
    deltas = {k: v for k, v in deltas.items() if v[0] or v[1]}
    if not deltas:
        return
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                _apply_once(deltas)
            return
        except IntegrityError:  # a concurrent writer created one of the rows first: read again
            if attempt == 2:
                raise


def _apply_once(deltas: dict) -> None:
    where = Q()
    for key in deltas:
        where |= Q(**_lookup(key))
    existing = {}
    for row in LedgerRollup.objects.select_for_update().filter(where):
        existing[tuple(getattr(row, f) for f in LedgerRollup.KEY)] = row
    changed, new, empty = [], [], []
    for key, (dn, dd) in deltas.items():
        row = existing.get(key)
        if row is None:
            if dn < 0 or dd < 0:
                # The rollup missed a write that bypassed ``save`` (``QuerySet.update``): it is
                # stale until ``rebuild()``; taking from nothing would only make it worse.
                logger.warning("ledger rollup is stale (no row for %s); run manage.py rebuild_rollups", key)
                continue
            new.append(LedgerRollup(**_as_fields(key), n=dn, close_days=dd))
            continue
        row.n = max(0, row.n + dn)
        row.close_days = max(0, row.close_days + dd)
        (empty if row.n <= 0 else changed).append(row)
    if changed:
        LedgerRollup.objects.bulk_update(changed, ["n", "close_days"])
    if new:
        LedgerRollup.objects.bulk_create(new)
    if empty:
        LedgerRollup.objects.filter(pk__in=[r.pk for r in empty]).delete()


def _add(deltas, found, sign: int) -> None:
    if found is None:
        return
    key, days = found
    cell = deltas[key]
    cell[0] += sign
    cell[1] += sign * days


def _item_row(model, pk) -> dict | None:
    return model._base_manager.filter(pk=pk).values(*ITEM_FIELDS).first()


# ---- signal receivers (connected in apps.py) ------------------------------------------------------

def item_pre_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if instance.pk is None:
        instance._rollup_old = None  # a new item: nothing to take off
        return
    if raw or (update_fields is not None and not KEY_FIELDS & set(update_fields)):
        instance._rollup_old = False  # nothing to do
        return
    row = _item_row(sender, instance.pk)
    instance._rollup_old = ledger_key(row) if row else None


def item_post_save(sender, instance, raw=False, **kwargs):
    old = getattr(instance, "_rollup_old", None)
    if raw or old is False:
        return
    deltas = defaultdict(lambda: [0, 0])
    _add(deltas, old, -1)
    _add(deltas, ledger_key(_item_row(sender, instance.pk)), +1)
    apply(deltas)


def item_pre_delete(sender, instance, **kwargs):
    row = _item_row(sender, instance.pk)
    instance._rollup_old = ledger_key(row) if row else None


def item_post_delete(sender, instance, **kwargs):
    deltas = defaultdict(lambda: [0, 0])
    _add(deltas, getattr(instance, "_rollup_old", None), -1)
    apply(deltas)


def unit_post_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A unit saved with a new region: move its items' counts before ``rescope_followers``
    rewrites the items (their rows still carry the old path here)."""
    if raw or created or (update_fields is not None and "region_path" not in update_fields):
        return
    from dudao.ledger.models import LedgerItem
    from dudao.regions.models import Region

    rows = list(LedgerItem._base_manager.filter(unit_id=instance.pk).exclude(region_path=instance.region_path)
                .values(*ITEM_FIELDS))
    # the unit row already names its new region: the old one is the region of the items' old path
    old_regions = dict(Region.objects.filter(path__in={r["region_path"] for r in rows}).values_list("path", "pk"))
    deltas = defaultdict(lambda: [0, 0])
    for row in rows:
        _add(deltas, ledger_key({**row, "unit__region_id": old_regions.get(row["region_path"])}), -1)
        _add(deltas, ledger_key({**row, "unit__region_id": instance.region_id, "region_path": instance.region_path}),
             +1)
    apply(deltas)


# ---- rebuild ---------------------------------------------------------------------------------------

def aggregate(queryset=None) -> dict:
    """``{key: [n, close_days]}`` of the items (all by default), computed from the rows."""
    from dudao.ledger.models import LedgerItem

    qs = LedgerItem._base_manager.all() if queryset is None else queryset
    out = defaultdict(lambda: [0, 0])
    for row in qs.order_by().values(*ITEM_FIELDS).iterator(chunk_size=5000):
        _add(out, ledger_key(row), +1)
    return out


@transaction.atomic
def rebuild(*, batch_size: int = 5000) -> int:
    """Recompute the whole ledger rollup from the items; returns the number of rollup rows."""
    LedgerRollup.objects.all().delete()
    cells = aggregate()
    rows = [LedgerRollup(**_as_fields(key), n=n, close_days=d) for key, (n, d) in cells.items() if n]
    LedgerRollup.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def snapshot() -> dict:
    """The rollup as ``{key: [n, close_days]}`` (tests compare it with ``aggregate()``)."""
    return {tuple(r[f] for f in LedgerRollup.KEY): [r["n"], r["close_days"]]
            for r in LedgerRollup.objects.values(*LedgerRollup.KEY, "n", "close_days")}
