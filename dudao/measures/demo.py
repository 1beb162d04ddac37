"""Demo plans from the seeds (issue 14 item 5):

- S1 资阳市深化新时代教育督导体制机制改革实施方案 (2022): its table of 19 tasks built as an .xlsx in
  memory and imported through the import service — names as the table writes them (市教育和体育局,
  市委编办, 各县（区）政府、管委会 …) matched to 资阳's units, the groups through unit aliases; three
  measures with progress reports, one overdue and under 督办;
- S0 大渡口区 implementation plan (2021): its 19 measures, imported the same way;
- S3 大足区 2021 and S4 南岸区 2025 教育督导工作要点 as annual work plans;
- one reform project in process (南岸, S4 #18) and two school charters, one filed (S4 #16).
Idempotent: a plan, project or charter that exists is left alone."""

from __future__ import annotations

import datetime
import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from dudao.accounts.models import RoleAssignment, User
from dudao.accounts.roles import RoleCode
from dudao.common.validators import make_credit_code
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.orgs.services import unit_create
from dudao.regions.models import Region

from . import services
from .choices import PlanKind
from .models import Measure, Plan, ProgressReport, ReformProject, SchoolCharter, UnitAlias
from .workflows import CHARTER_WORKFLOW, MEASURE_WORKFLOW, PROJECT_WORKFLOW

HEADERS = ["序号", "工作任务", "工作内容", "牵头单位", "责任单位", "完成时限", "报送周期"]
S1_TITLE = "资阳市深化新时代教育督导体制机制改革实施方案"
S0_TITLE = "大渡口区深化新时代教育督导体制机制改革的实施方案"

# 资阳市 (S1): the city's office, member departments, county governments and the two 管委会.
ZIYANG_DEPARTMENTS = [
    "资阳市教育和体育局",
    "中共资阳市委组织部",
    "中共资阳市委宣传部",
    "中共资阳市委机构编制委员会办公室",
    "资阳市发展和改革委员会",
    "资阳市财政局",
    "资阳市人力资源和社会保障局",
]
ZIYANG_COUNTIES = [
    ("512002", "资阳市雁江区人民政府"),
    ("512021", "安岳县人民政府"),
    ("512022", "乐至县人民政府"),
]
ZIYANG_ZONES = ["资阳高新技术产业园区管理委员会", "资阳临空经济区管理委员会"]

G1, G2, G3, G4, G5 = (
    "（一）深化教育督导管理体制改革",
    "（二）深化教育督导运行机制改革",
    "（三）深化教育督导问责机制改革",
    "（四）深化督学聘用和管理改革",
    "（五）深化教育督导保障机制改革",
)
COUNTIES = "各县（区）政府、管委会"
MEMBERS = "委员会各成员单位"
# S1's table: number, task, content (first sentence), lead, responsible, deadline, cadence.
S1_ROWS = [
    (
        "1",
        G1,
        "健全教育督导机构设置。市、县（区）政府设立教育督导委员会，下设办公室承担日常工作。",
        "市委编办",
        f"市教育和体育局、{COUNTIES}",
        "2022年12月",
        "每季度",
    ),
    (
        "2",
        G1,
        "保障教育督导机构独立行使职能。实行教育督导委员会副主任、总督学向同级政府和督导委员会直接负责的工作制度。",
        "市教育和体育局",
        COUNTIES,
        "长期坚持",
        "每季度",
    ),
    (
        "3",
        G1,
        "分级落实教育督导责任。建立县级教育督导机构向市级教育督导机构常态化报告制度。",
        "市教育和体育局",
        f"{MEMBERS}，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "4",
        G1,
        "明确教育督导委员会成员单位职责。委员会每年至少召开1次全体成员会议，各成员单位原则上每年至少参加1次教育督导活动。",
        "市教育和体育局",
        MEMBERS,
        "长期坚持",
        "每季度",
    ),
    (
        "5",
        G1,
        "强化对政府履行教育职责督导。完善市对县级人民政府履行教育职责评价体系，建立评价指标动态调整机制。",
        "市教育和体育局",
        f"{MEMBERS}，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "6",
        G2,
        "加强和改进对学校的督导。实现中小学（幼儿园）责任督学挂牌督导全覆盖，校（园）长任期结束接受一次综合督导。",
        "市教育和体育局",
        COUNTIES,
        "长期坚持",
        "每季度",
    ),
    (
        "7",
        G2,
        "建立教育评估监测机制。推进建立成德眉资教育评估监测联盟，健全委托第三方专业机构开展评估监测的工作机制。",
        "市教育和体育局",
        f"{MEMBERS}，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "8",
        G2,
        "创新教育督导方式方法。控制督导频次，避免增加基层单位负担，市政府教育督导委员会原则上每年组织一次综合督导。",
        "市教育和体育局",
        COUNTIES,
        "长期坚持",
        "每季度",
    ),
    (
        "9",
        G2,
        "完善报告反馈制度。督导结果及时反馈被督导单位，并以适当方式向社会公开。",
        "市教育和体育局",
        f"市委宣传部，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "10",
        G3,
        "健全整改复查制度。对整改不到位、不及时的，发督办通知，责令限期整改到位。",
        "市教育和体育局",
        f"{MEMBERS}，县（区）政府、管委会",
        "长期坚持",
        "每季度",
    ),
    (
        "11",
        G3,
        "强化督导结果运用。将教育督导结果作为评先评优、政策支持、资源配置和领导干部考核、任免、奖惩的重要依据。",
        "市教育和体育局",
        f"市委组织部、市委宣传部、市发展改革委、市人力资源社会保障局、市财政局，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "12",
        G3,
        "压实督导问责制度。探索建立分级分类、多部门参与的教育督导约谈制度，健全结果通报制度。",
        "市教育和体育局",
        f"{MEMBERS}，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "13",
        G4,
        "加强督学队伍配备。县（区）为委员会办公室配备3-5名专兼职工作人员，责任督学按与学校数1:5的比例配备。",
        "市教育和体育局",
        f"市委编办、市人力资源社会保障局，{COUNTIES}",
        "2026-06-30",
        "每季度",
    ),
    (
        "14",
        G4,
        "创新督学聘用方式。完善督学选聘标准和遴选程序，建立督学动态补充和退出机制。",
        "市教育和体育局",
        f"{MEMBERS}，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "15",
        G4,
        "提升督学专业化水平。确保每名责任督学每年参加培训不少于40学时。",
        "市教育和体育局",
        f"市委组织部、市人力资源社会保障局，{COUNTIES}",
        "2027-12-31",
        "每季度",
    ),
    (
        "16",
        G4,
        "严格督导队伍监督管理。建立教育督导岗位责任追究机制，公开责任督学职责和联系方式，接受社会监督。",
        "市教育和体育局",
        f"市人力资源社会保障局、市财政局，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "17",
        G4,
        "完善教育督导法规制度。强化程序意识，细化工作规范，坚持依法行政、依法督导。",
        "市教育和体育局",
        f"{MEMBERS}，{COUNTIES}",
        "长期坚持",
        "每季度",
    ),
    (
        "18",
        G5,
        "落实教育督导条件保障。将教育督导所需经费列入财政预算，合理解决兼职督学的通信、交通、食宿、劳务等费用。",
        "市教育和体育局",
        f"市财政局，{COUNTIES}",
        "2027-06-30",
        "每月",
    ),
    (
        "19",
        G5,
        "加快教育督导信息化建设。加强与国、省教育督导信息化平台对接，实现教育督导信息化共建共享。",
        "市教育和体育局",
        COUNTIES,
        "长期坚持",
        "每季度",
    ),
]
S1_PROGRESS = [
    (
        "13",
        "资阳市教育和体育局",
        60,
        "三县（区）委员会办公室均已配备3名以上专兼职工作人员；责任督学与学校数比例达到1:4.6，挂牌督导全覆盖。",
    ),
    (
        "15",
        "资阳市教育和体育局",
        45,
        "组织全市责任督学集中培训2期、网络培训1期，人均已完成培训26学时，年底前全部达到40学时。",
    ),
    ("18", "资阳市财政局", 70, "市级教育督导工作经费已列入年度预算，兼职督学劳务补助标准已印发执行。"),
]

# S0 大渡口区: 19 measures (the 19 headings of the plan) with their responsible units.
_OFFICE, _EDU, _COMMITTEE = "区政府教育督导室", "区教委", "区政府教育督导委员会"
_MEMBERS = "区政府教育督导委员会成员单位"
S0_ROWS = [
    ("1", "健全教育督导机构设置", "区委组织部", f"区委编办、{_EDU}、{_OFFICE}"),
    ("2", "全面落实教育督导职能", _OFFICE, f"{_MEMBERS}，各镇（街道）"),
    ("3", "充分发挥教育督导委员会成员单位作用", _OFFICE, _MEMBERS),
    ("4", "强化对镇（街道）和部门履行教育职责的督导", _OFFICE, f"{_EDU}、{_MEMBERS}"),
    ("5", "加强对学校的督导", _EDU, _OFFICE),
    ("6", "加强和改进教育评估监测", "区委编办", f"{_EDU}、{_OFFICE}"),
    ("7", "完善报告制度", _EDU, _OFFICE),
    ("8", "规范反馈制度", _EDU, _COMMITTEE),
    ("9", "强化整改制度", _EDU, _COMMITTEE),
    ("10", "健全复查制度", _EDU, _OFFICE),
    ("11", "落实激励制度", "区委组织部", f"区财政局、区人力社保局、{_EDU}、{_OFFICE}"),
    ("12", "严肃约谈制度", _EDU, _OFFICE),
    ("13", "建立通报制度", _EDU, _OFFICE),
    ("14", "压实问责制度", _OFFICE, _MEMBERS),
    ("15", "配齐配强督学", "区委组织部", f"区人力社保局、{_EDU}、{_OFFICE}"),
    ("16", "加强教育督导队伍管理监督", _EDU, _OFFICE),
    ("17", "加强教育督导法治建设", _EDU, _OFFICE),
    ("18", "加强教育督导条件保障", _EDU, f"区发展改革委、区财政局、区人力社保局、{_OFFICE}"),
    ("19", "加强教育督导研究", _EDU, _OFFICE),
]

S3_POINTS = [
    "落实党对教育督导的领导",
    "强化教育督导队伍建设",
    "改进督导方式方法",
    "召开全区深化教育督导体制机制改革工作会议",
    "加强学习宣传",
    "制定落实方案",
    "迎接市对区政府履行教育职责评价",
    "开展对镇（街）党委（工委）政府履行教育职责评价",
    "推进义务教育优质均衡发展区县创建工作",
    "推进区（县）域学前教育普及普惠发展区县创建工作",
    "开展中小学落实立德树人根本任务督导",
    "开展幼儿园办园行为督导评估",
    "启动中小学校（幼儿园）校（园）长任期结束综合督导试点",
    "强化督导责任区建设",
    "开展疫情防控专项督导",
    "开展中小学违规招生收费问题治理工作专项督导",
    "开展减轻义务教育阶段学生作业负担和校外培训负担“双减”专项督导",
    "开展春秋季开学工作专项督导检查",
    "开展学前教育质量监测",
    "开展义务教育质量监测",
    "开展普通高中学校教育质量监测试点",
]
S4_POINTS = [
    "巩固创建成果，完善推进机制",
    "强化结果运用，提升教育质量",
    "推动综合性变革，建设“红岩先锋”变革型区域教育督导组织",
    "深化机制改革，提升督政效能",
    "建立“三色”督导机制，提高治理效能",
    "健全督导机构设置，加强督导队伍建设",
    "推动“枫桥经验”教育督导实践",
    "建好“1+8”“枫”彩南岸平台",
    "充实“枫桥经验”教育督导力量",
    "统筹开展学前教育督导评估",
    "持续开展义务教育学校督导评估",
    "高效开展高中阶段学校督导评估",
    "常态开展各项专项督导",
    "智汇谋划",
    "项目带动",
    "成果物化",
    "完善立德树人督导评估体系",
    "优化改革项目过程性督导",
]


def _unit(region, kind, name, **extra):
    unit = Unit.objects.filter(region=region, kind=kind, name=name).first()
    if unit is None:
        extra.setdefault(
            "credit_code", make_credit_code(region.code, zlib.crc32(f"{region.code}{name}".encode()))
        )
        unit = unit_create(actor=None, kind=kind, name=name, region=region, **extra)
    return unit


def _alias(region, alias, units):
    for u in units:
        UnitAlias.objects.get_or_create(
            region=region, alias=alias, unit=u, defaults={"region_path": region.path}
        )


def _ziyang(context):
    city = Region.objects.get(code="512000")
    committee = _unit(
        city, UnitKind.COMMITTEE, "资阳市人民政府教育督导委员会", short_name="市政府教育督导委员会"
    )
    office = _unit(
        city, UnitKind.OFFICE, "资阳市人民政府教育督导室", short_name="市政府教育督导室", parent=committee
    )
    departments = [_unit(city, UnitKind.DEPARTMENT, n) for n in ZIYANG_DEPARTMENTS]
    counties = [
        _unit(Region.objects.get(code=code), UnitKind.COUNTY_GOVERNMENT, name)
        for code, name in ZIYANG_COUNTIES
    ]
    zones = [_unit(city, UnitKind.DEPARTMENT, n) for n in ZIYANG_ZONES]
    _alias(city, "各县(区)政府", counties)
    _alias(city, "县(区)政府", counties)
    _alias(city, "管委会", zones)
    _alias(city, "委员会各成员单位", departments)
    for username, real_name, role, region, unit, label in (
        ("ziyang_office", "陈思远", RoleCode.OFFICE_ADMIN, city, None, "资阳市督导室"),
        ("ziyang_jtj", "刘卫东", RoleCode.UNIT_RESPONDENT, None, departments[0], "资阳市教育和体育局填报员"),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, real_name=real_name, unit=office if unit is None else unit)
            user.set_password(context["password"])
            user.save()
        RoleAssignment.objects.get_or_create(
            user=user, role=role, region=region, unit=unit, defaults={"recursive": unit is None}
        )
        context.setdefault("logins", []).append((username, label))
    return office


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("措施表.xlsx", buf.getvalue())


def _import(plan, rows, *, skip=()):
    imp, errors = services.import_stage(actor=None, plan=plan, file=_xlsx(rows), filename="措施表.xlsx")
    if errors:
        raise RuntimeError(f"demo import refused: {[(e.row, e.column, e.message) for e in errors]}")
    open_names = [n for n, info in imp.names.items() if info["kind"] != "matched"]
    unknown = [n for n in open_names if n not in skip]
    if unknown:
        raise RuntimeError(f"demo import: names not matched {unknown}")
    services.import_commit(actor=None, imp=imp, choices={n: "" for n in open_names}, remember=False)


def _s1(context, today):
    office = _ziyang(context)
    if Plan.objects.filter(office=office, title=S1_TITLE).exists():
        return
    plan = services.plan_create(
        actor=None,
        office=office,
        kind=PlanKind.REFORM,
        title=S1_TITLE,
        year=2022,
        source_reference="资阳市人民政府办公室 2022年3月7日印发",
        description="附件：资阳市深化新时代教育督导体制机制改革实施方案（任务分工表，19项工作任务）。",
    )
    _import(plan, S1_ROWS)
    for number, unit_name, percent, text in S1_PROGRESS:
        m = plan.measures.get(number=number)
        services.report_add(
            actor=None,
            measure=m,
            unit=Unit.objects.get(name=unit_name),
            content=text,
            percent=percent,
            today=today,
        )
    # measure 13 ran over its deadline (2026-06-30): the daily job's 督办 (level 1) on the demo's day
    from .deadlines import _escalate_one

    for m in plan.measures.filter(deadline__lt=today):
        _escalate_one(m.pk, today)


def _s0(context):
    office = context.get("offices", {}).get("500104")
    if office is None or Plan.objects.filter(office=office, title=S0_TITLE).exists():
        return
    _alias(
        office.region,
        "区政府教育督导委员会成员单位",
        list(Unit.objects.filter(region=office.region, kind=UnitKind.DEPARTMENT)),
    )
    plan = services.plan_create(
        actor=None,
        office=office,
        kind=PlanKind.REFORM,
        title=S0_TITLE,
        year=2021,
        source_reference="中共大渡口区委办公室 大渡口区人民政府办公室印发",
    )
    rows = [(n, "", f"{title}。", lead, units, "长期坚持", "每季度") for n, title, lead, units in S0_ROWS]
    _import(plan, rows, skip=("各镇(街道)",))


def _annual(context, code, title, year, points, reference, today, *, imported=False):
    """An office's 工作要点 as an annual work plan: the office leads each point, 区教委 shares it.
    ``imported``: through the import service (a table built in memory), as an office would; one
    point gets 区教委's progress report in June."""
    office = context.get("offices", {}).get(code)
    if office is None or Plan.objects.filter(office=office, title=title).exists():
        return None
    plan = services.plan_create(
        actor=None, office=office, kind=PlanKind.ANNUAL, title=title, year=year, source_reference=reference
    )
    edu = Unit.objects.filter(region=office.region, kind=UnitKind.DEPARTMENT, short_name="区教委").first()
    if imported and edu is not None and office.short_name:
        rows = [
            (str(i), "", point + "。", office.short_name, edu.short_name, f"{year}-12-31", "每季度")
            for i, point in enumerate(points, start=1)
        ]
        _import(plan, rows)
        services.report_add(
            actor=None,
            measure=plan.measures.get(number="1"),
            unit=edu,
            percent=50,
            content="已制定创建成果巩固方案，建立月调度、季通报推进机制。",
            today=datetime.date(year, 6, 30),
        )
    else:
        for i, point in enumerate(points, start=1):
            services.measure_create(
                actor=None,
                plan=plan,
                number=str(i),
                content=point + "。",
                lead_unit=office,
                units=[edu] if edu else [],
                deadline=datetime.date(year, 12, 31),
                position=i * 10,
            )
    if year < today.year:  # last years' points are done
        for m in plan.measures.all():
            MEASURE_WORKFLOW.apply(
                actor=None,
                obj=m,
                name="complete",
                note="已按年度工作要点完成。",
                today=datetime.date(year, 12, 20),
            )
    return plan


def _docx(title: str, lines: list[str]) -> SimpleUploadedFile:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return SimpleUploadedFile(f"{title}.docx", buf.getvalue())


def _projects_and_charters(context, today):
    nanan = Region.objects.filter(code="500108").first()
    if nanan is None:
        return
    school = Unit.objects.filter(region_path__startswith=nanan.path, name="重庆市南岸区南坪实验小学").first()
    title = "“五育融合”课程综合改革"
    if school and not ReformProject.objects.filter(applicant=school, title=title).exists():
        p = services.project_apply(
            actor=None,
            applicant=school,
            title=title,
            field="教育综合改革",
            year=today.year,
            description="以“五育融合”为主线重构学校课程体系，开发跨学科主题课程12门，建立学生综合素质评价档案。",
        )
        PROJECT_WORKFLOW.apply(
            actor=None, obj=p, name="approve", note="符合《南岸区教育改革项目管理办法》，同意立项。"
        )
        services.project_progress(
            actor=None,
            project=p,
            note="过程性督导：跨学科主题课程已开发7门并在三至五年级实施，建议加强评价工具研制。",
        )
    charters = [
        ("重庆市南岸区珊瑚实验小学", "重庆市南岸区珊瑚实验小学章程（2025年修订）", True),
        ("重庆市南岸区南坪实验小学", "重庆市南岸区南坪实验小学章程（2025年修订）", False),
    ]
    for name, ctitle, filed in charters:
        school = Unit.objects.filter(region_path__startswith=nanan.path, name=name).first()
        if school is None or SchoolCharter.objects.filter(school=school, title=ctitle).exists():
            continue
        c = services.charter_submit(
            actor=None,
            school=school,
            title=ctitle,
            revision_note="依据新修订的《中华人民共和国义务教育法》和学校发展规划修订办学宗旨、内部治理结构等章节。",
            file=_docx(ctitle, ["第一章 总则", "第二章 办学宗旨与培养目标", "第三章 学校治理结构"]),
        )
        if filed:
            CHARTER_WORKFLOW.apply(
                actor=None, obj=c, name="file", note="章程修订程序规范，内容合法，予以备案。"
            )


def load(context, stdout):
    today = timezone.localdate()
    _s1(context, today)
    _s0(context)
    _annual(context, "500111", "大足区2021年教育督导工作要点", 2021, S3_POINTS, "大足教发〔2021〕20号", today)
    _annual(
        context,
        "500108",
        "2025年南岸区教育督导工作要点",
        2025,
        S4_POINTS,
        "重庆市南岸区教育委员会 重庆市南岸区人民政府教育督导室 2025年4月印发",
        today,
        imported=True,
    )
    _projects_and_charters(context, today)
    stdout.write(
        f"工作方案：共 {Plan.objects.count()} 个，措施 {Measure.objects.count()} 项，"
        f"进展报送 {ProgressReport.objects.count()} 条；改革项目 {ReformProject.objects.count()} 个，"
        f"学校章程 {SchoolCharter.objects.count()} 份"
    )
