"""质量监测结果: the import of a monitoring feedback (Excel, through the bounded reader of
``dudao.common.importer`` — every row or none, errors by sheet, row and column in Chinese), its
problems into the problem ledger (source 监测评估, the school as unit, a deadline
``quality.rectify_days`` away), one improvement plan per school concerned (a ledger item too), and
the §5.3 item 9 rule per county as database aggregates:

    相关科目学生学业水平达到Ⅲ级以上   every school's level in each subject/grade ≥ ``quality.min_level``
    校际差异率 < 0.15                  the county's rate in each subject/grade < ``quality.max_interschool_diff``

Both thresholds are region settings marked 待核实 (standards.md §5.3 items 6–9 are [U])."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common import importer
from dudao.common.scoping import region_in_scope
from dudao.ledger.choices import LedgerSource
from dudao.ledger.services import ledger_item_create
from dudao.regions.choices import RegionLevel
from dudao.regions.models import Region
from dudao.regionsettings.services import get_setting
from dudao.schools.models import SchoolProfile

from .quality_models import (
    QualityCountyResult,
    QualityFinding,
    QualityLevel,
    QualityPlan,
    QualityProgramme,
    QualityResult,
    QualitySubject,
)

SHEET = "监测结果"
ADD = "monitoring.add_qualityresult"
#: The ledger category of a monitoring problem (教育教学, 条例第十一条（一）).
CATEGORY = "teaching"
LEVELS = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _level(value):
    s = importer.text(value).replace("级", "").upper()
    if s.endswith(".0"):
        s = s[:-2]
    if s not in LEVELS:
        raise importer.CellError("应为Ⅰ、Ⅱ、Ⅲ或Ⅳ（或1–4）")
    return LEVELS[s]


def _share(value):
    number = importer.decimal(value)
    if number is not None and not Decimal(0) <= number <= Decimal(100):
        raise importer.CellError("应为0至100之间的百分数")
    return number


def _diff(value):
    number = importer.decimal(value)
    if number is not None and not Decimal(0) <= number <= Decimal(10):
        raise importer.CellError("应为0至10之间的小数，如0.12")
    return number


def _grade(value):
    number = importer.integer(value)
    if number is not None and not 1 <= number <= 12:
        raise importer.CellError("应为1至12的整数")
    return number


def _problems(value) -> list[str]:
    text = importer.text(value)
    for sep in ("；", ";", "\r"):
        text = text.replace(sep, "\n")
    items = [line.strip(" 　-·•0123456789.、）)") for line in text.split("\n")]
    items = [i for i in items if i]
    if any(len(i) > 500 for i in items):
        raise importer.CellError("每个问题不超过500字")
    return items


COLUMNS = [
    importer.Column("学校标识码", "school_code", required=True, example="3150000001", note="10位学校标识码"),
    importer.Column("学校名称", "school_name", example="南岸区示范小学", note="仅供核对，不导入"),
    importer.Column("学科领域", "subject", required=True, parse=importer.choice(QualitySubject), example="数学"),
    importer.Column("年级", "grade", required=True, parse=_grade, example=4),
    importer.Column("学业水平等级", "level", required=True, parse=_level, example="Ⅲ", note="Ⅰ–Ⅳ，Ⅳ最高"),
    importer.Column("Ⅰ级占比（%）", "level1_share", parse=_share, example=5),
    importer.Column("Ⅱ级占比（%）", "level2_share", parse=_share, example=20),
    importer.Column("Ⅲ级占比（%）", "level3_share", parse=_share, example=45),
    importer.Column("Ⅳ级占比（%）", "level4_share", parse=_share, example=30),
    importer.Column("平均分", "score", parse=importer.decimal, example=512.3),
    importer.Column("校际差异率", "interschool_diff", parse=_diff, example=0.12,
                    note="本区县该学科、年级的校际差异率；同一区县、学科、年级各行须一致"),
    importer.Column("反馈问题", "problems", parse=_problems, example="学生科学探究能力偏弱；课后作业时间偏长",
                    note="多个问题用分号或换行分隔；每个问题进入问题台账"),
]


def county_of(region: Region) -> Region:
    """The county (县级) at or above ``region``."""
    if region.level <= RegionLevel.COUNTY:
        return region
    codes = [p for p in region.path.strip("/").split("/")]
    return Region.objects.filter(code__in=codes, level=RegionLevel.COUNTY).first() or region


def _deadline(region, today) -> datetime.date:
    return today + datetime.timedelta(days=int(get_setting(region, "quality.rectify_days")))


def _programme_label(programme: str) -> str:
    return str(QualityProgramme(programme).label)


def _plan(actor, school, year, programme, today):
    if QualityPlan.objects.filter(school=school, year=year, programme=programme).exists():
        return
    item = ledger_item_create(
        actor=actor, unit=school, source=LedgerSource.MONITORING, category=CATEGORY, today=today,
        description=_("根据%(y)s年%(p)s结果制定并落实质量提升改进方案") % {"y": year, "p": _programme_label(programme)},
        requirement=_("对照监测反馈问题制定质量提升改进方案，明确措施、责任人和时限，按期报送落实情况"),
        deadline=_deadline(school.region, today),
        source_reference=_("%(y)s年%(p)s·改进方案") % {"y": year, "p": _programme_label(programme)})
    QualityPlan.objects.create(school=school, region_path=school.region_path, year=year, programme=programme,
                               ledger_item=item)


def quality_import(*, actor, fileobj, year: int, programme: str, today: datetime.date | None = None
                   ) -> importer.ImportResult:
    """Import a monitoring feedback for ``year`` and ``programme``: every row or none. A school's
    row replaces its earlier result for the same subject and grade; each new problem becomes a
    ledger item; each school with a problem or a level below the region's line gets one
    improvement plan."""
    today = today or timezone.localdate()
    if programme not in QualityProgramme.values:
        raise ValidationError({"programme": _("监测项目无效")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度无效")})

    def handle(actor_, row, context):
        profile = (SchoolProfile.objects.select_related("unit__region")
                   .filter(school_code=str(row["school_code"]).strip(), unit__is_active=True).first())
        if profile is None:
            raise ValidationError({"school_code": _("没有该学校标识码的学校")})
        school = profile.unit
        if actor_ is not None and not region_in_scope(actor_, ADD, school.region):
            raise ValidationError({"school_code": _("该学校不在您的管辖范围内")})
        county = county_of(school.region)
        diff = row.get("interschool_diff")
        key = (county.pk, row["subject"], row["grade"])
        seen = context.setdefault("diffs", {})
        if diff is not None:
            if key in seen and seen[key][0] != diff:
                raise ValidationError({"interschool_diff": _("与学校%(c)s一行同一区县、学科、年级的校际差异率（%(v)s）不一致")
                                       % {"c": seen[key][1], "v": seen[key][0]}})
            seen.setdefault(key, (diff, row["school_code"]))
        shares = [row.get(f"level{i}_share") for i in range(1, 5)]
        if all(s is not None for s in shares) and abs(sum(shares) - 100) > Decimal("1"):
            raise ValidationError({"level1_share": _("四个等级占比之和应为100%%（现为%(s)s%%）") % {"s": sum(shares)}})
        result, _created = QualityResult.objects.update_or_create(
            school=school, year=year, programme=programme, subject=row["subject"], grade=row["grade"],
            defaults={"region_path": school.region_path, "level": row["level"], "score": row.get("score"),
                      **{f"level{i}_share": shares[i - 1] for i in range(1, 5)}})
        if diff is not None:
            QualityCountyResult.objects.update_or_create(
                region=county, year=year, programme=programme, subject=row["subject"], grade=row["grade"],
                defaults={"region_path": county.path, "interschool_diff": diff})
        problems = row.get("problems") or []
        for text in problems:
            if QualityFinding.objects.filter(result=result, text=text).exists():
                continue
            try:
                item = ledger_item_create(
                    actor=actor_, unit=school, source=LedgerSource.MONITORING, category=CATEGORY, today=today,
                    description=_("%(p)s（%(y)s年%(s)s%(g)s年级）反馈：%(t)s") % {
                        "p": _programme_label(programme), "y": year, "s": result.get_subject_display(),
                        "g": result.grade, "t": text},
                    requirement=_("针对监测反馈问题分析原因、制定措施并整改到位"),
                    deadline=_deadline(school.region, today),
                    source_reference=_("%(y)s年%(p)s") % {"y": year, "p": _programme_label(programme)})
            except PermissionDenied:
                raise ValidationError({"problems": _("无权为该学校登记问题")}) from None
            QualityFinding.objects.create(result=result, text=text, ledger_item=item)
        if problems or row["level"] < int(get_setting(school.region, "quality.min_level")):
            try:
                _plan(actor_, school, year, programme, today)
            except PermissionDenied:
                raise ValidationError({"school_code": _("无权为该学校登记问题")}) from None

    spec = importer.ImportSpec(name=SHEET, columns=COLUMNS, handle=handle,
                               keys=(("school_code", "subject", "grade"),),
                               description=_("国家或市级义务教育质量监测结果：每个学校、学科、年级一行"))
    return importer.run_import(spec, fileobj, actor=actor)


def template() -> bytes:
    return importer.template_workbook(importer.ImportSpec(name=SHEET, columns=COLUMNS, handle=lambda *a: None))


# ---- the rule (§5.3 item 9) ----------------------------------------------------------------------
def quality_rule(region: Region, year: int, programme: str = QualityProgramme.NATIONAL) -> dict:
    """The rule for ``region`` (a county) in ``year``: per subject and grade the schools, those below
    the level line, the county's 校际差异率 — each a database aggregate — and the verdict (None when
    nothing was imported; a missing 校际差异率 leaves its group undecided)."""
    min_level = int(get_setting(region, "quality.min_level"))
    max_diff = Decimal(get_setting(region, "quality.max_interschool_diff"))
    results = QualityResult.objects.filter(region_path__startswith=region.path, year=year, programme=programme)
    groups = (results.values("subject", "grade")
              .annotate(schools=Count("id"), below=Count("id", filter=Q(level__lt=min_level)), lowest=Min("level"))
              .order_by("subject", "grade"))
    diffs = {(r["subject"], r["grade"]): r["diff"] for r in
             QualityCountyResult.objects.filter(region_path__startswith=region.path, year=year, programme=programme)
             .values("subject", "grade").annotate(diff=Max("interschool_diff"))}
    labels = dict(QualitySubject.choices)
    rows = []
    for g in groups:
        diff = diffs.get((g["subject"], g["grade"]))
        if diff is not None:  # SQLite's MAX of a decimal comes back as a float
            diff = Decimal(str(diff)).quantize(Decimal("0.001"))
        level_ok = g["below"] == 0
        diff_ok = None if diff is None else diff < max_diff
        rows.append({"subject": g["subject"], "subject_label": str(labels.get(g["subject"], g["subject"])),
                     "grade": g["grade"], "schools": g["schools"], "below": g["below"],
                     "lowest": QualityLevel(g["lowest"]).label, "interschool_diff": diff,
                     "level_ok": level_ok, "diff_ok": diff_ok,
                     "passed": False if not level_ok or diff_ok is False else (None if diff_ok is None else True)})
    failing = list(results.filter(level__lt=min_level).select_related("school")
                   .order_by("subject", "grade", "school__name")[:500])
    verdicts = [r["passed"] for r in rows]
    passed = None if not rows else (False if False in verdicts else (None if None in verdicts else True))
    return {"region": region, "year": year, "programme": programme, "min_level": QualityLevel(min_level).label,
            "max_diff": max_diff, "rows": rows, "passed": passed,
            "failing": [{"school_id": r.school_id, "school": r.school.name, "subject": r.get_subject_display(),
                         "grade": r.grade, "level": r.get_level_display()} for r in failing]}
