"""The one adapter between campaigns and the indices (``dudao.monitoring.indices``):
``balance_county(region, year) -> BalanceResult`` and ``preschool_county(region, year) ->
PreschoolResult``. Everything a campaign shows of the indices — its live gap on the page, the
tables of the self-evaluation report — is read here into plain ``Gap`` rows (text cells), so a
change of the result classes is absorbed in this module only.

Read: the verdict and its failures (Chinese sentences); for 优质均衡 per 学段 the seven 差异系数
against the 学段's threshold, each school's seven values and pass, the failing schools and why, the
excluded schools and why; for 普及普惠 the three hard indicators and the quantitative standards
against their thresholds, and the kindergartens that miss a standard."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .campaign_choices import CampaignKind


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Gap:
    available: bool
    verdict: str = ""
    passed: bool | None = None
    failures: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def _fmt(value, places: int = 4) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("达标") if value else _("未达标")
    if isinstance(value, Decimal | float):
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
        text = format(value.normalize(), "f")
        return text
    return str(value)


def _passed(verdict: str) -> bool | None:
    return {"passed": True, "failed": False}.get(verdict)


def _balance(result) -> Gap:
    from .indices.balance import INDICATORS

    labels = [str(label) for _c, label, _u in INDICATORS]
    cvs, schools, failing, excluded = [], [], [], []
    for section in result.sections.values():
        name = str(section.label)
        for code, label, _unit in INDICATORS:
            cvs.append([name, str(label), _fmt(section.cv.get(code)), "≤ " + _fmt(section.threshold),
                        _fmt(section.cv_passed.get(code))])
        for school in section.schools:
            schools.append([name, school.name, *[_fmt(school.values.get(code), 2) for code, _l, _u in INDICATORS],
                            _fmt(school.passed)])
            if not school.passed:
                why = school.reason or "、".join(str(label) for code, label, _u in INDICATORS if code in school.failing)
                failing.append([name, school.name, why])
        for school in section.excluded:
            excluded.append([name, school.name, str(school.reason)])
    tables = [Table(_("校际差异系数与标准"), [_("学段"), _("指标"), _("差异系数"), _("标准"), _("结果")], cvs),
              Table(_("各校七项资源配置指标"), [_("学段"), _("学校"), *labels, _("结果")], schools),
              Table(_("未达标学校"), [_("学段"), _("学校"), _("原因")], failing)]
    if excluded:
        tables.append(Table(_("不参与计算的学校"), [_("学段"), _("学校"), _("原因")], excluded))
    if result.county is not None:  # 政府保障程度, 教育质量 (indices/balance_county.py)
        for area in result.county.areas.values():
            rows = [[f"（{c.item}）", c.label + (_("（待核实）") if c.pending_verification else ""), c.value_display,
                     c.standard_display, _fmt(c.passed)] for c in area.checks]
            if not area.counted:
                rows = [["—", _("尚无已审核的县级采集表"), "—", "—", "—"]]
            tables.append(Table(area.label, [_("项"), _("指标"), _("数值"), _("标准"), _("结果")], rows))
    return Gap(available=True, verdict=result.verdict_label, passed=_passed(result.verdict),
               failures=[str(f) for f in result.failures], tables=tables)


def _measure_rows(measures) -> list[list[str]]:
    return [[str(m.label), _fmt(m.value, 2) + (str(m.unit) if m.value is not None else ""),
             f"{m.comparison} {_fmt(m.threshold, 2)}{m.unit}" if m.threshold is not None else "—", _fmt(m.passed)]
            for m in measures]


def _preschool(result) -> Gap:
    header = [_("指标"), _("数值"), _("标准"), _("结果")]
    tables = [Table(_("普及普惠三项硬指标"), header, _measure_rows(result.hard)),
              Table(_("普及普惠量化标准"), header, _measure_rows(result.standards))]
    failing = [[k.name, "；".join(str(f) for f in k.failing)] for k in result.kindergartens if k.failing]
    tables.append(Table(_("未达标幼儿园"), [_("幼儿园"), _("原因")], failing))
    return Gap(available=True, verdict=result.verdict_label, passed=_passed(result.verdict),
               failures=[str(f) for f in result.failures], tables=tables)


def county_gap(kind: str, region, year: int) -> Gap:
    """The county's gap to the standard of ``kind`` in ``year``, from the indices."""
    from . import indices

    if kind == CampaignKind.BALANCE:
        return _balance(indices.balance_county(region, year))
    return _preschool(indices.preschool_county(region, year))
