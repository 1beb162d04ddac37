"""The stored per-school, per-学段 totals of the 优质均衡 school form (``models.SchoolSectionTotals``):
written from the data values when a submission's values lock, read by the indices.

A row is what ``balance.school_sections`` computes for one school and 学段 — the same conditional
sums over the same element ids, run by the database into the table (``INSERT … SELECT``), so the
stored numbers are exactly the ones the grouping gives (PostgreSQL: numeric sums; SQLite: the same
float sums) and the indices read 500,000 narrow rows instead of regrouping 7.7 million cells.

Invariant: rows exist exactly for the form's submissions in ``common.PREVIEW`` (已上报, 县级已审核,
市级已接收), whose values no service changes (``services.values_save``/``values_write_many`` refuse a
change unless 填报中 or 已退回). ``refresh`` runs after every transition of a submission (the hooks
of ``workflows.SUBMISSION``: submit writes, approve/accept rewrite, return/reopen remove), inside
the transition's transaction; ``rebuild`` (the migration that made the table, ``manage.py
rebuild_balance_totals``) recomputes every row."""

from django.db import connection

from ..models import DataValue, SchoolSectionTotals
from .balance import COLLECTION, INDICATOR_ELEMENTS, SECTIONS, _sum_of, element_ids
from .common import PREVIEW

#: The stored columns, in the order the grouping computes them.
TOTAL_COLUMNS = ["students", *[f"r_{code}" for code in INDICATOR_ELEMENTS]]


def _grouped(submission_ids=None):
    """The form's data values of the submissions whose values count or may (``PREVIEW``), grouped by
    submission and 学段 into the stored columns — ``submission_ids`` limits it."""
    ids = element_ids(COLLECTION)
    sums = {f"r_{code}": _sum_of([pk for e in elements for pk in ids.get(e, [])])
            for code, (elements, _k, _w) in INDICATOR_ELEMENTS.items()}
    qs = DataValue.objects.filter(submission__round__collection__code=COLLECTION, submission__status__in=PREVIEW,
                                  section__in=list(SECTIONS))
    if submission_ids is not None:
        qs = qs.filter(submission_id__in=submission_ids)
    return (qs.order_by().values("submission_id", "submission__unit_id", "section")
            .annotate(students=_sum_of(ids.get("students", [])), **sums))


def _insert(submission_ids=None) -> int:
    grouped = _grouped(submission_ids)
    sql, params = grouped.query.sql_with_params()
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ["submission_id", "unit_id", "section", *TOTAL_COLUMNS])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(SchoolSectionTotals._meta.db_table)} ({columns}) {sql}", params)
        return cursor.rowcount


def _delete(submission_ids=None) -> None:
    """Raw DELETE: the rows are derived bookkeeping (no signals, no audit entries per row)."""
    q = connection.ops.quote_name
    table = q(SchoolSectionTotals._meta.db_table)
    with connection.cursor() as cursor:
        if submission_ids is None:
            cursor.execute(f"DELETE FROM {table}")
            return
        ids = list(submission_ids)
        for i in range(0, len(ids), 2000):
            chunk = ids[i:i + 2000]
            cursor.execute(f"DELETE FROM {table} WHERE {q('submission_id')} IN ({', '.join(['%s'] * len(chunk))})",
                           chunk)


def refresh(submission_ids) -> int:
    """Rewrite the rows of ``submission_ids`` from their values and states (none left for a submission
    not in ``PREVIEW`` or not of the form); returns the number of rows written. Call it inside the
    transaction that changed them."""
    ids = list(submission_ids)
    if not ids:
        return 0
    _delete(ids)
    written = 0
    for i in range(0, len(ids), 2000):
        written += _insert(ids[i:i + 2000])
    return written


def rebuild() -> int:
    """Every row again from the data values (one DELETE, one INSERT … SELECT); returns the row count."""
    _delete()
    return _insert()


def on_transition(submission, step) -> None:
    """``workflows.SUBMISSION`` hook: after any transition, the submission's rows follow its new state."""
    refresh([submission.pk])


def snapshot() -> dict:
    """``{(submission id, 学段): (unit id, students, r_…)}`` of every stored row (for a check)."""
    return {(row[0], row[2]): (row[1], *row[3:]) for row in SchoolSectionTotals.objects.order_by().values_list(
        "submission_id", "unit_id", "section", *TOTAL_COLUMNS)}
