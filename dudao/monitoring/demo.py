"""Demo 评估监测 data (idempotent): the shipped collections published; rounds for 2025 and 2026 of
the 优质均衡 school resource form and the 政府保障/教育质量 county forms in 南岸区, and of the 普及普惠
kindergarten and county forms in 大足区 (five more kindergartens are registered there so that the
county has a mix of 公办, 普惠性民办 and 非普惠性民办). Values are realistic and deterministic:

- 南岸区 schools (小学 and 初中 sections; 九年一贯制 and 完全中学 split by 学段; the 特殊教育 school and
  the 职业教育中心 get no form): every school meets the seven 优质均衡 standards with some margin,
  except 峡口小学 (生均体育运动场馆 below the standard but ≥ 85 % of it: one indicator, the school rule
  still passes), 迎龙初级中学 (生均教学仪器设备值 at 80 %: one indicator, the school rule fails) and
  广阳小学 (教学及辅助用房 and 网络多媒体教室 below: two indicators). 2025 values are a little lower
  than 2026 (a trend). 2025 is all 市级已接收 but one 县级已审核; in 2026 most are 已审核/已接收, a
  few 已上报, 已退回 and 填报中 (with values) and two 填报中 without values.
- 大足区 kindergartens: both years, with one kindergarten short of outdoor play area; the county
  form of 大足区 (3–5岁 population, townships, pay ratio).
"""

import datetime
import math
import zlib

from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import quality_demo, services
from .models import Collection, CollectionRound, Submission

YEARS = (2025, 2026)
#: 优质均衡 standards (教督〔2017〕6号 第六条) per 学段: per 100 students or per student.
STANDARD = {
    "primary": {"teachers_above_degree": 4.2, "backbone_teachers": 1.0, "pe_art": 0.9, "teaching_area": 4.5,
                "sports_area": 7.5, "equipment_value": 2000, "multimedia_rooms": 2.3},
    "junior": {"teachers_above_degree": 5.3, "backbone_teachers": 1.0, "pe_art": 0.9, "teaching_area": 5.8,
               "sports_area": 10.2, "equipment_value": 2500, "multimedia_rooms": 2.4},
}
PER_100 = {"teachers_above_degree", "backbone_teachers", "pe_art", "multimedia_rooms"}
#: (school, 学段) → {indicator: fraction of the standard} for 2026 (2025 is 5 % lower).
WEAK = {
    ("重庆市南岸区峡口小学", "primary"): {"sports_area": 0.9},
    ("重庆市南岸区迎龙初级中学", "junior"): {"equipment_value": 0.8},
    ("重庆市南岸区广阳小学", "primary"): {"teaching_area": 0.88, "multimedia_rooms": 0.8},
}
#: 2026 statuses other than accepted/approved, by school.
STATUS_2026 = {
    "重庆市南岸区南山小学": "draft", "重庆市南岸区涂山小学": "draft", "重庆市南岸区天文小学": "returned",
    "重庆市南岸区大佛段小学": "submitted", "重庆市南岸区青龙路小学": "submitted",
    "重庆市南岸区鸡冠石小学": "empty", "重庆市南岸区长生桥初级中学": "empty",
}
DAZU_KINDERGARTENS = [
    # name, ownership (SchoolProfile), inclusive_status, children
    ("重庆市大足区机关幼儿园", "public", "public", 420),
    ("重庆市大足区棠香街道中心幼儿园", "public", "public", 360),
    ("重庆市大足区龙岗街道中心幼儿园", "public", "public", 330),
    ("重庆市大足区宝顶镇中心幼儿园", "public", "public", 210),
    ("重庆市大足区智凤育才幼儿园", "inclusive_private", "inclusive_private", 260),
    ("重庆市大足区双路阳光幼儿园", "inclusive_private", "inclusive_private", 190),
    ("重庆市大足区星光双语幼儿园", "private", "private", 150),
]


def _f(name: str, key: str, lo: float = 1.08, hi: float = 1.55) -> float:
    """A deterministic factor in [lo, hi) for a school and an indicator."""
    return lo + (zlib.crc32(f"{name}:{key}".encode()) % 1000) / 1000 * (hi - lo)


def school_values(name: str, section: str, students: int, classes: int, year: int) -> dict:
    std = STANDARD[section]
    weak = WEAK.get((name, section), {})
    trend = 1.0 if year == YEARS[-1] else 0.95
    out = {"students": students, "classes": classes}
    for key, standard in std.items():
        factor = weak.get(key) or _f(name, f"{section}:{key}")
        if key not in weak:
            factor = max(factor * trend, 1.02)
        else:
            factor *= trend
        base = students / 100 if key in PER_100 else students
        amount = standard * factor * base
        if key in PER_100:
            # a count: round up when the school meets the standard, down when it does not
            amount = math.ceil(amount) if factor >= 1 else max(0, math.floor(amount))
            if key == "pe_art":
                pe = math.ceil(amount * 0.4)
                music = math.ceil((amount - pe) / 2)
                out.update(pe_teachers=pe, music_teachers=music, fine_art_teachers=max(0, amount - pe - music))
                continue
            out[key] = amount
        else:
            out[key] = round(amount, 2) if key != "equipment_value" else round(amount / 100) * 100
    limit = 45 if section == "primary" else 50
    out["max_class_size"] = min(students, limit - 1 - zlib.crc32(name.encode()) % 4)
    out["music_rooms"] = out["art_rooms"] = max(1, math.ceil(classes / 12))
    return out


def _enrolment(unit_id: int) -> dict:
    from dudao.schools.models import Enrolment

    return {e.section: e for e in Enrolment.objects.filter(school_id=unit_id, school_year="2025-2026")}


def _open(collection, year, region):
    rnd = CollectionRound.objects.filter(collection=collection, year=year, region=region).first()
    if rnd is not None:
        return rnd, False
    rnd = services.round_open(actor=None, collection=collection, year=year, region=region,
                              deadline=datetime.date(year, 11, 30))
    return rnd, True


def _advance(sub, target: str, *, note_return: str = ""):
    """Move a filled submission to ``target`` as the system would through its users' steps."""
    if target in ("draft", "empty"):
        return
    services.submission_submit(actor=None, submission=sub)
    if target == "submitted":
        return
    if target == "returned":
        services.submission_return(actor=None, submission=sub, note=note_return or "请核实体育运动场馆面积（与上年差异较大）")
        return
    services.submission_approve(actor=None, submission=sub)
    if target == "accepted":
        services.submission_accept(actor=None, submission=sub)


def _nanan_schools(collection, nanan, stdout):
    for year in YEARS:
        rnd, new = _open(collection, year, nanan)
        if not new:
            continue
        subs = list(Submission.objects.filter(round=rnd).select_related("unit").order_by("unit__name"))
        for i, sub in enumerate(subs):
            name = sub.unit.name
            status = "accepted" if year == YEARS[0] else STATUS_2026.get(name, "accepted" if i % 3 else "approved")
            if year == YEARS[0] and i == 1:
                status = "approved"
            if status == "empty":
                continue
            enrolment = _enrolment(sub.unit_id)
            values = {}
            for section in sub.sections:
                e = enrolment.get(section)
                students = e.students if e else 300
                classes = e.classes if e else max(1, students // 45)
                if year == YEARS[-1]:
                    students = round(students * 1.03)
                    classes = max(classes, math.ceil(students / 46))
                for code, v in school_values(name, section, students, classes, year).items():
                    values[(code, section)] = v
            services.values_save(actor=None, submission=sub, values=values)
            _advance(sub, status)
        stdout.write(f"数据填报：南岸区 {year} 年优质均衡学校资源配置 {len(subs)} 所学校")


COUNTY_GUARANTEE = {
    "layout_plan_compliant": True, "school_standard_met": True, "special_rooms_compliance_rate": 100,
    "schools_over_scale": 1, "classes_over_size": 0, "small_school_funding_at_100": True,
    "special_school_funding_per_student": 8000, "teacher_pay_ratio": 103.5, "training_completion_rate": 100,
    "staffing_pooled": True, "exchange_rotation_rate": 12.4, "backbone_share_of_rotation": 23.1,
    "teacher_certificate_rate": 100, "nearby_enrolment_primary_rate": 100, "nearby_enrolment_junior_rate": 96.8,
    "quality_high_school_quota_share": 52, "migrant_children_public_rate": 91.2, "left_behind_care_system": True,
}
COUNTY_QUALITY = {
    "junior_retention_rate": 99.1, "disabled_enrolment_rate": 96.5, "charter_and_it_rate": 100,
    "teacher_training_budget_share": 5.2, "it_teaching_proficient": True, "moral_education_good_rate": 100,
    "curriculum_complete": True, "no_excess_burden": True, "monitoring_level3_rate": 86.4,
    "monitoring_school_difference_rate": 0.12,
}


def _office_form(collection, region, values_by_year, stdout, label):
    for year in YEARS:
        rnd, new = _open(collection, year, region)
        if not new:
            continue
        for sub in Submission.objects.filter(round=rnd):
            values = values_by_year(year)
            services.values_save(actor=None, submission=sub, values={(k, ""): v for k, v in values.items()})
            _advance(sub, "accepted" if year == YEARS[0] else "approved")
        stdout.write(f"数据填报：{region.name} {year} 年{label}")


def _guarantee(year):
    values = dict(COUNTY_GUARANTEE)
    if year == YEARS[0]:
        values.update(exchange_rotation_rate=10.6, backbone_share_of_rotation=18.5, quality_high_school_quota_share=50,
                      schools_over_scale=2)
    return values


def _quality(year):
    values = dict(COUNTY_QUALITY)
    if year == YEARS[0]:
        values.update(junior_retention_rate=98.7, monitoring_level3_rate=83.9, monitoring_school_difference_rate=0.14)
    return values


def _dazu_kindergartens(context, dazu):
    """The 大足区 kindergartens of the demo, registered (with a profile and 学籍) if missing."""
    from dudao.orgs.services import unit_create
    from dudao.schools.demo import _code
    from dudao.schools.models import Enrolment, SchoolProfile

    towns = list(Region.objects.filter(parent=dazu).order_by("code")) or [dazu]
    out = []
    for i, (name, ownership, _status, children) in enumerate(DAZU_KINDERGARTENS):
        unit = Unit.objects.filter(kind=UnitKind.KINDERGARTEN, name=name).first()
        if unit is None:
            unit = unit_create(actor=None, kind=UnitKind.KINDERGARTEN, name=name, region=towns[i % len(towns)],
                               address=f"重庆市大足区{towns[i % len(towns)].name}", phone=f"023-4372{i:04d}")
        if not SchoolProfile.objects.filter(unit=unit).exists():
            profile = SchoolProfile.objects.create(unit=unit, school_code=_code(unit), stage="kindergarten",
                                                   ownership=ownership)
            Enrolment.objects.create(school=profile, school_year="2025-2026", section="preschool",
                                     students=children, classes=max(1, children // 30))
        out.append(unit)
    return out


def kindergarten_values(name: str, status: str, children: int, year: int) -> dict:
    growth = 1.0 if year == YEARS[-1] else 0.96
    children = round(children * growth)
    classes = max(1, math.ceil(children / 30))
    teachers = math.ceil(children / (11 + zlib.crc32(name.encode()) % 3))
    short = name == "重庆市大足区宝顶镇中心幼儿园"
    return {
        "children": children, "inclusive_status": status, "classes": classes,
        "classes_over_size": 1 if name == "重庆市大足区星光双语幼儿园" else 0,
        "full_time_teachers": teachers,
        "licensed_teachers": teachers - (1 if status == "private" else 0),
        "principal_licensed": True,
        "outdoor_play_area": round(children * (3.4 if short else _f(name, "outdoor", 4.3, 6.5)), 1),
        "activity_room_area": round(children * _f(name, "activity", 8.4, 10.0), 1),
        "building_area": round(children * _f(name, "building", 10.8, 13.5), 1),
        "public_funding_per_child": None if status == "private" else (600 if status == "public" else 500),
    }


def _dazu(context, dazu, stdout):
    kindergartens = {u.pk: u for u in _dazu_kindergartens(context, dazu)}
    spec = {name: (status, children) for name, _o, status, children in DAZU_KINDERGARTENS}
    collection = _collection("preschool_kindergarten", dazu)
    totals = {}
    for year in YEARS:
        rnd, new = _open(collection, year, dazu)
        if not new:
            continue
        total = 0
        for i, sub in enumerate(Submission.objects.filter(round=rnd).select_related("unit").order_by("unit__name")):
            status, children = spec.get(sub.unit.name, ("public", 200))
            values = kindergarten_values(sub.unit.name, status, children, year)
            total += values["children"]
            services.values_save(actor=None, submission=sub, values={(k, ""): v for k, v in values.items()})
            target = "accepted" if year == YEARS[0] else ("submitted" if i == 2 else "approved")
            _advance(sub, target)
        totals[year] = total
        stdout.write(f"数据填报：大足区 {year} 年普及普惠幼儿园 {len(kindergartens)} 所")

    def county(year):
        children = totals.get(year) or 1850
        return {"population_3_5": round(children / (0.905 if year == YEARS[-1] else 0.87)),
                "children_total": children, "township_count": 27, "townships_with_public_centre": 25 if
                year == YEARS[-1] else 23, "noncredentialed_teacher_pay_ratio": 78.5 if year == YEARS[-1] else 72}

    _office_form(_collection("preschool_county", dazu), dazu, county, stdout, "普及普惠县级数据")


def _collection(code, region):
    """The published shipped collection ``code`` at the root above ``region``."""
    root = "/" + region.path.strip("/").split("/")[0] + "/"
    return Collection.objects.filter(code=code, status="published", region_path=root).order_by("-version").first()


def load(context, stdout):
    services.load_shipped(stdout=stdout)
    regions = {r.code: r for r in Region.objects.filter(code__in=["500108", "500111"])}
    if len(regions) < 2:
        return
    nanan, dazu = regions["500108"], regions["500111"]
    _nanan_schools(_collection("balance_school_resources", nanan), nanan, stdout)
    _office_form(_collection("balance_county_guarantee", nanan), nanan, _guarantee, stdout, "优质均衡政府保障程度")
    _office_form(_collection("balance_county_quality", nanan), nanan, _quality, stdout, "优质均衡教育质量")
    _dazu(context, dazu, stdout)
    quality_demo.load(context, stdout)  # 质量监测结果 (quality_demo.py)
    from . import campaign_demo

    campaign_demo.load(context, stdout)  # creation campaigns and programmes

