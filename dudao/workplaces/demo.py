"""Demo places, research and cooperation (H2, H4, H5, C3) in 南岸区: a 督学工作室 built with the
research institutes (S4 #14) with members and activities, the 督学之家, a research topic in progress,
this year's selection of typical cases (one selected, one not), a 成渝 cooperation agreement with a
joint monitoring, and one school's 学校督导室 with its staff and a self-inspection whose finding is
a small matter on the ledger (E12). Loading again changes nothing."""

import datetime

from django.utils import timezone

from dudao.inspectors.models import Inspector
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services, workflows
from .models import Agreement, Place, ResearchTopic, SelectionRound, SelfInspection

STUDIO = "南岸区院区合作督学工作室（集团学校自我督导方向）"
HOME = "南岸区督学之家"
TOPIC = "集团化办学4.0背景下学校自我督导体系建设研究"
AGREEMENT = "成渝地区双城经济圈教育督导协同发展合作协议"
SELF_INSPECTION = "学校食堂食品安全和陪餐制度自查"


def _day(today, month, day):
    return min(datetime.date(today.year, month, day), today)


def load(context, stdout):
    nanan = Region.objects.filter(code="500108").first()
    office = Unit.objects.filter(region=nanan, kind="office").first() if nanan else None
    school = Unit.objects.filter(region_path__startswith=nanan.path, kind="school").order_by("id").first() if nanan else None
    if office is None or school is None:
        stdout.write("阵地、研究与合作：缺少南岸区督导室或学校，跳过")
        return
    today = timezone.localdate()
    inspectors = list(Inspector.objects.filter(office=office).order_by("id")[:4])
    if not Place.objects.filter(name=STUDIO).exists():
        studio = services.place_create(
            actor=None, kind="studio", name=STUDIO, unit=office, established_on=datetime.date(2023, 9, 1),
            partners="中国教育科学研究院、重庆市教育科学研究院、重庆第二师范学院",
            description="聚焦集团学校自我督导、督学专业化发展、教育督导评估等区域教育督导重难点，开展研究、培训和案例提炼。")
        for n, insp in enumerate(inspectors[:3]):
            services.member_add(actor=None, place=studio, name=insp.name, inspector=insp,
                                role="head" if n == 0 else "member")
        services.member_add(actor=None, place=studio, name="陈研究员", role="member", organisation="重庆市教育科学研究院")
        services.activity_add(actor=None, place=studio, kind="training", held_on=_day(today, 4, 18),
                              title="集团学校自我督导能力提升培训班", participants="各教育集团督评中心主任、学校督导室主任",
                              participant_count=46, summary="解读立德树人督导评估指标体系2.0，交流集团互评互鉴做法。", today=today)
        services.activity_add(actor=None, place=studio, held_on=_day(today, 10, 12), title="典型案例提炼研讨会",
                              participants="工作室成员", participant_count=9,
                              summary="梳理“三事分流善治，三色督导赋能”经验，形成案例初稿。", today=today)
    if not Place.objects.filter(name=HOME).exists():
        services.place_create(actor=None, kind="home", name=HOME, unit=office, address="南岸区教育督导室二楼",
                              description="为督学履职提供学习、研讨和资料查阅场所（S4 #8“督学之家”建设）。")
    if not ResearchTopic.objects.filter(title=TOPIC).exists():
        topic = services.topic_create(
            actor=None, office=office, title=TOPIC, lead_inspector=inspectors[0] if inspectors else None,
            lead="" if inspectors else "王督学", members="、".join(i.name for i in inspectors[1:3]) or "李督学、张督学",
            level="区级重点课题", started_on=datetime.date(today.year, 3, 1), due_on=datetime.date(today.year + 1, 12, 31),
            summary="研究集团督评中心在集团化办学中的作用、学校督导室的设置和兼职督学工作量认定。")
        workflows.TOPIC_SERVICES["approve"](actor=None, topic=topic, note="区教委批准立项")
    if not SelectionRound.objects.filter(office=office, year=today.year, kind="case").exists():
        deadline = datetime.date(today.year, 11, 30)
        rnd = services.round_create(actor=None, office=office, year=today.year, kind="case", deadline=deadline,
                                    title=f"{today.year}年南岸区教育督导典型案例评选",
                                    note="围绕“枫桥经验”教育督导、三色督导、集团学校自我督导等主题报送。")
        day = min(today, deadline)
        good = services.entry_create(actor=None, round=rnd, title="三事分流：责任督学就近化解家校矛盾的实践",
                                     authors="南岸区第三督学责任区", unit=school, today=day,
                                     abstract="小事自我督导解决、难事督导协调解决、大事多方联动解决的做法与成效。")
        other = services.entry_create(actor=None, round=rnd, title="课后服务督导的几点思考", authors="某兼职督学",
                                      today=day)
        workflows.ENTRY_SERVICES["shortlist"](actor=None, entry=good)
        workflows.ENTRY_SERVICES["select"](actor=None, entry=good, note="评审组一致推荐")
        workflows.ENTRY_SERVICES["reject"](actor=None, entry=other, note="案例要素不完整")
    if not Agreement.objects.filter(title=AGREEMENT).exists():
        agreement = services.agreement_create(
            actor=None, office=office, title=AGREEMENT, circle="chengyu",
            partners="重庆市南岸区人民政府教育督导室、四川省成都市武侯区人民政府教育督导室",
            scope="督学互派交流、督导评估标准互认、义务教育质量联合监测、典型案例共享。",
            signed_on=datetime.date(2024, 5, 16), valid_from=datetime.date(2024, 6, 1),
            valid_to=datetime.date(2027, 5, 31))
        services.activity_add(actor=None, agreement=agreement, kind="joint_monitoring", held_on=_day(today, 6, 5),
                              title="两区义务教育学校课后服务质量联合监测", participants="两区督学各6名",
                              participant_count=12, summary="按统一工具抽查两区各5所学校，形成联合监测报告。", today=today)
    office_place = Place.objects.filter(unit=school, kind="school_office").first()
    if office_place is None:
        office_place = services.place_create(actor=None, kind="school_office", name=f"{school.name}督导室", unit=school,
                                             description="由分管副校长领导，中层干部任主任，开展学校自我督导。")
        services.member_add(actor=None, place=office_place, name="刘主任", role="head", organisation=school.name)
        services.member_add(actor=None, place=office_place, name="周老师", role="part_time", organisation=school.name)
    if not SelfInspection.objects.filter(place=office_place, title=SELF_INSPECTION).exists():
        inspection = services.selfinspection_create(
            actor=None, place=office_place, inspected_on=today - datetime.timedelta(days=3), title=SELF_INSPECTION,
            inspectors="刘主任、周老师", today=today,
            findings="食堂留样规范；初二年级陪餐记录缺两天，个别班级午餐时段无教师陪餐。")
        services.selfinspection_raise_matter(
            actor=None, inspection=inspection, description="陪餐记录不完整，个别班级午餐时段无教师陪餐",
            category="safety", requirement="完善陪餐排班表，每日填写陪餐记录", responsible_person="刘主任",
            deadline=today + datetime.timedelta(days=14), today=today)
    stdout.write(f"阵地、研究与合作：阵地 {Place.objects.count()} 个，课题 {ResearchTopic.objects.count()} 项，"
                 f"合作协议 {Agreement.objects.count()} 项，自我督导记录 {SelfInspection.objects.count()} 条")
