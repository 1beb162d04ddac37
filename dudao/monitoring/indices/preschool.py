"""县域学前教育普及普惠 indicators (《县域学前教育普及普惠督导评估办法》, 2020; standards.md §6), per county
and year, from the kindergartens' counted submissions (``preschool_kindergarten``) and the county's
own form (``preschool_county``: 3–5岁人口, 乡镇 and 公办中心园 counts, 非在编教师工资比).

The three hard indicators:
- 学前三年毛入园率 = Σ 在园幼儿 of the county's kindergartens / 3–5岁常住人口 (≥ 85 %);
- 普惠性幼儿园覆盖率 = (公办园 + 普惠性民办园) 在园幼儿 / 全部在园幼儿 (≥ 80 %);
- 公办园在园幼儿占比 = 公办园在园幼儿 / 全部在园幼儿 (≥ 50 %).
The county sums are one aggregate over the per-kindergarten groups (database); each kindergarten's
生均 areas, 师幼比, 持证 and 班额 are judged on its fetched values."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, DecimalField, F, Max, Sum, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.regions.models import Region

from ..models import DataValue
from .common import counted_submissions, ratio, recognition, settings_for
from .sql import outer_aggregate

KINDERGARTEN = "preschool_kindergarten"
COUNTY = "preschool_county"
INCLUSIVE = ("public", "inclusive_private")
STATUS_LABELS = {"public": gettext_lazy("公办园"), "inclusive_private": gettext_lazy("普惠性民办园"),
                 "private": gettext_lazy("非普惠性民办园"), "": gettext_lazy("未填")}
NUMBERS = ("children", "classes", "classes_over_size", "full_time_teachers", "licensed_teachers",
           "principal_licensed", "outdoor_play_area", "activity_room_area", "building_area",
           "public_funding_per_child")
COUNTY_NUMBERS = ("population_3_5", "children_total", "township_count", "townships_with_public_centre",
                  "noncredentialed_teacher_pay_ratio")
SETTING_KEYS = ["preschool.gross_enrolment_percent", "preschool.inclusive_coverage_percent",
                "preschool.public_share_percent", "preschool.outdoor_area", "preschool.activity_room_area",
                "preschool.building_area", "preschool.class_size_ok_percent", "preschool.children_per_teacher",
                "preschool.licensed_percent", "preschool.public_funding_per_child",
                "preschool.noncredentialed_pay_percent", "preschool.recognition_percent"]
#: kindergarten check → (label, setting, how it is judged)
AREAS = [("outdoor_play_area", gettext_lazy("室外游戏场地生均面积"), "preschool.outdoor_area"),
         ("activity_room_area", gettext_lazy("幼儿活动用房生均建筑面积"), "preschool.activity_room_area"),
         ("building_area", gettext_lazy("生均建筑面积"), "preschool.building_area")]


@dataclass
class KindergartenRow:
    unit_id: int
    name: str
    status: str
    children: int
    values: dict  # number element → its value
    per_child: dict  # area element → m² per child
    children_per_teacher: Decimal | None
    licensed_rate: Decimal | None  # %
    checks: dict  # check code → passed (True/False) or None (not measurable)
    failing: list = field(default_factory=list)  # Chinese sentences

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def passed(self) -> bool:
        return not self.failing


@dataclass
class Measure:
    code: str
    label: str
    value: Decimal | None
    threshold: Decimal | None
    comparison: str  # ">=" or "<=" or "" (shown, not judged)
    unit: str = "%"
    passed: bool | None = None
    note: str = ""


@dataclass
class PreschoolResult:
    region: Region
    year: int
    include_submitted: bool
    settings: dict
    kindergartens: list
    totals: dict
    county_values: dict
    hard: list  # the three hard indicators (Measure)
    standards: list  # the quantitative standards (Measure)
    recognition: Measure
    verdict: str = ""
    failures: list = field(default_factory=list)

    @property
    def verdict_label(self) -> str:
        from .balance import VERDICTS

        return str(VERDICTS[self.verdict] if self.verdict != "pending" else PENDING)


PENDING = gettext_lazy("普及普惠指标达标，社会认可度未测")


def _sum_of(code):
    return Sum(Case(When(element__code=code, then=F("number")), default=Value(None),
                    output_field=DecimalField(max_digits=18, decimal_places=4)))


def kindergartens(path: str, year: int, *, include_submitted: bool = False):
    """One row per kindergarten: its ``inclusive_status`` and numbers (conditional aggregation)."""
    return (DataValue.objects
            .filter(submission_id__in=counted_submissions(KINDERGARTEN, year, path, include_submitted=include_submitted))
            .order_by()
            .values(unit=F("submission__unit_id"), school=F("submission__unit__name"), place=F("submission__unit__region_id"))
            .annotate(status=Max(Case(When(element__code="inclusive_status", then=F("text")), default=Value(""),
                                      output_field=CharField())),
                      **{code: _sum_of(code) for code in NUMBERS}))


def county_sums(queryset) -> dict:
    """The county's totals over the kindergartens, summed in the database."""
    inclusive = ", ".join(f"'{s}'" for s in INCLUSIVE)
    select = {"kindergartens": "COUNT(*)",
              "children": "SUM(COALESCE({children}, 0))",
              "inclusive_children": "SUM(CASE WHEN {status} IN (%s) THEN COALESCE({children}, 0) ELSE 0 END)" % inclusive,
              "public_children": "SUM(CASE WHEN {status} = 'public' THEN COALESCE({children}, 0) ELSE 0 END)"}
    for code in ("classes", "classes_over_size", "full_time_teachers", "licensed_teachers", "principal_licensed"):
        select[code] = "SUM(COALESCE({%s}, 0))" % code
    rows = outer_aggregate(queryset, group_by=[], select=select)
    return {k: (v or Decimal(0)) for k, v in (rows[0] if rows else {}).items()}


def _county_form(region: Region, year: int, include_submitted: bool) -> dict:
    rows = (DataValue.objects
            .filter(submission_id__in=counted_submissions(COUNTY, year, region.path, include_submitted=include_submitted),
                    element__code__in=COUNTY_NUMBERS)
            .order_by().values("element__code").annotate(total=Sum("number")))
    return {r["element__code"]: r["total"] for r in rows}


def _judge(row, s) -> KindergartenRow:
    children = int(row["children"] or 0)
    values = {code: row[code] for code in NUMBERS}
    per_child = {code: ratio(row[code], children) for code, _l, _k in AREAS}
    teachers = row["full_time_teachers"] or 0
    per_teacher = ratio(children, teachers) if teachers else None
    licensed = ratio(row["licensed_teachers"] or 0, teachers, 100) if teachers else None
    checks, failing = {}, []
    for code, label, key in AREAS:
        ok = per_child[code] is not None and per_child[code] >= Decimal(s[key])
        checks[code] = ok if children else None
        if children and not ok:
            failing.append(_("%(l)s%(v)s m²，低于%(t)s m²") % {"l": label, "v": _fmt(per_child[code]), "t": s[key]})
    checks["class_size"] = not row["classes_over_size"] if row["classes"] else None
    if row["classes_over_size"]:
        failing.append(_("%(n)s个班超过标准班额") % {"n": int(row["classes_over_size"])})
    limit = Decimal(s["preschool.children_per_teacher"])
    checks["teacher_ratio"] = per_teacher is not None and per_teacher <= limit
    if not checks["teacher_ratio"]:
        failing.append(_("专任教师与幼儿比1∶%(v)s，超过1∶%(t)s") % {"v": _fmt(per_teacher, 1) if per_teacher else "—",
                                                              "t": limit})
    checks["licensed"] = licensed is not None and licensed >= Decimal(s["preschool.licensed_percent"])
    if not checks["licensed"]:
        failing.append(_("专任教师持证率%(v)s%%") % {"v": _fmt(licensed, 1) if licensed is not None else "—"})
    checks["principal"] = bool(row["principal_licensed"])
    if not checks["principal"]:
        failing.append(_("园长未持证"))
    if row["status"] in INCLUSIVE and row["public_funding_per_child"] is not None:
        checks["funding"] = row["public_funding_per_child"] >= Decimal(s["preschool.public_funding_per_child"])
        if not checks["funding"]:
            failing.append(_("生均公用经费（补助）%(v)s元，低于%(t)s元") % {"v": _fmt(row["public_funding_per_child"], 0),
                                                                   "t": s["preschool.public_funding_per_child"]})
    return KindergartenRow(unit_id=row["unit"], name=row["school"], status=row["status"] or "", children=children,
                           values=values, per_child=per_child, children_per_teacher=per_teacher,
                           licensed_rate=licensed, checks=checks, failing=failing)


def _fmt(value, places=2) -> str:
    return "—" if value is None else f"{value:.{places}f}"


def _measure(code, label, value, threshold, comparison, unit="%", note="") -> Measure:
    passed = None
    if value is not None and threshold is not None and comparison:
        passed = value >= threshold if comparison == ">=" else value <= threshold
    return Measure(code, str(label), value, threshold, comparison, unit, passed, str(note))


def preschool_county(region: Region, year: int, *, include_submitted: bool = False) -> PreschoolResult:
    """The county's 普及普惠 indicators for ``year``: the three hard ones, the quantitative standards
    county-wide and per kindergarten, and the verdict with every failure named."""
    s = settings_for(region, SETTING_KEYS)
    grouped = kindergartens(region.path, year, include_submitted=include_submitted)
    rows = [_judge(r, s) for r in grouped.order_by("school", "unit")]
    totals = county_sums(grouped)
    form = _county_form(region, year, include_submitted)
    children = totals.get("children") or Decimal(0)
    if not rows and form.get("children_total"):
        children = form["children_total"]  # no kindergarten data yet: the county's own count
    pct = Decimal(100)
    hard = [
        _measure("gross_enrolment", gettext_lazy("学前三年毛入园率"), ratio(children, form.get("population_3_5"), pct),
                 Decimal(s["preschool.gross_enrolment_percent"]), ">="),
        _measure("inclusive_coverage", gettext_lazy("普惠性幼儿园覆盖率"),
                 ratio(totals.get("inclusive_children"), children, pct) if rows else None,
                 Decimal(s["preschool.inclusive_coverage_percent"]), ">="),
        _measure("public_share", gettext_lazy("公办园在园幼儿占比"),
                 ratio(totals.get("public_children"), children, pct) if rows else None,
                 Decimal(s["preschool.public_share_percent"]), ">="),
    ]
    classes = totals.get("classes") or Decimal(0)
    teachers = totals.get("full_time_teachers") or Decimal(0)
    n = len(rows)
    standards = [
        _measure("class_size", gettext_lazy("县域内班额达标率"),
                 ratio(classes - (totals.get("classes_over_size") or 0), classes, pct) if classes else None,
                 Decimal(s["preschool.class_size_ok_percent"]), ">="),
        _measure("teacher_ratio", gettext_lazy("在园幼儿数与专任教师数之比（1∶n）"), ratio(children, teachers) if teachers else None,
                 Decimal(s["preschool.children_per_teacher"]), "<=", unit=""),
        _measure("licensed", gettext_lazy("专任教师持证上岗率"), ratio(totals.get("licensed_teachers"), teachers, pct)
                 if teachers else None, Decimal(s["preschool.licensed_percent"]), ">="),
        _measure("principal_licensed", gettext_lazy("园长持证上岗率"),
                 ratio(totals.get("principal_licensed"), n, pct) if n else None,
                 Decimal(s["preschool.licensed_percent"]), ">="),
    ]
    for code, label, key in AREAS:
        met = sum(1 for r in rows if r.checks.get(code))
        standards.append(_measure(f"{code}_rate", _("%(l)s达标幼儿园比例") % {"l": label},
                                  ratio(met, n, pct) if n else None, None, "",
                                  note=_("标准%(t)s m²；2017年后规划建设的幼儿园应100%%达标，此前的比例待核实")
                                  % {"t": s[key]}))
    if form.get("township_count"):
        standards.append(_measure("township_centres", gettext_lazy("有公办中心园的乡镇比例"),
                                  ratio(form.get("townships_with_public_centre"), form["township_count"], pct),
                                  pct, ">=", note=gettext_lazy("农村每个乡镇原则上至少1所公办中心园")))
    if form.get("noncredentialed_teacher_pay_ratio") is not None:
        standards.append(_measure("noncredentialed_pay", gettext_lazy("公办园非在编教师平均工资与在编教师之比"),
                                  form["noncredentialed_teacher_pay_ratio"],
                                  Decimal(s["preschool.noncredentialed_pay_percent"]), ">=",
                                  note=gettext_lazy("待核实")))
    rec = recognition(region, year, "preschool")
    recognition_measure = _measure("recognition", gettext_lazy("社会认可度"), rec,
                                   Decimal(s["preschool.recognition_percent"]), ">=")
    result = PreschoolResult(region=region, year=year, include_submitted=include_submitted, settings=s,
                             kindergartens=rows, totals=totals, county_values=form, hard=hard, standards=standards,
                             recognition=recognition_measure)
    failures = []
    for m in hard + standards + [recognition_measure]:
        if m.passed is False:
            failures.append(_("%(l)s%(v)s%(u)s，未达到%(t)s%(u)s") % {"l": m.label, "v": _fmt(m.value, 1), "u": m.unit,
                                                               "t": m.threshold})
    for k in rows:
        if k.failing:
            failures.append(_("%(n)s：%(why)s") % {"n": k.name, "why": "；".join(k.failing)})
    result.failures = failures
    if not rows and not form:
        result.verdict = "no_data"
    elif failures or any(m.value is None for m in hard):
        result.verdict = "failed"
    elif rec is None:
        result.verdict = "pending"
    else:
        result.verdict = "passed"
    return result
