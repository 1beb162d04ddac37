"""Demo rows that give the ledger's views something to show (issue 6): problems at several 南岸区
schools from monitoring, complaints, the 12345 hotline, the media and upper-level feedback, at every
stage of the procedure, some overdue and some registered months ago — so that the summary by
unit / region / inspector / category / source / age, the overdue list, the home cards and the unit
dossiers read like an office's real ledger. Every status is reached through the workflow services;
only the passing of time (deadlines and registration dates in the past) is set directly, as the
stories in ``demo.py`` do. Loading again changes nothing."""

import datetime

from django.utils import timezone

from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from . import services, workflows
from .models import LedgerItem

#: (school index, source, category, severity, description, requirement, stage, deadline in days
#:  from today (negative: passed), registered days ago)
ROWS = [
    (0, "monitoring", "physical", "minor", "学生体质健康监测优良率低于全区平均水平", "制定体育锻炼提升方案，保证每天校内锻炼1小时", "in_progress", 40, 30),
    (0, "hotline", "management", "serious", "12345热线反映学校放学后滞留学生无人看管", "落实放学后看护制度并公示值班安排", "issued", -6, 25),
    (1, "complaint", "teaching", "serious", "家长反映周末组织学生到校补课", "立即停止违规补课，开展师德专项教育", "reported", 10, 45),
    (1, "media", "safety", "grave", "媒体报道学校周边交通拥堵存在安全隐患", "会同交巡警设置护学岗，完善上下学交通组织", "rechecking", 5, 60),
    (2, "upper_feedback", "management", "minor", "市督导室反馈学校“三重一大”决策记录不完整", "完善议事规则和会议记录", "closed", 20, 120),
    (2, "monitoring", "moral", "minor", "心理健康教育专职教师未配备到位", "按要求配备专职心理健康教师", "plan_submitted", 60, 10),
    (3, "hotline", "safety", "serious", "12345热线反映食堂餐具消毒记录缺失", "建立餐具消毒台账并每日公示", "issued", -15, 130),
    (3, "complaint", "labour", "minor", "家长反映劳动教育课时被挤占", "按课程方案开足开齐劳动教育课", "in_progress", -3, 200),
    (4, "media", "arts", "minor", "美育课程开设不足，艺术教师长期缺编", "制定美育教师补充计划，开齐艺术课程", "in_progress", 90, 210),
    (4, "monitoring", "teaching", "minor", "作业公示制度落实不到位", "落实作业总量控制和公示", "closed", 15, 95),
    (5, "upper_feedback", "safety", "serious", "消防通道被杂物占用", "立即清理消防通道，建立日常巡查制度", "rechecking", 3, 35),
]

STEPS = ["issued", "plan_submitted", "in_progress", "reported", "rechecking", "closed"]


def _advance(item, to: str):
    actions = {
        "issued": lambda i: workflows.item_submit_plan(actor=None, item=i, plan="成立整改工作专班，明确责任人和时间节点。"),
        "plan_submitted": lambda i: workflows.item_accept_plan(actor=None, item=i, note="同意"),
        "in_progress": lambda i: workflows.item_report(actor=None, item=i, report="已按要求完成整改。",
                                                       evidence="整改前后照片；制度文件"),
        "reported": lambda i: workflows.item_begin_recheck(actor=None, item=i, method="on_site"),
        "rechecking": lambda i: workflows.item_close(actor=None, item=i, conclusion="实地查看：整改到位，予以销号。"),
    }
    while item.status != to:
        item = actions[item.status](item)
    return item


def load(context, stdout):
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, region__code__startswith="500108")
                   .order_by("pk")[:6])
    if len(schools) < 6:
        return
    today = timezone.localdate()
    made = 0
    for index, source, category, severity, description, requirement, stage, due, age in ROWS:
        text = description
        if LedgerItem.objects.filter(description=text).exists():
            continue
        item = services.ledger_item_create(
            actor=None, unit=schools[index], source=source, description=text, category=category,
            severity=severity, requirement=requirement, deadline=today + datetime.timedelta(days=max(due, 1)))
        item = _advance(item, stage)
        # the time that has passed: registration date and (for overdue items) the deadline
        registered = timezone.now() - datetime.timedelta(days=age)
        fields = {"created_at": registered}
        if due < 1:
            fields["deadline"] = fields["original_deadline"] = today + datetime.timedelta(days=due)
        LedgerItem.objects.filter(pk=item.pk).update(**fields)
        events = list(item.events.order_by("id").values_list("pk", flat=True))
        step = datetime.timedelta(days=max(1, age // (len(events) + 1)))
        for k, pk in enumerate(events):
            item.events.filter(pk=pk).update(created_at=registered + step * k)
        made += 1
    if made:
        stdout.write(f"问题台账：补充演示问题 {made} 个")
