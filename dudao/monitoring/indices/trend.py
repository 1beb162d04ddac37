"""稳中向好 (G4): year over year values and CVs with their direction and the gap to each threshold,
and what-if — the smallest additions, by school, that close the gaps.

What-if (docs/monitoring-indices.md):
1. **School rule.** For a failing school every indicator below its standard needs
   ``standard·P/k − R`` more of its resource; the rule lets ``7 − school_min_met`` of them stop at
   ``rest % · standard`` instead — the ones furthest below their standard (lowest X/standard), which
   saves the most. Teachers and rooms are rounded up to whole ones.
2. **CV.** With the school additions made, each indicator whose CV is still over the threshold is
   closed by water-filling: the schools with the lowest values are raised to a common floor ``L``,
   the smallest ``L`` (by bisection; the CV falls as ``L`` rises) for which the CV is at most the
   threshold. Raising the bottom is what lowers a dispersion fastest per unit added; it is a greedy
   plan, not a proven minimum, and is rounded up to whole teachers/rooms."""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext_lazy

from .balance import ADDITION_UNITS, CODES, INDICATOR_ELEMENTS, INDICATORS, SECTIONS, balance_county

CV_STABLE = Decimal("0.005")  # a CV change smaller than this is 持平
MEAN_STABLE = Decimal("0.01")  # a relative change of a mean smaller than 1 % is 持平
DIRECTIONS = {"improving": gettext_lazy("向好"), "worsening": gettext_lazy("下滑"), "stable": gettext_lazy("持平"), "": "—"}


@dataclass
class TrendCell:
    year: int
    mean: Decimal | None
    cv: Decimal | None
    cv_passed: bool | None


@dataclass
class TrendLine:
    section: str
    code: str
    label: str
    threshold: Decimal
    cells: list  # TrendCell per year, oldest first
    cv_direction: str = ""
    mean_direction: str = ""
    gap: Decimal | None = None  # threshold − this year's CV (negative: over the threshold)


def _direction(before, now, *, lower_is_better: bool, relative: bool) -> str:
    if before is None or now is None:
        return ""
    delta = now - before
    limit = abs(before) * MEAN_STABLE if relative else CV_STABLE
    if abs(delta) < limit:
        return "stable"
    better = delta < 0 if lower_is_better else delta > 0
    return "improving" if better else "worsening"


def balance_trend(region, year: int, *, years: int = 3, include_submitted: bool = False) -> dict:
    """``{"years": [...], "lines": [TrendLine], "schools": {year: {section: (passed, total)}}}``."""
    span = list(range(year - years + 1, year + 1))
    results = {y: balance_county(region, y, include_submitted=include_submitted) for y in span}
    lines = []
    for section in SECTIONS:
        for code, label, _unit in INDICATORS:
            cells = [TrendCell(y, results[y].sections[section].mean.get(code), results[y].sections[section].cv.get(code),
                               results[y].sections[section].cv_passed.get(code)) for y in span]
            now, before = cells[-1], cells[-2] if len(cells) > 1 else None
            threshold = results[year].sections[section].threshold
            lines.append(TrendLine(
                section=section, code=code, label=str(label), threshold=threshold, cells=cells,
                cv_direction=_direction(before.cv if before else None, now.cv, lower_is_better=True, relative=False),
                mean_direction=_direction(before.mean if before else None, now.mean, lower_is_better=False,
                                          relative=True),
                gap=threshold - now.cv if now.cv is not None else None))
    schools = {y: {s: (len(r.sections[s].schools) - len(r.sections[s].failing_schools), len(r.sections[s].schools))
                   for s in SECTIONS} for y, r in results.items()}
    return {"years": span, "lines": lines, "schools": schools, "results": results}


# ---- what-if ------------------------------------------------------------------------------------------

@dataclass
class Addition:
    unit_id: int
    name: str
    code: str
    amount: Decimal
    unit: str


@dataclass
class CvPlan:
    section: str
    code: str
    label: str
    cv: Decimal
    threshold: Decimal
    floor: Decimal | None  # the level L the lowest schools are raised to
    cv_after: Decimal | None
    additions: list = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.additions), Decimal(0))


def _round_up(amount: Decimal, whole: bool) -> Decimal:
    if amount <= 0:
        return Decimal(0)
    return amount.to_integral_value(rounding=ROUND_CEILING) if whole else amount.quantize(
        Decimal("0.01"), rounding=ROUND_CEILING)


def _needed(total, students, target, k) -> Decimal:
    """How much resource brings ``total`` over ``students`` to ``target`` per (k) students."""
    return target * students / k - total


def school_additions(school, standards: dict, settings: dict) -> list[Addition]:
    """The smallest additions that bring one failing school to the school rule."""
    rest = Decimal(settings["balance.school_rest_percent"]) / 100
    below = sorted(school.failing, key=lambda c: school.values[c] / standards[c])  # furthest below first
    allowed = max(0, len(CODES) - int(settings["balance.school_min_met"]))
    partial = set(below[:allowed])
    out = []
    for code in below:
        _elements, k, whole = INDICATOR_ELEMENTS[code]
        target = standards[code] * rest if code in partial else standards[code]
        amount = _round_up(_needed(school.totals[code], school.students, target, Decimal(k)), whole)
        if amount > 0:
            out.append(Addition(school.unit_id, school.name, code, amount, str(ADDITION_UNITS[code])))
    return out


def _cv(xs, ps) -> Decimal | None:
    p = sum(ps)
    if not p:
        return None
    mean = sum(pi * xi for xi, pi in zip(xs, ps, strict=True)) / p
    if not mean:
        return None
    var = sum(pi * (xi - mean) ** 2 for xi, pi in zip(xs, ps, strict=True)) / p
    return var.sqrt() / mean


def cv_plan(section_result, code: str, totals: dict) -> CvPlan | None:
    """Water-filling for one indicator whose CV is over the threshold (``totals``: R_i after the
    school additions, by unit id)."""
    _elements, k, whole = INDICATOR_ELEMENTS[code]
    k = Decimal(k)
    schools = section_result.schools
    ps = [Decimal(s.students) for s in schools]
    xs = [k * totals[s.unit_id] / s.students for s in schools]
    threshold = section_result.threshold
    current = _cv(xs, ps)
    label = dict((c, str(lbl)) for c, lbl, _u in INDICATORS)[code]
    plan = CvPlan(section_result.section, code, label, current, threshold, None, current)
    if current is None or current <= threshold:
        return plan
    low, high = min(xs), max(xs)
    for _ in range(60):
        mid = (low + high) / 2
        if _cv([max(x, mid) for x in xs], ps) <= threshold:
            high = mid
        else:
            low = mid
    plan.floor = high
    after = []
    for s, x, p in zip(schools, xs, ps, strict=True):
        extra = _round_up((high - x) * p / k, whole) if x < high else Decimal(0)
        if extra > 0:
            plan.additions.append(Addition(s.unit_id, s.name, code, extra, str(ADDITION_UNITS[code])))
        after.append(k * (totals[s.unit_id] + extra) / s.students)
    plan.cv_after = _cv(after, ps)
    return plan


def balance_what_if(region, year: int, *, include_submitted: bool = False, result=None) -> dict:
    """Per 学段: the failing schools' additions and, after them, each failing CV's additions."""
    result = result or balance_county(region, year, include_submitted=include_submitted)
    out = {}
    for section, s in result.sections.items():
        schools = []
        totals = {code: {row.unit_id: row.totals[code] for row in s.schools} for code in CODES}
        for row in s.failing_schools:
            adds = school_additions(row, s.standards, result.settings)
            for a in adds:
                totals[a.code][a.unit_id] += a.amount
            schools.append({"unit_id": row.unit_id, "name": row.name, "reason": row.reason, "additions": adds})
        plans = []
        for code in CODES:
            if s.schools and s.cv_passed.get(code) is False:
                plan = cv_plan(s, code, totals[code])
                if plan is not None:
                    plans.append(plan)
        out[section] = {"label": s.label, "schools": schools, "cv": plans}
    return out
