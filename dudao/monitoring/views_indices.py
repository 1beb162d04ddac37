"""Pages of the national indices (issue 12 items 2–3): a county's 优质均衡 page (seven CVs per 学段
with thresholds, last year beside this year, a chart with its table twin, failing schools and why,
excluded schools, what-if, Excel export), its 普及普惠 page, and a city's counties side by side.
Read-only; scope as the API (``api_indices.visible_region``)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.excel import xlsx_response
from dudao.common.scoping import user_has_perm
from dudao.regions.selectors import picked_region

from .api_indices import visible_region
from .indices import balance_counties, preschool_county
from .indices.balance import CODES, INDICATORS
from .indices.preschool import PENDING
from .indices.trend import DIRECTIONS, balance_trend, balance_what_if
from .models import CollectionRound


def _preview(request) -> bool:
    return request.GET.get("include_submitted") in ("1", "true", "on")


def _latest_year() -> int:
    year = CollectionRound.objects.filter(collection__code="balance_school_resources").aggregate(y=Max("year"))["y"]
    return year or timezone.localdate().year


@login_required
def indices_home(request):
    """/monitoring/indices/: the user's region (or ``?region=``) and the latest year with data — a
    county opens its 优质均衡 page, a city or province its counties."""
    if not user_has_perm(request.user, "monitoring.view_collectionround"):
        raise Http404  # a school's or kindergarten's users, administrators: no county indices
    region = picked_region(request)
    year = _latest_year()
    if region is not None and region.level == 3:
        return redirect("monitoring:indices_balance", region_id=region.pk, year=year)
    if region is not None and region.level < 3:
        return redirect("monitoring:indices_counties", region_id=region.pk, year=year)
    raise Http404


def _county(request, region_id: int, year: int, *, county: bool = True):
    if not 1900 <= year <= 2100:
        raise Http404
    return visible_region(request.user, region_id, county=county)


def _fmt(value, places=2):
    return "—" if value is None else f"{value:.{places}f}"


@login_required
def balance_page(request, region_id: int, year: int):
    region = _county(request, region_id, year)
    preview = _preview(request)
    trend = balance_trend(region, year, years=2, include_submitted=preview)
    result = trend["results"][year]
    before = trend["results"][year - 1]
    if request.GET.get("export") == "xlsx":
        return _balance_export(result, before)
    sections = []
    for key, s in result.sections.items():
        last = before.sections[key]
        rows = [{"code": c, "label": label, "unit": unit, "standard": s.standards[c], "mean": _fmt(s.mean.get(c)),
                 "cv": _fmt(s.cv.get(c), 3), "last_cv": _fmt(last.cv.get(c), 3), "passed": s.cv_passed.get(c),
                 "direction": next((str(DIRECTIONS[line.cv_direction]) for line in trend["lines"]
                                    if line.section == key and line.code == c), "—"),
                 "gap": _fmt(s.threshold - s.cv[c], 3) if s.cv.get(c) is not None else "—"}
                for c, label, unit in INDICATORS]
        schools = [{"row": r, "cells": [(_fmt(r.values[c]), r.meets[c], r.near[c]) for c in CODES]}
                   for r in s.schools]
        sections.append({"s": s, "rows": rows, "schools": schools, "last_students": last.students,
                         "last_schools": len(last.schools), "last_failing": len(last.failing_schools)})
    chart = {"labels": [str(label) for _c, label, _u in INDICATORS], "series": [
        {"name": _("%(s)s %(y)s年") % {"s": s.label, "y": y}, "data": [float(r.sections[k].cv[c]) if
                                                                     r.sections[k].cv.get(c) is not None else None
                                                                     for c in CODES]}
        for k, s in result.sections.items() for y, r in ((year - 1, before), (year, result))],
        "thresholds": [{"name": _("%(s)s阈值") % {"s": s.label}, "value": float(s.threshold)}
                       for s in result.sections.values()]}
    return render(request, "monitoring/indices/balance.html", {
        "title": _("%(r)s %(y)s年义务教育优质均衡资源配置") % {"r": region.name, "y": year},
        "region": region, "year": year, "result": result, "sections": sections, "chart": chart,
        "indicators": INDICATORS, "preview": preview, "what_if": balance_what_if(region, year, result=result),
        "last_year": year - 1, "next_year": year + 1, "last_verdict": before.verdict_label})


def _balance_export(result, before):
    headers = [_("学段"), _("类别"), _("名称"), _("在校生数")] + [str(label) for _c, label, _u in INDICATORS] + [
        _("结论"), _("说明")]
    rows = []
    for key, s in result.sections.items():
        last = before.sections[key]
        rows.append([s.label, _("差异系数"), _("阈值 %(t)s") % {"t": s.threshold}, s.students]
                    + [s.cv.get(c) for c in CODES] + [_("达标") if s.passed else _("未达标"), ""])
        rows.append([s.label, _("差异系数"), _("上年（%(y)s年）") % {"y": before.year}, last.students]
                    + [last.cv.get(c) for c in CODES] + ["", ""])
        rows.append([s.label, _("县域均值"), "", s.students] + [s.mean.get(c) for c in CODES] + ["", ""])
        rows.append([s.label, _("标准"), "", ""] + [s.standards[c] for c in CODES] + ["", ""])
        for r in s.schools:
            rows.append([s.label, _("学校"), r.name, r.students] + [r.values[c] for c in CODES]
                        + [_("达标") if r.passed else _("未达标"), r.reason])
        for e in s.excluded:
            rows.append([s.label, _("不纳入"), e.name, e.students] + [None] * len(CODES) + ["", e.reason])
    for area in (result.county.areas.values() if result.county is not None else []):  # 政府保障程度, 教育质量
        for c in area.checks:
            rows.append([area.label, f"（{c.item}）", c.label, None, c.value_display] + [None] * (len(CODES) - 1)
                        + [_("达标") if c.passed else _("未达标"), _("标准%(s)s") % {"s": c.standard_display}])
        if not area.counted:
            rows.append([area.label, "", _("尚无已审核的县级采集表"), None] + [None] * len(CODES) + ["", ""])
    return xlsx_response(filename=_("%(r)s%(y)s年优质均衡资源配置") % {"r": result.region.name, "y": result.year},
                         sheet_title=str(_("优质均衡资源配置")), headers=headers, rows=rows,
                         object_type="monitoring.indices")


@login_required
def preschool_page(request, region_id: int, year: int):
    region = _county(request, region_id, year)
    result = preschool_county(region, year, include_submitted=_preview(request))
    if request.GET.get("export") == "xlsx":
        headers = [_("幼儿园"), _("办园性质"), _("在园幼儿"), _("室外游戏场地生均（m²）"), _("活动用房生均（m²）"),
                   _("生均建筑面积（m²）"), _("每名专任教师幼儿数"), _("专任教师持证率（%）"), _("结论"), _("说明")]
        rows = [[k.name, k.status_label, k.children, k.per_child.get("outdoor_play_area"),
                 k.per_child.get("activity_room_area"), k.per_child.get("building_area"), k.children_per_teacher,
                 k.licensed_rate, _("达标") if k.passed else _("未达标"), "；".join(k.failing)]
                for k in result.kindergartens]
        rows += [[m.label, "", "", None, None, None, None, m.value, "" if m.passed is None else
                  (_("达标") if m.passed else _("未达标")), m.note] for m in result.hard + result.standards]
        return xlsx_response(filename=_("%(r)s%(y)s年学前教育普及普惠") % {"r": region.name, "y": year},
                             sheet_title=str(_("学前教育普及普惠")), headers=headers, rows=rows,
                             object_type="monitoring.indices")
    return render(request, "monitoring/indices/preschool.html", {
        "title": _("%(r)s %(y)s年学前教育普及普惠") % {"r": region.name, "y": year}, "region": region, "year": year,
        "result": result, "preview": _preview(request),
        "verdict_label": str(PENDING) if result.verdict == "pending" else result.verdict_label,
        "last_year": year - 1, "next_year": year + 1})


@login_required
def counties_page(request, region_id: int, year: int):
    region = _county(request, region_id, year, county=False)
    if region.level >= 3:
        raise Http404
    results = balance_counties(region, year, include_submitted=_preview(request))
    rows = []
    for r in results:
        pre = preschool_county(r.region, year, include_submitted=_preview(request))
        rows.append({"result": r, "preschool": pre,
                     "preschool_label": str(PENDING) if pre.verdict == "pending" else pre.verdict_label,
                     "cv_over": sum(1 for s in r.sections.values() for ok in s.cv_passed.values() if ok is False),
                     "failing_schools": sum(len(s.failing_schools) for s in r.sections.values())})
    return render(request, "monitoring/indices/counties.html", {
        "title": _("%(r)s %(y)s年下辖区县监测指数") % {"r": region.name, "y": year}, "region": region, "year": year,
        "rows": rows, "preview": _preview(request), "last_year": year - 1, "next_year": year + 1})
