"""Demo rows (after the ledger's and the frameworks' demos): 重庆市's 2026 evaluation of 南岸区人民政府
on the national 履行教育职责 framework — ten indicators split among six member units of 南岸区's
committee, 区人力社保局 late with its self-check (its deadline passed; it was reminded, then submitted
late), every part accepted, the package compiled and submitted, two findings of the city landed on
区住房城乡建委's and 区财政局's ledgers, the city's conclusion — and two filings of 南岸区 with the city
(the package, acknowledged; the spring-term supervision's results, waiting in the city's inbox).
Loading again changes nothing."""

import datetime

from django.utils import timezone

from dudao.accounts.models import User
from dudao.frameworks.models import FrameworkVersion
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services
from .models import Filing, IndicatorAssignment, UpperEvaluation
from .workflows import ASSIGNMENT_SERVICES, EVALUATION_SERVICES, FILING_SERVICES, max_score

#: indicator code → (member unit, its self-check)
SPLIT = {
    "A1": ("南岸区委组织部", "区委常委会每学期专题研究教育工作，将落实党的教育方针纳入区管领导班子考核。"),
    "A2": (
        "南岸区委组织部",
        "区政府教育督导委员会成员单位调整到位，各单位明确1名联络员，全年召开全体会议1次、专题会议2次。",
    ),
    "A3": (
        "南岸区发展改革委",
        "《南岸区教育事业发展“十四五”规划》中期评估完成，23项主要指标中21项达到进度要求。",
    ),
    "A8": ("南岸区发展改革委", "年度新建、改扩建学校项目8个已全部立项，其中5个开工建设。"),
    "A4": ("南岸区教委", "义务教育优质均衡创建有序推进，校际差异系数小学0.42、初中0.38。"),
    "A9-1": ("南岸区教委", "落实学校安全“一岗双责”，开展校园及周边综合治理专项行动4次。"),
    "A9-2": ("南岸区教委", "本年度未发生因履行教育职责严重失职导致的重大安全事故或重大涉校案事件。"),
    "A5": ("南岸区住房城乡建委", "3所学校校舍改扩建项目按计划推进，小区配套幼儿园移交2所。"),
    "A6": ("南岸区财政局", "教育经费“两个只增不减”落实，生均公用经费按标准拨付。"),
    "A7": (
        "南岸区人力社保局",
        "中小学教师平均工资收入水平不低于当地公务员平均工资收入水平，教师职称评审按期完成。",
    ),
}
LATE_UNIT = "南岸区人力社保局"
FINDINGS = [
    (
        "A5",
        "部分学校校舍改扩建项目进度滞后，1所小区配套幼儿园未按期移交教育部门。",
        "制定校舍改扩建项目推进计划，限期完成配套幼儿园移交。",
    ),
    (
        "A6",
        "2026年第二季度生均公用经费拨付延迟1个月，部分学校运转困难。",
        "建立教育经费按季度足额拨付机制，补足延迟拨付经费。",
    ),
]
MATTER_TITLE = "南岸区2026年春季学期开学工作专项督导结果"


def _user(name):
    return User.objects.filter(username=name).first()


def _evaluation(city, county, today):
    nanan = Region.objects.filter(code="500108").first()
    version = (
        FrameworkVersion.objects.filter(framework__key="urn:dudao:cn:duty-performance", status="published")
        .order_by("-version")
        .first()
    )
    if nanan is None or version is None:
        return None
    ev = UpperEvaluation.objects.filter(region=nanan, version=version, year=2026).first()
    if ev is not None:
        return ev
    ev = services.evaluation_announce(
        actor=city,
        region=nanan,
        version=version,
        year=2026,
        deadline=today + datetime.timedelta(days=10),
        title="2026年南岸区人民政府履行教育职责评价",
        requirements="请区政府教育督导室组织成员单位对照指标开展自查自评，报送自评报告和印证材料。",
        today=today,
    )
    units = {u.name: u for u in services.member_units(nanan)}
    leaves = {i.code: i for i in services.leaf_indicators(version)}
    for code, (unit_name, _answer) in SPLIT.items():
        if code in leaves and unit_name in units:
            services.indicator_assign(
                actor=county,
                evaluation=ev,
                indicator=leaves[code],
                unit=units[unit_name],
                deadline=today,
                today=today,
            )
    EVALUATION_SERVICES["start"](actor=county, evaluation=ev, today=today)
    # 区人力社保局 missed its deadline: the daily job reminded it the day after, then it submitted late
    IndicatorAssignment.objects.filter(evaluation=ev, unit__name=LATE_UNIT).update(
        deadline=today - datetime.timedelta(days=2)
    )
    services.send_reminders(today - datetime.timedelta(days=1))
    for a in ev.assignments.select_related("indicator", "unit").order_by("id"):
        answer = SPLIT[a.indicator.code][1]
        ASSIGNMENT_SERVICES["submit"](
            actor=None, assignment=a, answer=answer, score=max_score(a.indicator), today=today
        )
        ASSIGNMENT_SERVICES["accept"](actor=county, assignment=a, today=today)
    return EVALUATION_SERVICES["submit"](
        actor=county, evaluation=ev, note="经区政府同意，报送市政府教育督导室。", today=today
    )


def _findings(ev, city, today):
    if ev.status != "submitted":
        return
    by_code = {a.indicator.code: a for a in ev.assignments.select_related("indicator", "unit")}
    for code, description, requirement in FINDINGS:
        a = by_code.get(code)
        if a is not None:
            services.finding_add(
                actor=city,
                evaluation=ev,
                unit=a.unit,
                assignment=a,
                description=description,
                requirement=requirement,
                deadline=today + datetime.timedelta(days=60),
                category="resources",
                today=today,
            )
    EVALUATION_SERVICES["review"](
        actor=city,
        evaluation=ev,
        conclusion="南岸区政府履行教育职责总体到位，评价等次为良好；"
        "校舍建设和经费拨付两方面问题已反馈至责任单位，请限期整改。",
        grade="良好",
        today=today,
    )


def _filings(ev, county, city, today):
    nanan = ev.region
    if not Filing.objects.filter(evaluation=ev).exists():
        f = services.filing_create(
            actor=county,
            region=nanan,
            kind="evaluation_package",
            title=f"{ev.title}自评材料",
            evaluation=ev,
            summary="按市政府教育督导室部署完成自查自评，自评材料已汇编报送。",
            today=today,
        )
        FILING_SERVICES["acknowledge"](actor=city, filing=f, today=today)
    if not Filing.objects.filter(title=MATTER_TITLE).exists():
        services.filing_create(
            actor=county,
            region=nanan,
            kind="matter",
            title=MATTER_TITLE,
            summary="对全区87所中小学、幼儿园开展开学工作专项督导，发现问题12个，已全部下达整改；"
            "督导报告已向社会公布。",
            today=today,
        )


def load(context, stdout):
    today = timezone.localdate()
    city, county = _user("cq_office"), _user("nanan_office")
    if (
        city is None
        or county is None
        or not Unit.objects.filter(region__code="500108", kind="committee").exists()
    ):
        return
    ev = _evaluation(city, county, today)
    if ev is None:
        return
    _findings(ev, city, today)
    _filings(ev, county, city, today)
    context.setdefault("walkthrough", []).extend(
        [
            f"上级评估：/upward/evaluations/{ev.pk}/ “{ev.title}”（cq_office 部署与反馈，nanan_office 分解与报送；"
            f"{LATE_UNIT}逾期提交）",
            "备案：nanan_office 报备，cq_office 在 /upward/filings/inbox/ 确认（首页显示待确认数）",
        ]
    )
    stdout.write(
        f"上级评估与备案：上级评估 {UpperEvaluation.objects.count()} 个，备案 {Filing.objects.count()} 件"
    )
