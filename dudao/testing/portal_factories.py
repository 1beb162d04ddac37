"""Helpers to build publication sources for the portal's tests (issue 6, E2/E4): a task at the
report stage with a problem in the ledger, a closed ledger item, a decided accountability case."""

import datetime

from django.utils import timezone

from dudao.accountability import services as accountability
from dudao.accountability.models import TriggerSituation
from dudao.inspections import problems
from dudao.inspections import services as task_services
from dudao.inspections import workflows as task_workflows
from dudao.inspections.choices import TaskKind, TeamRole
from dudao.ledger.models import LedgerItem
from dudao.orgs.models import CommitteeMember

from .factories import UnitFactory
from .inspections_factories import hold_meetings
from .ledger_factories import advance, item, ledger_world
from .schools_factories import inspector

#: A responsible person and a person held to account, named on the sources (never public).
RESPONSIBLE, PERSON = "李建国", "欧阳明辉"


def portal_world(tree):
    return ledger_world(tree)


def reported_task(world, *, title="南岸区课后服务专项督导", report=True):
    """A special supervision of the world's school, taken up to the report (or to the opinion
    letter with ``report=False``); its team recorded one problem, issued with the opinion letter, with
    a responsible person."""
    task = task_services.task_create(actor=None, office=world["office"], kind=TaskKind.SPECIAL, title=title,
                                     topic="课后服务", targets=[world["unit"]])
    for i in range(3):
        task_services.team_member_add(actor=None, task=task, inspector=inspector(world["office"]),
                                      role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER)
    for name in ("notify", "start_on_site"):
        task = task_workflows.apply(actor=None, task=task, name=name)
    target = task.targets.get()
    task_services.target_evaluate(actor=None, target=target, evaluation=f"整体规范。联系人{RESPONSIBLE}，电话13912345678。")
    it = problems.record(actor=None, target=target, category="management", description="课后服务收费标准未公示",
                         requirement="公示收费标准", deadline=timezone.localdate() + datetime.timedelta(days=30))
    hold_meetings(target)
    for name in ("send_preliminary_opinion", "open_objection_window"):
        task = task_workflows.apply(actor=None, task=task, name=name)
    task_services.objection_submit(actor=None, target=target, waive=True)
    task = task_workflows.apply(actor=None, task=task, name="issue_opinion_letter")
    LedgerItem.objects.filter(pk=it.pk).update(responsible_person=RESPONSIBLE)
    if report:
        task_services.task_set_report(actor=None, task=task, summary="督导报告概述：总体良好，个别问题需整改。")
        task = task_workflows.apply(actor=None, task=task, name="submit_report")
    return task


def closed_item(world, **kw):
    kw.setdefault("description", f"食堂未落实陪餐制度，家长{RESPONSIBLE}（13912345678）反映")
    it = item(world, responsible_person=RESPONSIBLE, **kw)
    return advance(world, it, "closed")


def decided_case(world, tree):
    """A decided 问责 case against the world's school and a named person."""
    committee = UnitFactory(region=world["region"], kind="committee", name="南岸区人民政府教育督导委员会")
    director = CommitteeMember.objects.create(committee=committee, name="委员会主任", post="director")
    situation = TriggerSituation.objects.filter(subject="person").first()
    today = timezone.localdate()
    case = accountability.case_open(actor=None, unit=world["unit"], subject_kind="person", person_name=PERSON,
                                    title="课后服务违规收费", supervision_end=today, situations=[situation],
                                    today=today)
    case = accountability.case_form_group(actor=None, case=case, group_members="区教育督导室", today=today)
    case = accountability.case_notify(actor=None, case=case, today=today,
                                      facts=f"{PERSON}（身份证500108198001011234）组织违规收费。")
    case = accountability.case_hear(actor=None, case=case, statement="无异议", today=today)
    case = accountability.case_approve(actor=None, case=case, approver=director, measures=["order_examination"],
                                       today=today)
    return accountability.case_decide(actor=None, case=case, basis="《教育督导问责办法》", effective_date=today,
                                      today=today)
