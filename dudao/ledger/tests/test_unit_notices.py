"""Each event that asks something of a school sends it exactly one message (issue 13): 督导通知, the
self-evaluation, the objection window and its closing, a new problem, the decision on its plan, a
document delivered. The school's respondent reads them in the inbox; another school sees none."""

import datetime

import pytest
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.inspections import services as task_services
from dudao.inspections import workflows as task_workflows
from dudao.inspections.tests.helpers import advance as advance_task
from dudao.inspections.tests.helpers import prepare
from dudao.ledger.choices import NotificationKind as K
from dudao.ledger.deadlines import ledger_daily
from dudao.ledger.models import Notification
from dudao.ledger.unit_notices import OBJECTION_CLOSING_DAYS, notify_unit
from dudao.ledger.workflows import item_accept_plan, item_return_plan, item_submit_plan
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting, special_task
from dudao.testing.ledger_factories import item, ledger_world
from dudao.testing.schools_factories import school as make_school

pytestmark = pytest.mark.django_db


def _inbox(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/ledger/notifications/").content.decode()


def _to(unit, kind):
    return list(Notification.objects.filter(recipient_unit=unit, kind=kind))


@pytest.fixture
def task_world(tree):
    world = setting(tree)
    world["respondent"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][0])
    world["outsider"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=make_school(tree["nanan"], name="南岸区不相干学校"))
    return world


def test_task_notice_reaches_each_target_once(task_world):
    w = task_world
    task = special_task(w)
    task_workflows.task_notify(actor=w["admin"], task=task)
    for school in w["schools"]:
        [n] = _to(school, K.TASK_NOTICE)
        assert n.link == task.get_absolute_url() and task.title in n.message
    assert task.title in _inbox(w["respondent"])
    assert task.title not in _inbox(w["outsider"])
    assert notify_unit(unit=w["schools"][0], key=f"task_notice:{task.pk}", kind=K.TASK_NOTICE, message="x",
                       link="/x/") is None  # the same occasion is never sent twice


def test_a_covert_task_tells_nobody(task_world):
    task = special_task(task_world, covert=True)
    task_workflows.task_notify(actor=task_world["admin"], task=task)
    assert not Notification.objects.filter(kind=K.TASK_NOTICE).exists()


def test_self_evaluation_opening_is_announced(task_world):
    task = special_task(task_world, self_evaluation=True)
    task_workflows.task_notify(actor=None, task=task)
    task_workflows.task_begin_self_evaluation(actor=None, task=task)
    assert all(len(Notification.objects.filter(recipient_unit=s, key=f"self_evaluation:{task.pk}")) == 1
               for s in task_world["schools"])


def test_objection_window_and_its_closing(task_world):
    w = task_world
    task = advance_task(special_task(w), "open_objection_window")
    task = task_workflows.task_open_objection_window(actor=None, task=task)
    for school in w["schools"]:
        [n] = _to(school, K.OBJECTION)
        assert str(task.objection_deadline) in n.message
    # the first school answers; the others are reminded once as the deadline closes
    first = task.targets.get(unit=w["schools"][0])
    task_services.objection_submit(actor=None, target=first, waive=True)
    day = task.objection_deadline - datetime.timedelta(days=OBJECTION_CLOSING_DAYS + 1)
    assert ledger_daily(today=day)["objection_closing"] == 0  # not yet
    day += datetime.timedelta(days=1)
    assert ledger_daily(today=day)["objection_closing"] == 2
    assert ledger_daily(today=day + datetime.timedelta(days=1))["objection_closing"] == 0  # once only
    assert _to(w["schools"][0], K.DEADLINE) == []
    assert len(_to(w["schools"][1], K.DEADLINE)) == 1 and len(_to(w["schools"][2], K.DEADLINE)) == 1


def test_new_item_and_plan_decisions(tree):
    w = ledger_world(tree)
    it = item(w, description="操场护栏松动")
    [n] = _to(w["unit"], K.NEW_ITEM)
    assert n.item == it and "操场护栏松动" in n.message
    assert "操场护栏松动" in _inbox(w["respondent"]) and "操场护栏松动" not in _inbox(w["other_respondent"])
    it = item_submit_plan(actor=w["respondent"], item=it, plan="方案一")
    it = item_return_plan(actor=w["admin"], item=it, reason="措施不具体")
    [returned] = _to(w["unit"], K.PLAN_DECISION)
    assert "措施不具体" in returned.message
    it = item_submit_plan(actor=w["respondent"], item=it, plan="方案二")
    item_accept_plan(actor=w["admin"], item=it)
    assert len(_to(w["unit"], K.PLAN_DECISION)) == 2  # one per decision
    assert not Notification.objects.filter(recipient_unit=w["other_respondent"].role_assignments.get().unit).exists()


def test_a_task_problem_is_announced_when_the_letter_issues_it(task_world):
    from dudao.ledger.services import problem_record

    w = task_world
    task = advance_task(special_task(w), "open_objection_window")
    target = task.targets.get(unit=w["schools"][0])
    it = problem_record(actor=w["admin"], target=target, description="作业量超标", category="safety",
                        requirement="减负", deadline=datetime.date.today() + datetime.timedelta(days=60))
    assert not _to(w["schools"][0], K.NEW_ITEM)  # a draft is not the school's yet
    task = task_workflows.task_open_objection_window(actor=None, task=task)
    prepare(task, "issue_opinion_letter")
    task_workflows.task_issue_opinion_letter(actor=None, task=task)
    [n] = _to(w["schools"][0], K.NEW_ITEM)
    assert n.item_id == it.pk


def test_document_received(tree):
    from dudao.ledger.document_subjects import issue_rectification_notice

    w = ledger_world(tree)
    it = item(w)
    doc = issue_rectification_notice(actor=w["admin"], item=it, automatic=True)
    [n] = _to(w["unit"], K.DOCUMENT)
    assert n.link == doc.get_absolute_url()
    assert doc.title in _inbox(w["respondent"])
