"""Reads shared by the pages and the API: a survey's results and the 社会认可度 rate.

认可度 (recognition rate), as this platform computes it::

    rate = 100 × satisfied / answered

over the answers to the likert items marked 计入认可度 (``Question.counts_for_recognition``) —
every such answer counts once, pooled over audiences (per audience: the same over that audience's
answers); ``answered`` excludes items left blank; an answer is *satisfied* when its level is among
the top ``surveys.satisfied_levels`` levels (region setting, default 2: 满意 and 比较满意). The
national documents fix the threshold (≥ 85 %, ``balance.recognition_percent`` / ``preschool.recognition_percent``) but not the formula: the
levels counted are a setting, marked 待核实. Everything is one database aggregate per grouping."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from os.path import commonprefix

from django.db.models import Count, Q

from dudao.regionsettings.services import get_setting

from .choices import RECOGNITION_PURPOSES, Audience, Likert, QuestionKind, SurveyPurpose, SurveyStatus
from .models import Answer, Question, Response, Survey

HUNDRED = Decimal(100)


def satisfied_floor(region) -> int:
    """The lowest likert value counted as satisfied in ``region`` (5 − levels + 1)."""
    levels = int(get_setting(region, "surveys.satisfied_levels"))
    return 6 - max(1, min(5, levels))


def rate(satisfied: int, answered: int) -> Decimal | None:
    if not answered:
        return None
    return (HUNDRED * satisfied / answered).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _recognition_answers(floor: int):
    return dict(answered=Count("id"), satisfied=Count("id", filter=Q(value__gte=floor)))


def results(survey: Survey) -> dict:
    """The survey's responses and rates per audience and overall, and each question's distribution."""
    floor = satisfied_floor(survey.region)
    counting = Answer.objects.filter(response__survey=survey, question__counts_for_recognition=True,
                                     value__isnull=False)
    by_audience = {row["response__audience"]: row for row in
                   counting.values("response__audience").annotate(**_recognition_answers(floor))}
    responses = dict(Response.objects.filter(survey=survey).values("audience").annotate(n=Count("id"))
                     .values_list("audience", "n"))
    quotas = {q.audience: q for q in survey.quotas.all()}
    rows = []
    for audience in Audience:
        row = by_audience.get(audience.value, {})
        quota = quotas.get(audience.value)
        if not responses.get(audience.value) and (quota is None or not quota.is_open):
            continue
        rows.append({"audience": audience.value, "label": str(audience.label),
                     "responses": responses.get(audience.value, 0),
                     "quota": quota.quota if quota else None, "is_open": bool(quota and quota.is_open),
                     "answered": row.get("answered", 0), "satisfied": row.get("satisfied", 0),
                     "rate": rate(row.get("satisfied", 0), row.get("answered", 0))})
    total = counting.aggregate(**_recognition_answers(floor))
    threshold = recognition_threshold(survey.region, survey.purpose)
    overall = rate(total["satisfied"], total["answered"])
    questions = []
    likert_counts = {}
    for row in (Answer.objects.filter(response__survey=survey, question__kind=QuestionKind.LIKERT)
                .values("question", "value").annotate(n=Count("id"))):
        likert_counts.setdefault(row["question"], {})[row["value"]] = row["n"]
    for q in Question.objects.filter(survey=survey).order_by("order", "id"):
        entry = {"id": q.pk, "order": q.order, "text": q.text, "kind": q.kind,
                 "counts_for_recognition": q.counts_for_recognition}
        if q.kind == QuestionKind.LIKERT:
            counts = likert_counts.get(q.pk, {})
            entry["levels"] = [{"value": lv.value, "label": str(lv.label), "count": counts.get(lv.value, 0)}
                               for lv in Likert]
            answered = sum(counts.values())
            entry["rate"] = rate(sum(n for v, n in counts.items() if v >= floor), answered)
        questions.append(entry)
    return {"audiences": rows, "responses": sum(responses.values()), "answered": total["answered"],
            "satisfied": total["satisfied"], "rate": overall, "threshold": threshold,
            "passed": None if overall is None else overall >= threshold,
            "satisfied_levels": [str(lv.label) for lv in Likert if lv.value >= floor], "questions": questions}


def recognition_threshold(region, purpose) -> Decimal:
    """The 85 % line of the standard the survey measures — one setting per standard, read by the
    indices too: ``preschool.recognition_percent`` for 普及普惠, ``balance.recognition_percent`` otherwise."""
    key = "preschool.recognition_percent" if purpose == SurveyPurpose.PRESCHOOL else "balance.recognition_percent"
    return Decimal(str(get_setting(region, key)))


def recognition_surveys(region, year: int, purposes=RECOGNITION_PURPOSES):
    return Survey.objects.filter(region_path__startswith=region.path, year=year, purpose__in=list(purposes)).exclude(
        status=SurveyStatus.DRAFT)


def recognition_rate(region, year: int, purposes=RECOGNITION_PURPOSES) -> Decimal | None:
    """社会认可度 of ``region`` (a county) in ``year``, in percent (two decimals), pooled over its
    opened or closed 社会认可度 surveys (county-wide and its schools'); None when nothing was answered.
    The county verdict compares it with ``balance.recognition_percent`` / ``preschool.recognition_percent`` (``recognition_verdict``).
    A system function: the caller decides who may see the result."""
    floor = satisfied_floor(region)
    total = Answer.objects.filter(response__survey__in=recognition_surveys(region, year, purposes),
                                  question__counts_for_recognition=True, value__isnull=False
                                  ).aggregate(**_recognition_answers(floor))
    return rate(total["satisfied"], total["answered"])


def recognition_rates(regions, year: int, purposes=RECOGNITION_PURPOSES) -> dict:
    """``recognition_rate`` of many regions (every county of a province) from one grouped query: the
    answers counted by their survey's region and level, added up the tree; each region's
    ``surveys.satisfied_levels`` is read only when it has answers. ``{region id: rate or None}``."""
    regions = list(regions)
    if not regions:
        return {}
    prefix = commonprefix([r.path for r in regions])
    prefix = prefix[: prefix.rfind("/") + 1]
    surveys = Survey.objects.filter(region_path__startswith=prefix, year=year, purpose__in=list(purposes)).exclude(
        status=SurveyStatus.DRAFT)
    by_path: dict[str, dict] = {}
    for path, value, n in (Answer.objects.filter(response__survey__in=surveys, question__counts_for_recognition=True,
                                                 value__isnull=False)
                           .order_by().values_list("response__survey__region_path", "value").annotate(n=Count("id"))):
        probe = path
        while probe:  # the answer counts for its survey's region and every region above it
            levels = by_path.setdefault(probe, {})
            levels[value] = levels.get(value, 0) + n
            probe = probe[: probe[:-1].rfind("/") + 1]
    out = {}
    for region in regions:
        levels = by_path.get(region.path)
        if not levels:
            out[region.pk] = None
            continue
        floor = satisfied_floor(region)
        out[region.pk] = rate(sum(n for v, n in levels.items() if v >= floor), sum(levels.values()))
    return out


def recognition_verdict(region, year: int, purposes=RECOGNITION_PURPOSES) -> dict:
    value = recognition_rate(region, year, purposes)
    threshold = recognition_threshold(region, purposes[0] if len(purposes) == 1 else SurveyPurpose.BALANCE)
    return {"rate": value, "threshold": threshold, "passed": None if value is None else value >= threshold}


def balance_recognition_rate(region, year: int) -> Decimal | None:
    """社会认可度 of the 优质均衡 surveys only: ``monitoring.indices.register_recognition(…, kind="balance")``."""
    return recognition_rate(region, year, (SurveyPurpose.BALANCE,))


def balance_recognition_rates(regions, year: int) -> dict:
    """``balance_recognition_rate`` of many regions at once (``register_recognition(…, many=…)``)."""
    return recognition_rates(regions, year, (SurveyPurpose.BALANCE,))


def preschool_recognition_rate(region, year: int) -> Decimal | None:
    """社会认可度 of the 普及普惠 surveys only: ``register_recognition(…, kind="preschool")``."""
    return recognition_rate(region, year, (SurveyPurpose.PRESCHOOL,))


def preschool_recognition_rates(regions, year: int) -> dict:
    """``preschool_recognition_rate`` of many regions at once (``register_recognition(…, many=…)``)."""
    return recognition_rates(regions, year, (SurveyPurpose.PRESCHOOL,))
