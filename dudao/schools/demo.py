"""Demo school profiles, enrolment (2025-2026), zones with work stations (S4: 8 stations in
南岸区), one school group and principals (some due a tenure-end supervision)."""

import datetime
import zlib

from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .choices import Ownership, SchoolStage, Section
from .models import Enrolment, PrincipalTenure, SchoolGroup, SchoolProfile, Zone
from .services import school_group_create, zone_create

SCHOOL_YEAR = "2025-2026"
#: Schools large enough for a 1∶1 responsible inspector (≥ 2,000 students).
LARGE = {"重庆市第十一中学校": 2860, "重庆市南坪中学校": 2450, "重庆市第二外国语学校": 2120}
ZONE_NAMES = ["南坪", "铜元局", "花园路", "弹子石", "南山", "长生桥", "茶园", "迎龙"]
SECTIONS = {
    SchoolStage.KINDERGARTEN: [Section.PRESCHOOL],
    SchoolStage.PRIMARY: [Section.PRIMARY],
    SchoolStage.JUNIOR: [Section.JUNIOR],
    SchoolStage.NINE_YEAR: [Section.PRIMARY, Section.JUNIOR],
    SchoolStage.COMPLETE_SECONDARY: [Section.JUNIOR, Section.SENIOR],
    SchoolStage.SPECIAL: [Section.SPECIAL],
    SchoolStage.VOCATIONAL: [Section.VOCATIONAL],
}
#: Demo coordinates (WGS-84, approximate, made up for the demo) of a dozen 南岸区 schools: the map's points.
COORDINATES = {
    "重庆市南岸区南坪实验小学": ("29.530100", "106.563200"),
    "重庆市南岸区珊瑚实验小学": ("29.540800", "106.552600"),
    "重庆市南岸区天台岗小学": ("29.525400", "106.571900"),
    "重庆市南岸区南湖小学": ("29.518700", "106.566300"),
    "重庆市南岸区弹子石小学": ("29.575600", "106.596800"),
    "重庆市南岸区花园路小学": ("29.516200", "106.578400"),
    "重庆市南岸区海棠溪小学": ("29.545300", "106.583100"),
    "重庆市南岸区龙门浩小学": ("29.557900", "106.588200"),
    "重庆市南岸区铜元局小学": ("29.549300", "106.560900"),
    "重庆市南岸区南山小学": ("29.562100", "106.620400"),
    "重庆市南岸区长生桥小学": ("29.500400", "106.647500"),
    "重庆市南岸区迎龙小学": ("29.522900", "106.705300"),
    "重庆市南岸区广阳小学": ("29.585700", "106.722800"),
    "重庆市南岸区峡口小学": ("29.505200", "106.690100"),
}
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"


def stage_of(name: str) -> str:
    if "幼儿园" in name:
        return SchoolStage.KINDERGARTEN
    if "特殊教育" in name:
        return SchoolStage.SPECIAL
    if "职业教育" in name:
        return SchoolStage.VOCATIONAL
    if "初级中学" in name:
        return SchoolStage.JUNIOR
    if "中学" in name:
        return SchoolStage.COMPLETE_SECONDARY
    if "小学" in name:
        return SchoolStage.PRIMARY
    return SchoolStage.NINE_YEAR


def _code(unit: Unit) -> str:
    return "31" + unit.region.code[:6][-4:] + f"{zlib.crc32(unit.name.encode()) % 10000:04d}"


def load(context, stdout):
    schools = list(Unit.objects.filter(kind__in=SCHOOL_KINDS).select_related("region").order_by("region_path", "name"))
    nanan = Region.objects.get(code="500108")
    nanan_schools = [s for s in schools if s.region_path.startswith(nanan.path)]
    zones = []
    for i, label in enumerate(ZONE_NAMES):
        name = f"南岸区第{'一二三四五六七八'[i]}督学责任区（{label}片区）"
        zone = Zone.objects.filter(region=nanan, name=name).first()
        if zone is None:
            host = next((s for s in nanan_schools[i::len(ZONE_NAMES)] if s.kind == "school"), None)
            zone = zone_create(actor=None, region=nanan, name=name, host_school=host,
                               work_station=f"{label}督导工作站", description=f"覆盖{label}片区中小学和幼儿园")
        zones.append(zone)
    group = SchoolGroup.objects.filter(region=nanan, name="南坪实验小学教育集团").first()
    if group is None:
        lead = Unit.objects.filter(name="重庆市南岸区南坪实验小学").first()
        group = school_group_create(actor=None, region=nanan, name="南坪实验小学教育集团", lead_school=lead,
                                    centre_name="南坪实验小学教育集团督评中心", centre_contact="吴秀英",
                                    centre_phone="023-62801234")
    today = datetime.date.today()
    profiles, enrolments, principals = [], [], []
    existing = set(SchoolProfile.objects.values_list("unit_id", flat=True))
    for i, unit in enumerate(schools):
        if unit.pk in existing:
            continue
        stage = stage_of(unit.name)
        in_nanan = unit in nanan_schools
        ownership = Ownership.PUBLIC
        if unit.name in ("南岸区开心幼儿园", "重庆市南岸区阳光幼儿园"):
            ownership = Ownership.INCLUSIVE_PRIVATE
        elif unit.name == "重庆市南岸区童心幼儿园":
            ownership = Ownership.PRIVATE
        profiles.append(SchoolProfile(
            unit=unit, school_code=_code(unit), stage=stage, ownership=ownership,
            zone=zones[i % len(zones)] if in_nanan else None,
            group=group if in_nanan and ("南坪" in unit.name and "小学" in unit.name or "南湖小学" in unit.name) else None,
            has_supervision_office=stage != SchoolStage.KINDERGARTEN and i % 3 != 0,
            self_supervision_contact=SURNAMES[i % len(SURNAMES)] + "老师",
            self_supervision_phone=f"023-628{i:05d}"[:13]))
        total = LARGE.get(unit.name) or (180 + (zlib.crc32(unit.name.encode()) % 9) * 150)
        sections = SECTIONS[stage]
        for j, section in enumerate(sections):
            students = total // len(sections) + (total % len(sections) if j == 0 else 0)
            enrolments.append(Enrolment(school_id=unit.pk, school_year=SCHOOL_YEAR, section=section,
                                        students=students, classes=max(1, students // 45)))
        # Principals: a few terms end within six months (C5 list), one already supervised.
        start = datetime.date(2021 + i % 4, 9, 1)
        end = start.replace(year=start.year + 5)
        if in_nanan and i % 9 == 0:
            end = today + datetime.timedelta(days=30 + 20 * (i % 5))
        principals.append(PrincipalTenure(
            school=unit, name=SURNAMES[(i * 7) % len(SURNAMES)] + ["建国", "丽华", "志刚", "雪梅", "文斌"][i % 5],
            start_date=start, planned_end_date=end,
            tenure_end_supervised_on=today - datetime.timedelta(days=10) if in_nanan and i == 18 else None))
    SchoolProfile.objects.bulk_create(profiles)
    Enrolment.objects.bulk_create(enrolments)
    PrincipalTenure.objects.bulk_create(principals)
    _teaching_point(nanan)
    for name, (lat, lng) in COORDINATES.items():
        SchoolProfile.objects.filter(unit__name=name, unit__region_path__startswith=nanan.path,
                                     latitude__isnull=True).update(latitude=lat, longitude=lng)
    stdout.write(f"学校档案：共 {SchoolProfile.objects.count()} 个，责任区 {Zone.objects.count()} 个")


#: A 村小 教学点 of 南岸区 (flagged on its profile): 优质均衡 leaves it out (fewer than 50 students).
TEACHING_POINT = ("重庆市南岸区广阳小学坪上教学点", 28)


def _teaching_point(nanan):
    from dudao.orgs.choices import UnitKind
    from dudao.orgs.services import unit_create

    name, students = TEACHING_POINT
    unit = Unit.objects.filter(name=name).first() or unit_create(
        actor=None, kind=UnitKind.SCHOOL, name=name, region=nanan, address="重庆市南岸区广阳镇坪上村")
    if SchoolProfile.objects.filter(unit=unit).exists():
        return
    profile = SchoolProfile.objects.create(unit=unit, school_code=_code(unit), stage=SchoolStage.PRIMARY,
                                           is_teaching_point=True)
    Enrolment.objects.create(school=profile, school_year=SCHOOL_YEAR, section=Section.PRIMARY, students=students,
                             classes=2)
