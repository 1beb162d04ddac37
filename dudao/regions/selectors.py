from django.db.models import Q

from .models import Region

#: What a region's page counts in the region (with its descendants), filled by higher apps from their
#: ``AppConfig.ready`` (the orgs app adds its units by kind; regions imports no app above it):
#: ``(user, region) -> list[{"kind", "label", "n"}]``.
REGION_COUNTS: list = []


def region_counts(user, region: Region) -> list[dict]:
    """The rows of ``REGION_COUNTS`` for ``region`` as ``user`` sees them."""
    return [row for source in REGION_COUNTS for row in source(user, region)]


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
