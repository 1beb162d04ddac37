"""Demo units: committees and offices for 重庆市 and three of its districts, member units named in
the seed documents (S0 大渡口区, S4 南岸区), about 60 schools and kindergartens in 南岸区 and a few
in 大渡口区 and 大足区."""

import datetime
import zlib

from dudao.common.validators import make_credit_code
from dudao.regions.choices import RegionLevel
from dudao.regions.models import Region

from .choices import CommitteePost, UnitKind
from .models import CommitteeMember, MemberUnit, Unit
from .services import committee_member_create, member_unit_create, unit_create

# Member units of a district committee (S0 §1; S4 #6 adds 政法委, 检察院, 法院, 经开区).
DISTRICT_MEMBER_UNITS = [
    ("区委组织部", "负责将教育督导结果纳入领导干部考核，参与督导问责。"),
    ("区委宣传部", "负责教育督导工作宣传和舆论引导。"),
    ("区委编办", "负责教育督导机构和人员编制保障。"),
    ("区发展改革委", "负责教育发展规划与重大项目立项的督导配合。"),
    ("区教委", "负责教育督导日常工作保障，组织学校落实整改。"),
    ("区科技局", "负责科技教育资源与督导相关事项配合。"),
    ("区经济信息委", "负责教育信息化相关督导事项配合。"),
    ("区民族宗教委", "负责民族宗教相关教育事项督导配合。"),
    ("区公安分局", "负责校园及周边治安、交通安全督导配合。"),
    ("区财政局", "负责教育督导经费保障及教育经费使用督导配合。"),
    ("区人力社保局", "负责教师待遇及人事相关督导配合。"),
    ("区规划自然资源局", "负责学校布局规划与用地督导配合。"),
    ("区住房城乡建委", "负责校舍建设与小区配套园督导配合。"),
    ("区农业农村委", "负责农村教育相关督导配合。"),
    ("区卫生健康委", "负责学校卫生防疫与健康督导配合。"),
    ("区应急局", "负责校园安全应急督导配合。"),
    ("区市场监管局", "负责食品安全、校外培训收费督导配合。"),
    ("区体育局", "负责学校体育工作督导配合。"),
    ("团区委", "负责少先队、共青团工作督导配合。"),
    ("区残联", "负责特殊教育督导配合。"),
]
NANAN_EXTRA_MEMBER_UNITS = [
    ("区委政法委", "负责平安校园建设与矛盾纠纷化解督导配合。"),
    ("区检察院", "负责未成年人检察与法治教育督导配合。"),
    ("区法院", "负责教育纠纷调解室工作，参与教育纠纷化解。"),
    ("经开区办公室", "负责经开区范围内学校的督导配合。"),
]

NANAN_SCHOOLS = [
    "重庆市第十一中学校", "重庆市南坪中学校", "重庆市广益中学校", "重庆市第二外国语学校",
    "重庆南开（融侨）中学校", "重庆市辅仁中学校", "重庆市珊瑚初级中学校", "重庆市南岸区川益中学校",
    "重庆市南岸区南坪实验小学", "重庆市南岸区珊瑚实验小学", "重庆市南岸区天台岗小学", "重庆市南岸区南湖小学",
    "重庆市南岸区弹子石小学", "重庆市南岸区江南小学", "重庆市南岸区玛瑙学校", "重庆市南岸区怡丰实验学校",
    "重庆市南岸区花园路小学", "重庆市南岸区海棠溪小学", "重庆市南岸区龙门浩小学", "重庆市南岸区铜元局小学",
    "重庆市南岸区南山小学", "重庆市南岸区涂山小学", "重庆市南岸区鸡冠石小学", "重庆市南岸区峡口小学",
    "重庆市南岸区长生桥小学", "重庆市南岸区迎龙小学", "重庆市南岸区广阳小学", "重庆市南岸区天文小学",
    "重庆市南岸区南坪东路小学", "重庆市南岸区辅仁小学", "重庆市南岸区大佛段小学", "重庆市南岸区青龙路小学",
    "重庆市南岸区茶园新城初级中学", "重庆市南岸区长生桥初级中学", "重庆市南岸区迎龙初级中学",
    "重庆市南岸区广阳初级中学", "重庆市南岸区峡口初级中学", "重庆市南岸区特殊教育学校",
    "重庆市南岸区职业教育中心", "重庆市南岸区涂山初级中学",
]
NANAN_KINDERGARTENS = [
    "重庆市南岸区第一实验幼儿园", "重庆市南岸区第二实验幼儿园", "重庆市南岸区南坪幼儿园",
    "重庆市南岸区珊瑚幼儿园", "重庆市南岸区弹子石幼儿园", "重庆市南岸区海棠溪幼儿园", "重庆市南岸区花园路幼儿园",
    "重庆市南岸区铜元局幼儿园", "重庆市南岸区龙门浩幼儿园", "重庆市南岸区南山幼儿园", "重庆市南岸区天文幼儿园",
    "重庆市南岸区涂山幼儿园", "重庆市南岸区迎龙幼儿园", "重庆市南岸区长生桥幼儿园", "重庆市南岸区广阳幼儿园",
    "重庆市南岸区峡口幼儿园", "重庆市南岸区鸡冠石幼儿园", "南岸区开心幼儿园", "重庆市南岸区阳光幼儿园",
    "重庆市南岸区童心幼儿园",
]
OTHER_SCHOOLS = {
    "500104": ["重庆市第三十七中学校", "重庆市大渡口区钢花小学", "重庆市大渡口区实验小学", "重庆市大渡口区育才小学",
               "重庆市大渡口区实验幼儿园"],
    "500111": ["重庆市大足中学", "重庆市大足区实验小学", "重庆市大足区海棠小学", "重庆市大足区城南中学",
               "重庆市大足区机关幼儿园"],
}

COMMITTEE_PEOPLE = [
    ("王建华", CommitteePost.DIRECTOR, "区人民政府副区长"),
    ("李明", CommitteePost.DEPUTY_DIRECTOR, "区人民政府办公室副主任"),
    ("陈立新", CommitteePost.DEPUTY_DIRECTOR, "区教委主任"),
    ("刘敏", CommitteePost.EXECUTIVE_DEPUTY, "区教委总督学"),
    ("赵晓红", CommitteePost.MEMBER, "区财政局副局长"),
]
SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"]

def _unit(context, *, kind, name, region, **extra):
    unit = Unit.objects.filter(region=region, kind=kind, name=name).first()
    if unit is None:
        if "credit_code" not in extra:
            extra["credit_code"] = make_credit_code(region.code, zlib.crc32(f"{region.code}{name}".encode()))
        unit = unit_create(actor=None, kind=kind, name=name, region=region, **extra)
    context.setdefault("units", {})[name] = unit
    return unit


def _person(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]


def _district(context, region: Region, *, prefix: str, city: bool = False):
    level = "市" if city else "区"
    committee = _unit(context, kind=UnitKind.COMMITTEE, name=f"{prefix}人民政府教育督导委员会", region=region,
                      short_name=f"{level}政府教育督导委员会")
    office = _unit(context, kind=UnitKind.OFFICE, name=f"{prefix}人民政府教育督导室", region=region,
                   short_name=f"{level}政府教育督导室", parent=committee,
                   phone="023-6" + region.code[-3:] + "1234", address=f"{region.name}教育委员会内")
    context.setdefault("offices", {})[region.code] = office
    context.setdefault("committees", {})[region.code] = committee
    if not city:  # the government the city's office evaluates (督政, B1)
        _unit(context, kind=UnitKind.COUNTY_GOVERNMENT, name=f"{prefix}人民政府", region=region,
              short_name="区人民政府", address=f"重庆市{region.name}")
    for name, post, title in COMMITTEE_PEOPLE:
        title = title.replace("区", level, 1) if city else title
        if not CommitteeMember.objects.filter(committee=committee, name=name).exists():
            committee_member_create(actor=None, committee=committee, name=name, post=post, title=title,
                                    start_date=datetime.date(2024, 1, 1))
    members = DISTRICT_MEMBER_UNITS + (NANAN_EXTRA_MEMBER_UNITS if region.code == "500108" else [])
    for i, (short, duties) in enumerate(members):
        short = short.replace("区", level).replace("公安分局", "公安局") if city else short
        full = short.replace(level, region.name, 1)  # 区委组织部 → 南岸区委组织部, 团市委 → 团重庆市委
        dept = _unit(context, kind=UnitKind.DEPARTMENT, name=full, region=region, short_name=short)
        if not MemberUnit.objects.filter(committee=committee, unit=dept, left_on__isnull=True).exists():
            member_unit_create(actor=None, committee=committee, unit=dept, liaison_name=_person(i + int(region.code[-2:])),
                               liaison_mobile=f"139{region.code[-3:]}{i:05d}"[:11], duties=duties,
                               joined_on=datetime.date(2021, 9, 28))
    return committee, office


def _townships(region: Region):
    return list(Region.objects.filter(parent=region, level=RegionLevel.TOWNSHIP).order_by("code"))


def _schools(context, county: Region, names: list[str]):
    towns = _townships(county) or [county]
    for i, name in enumerate(names):
        kind = UnitKind.KINDERGARTEN if "幼儿园" in name else UnitKind.SCHOOL
        town = towns[i % len(towns)]
        _unit(context, kind=kind, name=name, region=town, address=f"重庆市{county.name}{town.name if town != county else ''}",
              phone=f"023-62{i:06d}"[:13], contact_person=_person(i + 3))


def load(context, stdout):
    regions = {r.code: r for r in Region.objects.filter(code__in=["500000", "500104", "500108", "500111"])}
    _district(context, regions["500000"], prefix="重庆市", city=True)
    for code in ("500108", "500104", "500111"):
        _district(context, regions[code], prefix=f"重庆市{regions[code].name}")
    nanan = regions["500108"]
    for town in _townships(nanan):
        kind_name = "办事处" if town.name.endswith("街道") else "人民政府"
        _unit(context, kind=UnitKind.TOWNSHIP_GOVERNMENT, name=f"重庆市南岸区{town.name}{kind_name}", region=town)
    _schools(context, nanan, NANAN_SCHOOLS + NANAN_KINDERGARTENS)
    for code, names in OTHER_SCHOOLS.items():
        _schools(context, regions[code], names)
    _unit(context, kind=UnitKind.EVALUATION_AGENCY, name="重庆市教育评估院", region=regions["500000"],
          description="受委托开展教育评估监测的第三方专业机构（管办评分离）。")
    stdout.write(f"单位：共 {Unit.objects.count()} 个")
