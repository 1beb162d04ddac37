"""Demo campaigns and programmes (run from the app's ``demo.py`` after the regions, units,
frameworks and collections): 南岸区's 优质均衡 creation (target 2027, 基本均衡 认定 2015) with its
self-evaluation report generated and passed, now at 市级复核 for the 重庆市 office; 大足区's 普及普惠
creation at 县级自评 with its tasks; the programmes of G1 — 幼儿园办园行为督导评估 (on the shipped
framework) in 大足区 with its 2026 round in 园所自评 (the kindergartens' own forms: approved, submitted,
returned, not yet), and the city's physical-health and
compulsory-quality monitoring. Loading again changes nothing."""

import datetime

from django.utils import timezone

from dudao.regions.models import Region

from .campaign_choices import CampaignKind, ProgrammeKind
from .campaign_models import Campaign, CampaignTask, Programme
from .campaign_report import report_generate
from .campaign_workflows import CAMPAIGN_SERVICES
from .campaigns import campaign_create, programme_create, round_create

D = datetime.date


def _framework(urn):
    from dudao.frameworks.models import Framework

    return Framework.objects.filter(key=urn).first()


#: What the 大足区 kindergartens did with their 园所自评表 (in name order; the rest have not submitted):
#: the county approved it (recorded in the round), it awaits review, it was returned.
SELF_STEPS = [("approved", "good"), ("submitted", "excellent"), ("approved", "pass"), ("returned", "good")]
SELF_LEVELS = ["conditions", "safety_health", "care_education", "staff", "management", "self_conclusion"]


def _self_evaluations(rnd):
    """The kindergartens' own self-evaluations in the round's linked collection round."""
    from . import services
    from .models import Submission

    subs = Submission.objects.filter(round_id=rnd.collection_round_id).select_related("unit").order_by("unit__name")
    for sub, (target, conclusion) in zip(subs, SELF_STEPS, strict=False):
        values = {(code, ""): conclusion for code in SELF_LEVELS}
        values[("summary", "")] = f"{sub.unit.name}对照五个方面开展自评，户外活动场地和保教人员配备有待改善。"
        services.values_save(actor=None, submission=sub, values=values)
        services.submission_submit(actor=None, submission=sub)
        if target == "approved":
            services.submission_approve(actor=None, submission=sub)
        elif target == "returned":
            services.submission_return(actor=None, submission=sub, note="请补充保育教育方面的自评佐证")


def load(context, stdout):
    regions = {r.code: r for r in Region.objects.filter(code__in=["500000", "500108", "500111"])}
    if len(regions) < 3 or Campaign.objects.exists():
        return
    today = timezone.localdate()
    nanan = campaign_create(actor=None, kind=CampaignKind.BALANCE, region=regions["500108"], target_year=2027,
                            basis_year=2015,
                            plan="对标《县域义务教育优质均衡发展督导评估办法》，2025年补齐体育运动场馆和骨干教师短板，"
                                 "2026年完成县级自评和市级复核，2027年申请国家认定。",
                            planned={"county": D(2026, 3, 31), "city": D(2026, 6, 30), "province": D(2026, 10, 31),
                                     "national": D(2027, 6, 30)})
    for title, owner, deadline in [("新建、改扩建学校体育运动场馆，补足生均场馆面积", "区发展改革委", D(2026, 8, 31)),
                                   ("评选县级以上骨干教师，达到每百名学生1人以上", "区教委", D(2026, 6, 30)),
                                   ("落实教师工资和生均公用经费保障", "区财政局", D(2026, 12, 31))]:
        CampaignTask.objects.create(campaign=nanan, region_path=nanan.region_path, title=title, owner=owner,
                                    deadline=deadline)
    report_generate(actor=None, campaign=nanan, year=today.year - 1, today=min(today, D(2026, 3, 28)))
    CAMPAIGN_SERVICES["self_evaluate"](actor=None, campaign=nanan, note="县级自评完成，报请市级复核。",
                                       today=min(today, D(2026, 3, 30)))
    dazu = campaign_create(actor=None, kind=CampaignKind.PRESCHOOL, region=regions["500111"], target_year=2026,
                           plan="扩大公办园和普惠性民办园资源，公办园在园幼儿占比达到50%以上。",
                           planned={"county": D(2026, 5, 31), "city": D(2026, 8, 31)})
    for title, owner, deadline in [("新建公办幼儿园2所", "区住房城乡建委", D(2026, 4, 30)),
                                   ("认定普惠性民办幼儿园并公布名单", "区教委", D(2026, 3, 31))]:
        CampaignTask.objects.create(campaign=dazu, region_path=dazu.region_path, title=title, owner=owner,
                                    deadline=deadline)

    conduct = programme_create(actor=None, name="大足区幼儿园办园行为督导评估", kind=ProgrammeKind.KINDERGARTEN_CONDUCT,
                               region=regions["500111"], framework=_framework("urn:dudao:cn:kindergarten-conduct"),
                               description="教督〔2017〕7号：幼儿园自评 → 县级全覆盖督导评估 → 市级抽查。")
    rnd = round_create(actor=None, programme=conduct, region=regions["500111"], year=2026)
    _self_evaluations(rnd)
    programme_create(actor=None, name="重庆市学生体质健康监测", kind=ProgrammeKind.PHYSICAL_HEALTH,
                     region=regions["500000"], cycle_years=1)
    programme_create(actor=None, name="重庆市义务教育质量评价", kind=ProgrammeKind.COMPULSORY_QUALITY,
                     region=regions["500000"], cycle_years=3,
                     framework=_framework("urn:dudao:cn:compulsory-school-evaluation"))
    stdout.write(f"创建计划：{Campaign.objects.count()} 个（南岸区优质均衡·市级复核，大足区普及普惠·县级自评）；"
                 f"监测项目：{Programme.objects.count()} 个")
