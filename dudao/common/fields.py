"""Model fields shared by every app."""

from django.db import models


class RegionPathField(models.CharField):
    """A materialised region path (``/500000/500108/``) or a copy of one.

    On PostgreSQL the column uses the "C" collation, so one ordinary b-tree index serves both the
    scoping predicate ``LIKE '/500000/500108/%'`` (as a range) and ``ORDER BY path`` — a page of a
    province's 15,000 units is read in index order instead of sorting or scanning the table. Other
    databases keep their default (byte-wise on SQLite).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
