"""县域义务教育优质均衡 资源配置 indices (教督〔2017〕6号 第六条; standards.md §5.1), per county, 学段 and year.

One query groups the counted submissions' data values by school and 学段 (conditional aggregation:
``Sum(Case(When(element__code=…)))``): each school's enrolment ``P_i`` and resource totals ``R_i``.
A second query aggregates those groups again, in the database, into the enrolment-weighted moments
of each indicator ``X_i = k·R_i/P_i`` (``k`` = 100 for 每百名学生 indicators):

    ΣP_i,  ΣP_i·X_i = k·ΣR_i,  ΣP_i·X_i² = k²·Σ(R_i²/P_i)

so X̄ = ΣP_iX_i / P, S = sqrt(ΣP_iX_i²/P − X̄²) = sqrt(Σ(P_i/P)(X_i − X̄)²), CV = S / X̄ — never
averaged across indicators, never unweighted. The school rule (≥ 6 of 7 meet the standard, the rest
≥ 85 % of it) is judged on each school's fetched values in exact decimals.

Scope: 特殊教育学校 and 中等职业学校 (``SchoolProfile.stage``) and 教学点 (``SchoolProfile.is_teaching_point``) with fewer
than ``balance.teaching_point_students`` students in the 学段 are excluded, each listed with the
reason; so is a school that reported no students. A 九年一贯制/完全中学 answers per 学段, so its
小学部 counts in 小学 and its 初中部 in 初中."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

from django.db.models import Case, CharField, DecimalField, F, IntegerField, Q, Sum, Value, When
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dudao.orgs.models import Unit
from dudao.regions.models import Region
from dudao.regionsettings.registry import BALANCE_INDICATORS
from dudao.schools.models import SchoolProfile

from ..models import DataElement, DataValue, SchoolSectionTotals, Submission
from .balance_county import county_forms_many
from .common import COUNTED, PREVIEW, counted_submissions, recognition_many, settings_for_many
from .sql import _number, outer_aggregate

COLLECTION = "balance_school_resources"
SECTIONS = {"primary": gettext_lazy("小学"), "junior": gettext_lazy("初中")}
EXCLUDED_STAGES = {"special": gettext_lazy("特殊教育学校"), "vocational": gettext_lazy("中等职业学校")}

#: indicator code → (element codes summed into R_i, factor k, whole units when adding: teachers, rooms)
INDICATOR_ELEMENTS = {
    "degree": (("teachers_above_degree",), 100, True),
    "backbone": (("backbone_teachers",), 100, True),
    "pe_art": (("pe_teachers", "music_teachers", "fine_art_teachers"), 100, True),
    "teaching_area": (("teaching_area",), 1, False),
    "sports_area": (("sports_area",), 1, False),
    "equipment": (("equipment_value",), 1, False),
    "multimedia": (("multimedia_rooms",), 100, True),
}
INDICATORS = [(code, label, unit) for code, label, _p, _j, unit in BALANCE_INDICATORS]
CODES = [code for code, _l, _u in INDICATORS]
#: What one more of an indicator's resource is called in a what-if (teachers, rooms, m², 元).
ADDITION_UNITS = {"degree": gettext_lazy("名教师"), "backbone": gettext_lazy("名骨干教师"),
                  "pe_art": gettext_lazy("名体育艺术教师"), "teaching_area": "m²", "sports_area": "m²",
                  "equipment": gettext_lazy("元"), "multimedia": gettext_lazy("间")}


def setting_keys():
    keys = [f"balance.{s}.{c}" for s in SECTIONS for c in CODES]
    keys += [f"balance.{s}.cv_max" for s in SECTIONS]
    return keys + ["balance.school_min_met", "balance.school_rest_percent", "balance.recognition_percent",
                   "balance.teaching_point_students"]


@dataclass
class SchoolRow:
    unit_id: int
    name: str
    stage: str
    section: str
    students: int
    totals: dict  # indicator → R_i (resource total)
    meets: dict  # indicator → meets the standard
    near: dict  # indicator → ≥ rest % of the standard
    passed: bool
    failing: list  # indicator codes not meeting the standard
    reason: str = ""

    @cached_property
    def values(self) -> dict:
        """indicator → X_i = k·R_i / P_i."""
        return {code: self.totals[code] * k / self.students for code, _column, k in _FACTORS}


@dataclass
class ExcludedSchool:
    unit_id: int
    name: str
    section: str
    students: int
    reason: str


@dataclass
class SectionResult:
    section: str
    label: str
    threshold: Decimal
    standards: dict
    schools: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    students: int = 0
    mean: dict = field(default_factory=dict)
    sd: dict = field(default_factory=dict)
    cv: dict = field(default_factory=dict)
    cv_passed: dict = field(default_factory=dict)

    @property
    def failing_schools(self) -> list:
        return [s for s in self.schools if not s.passed]

    @property
    def has_data(self) -> bool:
        return bool(self.schools)

    @property
    def passed(self) -> bool | None:
        if not self.schools:
            return None
        return all(self.cv_passed.values()) and not self.failing_schools


@dataclass
class BalanceResult:
    region: Region
    year: int
    include_submitted: bool
    sections: dict
    settings: dict
    recognition: Decimal | None
    recognition_threshold: Decimal
    verdict: str = ""  # passed / failed / pending (resources pass, 社会认可度 未测 or a county form missing) / no_data
    failures: list = field(default_factory=list)
    #: 政府保障程度 and 教育质量 (§5.2–5.3) from the county's forms: ``balance_county.CountyForms``.
    county: object = None

    @property
    def verdict_label(self) -> str:
        if self.verdict == "pending" and self.county is not None and self.county.missing:
            waiting = [*self.county.missing, *([_("社会认可度")] if self.recognition is None else [])]
            return _("已测指标达标，待：%(w)s") % {"w": "、".join(f"{w}" for w in waiting)}
        return str(VERDICTS[self.verdict])

    @property
    def recognition_passed(self) -> bool | None:
        return None if self.recognition is None else self.recognition >= self.recognition_threshold


VERDICTS = {"passed": gettext_lazy("达标"), "failed": gettext_lazy("未达标"),
            "pending": gettext_lazy("资源配置达标，社会认可度未测"), "no_data": gettext_lazy("无已审核数据")}


# ---- the two queries ----------------------------------------------------------------------------------

def _sum_of(element_ids) -> Sum:
    return Sum(Case(When(element_id__in=element_ids or [0], then=F("number")), default=Value(None),
                    output_field=DecimalField(max_digits=18, decimal_places=4)))


def element_ids(collection_code: str) -> dict:
    """element code → the ids of that element in every version and region of the collection (the
    sums then compare integers, not codes through a join)."""
    out: dict = {}
    for code, pk in DataElement.objects.filter(collection__code=collection_code).values_list("code", "id"):
        out.setdefault(code, []).append(pk)
    return out


def school_sections(path: str, year: int, *, include_submitted: bool = False):
    """The grouped queryset: one row per school and 学段 with ``students`` and ``r_<indicator>``."""
    ids = element_ids(COLLECTION)
    sums = {f"r_{code}": _sum_of([pk for e in elements for pk in ids.get(e, [])])
            for code, (elements, _k, _w) in INDICATOR_ELEMENTS.items()}
    return (DataValue.objects
            .filter(submission_id__in=counted_submissions(COLLECTION, year, path, include_submitted=include_submitted),
                    section__in=list(SECTIONS))
            .order_by()
            .values(unit=F("submission__unit_id"), school=F("submission__unit__name"),
                    stage=Case(When(submission__unit__school_profile__stage__isnull=False,
                                    then=F("submission__unit__school_profile__stage")),
                               default=Value(""), output_field=CharField()),
                    tp=Case(When(submission__unit__school_profile__is_teaching_point=True, then=Value(1)),
                            default=Value(0), output_field=IntegerField()),
                    place=F("submission__unit__region_id"), sec=F("section"))
            .annotate(students=_sum_of(ids.get("students", [])), **sums))


def in_scope(queryset, teaching_point_students: int):
    """The rows that count (the exclusions as a filter, the same rule as ``_exclusion``)."""
    return (queryset.filter(students__gt=0)
            .exclude(stage__in=list(EXCLUDED_STAGES))
            .exclude(Q(tp=1) & Q(students__lt=teaching_point_students)))


def moments(queryset) -> list[dict]:
    """Per region (of the school's unit) and 学段: n, ΣP, and ΣR, Σ(R²/P) per indicator — in the database."""
    select = {"n": "COUNT(*)", "p": "SUM({students})"}
    for code in CODES:
        col = "{r_%s}" % code
        select[f"r_{code}"] = f"SUM(COALESCE({col}, 0))"
        select[f"rr_{code}"] = f"SUM(1.0 * COALESCE({col}, 0) * COALESCE({col}, 0) / {{students}})"
    return outer_aggregate(queryset, group_by=["place", "sec"], select=select)


ROW_COLUMNS = ["unit", "school", "stage", "place", "sec", "students"] + [f"r_{c}" for c in CODES] + ["tp"]


def stored_sections_sql(path: str, year: int, *, include_submitted: bool = False) -> tuple[str, list]:
    """``school_sections`` read from the stored totals (``models.SchoolSectionTotals``, written when
    the values lock): the same columns, one row per counted school and 学段, without grouping a cell —
    the school's name, region, stage and 教学点 flag joined live from its unit. ``(sql, params)``."""
    from django.db import connection

    # which submission counts: ``common.counted_submissions`` (a unit's latest in a counted state),
    # written as "in a counted state and no later one of the same unit is" — an anti-join the planner
    # runs as one hash join, where the subquery's MAX per unit took seconds for 500,000 units
    statuses = PREVIEW if include_submitted else COUNTED
    candidates, params = (Submission.objects.filter(round__collection__code=COLLECTION, round__year=year,
                                                    region_path__startswith=path, status__in=statuses)
                          .order_by().values("id", "unit_id").query.sql_with_params())
    q = connection.ops.quote_name
    totals = ", ".join(f"b.{q(c)} AS {q(c)}" for c in ["students", *[f"r_{code}" for code in CODES]])
    sql = (f"SELECT b.{q('unit_id')} AS {q('unit')}, u.{q('name')} AS {q('school')}, "
           f"COALESCE(sp.{q('stage')}, '') AS {q('stage')}, "
           f"CASE WHEN sp.{q('is_teaching_point')} THEN 1 ELSE 0 END AS {q('tp')}, "
           f"u.{q('region_id')} AS {q('place')}, b.{q('section')} AS {q('sec')}, {totals} "
           f"FROM {q(SchoolSectionTotals._meta.db_table)} b "
           f"INNER JOIN ({candidates}) s ON s.{q('id')} = b.{q('submission_id')} "
           f"INNER JOIN {q(Unit._meta.db_table)} u ON u.{q('id')} = b.{q('unit_id')} "
           f"LEFT OUTER JOIN {q(SchoolProfile._meta.db_table)} sp ON sp.{q('unit_id')} = b.{q('unit_id')} "
           f"WHERE NOT EXISTS (SELECT 1 FROM ({candidates}) s2 "
           f"WHERE s2.{q('unit_id')} = s.{q('unit_id')} AND s2.{q('id')} > s.{q('id')})")
    params = [*params, *params]
    return sql, list(params)


def rows_and_moments(path: str, year: int, *, include_submitted: bool, teaching_point_students: int,
                     source: str = "stored", rows_too: bool = True):
    """The school rows and the moments per region and 学段 from one statement: the school-sections as
    a common table expression read twice — once as rows, once aggregated (with the exclusions as a
    WHERE). ``source`` is ``stored`` (the stored totals: 500,000 narrow rows for a national run) or
    ``values`` (the data values grouped by school and 学段, as before the totals were stored; the
    same numbers — kept for the benchmark and the tests that compare both). ``rows_too=False`` leaves
    the rows out: the bare aggregate."""
    from django.db import connection

    if source == "stored":
        sql, params = stored_sections_sql(path, year, include_submitted=include_submitted)
    else:
        sql, params = school_sections(path, year, include_submitted=include_submitted).query.sql_with_params()
    q = connection.ops.quote_name
    col = {name: f"t.{q(name)}" for name in ROW_COLUMNS}
    moment_cols = [f"rr_{c}" for c in CODES]
    rows_select = ["0"] + [col[n] for n in ROW_COLUMNS] + ["NULL"] * (len(moment_cols) + 1)
    sums_select = (["1", "NULL", "NULL", "NULL", col["place"], col["sec"], f"SUM({col['students']})"]
                   + [f"SUM(COALESCE({col['r_' + c]}, 0))" for c in CODES] + ["NULL"]  # tp
                   + [f"SUM(1.0 * COALESCE({col['r_' + c]}, 0) * COALESCE({col['r_' + c]}, 0) / {col['students']})"
                      for c in CODES] + ["COUNT(*)"])
    stages = ", ".join("%s" for _s in EXCLUDED_STAGES)
    where = (f"{col['students']} > 0 AND {col['stage']} NOT IN ({stages}) "
             f"AND NOT ({col['tp']} = 1 AND {col['students']} < %s)")
    sums_sql = f"SELECT {', '.join(sums_select)} FROM t WHERE {where} GROUP BY {col['place']}, {col['sec']}"
    text = (f"WITH t AS ({sql}) SELECT {', '.join(rows_select)} FROM t UNION ALL {sums_sql}" if rows_too
            else f"WITH t AS ({sql}) {sums_sql}")
    args = [*params, *EXCLUDED_STAGES, teaching_point_students]
    names = ROW_COLUMNS + moment_cols + ["n"]
    numeric = {"students", *[f"r_{c}" for c in CODES], *moment_cols, "n"}
    exact = ["students", *[f"r_{c}" for c in CODES]]
    floats = connection.vendor == "sqlite"
    rows, sums = [], []
    with connection.cursor() as cursor:
        cursor.execute(text, args)
        for record in cursor.fetchall():
            if record[0] == 0 and not floats:  # a school row: PostgreSQL's numerics already are decimals
                rows.append(dict(zip(names, record[1:], strict=True)))
                continue
            item = {n: (_number(v) if n in numeric else v) for n, v in zip(names, record[1:], strict=True)}
            if floats:  # sums of 4-place values: SQLite adds them as floats, take the noise back out
                for n in exact:
                    if item[n] is not None:
                        item[n] = item[n].quantize(PLACES)
            if record[0] == 0:
                rows.append(item)
            else:
                item["p"] = item["students"]
                sums.append(item)
    rows.sort(key=lambda r: (r["sec"], r["school"], r["unit"]))
    sums.sort(key=lambda m: (m["place"], m["sec"]))  # a county's regions added up in one order, whatever the plan
    return rows, sums


# ---- the rules ----------------------------------------------------------------------------------------

def _exclusion(row, teaching_point_students: int) -> str:
    if row["stage"] in EXCLUDED_STAGES:
        return _("%(kind)s不纳入优质均衡评估") % {"kind": EXCLUDED_STAGES[row["stage"]]}
    students = row["students"] or 0
    if students <= 0:
        return _("未填报在校生数")
    if row.get("tp") and students < teaching_point_students:
        return _("不足%(n)s人的教学点（%(s)s人）") % {"n": teaching_point_students, "s": int(students)}
    return ""


_ZERO = Decimal(0)
PLACES = Decimal("0.0001")  # DataValue.number's decimal places
_FACTORS = [(code, f"r_{code}", Decimal(k)) for code, (_e, k, _w) in INDICATOR_ELEMENTS.items()]


def judge_school(row, standards: dict, settings: dict, near_standards: dict | None = None,
                 language: str | None = None) -> SchoolRow:
    """Each indicator against its standard, and the school rule: at least ``school_min_met`` of the 7
    meet the standard and every other one reaches ``school_rest_percent`` % of it. Compared without
    dividing (``k·R ≥ standard·P``), exactly; the values ``X = k·R/P`` are worked out when read."""
    students = row["students"]
    if near_standards is None:
        rest = Decimal(settings["balance.school_rest_percent"]) / 100
        near_standards = {c: v * rest for c, v in standards.items()}
    totals = {code: row[column] or _ZERO for code, column, _k in _FACTORS}
    meets = {code: totals[code] * k >= standards[code] * students for code, _column, k in _FACTORS}
    failing = [code for code, _column, _k in _FACTORS if not meets[code]]
    if failing:  # only then the 85 % line and the sentence
        near = {code: meets[code] or totals[code] * k >= near_standards[code] * students
                for code, _column, k in _FACTORS}
        passed = len(CODES) - len(failing) >= settings["balance.school_min_met"] and all(near[c] for c in failing)
    else:
        near, passed = dict(meets), True
    reason = "" if passed else _school_reason(failing, near, settings, language)
    return SchoolRow(unit_id=row["unit"], name=row["school"], stage=row["stage"], section=row["sec"],
                     students=int(students), totals=totals, meets=meets, near=near, passed=passed,
                     failing=failing, reason=reason)


@lru_cache(maxsize=8)
def _texts(language: str) -> dict:
    """The translated labels and sentence templates of the school rule, once per language (a
    province's thousands of failing schools would otherwise translate them each time)."""
    return {"labels": {c: str(lbl) for c, lbl, _u in INDICATORS}, "under_rest": _("%(l)s低于标准的%(p)s%%"),
            "under": _("%(l)s未达标准"), "too_few": _("仅%(n)s项指标达标（须至少%(m)s项）："), "sep": "；"}


def _school_reason(failing, near, settings, language: str | None = None) -> str:
    """Why a school fails the rule; the same failings read the same, so each sentence is built once
    (a province has thousands of failing schools and a few dozen distinct sentences)."""
    key = (tuple((c, near[c]) for c in failing), settings["balance.school_min_met"],
           settings["balance.school_rest_percent"], (get_language() if language is None else language) or "")
    reason = _REASONS.get(key)
    if reason is None:
        if len(_REASONS) > 4096:
            _REASONS.clear()
        reason = _REASONS[key] = _build_reason(failing, near, settings, key[-1])
    return reason


_REASONS: dict = {}


def _build_reason(failing, near, settings, language) -> str:
    t = _texts(language)
    parts = []
    for c in failing:
        if not near[c]:
            parts.append(t["under_rest"] % {"l": t["labels"][c], "p": settings["balance.school_rest_percent"]})
        else:
            parts.append(t["under"] % {"l": t["labels"][c]})
    reason = ""
    if len(CODES) - len(failing) < settings["balance.school_min_met"]:
        reason = t["too_few"] % {"n": len(CODES) - len(failing), "m": settings["balance.school_min_met"]}
    return reason + t["sep"].join(parts)


def finish_moments(section: SectionResult, sums: dict) -> None:
    """X̄, S and CV of each indicator from the summed moments (exact decimals from here on)."""
    p = sums.get("p") or Decimal(0)
    section.students = int(p)
    for code, (_elements, k, _whole) in INDICATOR_ELEMENTS.items():
        if not p:
            section.mean[code] = section.sd[code] = section.cv[code] = None
            continue
        k = Decimal(k)
        mean = k * sums[f"r_{code}"] / p
        second = k * k * sums[f"rr_{code}"] / p
        variance = second - mean * mean
        if variance < mean * mean * Decimal("1e-12"):  # equal values: only rounding noise is left
            variance = Decimal(0)
        sd = variance.sqrt()
        section.mean[code] = mean
        section.sd[code] = sd
        section.cv[code] = sd / mean if mean else None
        section.cv_passed[code] = section.cv[code] is not None and section.cv[code] <= section.threshold


def _empty_sections(settings):
    return {s: SectionResult(section=s, label=str(label), threshold=Decimal(settings[f"balance.{s}.cv_max"]),
                             standards={c: Decimal(settings[f"balance.{s}.{c}"]) for c in CODES})
            for s, label in SECTIONS.items()}


def _verdict(result: BalanceResult) -> None:
    failures = []
    labels = {c: str(lbl) for c, lbl, _u in INDICATORS}
    with_data = [s for s in result.sections.values() if s.has_data]
    for s in with_data:
        for code in CODES:
            cv = s.cv.get(code)
            if cv is not None and not s.cv_passed.get(code):
                failures.append(_("%(s)s“%(l)s”校际差异系数%(cv)s，超过%(t)s") % {
                    "s": s.label, "l": labels[code], "cv": f"{cv:.3f}", "t": s.threshold})
        school_failure = _("%(s)s%(name)s未达到学校标准：%(why)s")  # translated once, not per school
        for school in s.failing_schools:
            failures.append(school_failure % {"s": s.label, "name": school.name, "why": school.reason})
    if result.county is not None:  # 政府保障程度, 教育质量 (balance_county.py)
        failures.extend(result.county.failures)
    if result.recognition is not None and not result.recognition_passed:
        failures.append(_("社会认可度%(r)s%%，低于%(t)s%%") % {"r": f"{result.recognition:.1f}",
                                                          "t": result.recognition_threshold})
    result.failures = failures
    if not with_data:
        result.verdict = "no_data"
    elif failures:
        result.verdict = "failed"
    elif result.recognition is None or (result.county is not None and result.county.missing):
        result.verdict = "pending"
    else:
        result.verdict = "passed"


def _results_for(regions: list, year: int, path: str, include_submitted: bool) -> dict:
    """The results of several counties under ``path`` from the same two queries."""
    settings = settings_for_many(regions, setting_keys())
    # The 教学点 limit is one setting; counties under one parent normally share it. The rows are
    # judged per county below; the SQL filter uses the smallest limit and Python excludes the rest.
    limit = min((s["balance.teaching_point_students"] for s in settings.values()), default=50)
    rows, sums = rows_and_moments(path, year, include_submitted=include_submitted, teaching_point_students=limit)
    county_of = _county_map(regions, {r["place"] for r in rows} | {m["place"] for m in sums})
    county_forms = county_forms_many(regions, year, include_submitted=include_submitted)
    results = {}
    recognitions = recognition_many(regions, year, "balance")
    for region in regions:
        s = settings[region.pk]
        results[region.pk] = BalanceResult(
            region=region, year=year, include_submitted=include_submitted, sections=_empty_sections(s), settings=s,
            recognition=recognitions[region.pk],
            recognition_threshold=Decimal(s["balance.recognition_percent"]), county=county_forms[region.pk])
    totals: dict = {}
    for m in sums:
        county = county_of.get(m["place"])
        if county is None:
            continue
        acc = totals.setdefault((county, m["sec"]), {})
        for key, value in m.items():
            if key not in ("place", "sec", "unit", "school", "stage"):
                acc[key] = acc.get(key, Decimal(0)) + (value or Decimal(0))
    late_exclusions: dict = {}
    near_by_section: dict = {}
    language = get_language() or ""
    for row in rows:
        county = county_of.get(row["place"])
        if county is None:
            continue
        result = results[county]
        section = result.sections[row["sec"]]
        reason = _exclusion(row, result.settings["balance.teaching_point_students"])
        if reason:
            section.excluded.append(ExcludedSchool(unit_id=row["unit"], name=row["school"], section=row["sec"],
                                                   students=int(row["students"] or 0), reason=reason))
            if row["students"] and row["students"] > 0 and row["stage"] not in EXCLUDED_STAGES \
                    and row["students"] >= limit:
                late_exclusions.setdefault((county, row["sec"]), []).append(row)  # counted in SQL, not here
            continue
        near = near_by_section.get(id(section))
        if near is None:
            rest = Decimal(result.settings["balance.school_rest_percent"]) / 100
            near = near_by_section[id(section)] = {c: v * rest for c, v in section.standards.items()}
        section.schools.append(judge_school(row, section.standards, result.settings, near, language))
    for key, extra in late_exclusions.items():  # a county stricter than the SQL limit: take them back out
        acc = totals.get(key)
        for row in extra:
            acc["n"] -= 1
            acc["p"] -= row["students"]
            for code in CODES:
                r = row[f"r_{code}"] or Decimal(0)
                acc[f"r_{code}"] -= r
                acc[f"rr_{code}"] -= r * r / row["students"]
    for (county, sec), acc in totals.items():
        finish_moments(results[county].sections[sec], acc)
    for result in results.values():
        _verdict(result)
    return results


def _county_map(regions: list, place_ids: set) -> dict:
    """region id of a school's unit → the id of the county (among ``regions``) it lies in."""
    by_path = {r.path: r.pk for r in regions}
    out = {}
    for pk, path in Region.objects.filter(pk__in=place_ids).values_list("pk", "path"):
        probe = path
        while probe and probe not in by_path:
            probe = probe[: probe[:-1].rfind("/") + 1]
        if probe:
            out[pk] = by_path[probe]
    return out


def balance_county(region: Region, year: int, *, include_submitted: bool = False) -> BalanceResult:
    """The county's 资源配置 indices for ``year``: per 学段 the seven CVs against the threshold, each
    school's values and pass, the excluded schools, and the verdict with every failure named. Counts
    approved/accepted submissions (``include_submitted`` adds submitted ones, for a preview)."""
    return _results_for([region], year, region.path, include_submitted)[region.pk]


def balance_counties(parent: Region, year: int, *, include_submitted: bool = False) -> list[BalanceResult]:
    """Every county (区县) under ``parent`` (a city or province) from one pair of queries, in code order."""
    counties = list(Region.objects.filter(path__startswith=parent.path, level=3).order_by("code"))
    if parent.level == 3:
        counties = [parent]
    results = _results_for(counties, year, parent.path, include_submitted)
    return [results[c.pk] for c in counties]


def balance_many(regions: list, year: int, path: str) -> dict:
    """``{region id: BalanceResult}`` of the counties ``regions`` (all under ``path``) from the same one
    statement as ``balance_counties`` — for a caller that needs some of a parent's counties, not all."""
    return _results_for(list(regions), year, path, False)
