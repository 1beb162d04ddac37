"""/api/v1/monitoring/indices: the national indices of a county and year, read-only — 优质均衡
(``balance``), 普及普惠 (``preschool``), year over year (``trend``), the additions that would close the
gaps (``what-if``) and a city's counties side by side (``counties``).

Who: whoever may read the region's collected values (``monitoring.view_datavalue`` through an
assignment on the region or above it — the county office, the city's for its counties, inspectors and
leaders there). A school's or kindergarten's own users (a unit assignment) get 404: the county's
indices are the office's, a unit reads its own submission. Counted: approved and accepted submissions;
``include_submitted=true`` previews with submitted ones too."""

from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from dudao.common.schemas import ErrorOut, Id, Year
from dudao.common.scoping import region_in_scope
from dudao.regions.models import Region

from .indices import balance_counties, balance_county, preschool_county
from .indices.balance import CODES, INDICATORS
from .indices.preschool import PENDING
from .indices.trend import DIRECTIONS, balance_trend, balance_what_if

router = Router(tags=["评估监测"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PERMISSION = "monitoring.view_datavalue"


def visible_region(user, region_id: int, *, county: bool = True) -> Region:
    """The region if ``user`` may read its indices (a county, unless ``county=False``), else 404."""
    region = Region.objects.filter(pk=region_id).first()
    if region is None or not region_in_scope(user, PERMISSION, region):
        raise Http404
    if county and region.level != 3:
        raise Http404
    return region


def num(value: Decimal | None, places: int = 4) -> float | None:
    return None if value is None else round(float(value), places)


# ---- 优质均衡 -----------------------------------------------------------------------------------------

class IndicesIndicatorOut(Schema):
    code: str
    label: str
    unit: str
    standard: float
    mean: float | None = Field(None, description="县域均值 X̄ = ΣP_iX_i / P")
    sd: float | None = Field(None, description="加权标准差 S")
    cv: float | None = Field(None, description="差异系数 CV = S / X̄（按在校生数加权）")
    passed: bool | None = None


class IndicesSchoolOut(Schema):
    unit_id: int
    name: str
    students: int
    values: dict[str, float]
    meets: dict[str, bool]
    passed: bool
    failing: list[str]
    reason: str


class IndicesExcludedOut(Schema):
    unit_id: int
    name: str
    students: int
    reason: str


class IndicesSectionOut(Schema):
    section: str
    label: str
    threshold: float
    students: int
    passed: bool | None
    indicators: list[IndicesIndicatorOut]
    schools: list[IndicesSchoolOut]
    excluded: list[IndicesExcludedOut]


class IndicesCountyCheckOut(Schema):
    item: str = Field(..., description="条款中的项，如“十一”")
    code: str
    label: str
    value: float | None = Field(None, description="县级采集表中的值（是/否为 1/0）；未填报为 null")
    comparison: str = Field(..., description="≥ / < / =")
    threshold: float | None = Field(None, description="标准（区域参数）；是/否项为 null，须为0的项为 0")
    unit: str
    pending_verification: bool = Field(..., description="国家原文待核实")
    passed: bool


class IndicesCountyAreaOut(Schema):
    form: str = Field(..., description="balance_county_guarantee（政府保障程度）/ balance_county_quality（教育质量）")
    label: str
    counted: bool = Field(..., description="该县有计入的（已审核/已接收）县级采集表")
    submission_id: int | None = None
    checks: list[IndicesCountyCheckOut]


class IndicesBalanceOut(Schema):
    region_id: int
    region_name: str
    year: int
    include_submitted: bool
    verdict: str = Field(..., description="passed / failed / pending（社会认可度未测）/ no_data")
    verdict_label: str
    recognition: float | None = Field(None, description="社会认可度（%），未测为 null")
    recognition_threshold: float
    failures: list[str]
    sections: list[IndicesSectionOut]
    county: list[IndicesCountyAreaOut] = Field(..., description="政府保障程度、教育质量（教督〔2017〕6号第七、八条）")


def county_out(forms) -> list[dict]:
    return [{"form": a.form, "label": a.label, "counted": a.counted, "submission_id": a.submission_id,
             "checks": [{"item": c.item, "code": c.code, "label": c.label, "value": num(c.value),
                         "comparison": c.op_label, "threshold": 0 if c.op == "0" else num(c.threshold),
                         "unit": c.unit, "pending_verification": c.pending_verification, "passed": c.passed}
                        for c in a.checks]}
            for a in forms.areas.values()]


def balance_out(result) -> dict:
    sections = []
    for s in result.sections.values():
        sections.append({
            "section": s.section, "label": s.label, "threshold": num(s.threshold), "students": s.students,
            "passed": s.passed,
            "indicators": [{"code": c, "label": str(label), "unit": str(unit), "standard": num(s.standards[c]),
                            "mean": num(s.mean.get(c)), "sd": num(s.sd.get(c)), "cv": num(s.cv.get(c)),
                            "passed": s.cv_passed.get(c)} for c, label, unit in INDICATORS],
            "schools": [{"unit_id": r.unit_id, "name": r.name, "students": r.students,
                         "values": {c: num(r.values[c]) for c in CODES}, "meets": r.meets, "passed": r.passed,
                         "failing": r.failing, "reason": r.reason} for r in s.schools],
            "excluded": [{"unit_id": e.unit_id, "name": e.name, "students": e.students, "reason": e.reason}
                         for e in s.excluded],
        })
    return {"region_id": result.region.pk, "region_name": result.region.name, "year": result.year,
            "include_submitted": result.include_submitted, "verdict": result.verdict,
            "verdict_label": result.verdict_label, "recognition": num(result.recognition, 2),
            "recognition_threshold": num(result.recognition_threshold), "failures": result.failures,
            "sections": sections, "county": county_out(result.county)}


class IndicesFilter(Schema):
    include_submitted: bool = Field(False, description="预览：已上报未审核的数据也计入")


@router.get("/balance/{region_id}/{year}", response={200: IndicesBalanceOut, **ERRORS},
            summary="优质均衡资源配置指数（差异系数、学校达标、结论）", operation_id="monitoring_indices_balance")
def indices_balance(request, region_id: Id, year: Year, filters: Query[IndicesFilter]):
    region = visible_region(request.auth, region_id)
    return balance_out(balance_county(region, year, include_submitted=filters.include_submitted))


# ---- 普及普惠 -----------------------------------------------------------------------------------------

class IndicesMeasureOut(Schema):
    code: str
    label: str
    value: float | None
    threshold: float | None
    comparison: str
    unit: str
    passed: bool | None
    note: str


class IndicesKindergartenOut(Schema):
    unit_id: int
    name: str
    status: str
    status_label: str
    children: int
    per_child: dict[str, float | None]
    children_per_teacher: float | None
    licensed_rate: float | None
    checks: dict[str, bool | None]
    passed: bool
    failing: list[str]


class IndicesPreschoolOut(Schema):
    region_id: int
    region_name: str
    year: int
    include_submitted: bool
    verdict: str
    verdict_label: str
    failures: list[str]
    hard: list[IndicesMeasureOut]
    standards: list[IndicesMeasureOut]
    recognition: IndicesMeasureOut
    kindergartens: list[IndicesKindergartenOut]


def _measure(m) -> dict:
    return {"code": m.code, "label": m.label, "value": num(m.value), "threshold": num(m.threshold),
            "comparison": m.comparison, "unit": m.unit, "passed": m.passed, "note": m.note}


def preschool_out(result) -> dict:
    label = str(PENDING) if result.verdict == "pending" else result.verdict_label
    return {"region_id": result.region.pk, "region_name": result.region.name, "year": result.year,
            "include_submitted": result.include_submitted, "verdict": result.verdict, "verdict_label": label,
            "failures": result.failures, "hard": [_measure(m) for m in result.hard],
            "standards": [_measure(m) for m in result.standards], "recognition": _measure(result.recognition),
            "kindergartens": [{"unit_id": k.unit_id, "name": k.name, "status": k.status,
                               "status_label": k.status_label, "children": k.children,
                               "per_child": {c: num(v) for c, v in k.per_child.items()},
                               "children_per_teacher": num(k.children_per_teacher),
                               "licensed_rate": num(k.licensed_rate), "checks": k.checks, "passed": k.passed,
                               "failing": k.failing} for k in result.kindergartens]}


@router.get("/preschool/{region_id}/{year}", response={200: IndicesPreschoolOut, **ERRORS},
            summary="学前教育普及普惠指标", operation_id="monitoring_indices_preschool")
def indices_preschool(request, region_id: Id, year: Year, filters: Query[IndicesFilter]):
    region = visible_region(request.auth, region_id)
    return preschool_out(preschool_county(region, year, include_submitted=filters.include_submitted))


# ---- trend and what-if --------------------------------------------------------------------------------

class IndicesTrendCellOut(Schema):
    year: int
    mean: float | None
    cv: float | None
    passed: bool | None


class IndicesTrendLineOut(Schema):
    section: str
    code: str
    label: str
    threshold: float
    cv_direction: str = Field(..., description="improving（差异系数下降）/ worsening / stable / 空（无上年数据）")
    mean_direction: str = Field(..., description="improving（均值上升）/ worsening / stable / 空")
    direction_label: str
    gap: float | None = Field(None, description="阈值 − 本年差异系数（负数为超出）")
    cells: list[IndicesTrendCellOut]


class IndicesTrendOut(Schema):
    region_id: int
    year: int
    years: list[int]
    lines: list[IndicesTrendLineOut]


class TrendFilter(IndicesFilter):
    years: int = Field(3, ge=2, le=10, description="看几年（含本年）")


def trend_out(region, trend) -> dict:
    return {"region_id": region.pk, "year": trend["years"][-1], "years": trend["years"],
            "lines": [{"section": line.section, "code": line.code, "label": line.label,
                       "threshold": num(line.threshold), "cv_direction": line.cv_direction,
                       "mean_direction": line.mean_direction, "direction_label": str(DIRECTIONS[line.cv_direction]),
                       "gap": num(line.gap),
                       "cells": [{"year": c.year, "mean": num(c.mean), "cv": num(c.cv), "passed": c.cv_passed}
                                 for c in line.cells]} for line in trend["lines"]]}


@router.get("/trend/{region_id}/{year}", response={200: IndicesTrendOut, **ERRORS},
            summary="优质均衡指数逐年变化（稳中向好）", operation_id="monitoring_indices_trend")
def indices_trend(request, region_id: Id, year: Year, filters: Query[TrendFilter]):
    region = visible_region(request.auth, region_id)
    return trend_out(region, balance_trend(region, year, years=filters.years,
                                           include_submitted=filters.include_submitted))


class IndicesAdditionOut(Schema):
    unit_id: int
    name: str
    code: str
    amount: float
    unit: str


class IndicesSchoolPlanOut(Schema):
    unit_id: int
    name: str
    reason: str
    additions: list[IndicesAdditionOut]


class IndicesCvPlanOut(Schema):
    code: str
    label: str
    cv: float | None
    threshold: float
    floor: float | None = Field(None, description="最低的学校补到的水平 L")
    cv_after: float | None
    additions: list[IndicesAdditionOut]


class IndicesWhatIfSectionOut(Schema):
    section: str
    label: str
    schools: list[IndicesSchoolPlanOut]
    cv: list[IndicesCvPlanOut]


class IndicesWhatIfOut(Schema):
    region_id: int
    year: int
    sections: list[IndicesWhatIfSectionOut]


def _addition(a) -> dict:
    return {"unit_id": a.unit_id, "name": a.name, "code": a.code, "amount": num(a.amount, 2), "unit": a.unit}


def what_if_out(region, year, plans) -> dict:
    return {"region_id": region.pk, "year": year, "sections": [
        {"section": sec, "label": p["label"],
         "schools": [{"unit_id": s["unit_id"], "name": s["name"], "reason": s["reason"],
                      "additions": [_addition(a) for a in s["additions"]]} for s in p["schools"]],
         "cv": [{"code": c.code, "label": c.label, "cv": num(c.cv), "threshold": num(c.threshold),
                 "floor": num(c.floor), "cv_after": num(c.cv_after),
                 "additions": [_addition(a) for a in c.additions]} for c in p["cv"]]}
        for sec, p in plans.items()]}


@router.get("/what-if/{region_id}/{year}", response={200: IndicesWhatIfOut, **ERRORS},
            summary="优质均衡差距测算：补足学校和差异系数所需的最少投入", operation_id="monitoring_indices_what_if")
def indices_what_if(request, region_id: Id, year: Year, filters: Query[IndicesFilter]):
    region = visible_region(request.auth, region_id)
    return what_if_out(region, year, balance_what_if(region, year, include_submitted=filters.include_submitted))


# ---- a city's counties --------------------------------------------------------------------------------

class IndicesCountyOut(Schema):
    region_id: int
    region_name: str
    verdict: str
    verdict_label: str
    failures: int
    cv: dict[str, dict[str, float | None]]
    schools_failing: dict[str, int]


class IndicesCountiesOut(Schema):
    region_id: int
    year: int
    counties: list[IndicesCountyOut]


def counties_out(region, year, results) -> dict:
    return {"region_id": region.pk, "year": year, "counties": [
        {"region_id": r.region.pk, "region_name": r.region.name, "verdict": r.verdict,
         "verdict_label": r.verdict_label, "failures": len(r.failures),
         "cv": {sec: {c: num(s.cv.get(c)) for c in CODES} for sec, s in r.sections.items()},
         "schools_failing": {sec: len(s.failing_schools) for sec, s in r.sections.items()}} for r in results]}


@router.get("/counties/{region_id}/{year}", response={200: IndicesCountiesOut, **ERRORS},
            summary="下辖区县优质均衡结论一览", operation_id="monitoring_indices_counties")
def indices_counties(request, region_id: Id, year: Year, filters: Query[IndicesFilter]):
    region = visible_region(request.auth, region_id, county=False)
    if region.level >= 3:
        raise Http404(_("请选择市或省"))
    return counties_out(region, year, balance_counties(region, year, include_submitted=filters.include_submitted))
