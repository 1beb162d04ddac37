"""Aggregate over a grouped queryset in the database: ``SELECT … FROM (<grouped queryset>) GROUP BY …``.

The ORM groups the data values by school and 学段 (conditional aggregation); the sums over those
groups — the weighted moments of the 差异系数, a county's totals — are a second level of aggregation,
which the ORM does not express with a GROUP BY of its own. This wraps the ORM's compiled SQL (its
parameters kept, nothing interpolated but quoted column aliases) in an outer aggregate."""

from decimal import Decimal

from django.db import connection


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def outer_aggregate(queryset, *, group_by: list[str], select: dict[str, str]) -> list[dict]:
    """Rows of ``SELECT <group_by>, <select expressions> FROM (<queryset>) t GROUP BY <group_by>``.

    ``select`` maps an output name to an SQL expression over the inner columns, written with
    ``{col}`` placeholders, e.g. ``{"s": "SUM({students})"}`` (each ``{name}`` becomes ``t."name"``).
    Numbers come back as ``Decimal`` (floats from SQLite through ``str``)."""
    sql, params = queryset.query.sql_with_params()
    columns = {name: f"t.{q(name)}" for name in _column_names(queryset)}
    keys = [columns[g] for g in group_by]
    exprs = [f"{expr.format(**columns)} AS {q(name)}" for name, expr in select.items()]
    text = (f"SELECT {', '.join(keys + exprs)} FROM ({sql}) t"
            + (f" GROUP BY {', '.join(keys)}" if keys else ""))
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        names = group_by + list(select)
        return [{n: _number(v) if n in select else v for n, v in zip(names, row, strict=True)}
                for row in cursor.fetchall()]


def _column_names(queryset) -> list[str]:
    query = queryset.query
    return list(query.values_select) + list(query.annotation_select)


def _number(value):
    if value is None:
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(value) if not isinstance(value, Decimal) else value
