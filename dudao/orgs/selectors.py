from django.db.models import Count, Q

from .choices import UnitKind
from .models import Unit


def unit_filter(qs, *, region=None, descendants: bool = True, kind: str = "", q: str = "", is_active=None):
    """Filters shared by the unit pages and the API: region (with its descendants by default),
    kind, and a name search that also matches pinyin initials ("naq" → 南岸区…) and full pinyin."""
    if region is not None:
        qs = qs.in_region(region, descendants=descendants)
    if kind:
        qs = qs.filter(kind=kind)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    q = (q or "").strip()
    if q:
        term = Q(name__contains=q) | Q(short_name__contains=q) | Q(credit_code=q.upper())
        if q.isascii():
            term |= Q(search_key__contains=q.lower().replace(" ", ""))
        qs = qs.filter(term)
    return qs


def region_unit_counts(user, region) -> list[dict]:
    """The units of ``region`` (with its descendants) the user may see, counted by kind — the region
    page's card (``regions.selectors.REGION_COUNTS``)."""
    labels = dict(UnitKind.choices)
    counts = Unit.objects.for_user(user, "view").in_region(region).order_by().values("kind").annotate(n=Count("id"))
    return [{"kind": r["kind"], "label": labels.get(r["kind"], r["kind"]), "n": r["n"]} for r in counts]


def responsible_departments(unit):
    """The member departments (成员单位) that may answer for a problem found at the government
    ``unit`` (督政): the current member units of the committee of the county it belongs to — a
    区县人民政府's own region, a 乡镇/街道's county. An empty queryset for any other kind."""
    from .choices import UnitKind
    from .models import MemberUnit

    if unit.kind == UnitKind.COUNTY_GOVERNMENT:
        county_id = unit.region_id
    elif unit.kind == UnitKind.TOWNSHIP_GOVERNMENT:
        county_id = unit.region.parent_id
    else:
        return Unit.objects.none()
    members = MemberUnit.objects.filter(committee__region_id=county_id, committee__kind=UnitKind.COMMITTEE,
                                        left_on__isnull=True).values("unit_id")
    return Unit.objects.filter(pk__in=members, is_active=True).order_by("name")
