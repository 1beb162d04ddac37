"""Demo rows for the homes by role (issue 13), after every other app's demo: the demo school
(nanan_school, 重庆市南岸区珊瑚实验小学) is given what a school's week holds — a 督导通知 whose
self-evaluation is open, a new problem whose plan is owed and one whose result is owed — so its
to-do inbox lists them by deadline, with their messages; the 南岸区 office's morning then has a
plan to review and a self-evaluation to wait for. Through the services (the messages are sent by the
same hooks as in use). Loading again changes nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

SCHOOL = "重庆市南岸区珊瑚实验小学"
TASK_TITLE = "2026年南岸区校园安全专项督导（春季开学检查）"
NEW_ITEM = "校门口护学岗未按规定在上放学时段值守"
OWED_RESULT = "学校安全隐患排查台账未按月更新"


def load(context, stdout) -> None:
    from dudao.orgs.choices import UnitKind
    from dudao.orgs.models import Unit

    school = Unit.objects.filter(name=SCHOOL).first()
    office = Unit.objects.filter(kind=UnitKind.OFFICE, region__code="500108").first() if school else None
    if school is None or office is None:
        return
    today = timezone.localdate()
    _task(office, school, today, stdout)
    _items(school, today, stdout)


def _task(office, school, today, stdout) -> None:
    from dudao.inspections import services, workflows
    from dudao.inspections.choices import TaskKind, TeamRole
    from dudao.inspections.models import SupervisionTask
    from dudao.inspectors.models import Inspector
    from dudao.regionsettings.services import get_setting

    if SupervisionTask.objects.filter(title=TASK_TITLE).exists():
        return
    days = int(get_setting(office.region, "inspection.notice_days_ahead"))
    task = services.task_create(actor=None, office=office, kind=TaskKind.SPECIAL, title=TASK_TITLE,
                                topic="校园安全与护学岗", requires_self_evaluation=True,
                                start_date=today + datetime.timedelta(days=days + 7), targets=[school])
    team = Inspector.objects.filter(office=office).exclude(postings__school=school).order_by("pk")[:3]
    for i, inspector in enumerate(team):
        services.team_member_add(actor=None, task=task, inspector=inspector,
                                 role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER)
    task = workflows.task_notify(actor=None, task=task)
    workflows.task_begin_self_evaluation(actor=None, task=task)
    stdout.write(f"首页待办：{SCHOOL} 收到督导通知“{TASK_TITLE}”，自评待提交（nanan_school）")


def _items(school, today, stdout) -> None:
    from dudao.ledger import services, workflows
    from dudao.ledger.choices import LedgerSource
    from dudao.ledger.models import LedgerItem

    def make(description, requirement, days):
        return services.ledger_item_create(
            actor=None, unit=school, source=LedgerSource.COMPLAINT, description=description, category="safety",
            requirement=requirement, deadline=today + datetime.timedelta(days=days), today=today)

    if not LedgerItem.objects.filter(unit=school, description=NEW_ITEM).exists():
        make(NEW_ITEM, "落实上放学时段护学岗值守制度，安排值守教师并公示值守表", 20)
    if not LedgerItem.objects.filter(unit=school, description=OWED_RESULT).exists():
        item = make(OWED_RESULT, "按月更新安全隐患排查台账，逐项记录整改情况", 6)
        item = workflows.item_submit_plan(actor=None, item=item, plan="由安全办每月最后一周完成排查并更新台账。")
        workflows.item_accept_plan(actor=None, item=item, note="方案可行")
    stdout.write(f"首页待办：{SCHOOL} 两项整改（方案待报、结果待报）")
