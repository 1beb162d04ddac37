"""The national indices' results as the dashboards read them: one ``IndexResult`` row per county,
year and index (优质均衡, 普及普惠), holding each indicator's value, threshold, 待核实 and met.

Why stored: ``monitoring.indices`` computes on demand, exactly — a province's 优质均衡 is one statement
over every school's values (≈ 2 s at 15,000 schools, docs/performance.md) and its 普及普惠 a few queries
per county. A dashboard (and every role home that includes it) cannot pay that on each view.

How it stays equal to the index pages: each row keeps ``basis``, a fingerprint of what the computation
read for its county — the counted submissions of the five index forms (count, ids, approval and
acceptance times, last update, grouped by the unit's region), the county's settings of every index
key, and its 社会认可度 of both kinds. ``results_for(counties, year)`` reads the fingerprints of all
counties in three queries (submissions grouped by region path, settings, recognition), the rows in a
fourth, and recomputes only the counties whose fingerprint changed or that have no row — with the
indices' own functions (``balance_many``: one statement for all of them; ``preschool_county`` per
county) — then stores them. So a submission approved or returned, a threshold changed, a survey
answered all show at the next view; a school's profile (教学点, 学段 kind) has no timestamp, so its
save drops its county's rows (``apps.py``). ``manage.py refresh_indices`` computes ahead (the demo
does). Only counted (approved/accepted) submissions: the dashboards never show the preview.

Labels are stored as their Chinese msgids (computed under zh-hans) and translated when read."""

from __future__ import annotations

import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import IndexKind, IndexResult

#: The forms the two indices read (``monitoring.indices``).
FORMS = ("balance_school_resources", "balance_county_guarantee", "balance_county_quality",
         "preschool_kindergarten", "preschool_county")
#: Further label parts of this module (msgids; the others are the indices' own labels).
DIFF = gettext_noop("差异系数")
SCHOOLS_FAILING = gettext_noop("未达到学校标准的学校数")
NO_FORM = gettext_noop("尚无已审核的县级采集表")
RATE_OF_KINDERGARTENS = gettext_noop("达标幼儿园比例")
RECOGNITION = gettext_noop("社会认可度")
#: 普及普惠 measure → the setting its threshold is.
PRESCHOOL_SETTINGS = {
    "gross_enrolment": "preschool.gross_enrolment_percent", "inclusive_coverage": "preschool.inclusive_coverage_percent",
    "public_share": "preschool.public_share_percent", "class_size": "preschool.class_size_ok_percent",
    "teacher_ratio": "preschool.children_per_teacher", "licensed": "preschool.licensed_percent",
    "principal_licensed": "preschool.licensed_percent", "noncredentialed_pay": "preschool.noncredentialed_pay_percent",
    "recognition": "preschool.recognition_percent",
}
OPS = {">=": "≥", "<=": "≤", "<": "<", "0": "=", "yes": "=", "=": "="}


def setting_keys() -> list[str]:
    from dudao.monitoring.indices.balance import setting_keys as balance_keys
    from dudao.monitoring.indices.balance_county import setting_keys as county_keys
    from dudao.monitoring.indices.preschool import SETTING_KEYS

    return sorted(set(balance_keys()) | set(county_keys()) | set(SETTING_KEYS))


def unverified(key: str) -> bool:
    """A setting whose national number is not verified yet (its source says 待核实)."""
    from dudao.regionsettings.registry import SPECS

    spec = SPECS.get(key)
    return spec is not None and "待核实" in str(spec.source)


def _num(value) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def _figure(key, parts, value, threshold, op, *, setting="", unit="", passed=None, pending=None, text=""):
    return {"key": key, "label": list(parts), "value": _num(value) if text == "" else None, "text": text,
            "threshold": threshold if isinstance(threshold, str) else _num(threshold), "op": op, "unit": unit,
            "setting": setting, "pending": bool(unverified(setting) if pending is None else pending or unverified(setting)),
            "passed": passed}


# ---- from the indices' results to stored figures ---------------------------------------------------

def balance_figures(result) -> list[dict]:
    """The 优质均衡 indicators of a ``BalanceResult``: per 学段 with data the seven 差异系数 and the
    schools failing the school rule, the 政府保障程度 and 教育质量 items, 社会认可度."""
    from dudao.monitoring.indices.balance import INDICATORS, SECTIONS

    labels = {c: str(label) for c, label, _u in INDICATORS}
    out = []
    for key, s in result.sections.items():
        if not s.has_data:
            continue
        for code in labels:
            cv = s.cv.get(code)
            out.append(_figure(f"cv.{key}.{code}", [str(SECTIONS[key]), labels[code], DIFF],
                               None if cv is None else round(cv, 3), s.threshold, "<=",
                               setting=f"balance.{key}.cv_max", passed=s.cv_passed.get(code)))
        failing = len(s.failing_schools)
        out.append(_figure(f"schools.{key}", [str(SECTIONS[key]), SCHOOLS_FAILING], failing, 0, "=",
                           setting="balance.school_min_met", passed=not failing))
    for area in (result.county.areas.values() if result.county is not None else []):
        if not area.counted:
            out.append(_figure(f"form.{area.form}", [area.label], None, None, "", text=NO_FORM))
            continue
        for c in area.checks:
            if c.op == "yes":
                value, text, threshold = None, ("" if c.value is None else ("是" if c.value else "否")), "是"
            else:
                value, text, threshold = c.value, "", (Decimal(0) if c.op == "0" else c.threshold)
            out.append(_figure(f"county.{area.form}.{c.code}", [area.label, f"（{c.item}）", c.label], value,
                               threshold, c.op, unit=c.unit, passed=c.passed,
                               pending=c.pending_verification, text=text))
    out.append(_figure("recognition", [RECOGNITION], result.recognition, result.recognition_threshold, ">=",
                       setting="balance.recognition_percent", unit="%", passed=result.recognition_passed,
                       text="" if result.recognition is not None else gettext_noop("未测")))
    return out


def preschool_figures(result) -> list[dict]:
    """The 普及普惠 indicators of a ``PreschoolResult``: the three hard ones, the quantitative
    standards (the kindergartens' area shares are shown, not judged), 社会认可度."""
    from dudao.monitoring.indices.preschool import AREAS

    areas = {f"{code}_rate": str(label) for code, label, _k in AREAS}
    out = []
    for m in [*result.hard, *result.standards, result.recognition]:
        parts = [areas[m.code], RATE_OF_KINDERGARTENS] if m.code in areas else [m.label]
        setting = PRESCHOOL_SETTINGS.get(m.code, "")
        text = gettext_noop("未测") if m.code == "recognition" and m.value is None else ""
        value = None if m.value is None else m.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        out.append(_figure(f"pre.{m.code}", parts, value, m.threshold, m.comparison, setting=setting,
                           unit=m.unit, passed=m.passed,
                           pending=("待核实" in m.note) or None, text=text))
    return out


# ---- fingerprints -----------------------------------------------------------------------------------

def _county_of(path: str, by_path: dict):
    probe = path
    while probe and probe not in by_path:
        probe = probe[: probe[:-1].rfind("/") + 1]
    return by_path.get(probe)


def fingerprints(counties: list, year: int, path: str) -> dict:
    """``{county id: hex digest}`` of what the indices read for each county in ``year`` (three queries
    whatever the number of counties, plus the 社会认可度 hooks' own)."""
    from dudao.monitoring.indices.common import COUNTED, recognition_many, settings_for_many
    from dudao.monitoring.models import Submission

    by_path = {c.path: c.pk for c in counties}
    parts: dict = {c.pk: [] for c in counties}
    rows = (Submission.objects.filter(round__collection__code__in=FORMS, round__year=year, status__in=COUNTED,
                                      region_path__startswith=path)
            .order_by().values("region_path")
            .annotate(n=Count("id"), s=Sum("id"), m=Max("id"), a=Max("approved_at"), c=Max("accepted_at"),
                      u=Max("updated_at")))
    for r in rows:
        county = _county_of(r["region_path"], by_path)
        if county is not None:
            parts[county].append([str(r[k]) for k in ("region_path", "n", "s", "m", "a", "c", "u")])
    settings = settings_for_many(counties, setting_keys())
    balance = recognition_many(counties, year, "balance")
    preschool = recognition_many(counties, year, "preschool")
    out = {}
    for c in counties:
        text = json.dumps([sorted(parts[c.pk]), sorted((k, str(v)) for k, v in settings[c.pk].items()),
                           str(balance[c.pk]), str(preschool[c.pk]), c.path], separators=(",", ":"))
        out[c.pk] = hashlib.sha256(text.encode()).hexdigest()
    return out


# ---- read (computing what changed) -------------------------------------------------------------------

def compute(counties: list, year: int, path: str, bases: dict | None = None) -> dict:
    """Compute and store both indices of ``counties`` (all under ``path``) for ``year``; returns
    ``{(county id, kind): IndexResult}``."""
    from dudao.monitoring.indices import preschool_county
    from dudao.monitoring.indices.balance import balance_many

    if not counties:
        return {}
    from dudao.monitoring.indices.common import COUNTED
    from dudao.monitoring.indices.preschool import COUNTY, KINDERGARTEN
    from dudao.monitoring.models import Submission

    bases = bases if bases is not None else fingerprints(counties, year, path)
    now = timezone.now()
    by_path = {c.path: c.pk for c in counties}
    with_preschool = {_county_of(p, by_path) for p in Submission.objects.filter(
        round__collection__code__in=(KINDERGARTEN, COUNTY), round__year=year, status__in=COUNTED,
        region_path__startswith=path).order_by().values_list("region_path", flat=True).distinct()}
    made = []
    with translation.override("zh-hans"):
        balance = balance_many(counties, year, counties[0].path if len(counties) == 1 else path)
        for county in counties:
            result = balance[county.pk]
            made.append(IndexResult(region=county, region_path=county.path, year=year, kind=IndexKind.BALANCE,
                                    verdict=result.verdict, figures=balance_figures(result),
                                    basis=bases[county.pk], computed_at=now))
            if county.pk in with_preschool:
                pre = preschool_county(county, year)
                verdict, figures = pre.verdict, preschool_figures(pre)
            else:  # no counted kindergarten or county form: ``preschool_county`` says no_data, skip its queries
                verdict, figures = "no_data", []
            made.append(IndexResult(region=county, region_path=county.path, year=year, kind=IndexKind.PRESCHOOL,
                                    verdict=verdict, figures=figures, basis=bases[county.pk], computed_at=now))
    IndexResult.objects.bulk_create(made, update_conflicts=True, unique_fields=["region", "year", "kind"],
                                    update_fields=["region_path", "verdict", "figures", "basis", "computed_at"])
    return {(r.region_id, r.kind): r for r in made}


def results_for(counties: list, year: int, path: str) -> dict:
    """``{(county id, kind): IndexResult}`` for ``counties`` (all under ``path``) in ``year``: the stored
    rows, the counties whose fingerprint changed recomputed first."""
    if not counties:
        return {}
    bases = fingerprints(counties, year, path)
    stored = {(r.region_id, r.kind): r for r in IndexResult.objects.filter(
        region_id__in=[c.pk for c in counties], year=year)}
    stale = [c for c in counties if any(
        (row := stored.get((c.pk, kind))) is None or row.basis != bases[c.pk] for kind in IndexKind.values)]
    if stale:
        stored.update(compute(stale, year, path, bases))
    return stored


def drop_for_unit(unit) -> None:
    """Forget the stored results of the counties above ``unit`` (its profile changed: 教学点, kind)."""
    path = getattr(unit, "region_path", "") or ""
    codes = [p for p in path.split("/") if p]
    prefixes = ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]
    if prefixes:
        IndexResult.objects.filter(region_path__in=prefixes).delete()


def label_of(figure: dict) -> str:
    """The indicator's name in the user's language (stored as msgids)."""
    text = "·".join(_(p) if p else p for p in figure["label"]).replace("·（", "（").replace("）·", "）")
    if figure.get("unit"):
        text += f"（{_(figure['unit'])}）"
    return text


def refresh(year: int | None = None) -> int:
    """Compute ahead the results of every county with a counted index form (in ``year``, or every
    year); returns the number of county-years read. Stored rows still current are kept as they are."""
    from dudao.monitoring.indices.common import COUNTED
    from dudao.monitoring.models import Submission
    from dudao.regions.models import Region

    subs = Submission.objects.filter(round__collection__code__in=FORMS, status__in=COUNTED)
    if year is not None:
        subs = subs.filter(round__year=year)
    by_year: dict = {}
    for path, y in subs.order_by().values_list("region_path", "round__year").distinct():
        codes = [p for p in path.split("/") if p]
        by_year.setdefault(y, set()).update("/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes)))
    done = 0
    for y, paths in sorted(by_year.items()):
        counties = list(Region.objects.filter(path__in=sorted(paths), level=3).order_by("path"))
        results_for(counties, y, "/")
        done += len(counties)
    return done
