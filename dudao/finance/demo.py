"""Demo finance (H1): 南岸区's supervision budget for this year by the six lines of S2 #16 with
spending, and two part-time inspectors' expense claims computed from their demo visits — one
approved (charged to the 督导评估 line), one waiting for review. Loading again changes nothing."""

import datetime

from django.db.models import Count
from django.utils import timezone

from dudao.inspections.models import RegularVisit
from dudao.inspectors.choices import InspectorKind
from dudao.inspectors.models import Inspector
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services, workflows
from .models import Budget, ExpenseClaim

PLANNED = {"evaluation": "300000", "acceptance": "120000", "monitoring": "200000", "training": "80000",
           "research": "60000", "platform": "150000"}
SPENDING = [
    ("training", (3, 15), "32000.00", "第八届政府督学岗前培训（集中培训2天）", "重庆第二师范学院"),
    ("monitoring", (5, 20), "86000.00", "国家义务教育质量监测南岸区组织实施", "南岸区教育考试中心"),
    ("platform", (6, 30), "45000.00", "教育督导综合管理平台运维服务（上半年）", "重庆某信息技术有限公司"),
    ("research", (9, 10), "8000.00", "督学工作室课题研究资料及专家咨询费", ""),
    ("acceptance", (10, 25), "12600.00", "学前教育普及普惠督导评估迎检材料印制", "南岸区某印务公司"),
]


def load(context, stdout):
    nanan = Region.objects.filter(code="500108").first()
    office = Unit.objects.filter(region=nanan, kind="office").first() if nanan else None
    if office is None:
        stdout.write("督导经费：缺少南岸区督导室，跳过")
        return
    today = timezone.localdate()
    budget = Budget.objects.filter(office=office, year=today.year).first()
    if budget is None:
        budget = services.budget_create(actor=None, office=office, year=today.year, planned=PLANNED,
                                        note=f"{today.year}年南岸区教育督导工作经费，纳入区级财政预算，由区政府教育督导室统筹使用")
        for kind, (month, day), amount, purpose, payee in SPENDING:
            services.spending_add(actor=None, budget=budget, kind=kind, amount=amount, purpose=purpose, payee=payee,
                                  spent_on=min(datetime.date(today.year, month, day), today), today=today)
    start = datetime.date(today.year, 1, 1)
    busiest = (RegularVisit.objects.filter(region_path__startswith=nanan.path, visited_on__gte=start,
                                           visited_on__lte=today, inspector__kind=InspectorKind.PART_TIME)
               .values("inspector").annotate(n=Count("id")).order_by("-n", "inspector")[:2])
    for n, row in enumerate(busiest):
        inspector = Inspector.objects.get(pk=row["inspector"])
        if ExpenseClaim.objects.filter(inspector=inspector, period_from__lte=today, period_to__gte=start).exists():
            continue
        claim = services.claim_create(actor=None, inspector=inspector, period_from=start, period_to=today, today=today)
        if n == 0:
            workflows.SERVICES["approve"](actor=None, claim=claim, note="演示数据：按南岸区兼职督学经费标准审核通过")
    stdout.write(f"督导经费：预算 {Budget.objects.count()} 份，兼职督学经费申报 {ExpenseClaim.objects.count()} 份")
