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


# ---- 社会认可度: filled by the surveys (a hook; this app never imports them) -------------------------
_RECOGNITION: dict[str, list] = {"balance": [], "preschool": []}


def register_recognition(fn, *, kind: str = "balance") -> None:
    """``fn(region, year) -> Decimal | None``: the 社会认可度 of a county in a year as a percentage
    (0–100), or ``None`` when it was not measured (shown 未测). ``kind`` is ``balance`` (优质均衡) or
    ``preschool`` (普及普惠). The last function registered that answers wins."""
    if fn not in _RECOGNITION[kind]:
        _RECOGNITION[kind].append(fn)


def recognition(region, year: int, kind: str) -> Decimal | None:
    for fn in reversed(_RECOGNITION[kind]):
        value = fn(region, year)
        if value is not None:
            return Decimal(str(value))
    return None


def rounded(value: Decimal | None, places: int = 4) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(numerator, denominator, factor: int | Decimal = 1) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) * Decimal(factor) / Decimal(denominator)
