from django.db.models import Q
from django.http import Http404

from dudao.common.scoping import user_assignments

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


def default_region(user):
    """The region a page opens on: the user's first assignment (its unit's region), else the root."""
    for a in user_assignments(user):
        if a.region_id:
            return a.region
        if a.unit_id:
            return a.unit.region
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


def picked_region(request, form=None):
    """The region chosen on a page with ``?region=`` (code or exact name), or the user's default.
    A region the user may not see is a 404, as for any other object."""
    value = (request.GET.get("region") or "").strip().split(" ")[0]
    if value:
        qs = Region.objects.for_user(request.user, "view")
        region = qs.filter(code=value).first() or qs.filter(name=value).first()
        if region is None:
            raise Http404
        return region
    return default_region(request.user)
