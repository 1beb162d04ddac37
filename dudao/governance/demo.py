"""督政 demo (issue 14 items 1–2): the leaders of the district governments and of 南岸区's
townships/streets; 南岸区's 27 督政清单 (S4 #4: the 2.0 set with the "六个一" work system, after a
1.0 set of 2023), bound to its member departments (三个 departments the orgs demo lacks are added as
member units); two 2025 self-checks (区住房城乡建委's verified after one return, 区财政局's submitted);
and the city's 督政 of 南岸区人民政府 with its own framework, scored, whose finding on 小区配套园
is routed to 区住房城乡建委 and issued with the opinion letter — an item on that department's ledger."""

import datetime

from django.utils import timezone

from dudao.accounts.models import RoleAssignment, User
from dudao.accounts.roles import RoleCode
from dudao.frameworks.models import FrameworkVersion
from dudao.inspections import problems
from dudao.inspections import services as task_services
from dudao.inspections import workflows as task_workflows
from dudao.inspections.choices import TaskKind, TeamRole
from dudao.inspections.models import SupervisionTask
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit, Unit
from dudao.orgs.services import member_unit_create, unit_create
from dudao.regions.models import Region

from . import services, workflows
from .models import Checklist, GovernmentLeader, SelfCheck

#: Departments 南岸区's 27 checklists need beyond the orgs demo's member units.
EXTRA_DEPARTMENTS = [
    ("区司法局", "负责学校法治教育、法治副校长和教育纠纷人民调解工作。"),
    ("区城市管理局", "负责校园周边市容环境和占道经营整治。"),
    ("区交通局", "负责学生上下学交通和校车安全管理配合。"),
]

#: Each member department's own duty items (履职内容, 评价要点, 佐证材料) — the 2.0 set; the 1.0 set of
#: 2023 has the first two.
DUTIES = {
    "区委组织部": [
        ("将履行教育职责情况纳入镇街和部门领导班子考核", "考核方案含教育督导结果运用", "考核方案"),
        ("选优配强学校领导班子", "按干部管理权限配备", "任免文件"),
        ("督导结果作为干部考核、任免、奖惩的重要依据", "有运用记录", "运用台账"),
    ],
    "区委宣传部": [
        ("宣传教育督导工作成效和典型经验", "年度宣传报道不少于4篇", "报道清单"),
        ("加强学校意识形态和网络舆情引导", "有舆情处置机制", "处置记录"),
        ("督导结果通过媒体向社会公开", "按规定公开", "公开截图"),
    ],
    "区委编办": [
        ("保障教育督导机构设置和人员编制", "督导室编制落实", "编制文件"),
        ("统筹核定中小学教职工编制", "按标准核编", "核编文件"),
        ("支持督学队伍专兼职结合配备", "有配备方案", "方案文件"),
    ],
    "区发展改革委": [
        ("将教育事业纳入经济社会发展规划", "规划有教育专章", "规划文本"),
        ("保障学校建设项目立项审批", "项目按期立项", "立项批复"),
        ("落实教育收费政策", "收费标准规范", "收费文件"),
    ],
    "区教委": [
        ("统筹推进义务教育优质均衡发展", "优质均衡指数稳中向好", "监测报告"),
        ("落实督导问题整改", "问题按期销号", "整改台账"),
        ("保障教育督导工作条件", "督导经费和场地落实", "预算文件"),
    ],
    "区科技局": [
        ("推进科技教育资源进校园", "每年组织科普进校园活动", "活动记录"),
        ("支持青少年科技创新活动", "有专项支持", "支持文件"),
        ("参与教育科研项目管理", "有合作项目", "项目清单"),
    ],
    "区经济信息委": [
        ("推进教育信息化基础设施建设", "学校网络全覆盖", "建设台账"),
        ("支持教育督导信息平台建设", "平台与市级对接", "对接记录"),
        ("保障校园网络安全", "有网络安全检查", "检查记录"),
    ],
    "区民族宗教委": [
        ("防范宗教渗透校园", "开展专项排查", "排查记录"),
        ("保障少数民族学生受教育权利", "政策落实到位", "工作台账"),
        ("开展民族团结进步教育", "每年开展活动", "活动记录"),
    ],
    "区公安分局": [
        ("维护校园及周边治安秩序", "护学岗全覆盖", "护学岗台账"),
        ("开展校园周边交通安全整治", "每学期专项整治", "整治记录"),
        ("配合处置涉校案事件", "处置及时", "处置记录"),
    ],
    "区财政局": [
        ("落实教育经费“两个只增不减”", "预决算数据达标", "预决算报告"),
        ("保障教育督导经费列入预算", "督导经费单列", "预算文件"),
        ("加强教育经费使用绩效管理", "开展绩效评价", "绩效报告"),
    ],
    "区人力社保局": [
        ("落实义务教育教师工资待遇", "不低于当地公务员平均工资", "工资测算表"),
        ("做好教师职称评聘和招聘", "按计划招聘", "招聘文件"),
        ("兼职督学劳务报酬政策落实", "有发放标准", "标准文件"),
    ],
    "区规划自然资源局": [
        ("保障学校建设用地", "规划用地按期供应", "供地文件"),
        ("落实学校布局专项规划", "规划与城镇化衔接", "规划文本"),
        ("小区配套学校规划条件落实", "出让条件含配套学校", "规划条件"),
    ],
    "区住房城乡建委": [
        ("落实城镇小区配套幼儿园和学校建设移交", "配套园同步建设、按期移交", "移交台账"),
        ("加强校舍建设工程质量安全监管", "工程质量抽检合格", "检查记录"),
        ("推进学校建设重点项目", "项目按进度推进", "项目进度表"),
    ],
    "区农业农村委": [
        ("支持农村学校建设和乡村教育振兴", "乡村学校条件改善", "项目清单"),
        ("开展学生劳动教育实践基地建设", "基地数量达标", "基地名单"),
        ("做好农村留守儿童关爱", "关爱台账完整", "关爱台账"),
    ],
    "区卫生健康委": [
        ("指导学校卫生防疫和健康教育", "校医配备达标", "配备名单"),
        ("开展学生体检和近视防控", "体检覆盖率100%", "体检报告"),
        ("落实学校传染病防控", "有应急预案", "预案文件"),
    ],
    "区应急局": [
        ("指导学校安全应急演练", "每学期演练", "演练记录"),
        ("开展校园安全风险排查", "排查全覆盖", "排查台账"),
        ("防溺水等季节性安全工作", "有专项部署", "部署文件"),
    ],
    "区市场监管局": [
        ("监管学校食堂和校园周边食品安全", "食堂检查全覆盖", "检查记录"),
        ("规范校外培训收费", "查处违规收费", "执法记录"),
        ("校服和教辅材料质量监管", "抽检合格", "抽检报告"),
    ],
    "区体育局": [
        ("支持学校体育工作和青少年体育赛事", "每年举办赛事", "赛事记录"),
        ("推动公共体育场馆向学生开放", "开放场馆名单", "开放名单"),
        ("指导学生体质健康提升", "体质达标率提升", "监测数据"),
    ],
    "团区委": [
        ("指导学校共青团和少先队工作", "团队组织健全", "工作记录"),
        ("开展青少年思想引领活动", "每年开展活动", "活动记录"),
        ("关爱困境青少年", "有帮扶台账", "帮扶台账"),
    ],
    "区残联": [
        ("推进特殊教育融合发展", "残疾儿童入学率达标", "入学台账"),
        ("支持特殊教育资源教室建设", "资源教室配置", "配置清单"),
        ("落实残疾学生资助", "资助全覆盖", "资助名单"),
    ],
    "区委政法委": [
        ("推进平安校园建设", "平安校园创建达标", "创建资料"),
        ("统筹教育矛盾纠纷多元化解", "纠纷化解率", "化解台账"),
        ("指导“枫”彩南岸工作站建设", "工作站运行正常", "运行记录"),
    ],
    "区检察院": [
        ("开展未成年人检察和法治教育", "法治副校长履职", "履职记录"),
        ("落实强制报告制度", "强制报告线索办理", "办理台账"),
        ("参与校园周边环境治理", "有检察建议", "检察建议"),
    ],
    "区法院": [
        ("运行教育纠纷调解室", "调解室常态运行", "调解记录"),
        ("开展法治进校园", "每年开展活动", "活动记录"),
        ("依法审理涉校案件", "审结及时", "案件台账"),
    ],
    "经开区办公室": [
        ("统筹经开区内学校建设和管理", "学校建设按规划推进", "规划文件"),
        ("配合开展经开区学校督导", "按要求配合", "配合记录"),
        ("保障经开区教育用地", "用地落实", "用地文件"),
    ],
    "区司法局": [
        ("推进学校法治教育和依法治校", "法治副校长全覆盖", "聘任名单"),
        ("开展教育纠纷人民调解", "调解组织健全", "调解记录"),
        ("为学校提供法律服务", "法律顾问全覆盖", "顾问名单"),
    ],
    "区城市管理局": [
        ("整治校园周边市容环境", "周边无占道经营", "整治记录"),
        ("规范校园周边广告设施", "清理违规广告", "清理台账"),
        ("保障上下学时段环境秩序", "定时巡查", "巡查记录"),
    ],
    "区交通局": [
        ("保障学生上下学公共交通", "开通学生专线", "线路清单"),
        ("加强校车安全管理", "校车检验合格", "检验记录"),
        ("完善学校周边交通设施", "交通标志标线完整", "设施台账"),
    ],
}

LEADERS = {  # government name → [(name, post, phone)]
    "重庆市南岸区人民政府": [
        ("刘志强", "区长", "023-62981001"),
        ("王建华", "副区长（分管教育）", "023-62981002"),
    ],
    "重庆市大渡口区人民政府": [
        ("陈卫东", "区长", "023-68831001"),
        ("张丽", "副区长（分管教育）", "023-68831002"),
    ],
    "重庆市大足区人民政府": [
        ("黄晓明", "区长", "023-43721001"),
        ("何敏", "副区长（分管教育）", "023-43721002"),
    ],
}

CITY_TASK = "2025年重庆市对南岸区人民政府履行教育职责评价"
NANAN_TOWNSHIP_TASK = "2025年南岸区镇街履行教育职责评价"


def _leaders(nanan):
    for name, rows in LEADERS.items():
        unit = Unit.objects.filter(name=name, kind=UnitKind.COUNTY_GOVERNMENT).first()
        if unit is None:
            continue
        for i, (person, post, phone) in enumerate(rows):
            if not GovernmentLeader.objects.filter(unit=unit, name=person).exists():
                services.leader_create(
                    actor=None,
                    unit=unit,
                    name=person,
                    post=post,
                    phone=phone,
                    sort_order=i,
                    term_start=datetime.date(2022, 1, 1),
                    term_end=datetime.date(2026, 12, 31),
                )
    towns = Unit.objects.filter(kind=UnitKind.TOWNSHIP_GOVERNMENT, region__parent=nanan).order_by(
        "region__code"
    )
    surnames = "张王李赵刘陈杨黄周吴徐孙"
    for i, town in enumerate(towns):
        if GovernmentLeader.objects.filter(unit=town).exists():
            continue
        head = "主任" if town.name.endswith("办事处") else "镇长"
        services.leader_create(
            actor=None,
            unit=town,
            name=f"{surnames[i % 12]}{'建国明华'[i % 4]}",
            post=head,
            phone=f"023-6298{i:04d}",
            term_start=datetime.date(2021, 9, 1),
        )


def _departments(nanan, committee) -> dict:
    """南岸区's member departments by short name, the three extra ones created and joined."""
    for short, duties in EXTRA_DEPARTMENTS:
        full = short.replace("区", "南岸区", 1)
        unit = Unit.objects.filter(region=nanan, kind=UnitKind.DEPARTMENT, name=full).first()
        if unit is None:
            unit = unit_create(
                actor=None, kind=UnitKind.DEPARTMENT, name=full, region=nanan, short_name=short
            )
        if not MemberUnit.objects.filter(committee=committee, unit=unit, left_on__isnull=True).exists():
            member_unit_create(
                actor=None,
                committee=committee,
                unit=unit,
                duties=duties,
                joined_on=datetime.date(2025, 3, 1),
                liaison_name="联络员",
            )
    members = MemberUnit.objects.filter(committee=committee, left_on__isnull=True).select_related("unit")
    return {m.unit.short_name or m.unit.name: m.unit for m in members}


def _checklists(departments):
    basis = "《2025年南岸区教育督导工作要点》第4项（S4 #4）：将“六个一”工作制度融入27套督政清单"
    for short, unit in departments.items():
        duties = DUTIES.get(short)
        if duties is None or Checklist.objects.filter(unit=unit).exists():
            continue
        items = [{"content": c, "standard": s, "evidence": e} for c, s, e in duties]
        first = services.checklist_create(
            actor=None,
            unit=unit,
            year=2023,
            title=f"{unit.name}督政清单",
            items=items[:2],
            basis="《重庆市南岸区人民政府教育督导委员会对各成员单位、镇街履行教育职责情况的评价方案》",
        )
        services.checklist_create(
            actor=None,
            unit=unit,
            year=2025,
            title=f"{unit.name}督政清单",
            items=items,
            basis=basis,
            derived_from=first,
        )


def _answer_all(check, note):
    answers = {a.item.number: {"result": "done", "note": note} for a in check.answers.select_related("item")}
    services.self_check_answer(
        actor=None,
        self_check=check,
        answers=answers,
        summary=f"{check.unit.name}对照督政清单2.0逐项自查，“六个一”工作制度均已落实。",
    )


def _self_checks(departments):
    housing, finance = departments.get("区住房城乡建委"), departments.get("区财政局")
    if housing is not None and not SelfCheck.objects.filter(unit=housing, year=2025).exists():
        check = services.self_check_create(actor=None, unit=housing, year=2025)
        _answer_all(check, "已按清单落实")
        workflows.SERVICES["submit"](actor=None, self_check=check)
        workflows.SERVICES["return"](
            actor=None, self_check=check, note="第9项缺少配套幼儿园移交台账，请补充佐证材料后重新提交。"
        )
        services.self_check_answer(
            actor=None,
            self_check=check,
            answers={9: {"result": "partial", "note": "已移交3所，2所因产权办理延后，预计2025年12月完成。"}},
        )
        workflows.SERVICES["submit"](actor=None, self_check=check)
        workflows.SERVICES["verify"](actor=None, self_check=check, note="佐证材料齐全，核实通过。")
    if finance is not None and not SelfCheck.objects.filter(unit=finance, year=2025).exists():
        check = services.self_check_create(actor=None, unit=finance, year=2025)
        _answer_all(check, "预决算数据见附件")
        workflows.SERVICES["submit"](actor=None, self_check=check)


def _liaison(unit):
    """A login for 区住房城乡建委's liaison (成员单位联络员, scoped to the department's unit)."""
    user = User.objects.filter(username="nanan_zjw").first()
    if user is None:
        from dudao.accounts.demo import DEMO_PASSWORD

        user = User(username="nanan_zjw", real_name="周建国", mobile="13800000021", unit=unit)
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(
        user=user, role=RoleCode.MEMBER_LIAISON, region=None, unit=unit, defaults={"recursive": False}
    )
    RoleAssignment.objects.get_or_create(
        user=user, role=RoleCode.UNIT_RESPONDENT, region=None, unit=unit, defaults={"recursive": False}
    )
    return user


def _city_team(office, size=3):
    from dudao.inspectors.choices import InspectorKind
    from dudao.inspectors.demo import _inspector, _serve, _session
    from dudao.inspectors.models import Inspector

    if Inspector.objects.filter(office=office).active().count() < size:
        session = _session(office, 6, datetime.date(2023, 1, 1))
        inspector, created = _inspector(office, "向东", 33, kind=InspectorKind.FULL_TIME, focus="government")
        if created:
            _serve(inspector, session, "渝督〔2023〕003号")
    return list(Inspector.objects.filter(office=office).active().order_by("id")[:size])


def _city_task(context, government, housing):
    """The city's 督政 of 南岸区人民政府: scored with the county framework, one finding on 小区配套园
    answered by 区住房城乡建委, issued with the opinion letter (on the department's ledger)."""
    if SupervisionTask.objects.filter(title=CITY_TASK).exists():
        return
    cq = Region.objects.get(code="500000")
    office = Unit.objects.get(kind=UnitKind.OFFICE, region=cq)
    version = (
        FrameworkVersion.objects.filter(
            framework__key="urn:dudao:cn:county-government-duty", status="published"
        )
        .order_by("-version")
        .first()
    )
    team = _city_team(office)
    if version is None or len(team) < 3:
        return
    today = timezone.localdate()
    start = today - datetime.timedelta(days=40)
    task = task_services.task_create(
        actor=None,
        office=office,
        kind=TaskKind.GOVERNMENT,
        title=CITY_TASK,
        topic="区县人民政府履行教育职责评价",
        framework_version=version,
        start_date=start,
        targets=[government],
    )
    for i, inspector in enumerate(team):
        task_services.team_member_add(
            actor=None, task=task, inspector=inspector, role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER
        )
    task = task_workflows.WORKFLOW.apply(
        actor=None, obj=task, name="notify", note="演示数据", today=start - datetime.timedelta(days=7)
    )
    task = task_workflows.apply(actor=None, task=task, name="start_on_site", note="演示数据")
    target = task.targets.get()
    results = {
        "B1": "好",
        "B2": "好",
        "B3": "较好",
        "B4": "好",
        "B5": "较好",
        "B6": "好",
        "B7": "较好",
        "B8": "一般",
        "B9-1": "好",
        "B9-2": True,
    }
    task_services.score_record(actor=None, target=target, results=results)
    task_services.target_evaluate(
        actor=None,
        target=target,
        evaluation="南岸区人民政府履行教育职责总体到位，优质均衡创建成果巩固；重大教育工程项目中小区配套园移交滞后。",
    )
    problems.record(
        actor=None,
        target=target,
        category="resources",
        indicator_code="B8",
        severity="serious",
        description="城镇小区配套幼儿园2所未按期移交教育部门，影响学前教育普惠学位供给",
        found_evidence="查阅区住房城乡建委配套园移交台账，核对2所小区配套园建设和移交情况",
        requirement="制定配套园移交计划，完成产权移交并举办为公办园或普惠性民办园",
        deadline=today + datetime.timedelta(days=90),
        routing="hard",
        responsible_unit=housing,
    )
    task_services.opinion_record_add(
        actor=None,
        target=target,
        kind="interview",
        held_on=start,
        participants=12,
        summary="与区政府分管领导和成员单位负责人座谈，听取区政府履行教育职责情况汇报。",
    )
    for name in ("send_preliminary_opinion", "open_objection_window"):
        task = task_workflows.apply(actor=None, task=task, name=name, note="演示数据")
    task_services.objection_submit(actor=None, target=target, waive=True)
    task_workflows.apply(actor=None, task=task, name="issue_opinion_letter", note="演示数据")


def _township_task(nanan):
    """南岸区's 督政 of two of its streets with the township framework (on site, scored): the comparison."""
    if SupervisionTask.objects.filter(title=NANAN_TOWNSHIP_TASK).exists():
        return
    office = Unit.objects.get(kind=UnitKind.OFFICE, region=nanan)
    version = (
        FrameworkVersion.objects.filter(
            framework__key="urn:dudao:cn:township-government-duty", status="published"
        )
        .order_by("-version")
        .first()
    )
    towns = list(
        Unit.objects.filter(kind=UnitKind.TOWNSHIP_GOVERNMENT, region__parent=nanan).order_by("region__code")[
            :3
        ]
    )
    from dudao.inspectors.models import Inspector
    from dudao.inspectors.recusal import recusal_check

    team = [
        i
        for i in Inspector.objects.filter(office=office).active().order_by("id")
        if all(not recusal_check(i, t) for t in towns)
    ][:3]
    if version is None or len(towns) < 2 or len(team) < 3:
        return
    start = timezone.localdate() - datetime.timedelta(days=10)
    task = task_services.task_create(
        actor=None,
        office=office,
        kind=TaskKind.GOVERNMENT,
        title=NANAN_TOWNSHIP_TASK,
        topic="镇街履行教育职责评价",
        framework_version=version,
        start_date=start,
        targets=towns,
    )
    for i, inspector in enumerate(team):
        task_services.team_member_add(
            actor=None, task=task, inspector=inspector, role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER
        )
    task = task_workflows.WORKFLOW.apply(
        actor=None, obj=task, name="notify", note="演示数据", today=start - datetime.timedelta(days=7)
    )
    task = task_workflows.apply(actor=None, task=task, name="start_on_site", note="演示数据")
    levels = ["好", "较好", "一般"]
    for n, target in enumerate(task.targets.order_by("id")):
        results = {f"T{k}": levels[(n + k) % 3] for k in range(1, 7)} | {"T7": True}
        task_services.score_record(actor=None, target=target, results=results)
    return task


def load(context, stdout):
    nanan = Region.objects.get(code="500108")
    committee = Unit.objects.filter(kind=UnitKind.COMMITTEE, region=nanan).first()
    government = Unit.objects.filter(kind=UnitKind.COUNTY_GOVERNMENT, region=nanan).first()
    if committee is None or government is None:
        stdout.write("督政：缺少南岸区督导委员会或区人民政府，跳过")
        return
    _leaders(nanan)
    departments = _departments(nanan, committee)
    _checklists(departments)
    housing = departments.get("区住房城乡建委")
    if housing is not None:
        _liaison(housing)
    _self_checks(departments)
    if housing is not None:
        _city_task(context, government, housing)
    _township_task(nanan)
    stdout.write(
        f"督政：督政清单 {Checklist.objects.filter(region_path__startswith=nanan.path).count()} 套（含各版本），"
        f"自查 {SelfCheck.objects.count()} 份，政府领导 {GovernmentLeader.objects.count()} 名"
    )
