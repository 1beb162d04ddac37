"""Every export and bulk download reports itself here: what, with which filter, how many rows.

The audit app listens (``AuditConfig.ready``) and writes one ``export`` entry per call, so the
generic paths — ``xlsx_response`` (every list's ``?export=xlsx``), zip packages, document batches,
API exports — are audited by one mechanism (等保 安全审计). ``common`` imports no app, hence the hook.
"""

from . import context

_LISTENERS: list = []


def register(listener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def request_filters() -> dict:
    """The current request's query string (less ``export``/``page``), as the export's filter."""
    request = context.current().request
    query = getattr(request, "GET", None)
    if query is None:
        return {}
    return {k: v for k, v in query.items() if k not in ("export", "page")}


def exported(*, name: str, object_type: str = "", rows: int | None = None, filters: dict | None = None,
             fmt: str = "xlsx") -> None:
    filters = request_filters() if filters is None else filters
    for listener in _LISTENERS:
        listener(name=str(name), object_type=object_type, rows=rows, filters=filters, fmt=fmt)
