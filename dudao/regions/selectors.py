from django.db.models import Q

from .models import Region


def region_filter(qs, *, q: str = "", level: int | None = None, parent: Region | None = None,
                  within: Region | None = None):
    """Filters shared by the region pages and the API."""
    if within is not None:
        qs = qs.subtree(within)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if level:
        qs = qs.filter(level=level)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q) | Q(search_key__contains=q.lower()))
    return qs
