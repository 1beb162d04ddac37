"""The one adapter between campaigns and the indices (``dudao.monitoring.indices``):
``balance_county(region, year) -> BalanceResult`` and ``preschool_county(region, year) ->
PreschoolResult``. Everything a campaign shows of the indices — its live gap on the page, the
tables of the self-evaluation report — is read here into plain ``Gap`` rows, so that a change of
the result classes is absorbed in this module only.

What is read: the result's ``verdict`` and ``failures`` (Chinese sentences), and tables (header +
rows) of the per-学段 coefficients of variation against their thresholds, the schools' seven
values, the failing schools and why, and the 普及普惠 hard indicators against their thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("达标") if value else _("未达标")
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def _get(obj, *names, default=None):
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def _items(value):
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.items())
    return [(None, v) for v in value]


def _verdict(result) -> tuple[str, bool | None]:
    verdict = _get(result, "verdict", default="")
    passed = _get(result, "passed", "passes", "ok", default=None)
    if isinstance(verdict, bool):
        passed, verdict = verdict, (_("达标") if verdict else _("未达标"))
    return str(verdict), passed


def _balance_tables(result) -> list[Table]:
    cvs, schools, failing = [], [], []
    for key, section in _items(_get(result, "sections", "stages", "by_section", "per_section", default=None)):
        name = str(_get(section, "label", "section_label", "name", "section", default=key) or key or "")
        for _k, cv in _items(_get(section, "cvs", "indicators", "coefficients", default=None)):
            cvs.append([name, str(_get(cv, "label", "name", "indicator", default=_k) or ""),
                        _fmt(_get(cv, "value", "cv")), _fmt(_get(cv, "threshold", "limit")),
                        _fmt(_get(cv, "passes", "passed", "ok"))])
        for _k, school in _items(_get(section, "schools", default=None)):
            values = _get(school, "values", default=None) or []
            values = [v for _kk, v in _items(values)] if isinstance(values, dict) else list(values)
            schools.append([name, str(_get(school, "name", "school_name", "school", default="")),
                            *[_fmt(_get(v, "value", default=v)) for v in values[:7]],
                            _fmt(_get(school, "passes", "passed", "ok"))])
        for _k, school in _items(_get(section, "failing_schools", "failing", default=None)):
            why = _get(school, "reasons", "why", "failures", default="")
            failing.append([name, str(_get(school, "name", "school_name", "school", default=school)),
                            "；".join(map(str, why)) if isinstance(why, list | tuple) else str(why)])
    tables = []
    if cvs:
        tables.append(Table(_("校际差异系数与标准"), [_("学段"), _("指标"), _("差异系数"), _("标准"), _("结果")], cvs))
    if schools:
        tables.append(Table(_("各校七项资源配置指标"), [_("学段"), _("学校"), *[_("指标%(n)s") % {"n": i}
                                                                      for i in range(1, 8)], _("结果")], schools))
    if failing:
        tables.append(Table(_("未达标学校"), [_("学段"), _("学校"), _("原因")], failing))
    return tables


def _preschool_tables(result) -> list[Table]:
    rows = []
    for key, ind in _items(_get(result, "indicators", "hard_indicators", default=None)):
        rows.append([str(_get(ind, "label", "name", "indicator", default=key) or ""),
                     _fmt(_get(ind, "value", "rate")), _fmt(_get(ind, "threshold", "limit")),
                     _fmt(_get(ind, "passes", "passed", "ok"))])
    return [Table(_("普及普惠三项硬指标"), [_("指标"), _("数值"), _("标准"), _("结果")], rows)] if rows else []


def county_gap(kind: str, region, year: int) -> Gap:
    """The county's gap to the standard of ``kind`` in ``year``, from the indices."""
    try:
        from . import indices
    except ImportError:
        return Gap(available=False)
    fn = getattr(indices, "balance_county" if kind == CampaignKind.BALANCE else "preschool_county", None)
    if fn is None:
        return Gap(available=False)
    result = fn(region, year)
    verdict, passed = _verdict(result)
    failures = [str(f) for f in (_get(result, "failures", default=None) or [])]
    tables = _balance_tables(result) if kind == CampaignKind.BALANCE else _preschool_tables(result)
    return Gap(available=True, verdict=verdict, passed=passed, failures=failures, tables=tables)
