"""What the indices share: which submissions count, settings, the recognition hook, rounding."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max

from dudao.regionsettings.services import effective_settings

from ..choices import SubmissionStatus
from ..models import Submission

#: Submissions whose values count: approved by the county (locked) or accepted by the city.
COUNTED = (SubmissionStatus.APPROVED, SubmissionStatus.ACCEPTED)
#: With ``include_submitted`` (a preview before the review): submitted ones too.
PREVIEW = (*COUNTED, SubmissionStatus.SUBMITTED)


def counted_submissions(collection_code: str, year: int, path: str, *, include_submitted: bool = False):
    """The ids (as a subquery) of the one submission per unit whose values count: the unit's latest
    (highest id) submission in a counted state to any round of ``collection_code`` for ``year`` —
    a unit answering a county round and a city round of the same form counts once."""
    statuses = PREVIEW if include_submitted else COUNTED
    return (Submission.objects.filter(round__collection__code=collection_code, round__year=year,
                                      region_path__startswith=path, status__in=statuses)
            .order_by().values("unit_id").annotate(last=Max("id")).values("last"))


def settings_for(region, keys) -> dict:
    return {k: s.value for k, s in effective_settings(region, keys).items()}


def settings_for_many(regions, keys) -> dict:
    """``{region id: {key: value}}`` for many regions from one query (``effective_settings``'s rule:
    the nearest region up the tree that sets a key wins, else the default; read back inside the law)."""
    from dudao.regionsettings.models import RegionSetting
    from dudao.regionsettings.registry import SPECS

    keys = list(keys)
    paths = set()
    for region in regions:
        codes = region.path.strip("/").split("/")
        paths.update("/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes)))
    rows = list(RegionSetting.objects.filter(key__in=keys, region_path__in=sorted(paths))
                .order_by("region_path").values_list("region_path", "key", "value"))
    out = {}
    for region in regions:
        values = {k: SPECS[k].default for k in keys}
        for path, key, value in rows:  # root first, so deeper rows overwrite
            if region.path.startswith(path):
                values[key] = SPECS[key].within_law(SPECS[key].kind(value))
        out[region.pk] = values
    return out


# ---- 社会认可度: filled by the surveys (a hook; this app never imports them) -------------------------
_RECOGNITION: dict[str, list] = {"balance": [], "preschool": []}
_RECOGNITION_MANY: dict = {}


def register_recognition(fn, *, kind: str = "balance", many=None) -> None:
    """``fn(region, year) -> Decimal | None``: the 社会认可度 of a county in a year as a percentage
    (0–100), or ``None`` when it was not measured (shown 未测). ``kind`` is ``balance`` (优质均衡) or
    ``preschool`` (普及普惠). The last function registered that answers wins. ``many(regions, year)
    -> {region id: value or None}``, when given, answers for many counties at once (a province's
    indices read it once, not once per county)."""
    if fn not in _RECOGNITION[kind]:
        _RECOGNITION[kind].append(fn)
    if many is not None:
        _RECOGNITION_MANY[fn] = many


def recognition(region, year: int, kind: str) -> Decimal | None:
    for fn in reversed(_RECOGNITION[kind]):
        value = fn(region, year)
        if value is not None:
            return Decimal(str(value))
    return None


def recognition_many(regions, year: int, kind: str) -> dict:
    """``recognition`` of each of ``regions``: ``{region id: Decimal or None}``."""
    out = {r.pk: None for r in regions}
    for fn in reversed(_RECOGNITION[kind]):
        todo = [r for r in regions if out[r.pk] is None]
        if not todo:
            break
        many = _RECOGNITION_MANY.get(fn)
        values = many(todo, year) if many is not None else {r.pk: fn(r, year) for r in todo}
        for pk, value in values.items():
            if value is not None:
                out[pk] = Decimal(str(value))
    return out


def rounded(value: Decimal | None, places: int = 4) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(numerator, denominator, factor: int | Decimal = 1) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) * Decimal(factor) / Decimal(denominator)
