"""Rows created in bulk still leave their trace. ``bulk_create`` sends no ``post_save``, so a service
that creates many rows at once (a workflow's history lines for an Excel import of 15,000 forms)
announces them here with ``created(model, instances)``, and each listener records them as the
signals would have, in one go (the audit log registers one from its ``AppConfig.ready``: one entry
per row, the hash chain extended in one statement)."""

from collections.abc import Callable

_LISTENERS: list[Callable] = []


def register(listener: Callable) -> None:
    """``listener(model, instances)``: called after ``instances`` (saved, with their ids) were created."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def created(model, instances: list) -> None:
    for listener in _LISTENERS:
        listener(model, instances)


#: Fields whose Python values the database drivers take as they are.
_PLAIN = {"AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
          "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "TextField"}


def insert_rows(model, fields: list[str], rows, *, constants: dict | None = None, using: str = "default",
                batch: int = 5000) -> int:
    """INSERT ``rows`` (tuples of Python values in ``fields`` order) plus ``constants`` ({field: value},
    the same for every row) with ``executemany``, in batches; returns the number of rows. For the
    biggest bulk writes (an import's 260,000 cells): ``bulk_create`` builds a model instance and
    compiles every value of every row (≈ 100 µs a row); here a value only goes through its field's
    ``get_db_prep_save`` when the driver cannot take it as it is, and a constant once. No ids come
    back, no defaults are filled and no signals are sent: pass every column that has no database
    default, and announce the rows yourself if they must be audited."""
    from django.db import connections

    connection = connections[using]
    constants = constants or {}
    opts = model._meta
    columns = [opts.get_field(f) for f in fields]
    fixed = [(opts.get_field(f), v) for f, v in constants.items()]
    fixed_values = tuple(f.get_db_prep_save(v, connection) for f, v in fixed)
    prep = [None if f.get_internal_type() in _PLAIN else f for f in columns]
    needs_prep = any(p is not None for p in prep)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns + [f for f, _ in fixed])
    sql = (f"INSERT INTO {quote(opts.db_table)} ({names}) "
           f"VALUES ({', '.join(['%s'] * (len(columns) + len(fixed)))})")
    count = 0
    chunk = []
    with connection.cursor() as cursor:
        for row in rows:
            if needs_prep:
                row = tuple(v if p is None or v is None else p.get_db_prep_save(v, connection)
                            for p, v in zip(prep, row, strict=True))
            chunk.append(row + fixed_values if fixed_values else row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
