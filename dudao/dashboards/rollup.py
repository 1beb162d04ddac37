"""Keeping ``LedgerRollup`` current (issue 13, “rollups for scale”).

An item is a *fact* (``item_fact``: its region path, month of registration, category, source,
whether it is overdue on the rollup's day ``LedgerRollupState.as_of``, and its counters); a fact
is *expanded* (``expand``) into one rollup key per ancestor region of its path — the region's
whole subtree — and per breakdown
(all items at every level; category and source at county level and above, ``DETAIL_LEVEL``). The
same two functions serve the incremental upkeep, the Python rebuild (SQLite) and the tests; the
PostgreSQL rebuild is one ``INSERT … SELECT`` of the same definition (the PostgreSQL tests compare
it with the Python one). The upkeep is connected in ``apps.DashboardsConfig.ready``:

* a ledger item saved — by any service or workflow transition (the kernel saves the row; the
  signal fires inside its transaction) — takes its old keys off and puts its new ones on;
* an item deleted takes its keys off;
* a unit moved to another region (``orgs.services.unit_update`` saves the unit, then
  ``rescope_followers`` rewrites its items' paths with one UPDATE) moves its items' counts from the
  old chain of regions to the new one in the unit's save, before the bulk rewrite;
* a region moved (``regions.services.region_update``: ``rewrite_path_prefix`` rewrites every
  copied path, the rollup's included, then the region is saved with its new parent) moves its
  subtree's counts from the old parent's chain to the new one's;
* the day moving on (the ledger's daily job, ``ledger.deadlines.DAILY_JOBS``): ``advance_overdue``
  moves the items that fell overdue since ``as_of`` to their overdue keys and sets ``as_of``.

Every write reads ``as_of`` under a shared lock (PostgreSQL ``FOR SHARE``) and the daily move takes
it exclusively, so a write never computes its keys with a day the move is changing. A dashboard
asking for another day than ``as_of`` (before the job's first run after midnight, or a past
period's map) adds the items due between the two days (``overdue_correction``).

Writes that bypass the model's ``save`` (``QuerySet.update`` on items, as the demo does to age its
rows) must be followed by ``rebuild()`` (``manage.py rebuild_rollups``); until then a later write of
such an item may find no row to take its old keys from, which is logged and skipped."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import DETAIL_LEVEL, LedgerRollup, LedgerRollupState, RollupDim

#: The item columns a fact is made of (``values()`` names).
ITEM_FIELDS = ("region_path", "created_at", "category", "source", "status", "rebound_of_id", "deadline", "closed_at")
#: Model fields whose change can change the keys (a save touching none of them is skipped).
KEY_FIELDS = frozenset({"unit", "region_path", "created_at", "category", "source", "status", "rebound_of",
                        "deadline", "closed_at"})
COUNTERS = LedgerRollup.COUNTERS

logger = logging.getLogger(__name__)

OWED = ("issued", "plan_submitted", "in_progress")
RECHECK = ("reported", "rechecking")
BINDING = (*OWED, *RECHECK, "closed")


def _local_date(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def item_fact(row: dict, as_of: datetime.date) -> tuple[tuple, tuple] | None:
    """``((path, month, category, source, overdue on as_of), counters)`` of one item (a
    ``values(*ITEM_FIELDS)`` row); None for a draft. Counters in ``LedgerRollup.COUNTERS`` order."""
    status = row["status"]
    if status not in BINDING:
        return None
    created = _local_date(row["created_at"])
    closed = _local_date(row["closed_at"]) if status == "closed" and row["closed_at"] else None
    fact = (row["region_path"], created.replace(day=1), row["category"], row["source"],
            status in OWED and row["deadline"] < as_of)
    counters = (1, int(status in OWED or status in RECHECK), int(status == "closed"),
                int(bool(closed and closed <= row["deadline"])), int(row["rebound_of_id"] is not None),
                max(0, (closed - created).days) if closed else 0)
    return fact, counters


def as_of(*, lock: bool = False) -> datetime.date:
    """The rollup's day (``LedgerRollupState``; created as today when missing). ``lock``: hold it
    shared until the end of the transaction (a write computing its keys with it)."""
    if lock and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT as_of FROM {LedgerRollupState._meta.db_table} ORDER BY id LIMIT 1 FOR SHARE")
            row = cursor.fetchone()
        if row:
            return row[0]
    state = LedgerRollupState.objects.order_by("pk").first()
    if state is None:
        state, _created = LedgerRollupState.objects.get_or_create(pk=1, defaults={"as_of": timezone.localdate()})
    return state.as_of


def ancestors(path: str) -> list[str]:
    """The paths of a region's ancestors and its own, top first."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def chains(paths, *, region_model=None) -> dict[str, list[tuple]]:
    """``{path: [(region id, region path, level), …]}``: each path's chain of regions, top first."""
    from dudao.regions.models import Region

    region_model = region_model or Region
    wanted = {a for p in paths for a in ancestors(p)}
    found = {}
    for chunk in _chunks(sorted(wanted), 5000):
        for pk, path, level in region_model._base_manager.filter(path__in=chunk).values_list("pk", "path", "level"):
            found[path] = (pk, path, level)
    return {p: [found[a] for a in ancestors(p) if a in found] for p in paths}


def _chunks(seq, size):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def expand(fact: tuple, chain: list[tuple]):
    """The rollup keys ``(region_id, region_path, month, dim, value, overdue)`` of a fact."""
    _path, month, category, source, due = fact
    for pk, path, level in chain:
        yield (pk, path, month, RollupDim.ALL.value, "", due)
        if level <= DETAIL_LEVEL:
            yield (pk, path, month, RollupDim.CATEGORY.value, category, due)
            yield (pk, path, month, RollupDim.SOURCE.value, source, due)


def _zero():
    return [0] * len(COUNTERS)


def _add(deltas, fact_counters, chain, sign: int) -> None:
    if fact_counters is None:
        return
    fact, counters = fact_counters
    for key in expand(fact, chain):
        cell = deltas[key]
        for i, c in enumerate(counters):
            cell[i] += sign * c


def _as_fields(key: tuple) -> dict:
    return dict(zip(LedgerRollup.KEY, key, strict=True))


def _lookup(key: tuple) -> dict:
    fields = _as_fields(key)
    fields.pop("region_path")
    return fields


def apply(deltas: dict, *, chunk: int = 400) -> None:
    """Add ``{key: counters}`` to the rollup: one SELECT … FOR UPDATE (rows locked in primary key
    order, so two writers never wait on each other crosswise), at most one UPDATE, one INSERT and
    one DELETE per ``chunk`` keys (an item's write has at most 20)."""
    deltas = {k: v for k, v in deltas.items() if any(v)}
    if not deltas:
        return
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                keys = sorted(deltas, key=repr)
                for i in range(0, len(keys), chunk):
                    _apply_once({k: deltas[k] for k in keys[i:i + chunk]})
            return
        except IntegrityError:  # a concurrent writer created one of the rows first: read again
            if attempt == 2:
                raise


def _row_key(row) -> tuple:
    return tuple(getattr(row, f) for f in LedgerRollup.KEY)


def _apply_once(deltas: dict) -> None:
    where = Q()
    for key in deltas:
        where |= Q(**_lookup(key))
    existing = {_row_key(row): row for row in LedgerRollup.objects.select_for_update().filter(where).order_by("pk")}
    changed, new, empty = [], [], []
    for key, delta in deltas.items():
        row = existing.get(key)
        if row is None:
            if any(d < 0 for d in delta):
                # The rollup missed a write that bypassed ``save`` (``QuerySet.update``): it is
                # stale until ``rebuild()``; taking from nothing would only make it worse.
                logger.warning("ledger rollup is stale (no row for %s); run manage.py rebuild_rollups", key)
                continue
            new.append(LedgerRollup(**_as_fields(key), **dict(zip(COUNTERS, delta, strict=True))))
            continue
        for name, d in zip(COUNTERS, delta, strict=True):
            setattr(row, name, max(0, getattr(row, name) + d))
        (empty if row.n <= 0 else changed).append(row)
    if changed:
        LedgerRollup.objects.bulk_update(changed, list(COUNTERS))
    if new:
        LedgerRollup.objects.bulk_create(new)
    if empty:
        LedgerRollup.objects.filter(pk__in=[r.pk for r in empty]).delete()


def _item_row(model, pk) -> dict | None:
    return model._base_manager.filter(pk=pk).values(*ITEM_FIELDS).first()


def _facts_with_chains(rows, day) -> list[tuple]:
    """``[(fact_counters, chain)]`` of item rows (one query for all their chains)."""
    found = [(f, row["region_path"]) for row in rows if row and (f := item_fact(row, day))]
    by_path = chains({p for _f, p in found})
    return [(f, by_path[p]) for f, p in found]


# ---- signal receivers (connected in apps.py) ------------------------------------------------------

def item_pre_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if instance.pk is None:
        instance._rollup_old = None  # a new item: nothing to take off
        return
    if raw or (update_fields is not None and not KEY_FIELDS & set(update_fields)):
        instance._rollup_old = False  # nothing to do
        return
    instance._rollup_old = _item_row(sender, instance.pk)


def item_post_save(sender, instance, raw=False, **kwargs):
    old = getattr(instance, "_rollup_old", None)
    if raw or old is False:
        return
    new = _item_row(sender, instance.pk)
    if old == new:
        return
    deltas = defaultdict(_zero)
    day = as_of(lock=True)
    facts = _facts_with_chains([old, new], day)
    signs = ([-1] if old and item_fact(old, day) else []) + ([+1] if new and item_fact(new, day) else [])
    for (fact, chain), sign in zip(facts, signs, strict=True):
        _add(deltas, fact, chain, sign)
    apply(deltas)


def item_pre_delete(sender, instance, **kwargs):
    instance._rollup_old = _item_row(sender, instance.pk)


def item_post_delete(sender, instance, **kwargs):
    deltas = defaultdict(_zero)
    for fact, chain in _facts_with_chains([getattr(instance, "_rollup_old", None)], as_of(lock=True)):
        _add(deltas, fact, chain, -1)
    apply(deltas)


def _move(items, old_of, new_of) -> None:
    """Move the counts of item rows from the chains ``old_of(path)`` to ``new_of(path)``."""
    deltas = defaultdict(_zero)
    day = as_of(lock=True)
    for row in items:
        found = item_fact(row, day)
        if found is not None:
            _add(deltas, found, old_of(row["region_path"]), -1)
            _add(deltas, found, new_of(row["region_path"]), +1)
    apply(deltas)


def unit_post_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A unit saved with a new region: move its items' counts before ``rescope_followers``
    rewrites the items (their rows still carry the old path here)."""
    if raw or created or (update_fields is not None and "region_path" not in update_fields):
        return
    from dudao.ledger.models import LedgerItem

    rows = list(LedgerItem._base_manager.filter(unit_id=instance.pk, status__in=BINDING)
                .exclude(region_path=instance.region_path).values(*ITEM_FIELDS))
    if not rows:
        return
    old = chains({r["region_path"] for r in rows})
    new = chains([instance.region_path])[instance.region_path]
    _move(rows, old.__getitem__, lambda _path: new)


def region_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._rollup_parent = None
    if raw or instance.pk is None or (update_fields is not None and "parent" not in update_fields):
        return
    instance._rollup_parent = sender._base_manager.filter(pk=instance.pk).values_list("parent_id", flat=True).first()


def region_post_save(sender, instance, raw=False, created=False, **kwargs):
    """A region moved under another parent (its subtree's paths, the items' and the rollup's
    included, are already rewritten): its subtree's counts leave the old parent's chain and join
    the new one's. Read from the subtree's items — a rare administrative act."""
    old_parent = getattr(instance, "_rollup_parent", None)
    if raw or created or old_parent == instance.parent_id:
        return
    from dudao.ledger.models import LedgerItem

    def chain_of(parent_id):
        if parent_id is None:
            return []
        path = sender._base_manager.filter(pk=parent_id).values_list("path", flat=True).first()
        return chains([path])[path] if path else []

    old_chain, new_chain = chain_of(old_parent), chain_of(instance.parent_id)
    rows = list(LedgerItem._base_manager.filter(region_path__startswith=instance.path, status__in=BINDING)
                .values(*ITEM_FIELDS))
    if rows and old_chain != new_chain:
        _move(rows, lambda _p: old_chain, lambda _p: new_chain)


# ---- the day moving on (the ledger's daily job) ------------------------------------------------------

def advance_overdue(today: datetime.date | None = None) -> dict:
    """The daily move (a ``ledger.deadlines.DAILY_JOBS`` entry): the items still owed whose deadline
    fell between ``as_of`` and ``today`` move to their overdue keys, and ``as_of`` becomes
    ``today`` — under an exclusive lock of the state row, so no write computes its keys meanwhile.
    Idempotent; never moves back. Adds nothing to the job's report (its counts are the ledger's)."""
    from dudao.ledger.models import LedgerItem

    today = today or timezone.localdate()
    with transaction.atomic():
        as_of()  # the row exists
        state = LedgerRollupState.objects.select_for_update().order_by("pk").first()
        if today <= state.as_of:
            return {}
        if connection.vendor == "postgresql":
            moved = _advance_sql(state.as_of, today)
        else:
            rows = list(LedgerItem._base_manager.filter(status__in=OWED, deadline__gte=state.as_of,
                                                        deadline__lt=today).values(*ITEM_FIELDS))
            by_path = chains({r["region_path"] for r in rows})
            deltas = defaultdict(_zero)
            for row in rows:
                _add(deltas, item_fact(row, state.as_of), by_path[row["region_path"]], -1)
                _add(deltas, item_fact(row, today), by_path[row["region_path"]], +1)
            apply(deltas)
            moved = len(rows)
        LedgerRollupState.objects.filter(pk=state.pk).update(as_of=today)
        logger.info("ledger rollup: %s items fell overdue between %s and %s", moved, state.as_of, today)
    return {}


#: The daily move on PostgreSQL, set-based (a day's deadlines nationally are ~15,000 items, ~100,000
#: keys): the counts of the items owed whose deadline falls in [as_of, today), per key (the same
#: definition as ``item_fact``/``expand``: owed items are open, not closed, no days to close), leave
#: the rows ``overdue = false`` and join the rows ``overdue = true``.
ADVANCE_SQL = [
    "DROP TABLE IF EXISTS dash_rollup_delta",
    """CREATE TEMP TABLE dash_rollup_delta AS
    WITH RECURSIVE fact AS (
        SELECT region_path AS leaf, date_trunc('month', created_at AT TIME ZONE %(tz)s)::date AS month,
               category, source, count(*) AS n, count(*) FILTER (WHERE rebound_of_id IS NOT NULL) AS rebounds
        FROM ledger_ledgeritem
        WHERE status = ANY(%(owed)s) AND deadline >= %(since)s AND deadline < %(until)s
        GROUP BY 1, 2, 3, 4
    ), chain(leaf, rid) AS (
        SELECT DISTINCT r.path, r.id FROM fact JOIN regions_region r ON r.path = fact.leaf
        UNION ALL
        SELECT chain.leaf, r.parent_id FROM chain JOIN regions_region r ON r.id = chain.rid WHERE r.parent_id IS NOT NULL
    )
    SELECT r.id AS region_id, r.path AS region_path, f.month, d.dim,
           (CASE d.dim WHEN 'category' THEN f.category WHEN 'source' THEN f.source ELSE '' END)::varchar(32) AS value,
           sum(f.n)::bigint AS n, sum(f.rebounds)::bigint AS rebounds
    FROM fact f
    JOIN chain c ON c.leaf = f.leaf
    JOIN regions_region r ON r.id = c.rid
    JOIN (VALUES ('all'), ('category'), ('source')) AS d(dim) ON d.dim = 'all' OR r.level <= %(detail)s
    GROUP BY 1, 2, 3, 4, 5""",
    "ANALYZE dash_rollup_delta",
    """UPDATE dashboards_ledgerrollup t
    SET n = greatest(0, t.n - d.n), open = greatest(0, t.open - d.n), rebounds = greatest(0, t.rebounds - d.rebounds)
    FROM dash_rollup_delta d
    WHERE t.region_id = d.region_id AND t.dim = d.dim AND t.month = d.month AND t.value = d.value AND NOT t.overdue""",
    """INSERT INTO dashboards_ledgerrollup (region_id, region_path, month, dim, value, overdue,
                                         n, open, closed, on_time, rebounds, close_days)
    SELECT region_id, region_path, month, dim, value, true, n, n, 0, 0, rebounds, 0 FROM dash_rollup_delta
    ON CONFLICT ON CONSTRAINT dash_ledger_one_row_per_key DO UPDATE
    SET n = dashboards_ledgerrollup.n + EXCLUDED.n, open = dashboards_ledgerrollup.open + EXCLUDED.open,
        rebounds = dashboards_ledgerrollup.rebounds + EXCLUDED.rebounds""",
    """DELETE FROM dashboards_ledgerrollup t USING dash_rollup_delta d
    WHERE t.region_id = d.region_id AND t.dim = d.dim AND t.month = d.month AND t.value = d.value
      AND NOT t.overdue AND t.n = 0""",
    "SELECT coalesce(sum(n), 0) FROM dash_rollup_delta WHERE dim = 'all' AND region_id IN "
    "(SELECT id FROM regions_region WHERE parent_id IS NULL)",
    "DROP TABLE dash_rollup_delta",
]


def _advance_sql(since: datetime.date, until: datetime.date) -> int:
    from django.conf import settings

    params = {"tz": settings.TIME_ZONE, "owed": list(OWED), "since": since, "until": until, "detail": DETAIL_LEVEL}
    moved = 0
    with connection.cursor() as cursor:
        for sql in ADVANCE_SQL:
            cursor.execute(sql, params)
            if sql.startswith("SELECT"):
                moved = cursor.fetchone()[0]
    return moved


# ---- reads shared by the dashboards and the measures -------------------------------------------------

def overdue_correction(paths, on: datetime.date, day: datetime.date, *, start: datetime.date | None = None,
                       end: datetime.date | None = None) -> list[dict]:
    """What to add to the rollup's overdue counts (as of ``day``) for them to be as of ``on``: the
    items still owed under ``paths`` (registered between ``start`` and ``end`` when given) whose
    deadline lies between the two days, rows ``{region_path, category, source, month, n}`` with
    ``n`` negative when ``on`` is before ``day``. Nothing to read when the days are equal (the
    dashboards once the daily job has run); else one read by the ``(status, deadline)`` index."""
    from dudao.ledger.models import LedgerItem

    if on == day or not paths:
        return []
    sign = 1 if on > day else -1
    where = Q()
    for path in paths:
        where |= Q(region_path__startswith=path)
    qs = LedgerItem._base_manager.filter(where, status__in=OWED, deadline__gte=min(on, day),
                                         deadline__lt=max(on, day))
    if start is not None:
        qs = qs.filter(created_at__date__gte=start, created_at__date__lte=end)
    rows = list(qs.order_by().annotate(month=TruncMonth("created_at", output_field=DateField()))
                .values("region_path", "category", "source", "month").annotate(n=Count("id")))
    for row in rows:
        row["n"] *= sign
    return rows


# ---- rebuild ---------------------------------------------------------------------------------------

def facts(queryset, day: datetime.date) -> dict:
    """``{fact: counters}`` of the items of ``queryset`` (summed per fact), overdue as of ``day``."""
    out = defaultdict(_zero)
    for row in queryset.order_by().values(*ITEM_FIELDS).iterator(chunk_size=5000):
        found = item_fact(row, day)
        if found is not None:
            cell = out[found[0]]
            for i, c in enumerate(found[1]):
                cell[i] += c
    return out


def aggregate(queryset=None, *, day=None, item_model=None, region_model=None) -> dict:
    """``{key: counters}`` of the items (all by default), overdue as of ``day`` (the rollup's by
    default), computed from the rows in Python."""
    from dudao.ledger.models import LedgerItem

    item_model = item_model or LedgerItem
    qs = item_model._base_manager.all() if queryset is None else queryset
    found = facts(qs, day or as_of())
    by_path = chains({f[0] for f in found}, region_model=region_model)
    out = defaultdict(_zero)
    for fact, counters in found.items():
        _add(out, (fact, counters), by_path[fact[0]], +1)
    return out


#: The PostgreSQL rebuild: ``item_fact`` and ``expand`` in one statement (facts per leaf path,
#: each region's chain through ``parent_id``, three breakdowns, the detail ones down to
#: ``DETAIL_LEVEL``).
REBUILD_SQL = """
WITH RECURSIVE chain(leaf, rid) AS (
    SELECT path, id FROM regions_region
    UNION ALL
    SELECT chain.leaf, r.parent_id FROM chain JOIN regions_region r ON r.id = chain.rid WHERE r.parent_id IS NOT NULL
), fact AS (
    SELECT region_path AS leaf,
           date_trunc('month', created_at AT TIME ZONE %(tz)s)::date AS month,
           category, source,
           status = ANY(%(owed)s) AND deadline < %(as_of)s AS due,
           count(*) AS n,
           count(*) FILTER (WHERE status <> 'closed') AS open,
           count(*) FILTER (WHERE status = 'closed') AS closed,
           count(*) FILTER (WHERE status = 'closed' AND (closed_at AT TIME ZONE %(tz)s)::date <= deadline) AS on_time,
           count(*) FILTER (WHERE rebound_of_id IS NOT NULL) AS rebounds,
           coalesce(sum(greatest(0, (closed_at AT TIME ZONE %(tz)s)::date - (created_at AT TIME ZONE %(tz)s)::date))
                    FILTER (WHERE status = 'closed' AND closed_at IS NOT NULL), 0) AS close_days
    FROM ledger_ledgeritem WHERE status = ANY(%(binding)s)
    GROUP BY 1, 2, 3, 4, 5
)
INSERT INTO dashboards_ledgerrollup (region_id, region_path, month, dim, value, overdue,
                                     n, open, closed, on_time, rebounds, close_days)
SELECT r.id, r.path, f.month, d.dim,
       CASE d.dim WHEN 'category' THEN f.category WHEN 'source' THEN f.source ELSE '' END, f.due,
       sum(f.n), sum(f.open), sum(f.closed), sum(f.on_time), sum(f.rebounds), sum(f.close_days)
FROM fact f
JOIN chain c ON c.leaf = f.leaf
JOIN regions_region r ON r.id = c.rid
JOIN (VALUES ('all'), ('category'), ('source')) AS d(dim) ON d.dim = 'all' OR r.level <= %(detail)s
GROUP BY r.id, r.path, f.month, d.dim, 5, f.due
"""


def rebuild(*, day: datetime.date | None = None, batch_size: int = 5000, apps=None) -> int:
    """Recompute the whole ledger rollup from the items, overdue as of ``day`` (default today),
    which becomes its ``as_of``; returns the number of rollup rows. ``apps``: the migration's
    models (the migration that creates the table rebuilds it)."""
    rollup_model = apps.get_model("dashboards", "LedgerRollup") if apps else LedgerRollup
    state_model = apps.get_model("dashboards", "LedgerRollupState") if apps else LedgerRollupState
    today = day or timezone.localdate()
    with transaction.atomic():
        state = state_model.objects.select_for_update().order_by("pk").first()
        if state is None:
            state_model.objects.create(pk=1, as_of=today)
        else:
            state_model.objects.filter(pk=state.pk).update(as_of=today)
        rollup_model._base_manager.all().delete()
        if connection.vendor == "postgresql":
            from django.conf import settings

            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '256MB'")
                cursor.execute(REBUILD_SQL, {"tz": settings.TIME_ZONE, "owed": list(OWED), "binding": list(BINDING),
                                             "as_of": today, "detail": DETAIL_LEVEL})
                return cursor.rowcount
        cells = aggregate(day=today, item_model=apps.get_model("ledger", "LedgerItem") if apps else None,
                          region_model=apps.get_model("regions", "Region") if apps else None)
        rows = [rollup_model(**_as_fields(key), **dict(zip(COUNTERS, c, strict=True)))
                for key, c in cells.items() if c[0]]
        rollup_model._base_manager.bulk_create(rows, batch_size=batch_size)
        return len(rows)


def snapshot() -> dict:
    """The rollup as ``{key: counters}`` (tests compare it with ``aggregate()``)."""
    return {tuple(r[f] for f in LedgerRollup.KEY): [r[c] for c in COUNTERS]
            for r in LedgerRollup.objects.values(*LedgerRollup.KEY, *COUNTERS)}
