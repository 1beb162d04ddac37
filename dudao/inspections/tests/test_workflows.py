"""The statutory procedure: every transition's allowed path, each forbidden role, an out-of-scope
office, and illegal source states; plus the guards (team of three, results, objection window)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.inspections import workflows
from dudao.inspections.choices import TaskKind
from dudao.inspections.choices import TaskStatus as S
from dudao.inspections.models import SupervisionTask, TaskEvent
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.inspections_factories import setting, special_task

from .helpers import PATH, REACHED, advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return setting(tree)


@pytest.mark.parametrize("name", PATH)
def test_allowed_path_sets_status_and_appends_event(world, name):
    task = advance(special_task(world), name)
    source = task.status
    workflows.SERVICES[name](actor=world["admin"], task=task, note="依程序办理")
    task.refresh_from_db()
    assert task.status == REACHED[name]
    event = TaskEvent.objects.filter(task=task).last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        name, source, REACHED[name], world["admin"])


@pytest.mark.parametrize("role", [RoleCode.INSPECTOR, RoleCode.LEADER, RoleCode.UNIT_RESPONDENT,
                                  RoleCode.MEMBER_LIAISON, RoleCode.EVALUATOR])
@pytest.mark.parametrize("name", PATH)
def test_forbidden_roles_are_refused(world, tree, name, role):
    task = advance(special_task(world), name)
    if role == RoleCode.UNIT_RESPONDENT:
        actor = user_with_role(role, unit=world["schools"][0])
    else:
        actor = user_with_role(role, region=tree["nanan"])
    before = task.status
    with pytest.raises(PermissionDenied):
        workflows.SERVICES[name](actor=actor, task=task)
    task.refresh_from_db()
    assert task.status == before


@pytest.mark.parametrize("name", PATH)
def test_out_of_scope_office_is_refused(world, tree, name):
    task = advance(special_task(world), name)
    for region in ("ddk", "nanan_town"):
        with pytest.raises(PermissionDenied):
            workflows.SERVICES[name](actor=user_with_role(RoleCode.OFFICE_ADMIN, region=tree[region]), task=task)
    # the city office above is in scope
    workflows.SERVICES[name](actor=user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]), task=task)


@pytest.mark.parametrize("name", list(workflows.TRANSITIONS))
def test_illegal_source_states_are_refused(world, name):
    """Every transition of the procedure and of its 备案 refuses a row in any other state of its field."""
    t = workflows.TRANSITIONS[name]
    machine = workflows.FILING if name in workflows.FILING.transitions else workflows.WORKFLOW
    states = [v for v, _label in SupervisionTask._meta.get_field(machine.status_field).choices]
    task = special_task(world)
    actor = world["admin"] if t.permission != "acknowledge" else user_with_role(
        RoleCode.OFFICE_ADMIN, region=world["region"].parent)  # 确认备案 is the office above's
    tried = 0
    for state in states:
        if state in t.source:
            continue
        SupervisionTask.objects.filter(pk=task.pk).update(**{machine.status_field: state})  # test set-up only
        task.refresh_from_db()
        with pytest.raises(ValidationError) as exc:
            workflows.SERVICES[name](actor=actor, task=task)
        assert "status" in exc.value.message_dict
        tried += 1
    assert tried == len(states) - len(t.source)
    assert not TaskEvent.objects.filter(task=task).exists()


def test_team_of_three_required_for_special_tasks(world):
    task = special_task(world, team=2)
    with pytest.raises(ValidationError, match="不得少于3名"):
        workflows.task_notify(actor=world["admin"], task=task)
    task.refresh_from_db()
    assert task.status == S.DRAFT


def test_smaller_team_is_fine_for_a_follow_up(world):
    task = special_task(world, team=1, kind=TaskKind.FOLLOW_UP)
    workflows.task_notify(actor=world["admin"], task=task)
    task.refresh_from_db()
    assert task.status == S.NOTIFIED
    assert task.notice_date is not None and task.start_date == task.notice_date + datetime.timedelta(days=3)


def test_team_needs_a_leader(world):
    from dudao.inspections.models import TeamMember

    task = special_task(world)
    TeamMember.objects.filter(task=task).update(role="member")
    with pytest.raises(ValidationError, match="组长"):
        workflows.task_notify(actor=world["admin"], task=task)


def test_self_evaluation_step_only_when_required(world):
    task = special_task(world, self_evaluation=False)
    workflows.task_notify(actor=None, task=task)
    with pytest.raises(ValidationError, match="不要求自评"):
        workflows.task_begin_self_evaluation(actor=world["admin"], task=task)
    task2 = special_task(world, self_evaluation=True)
    workflows.task_notify(actor=None, task=task2)
    with pytest.raises(ValidationError, match="自评"):
        workflows.task_start_on_site(actor=world["admin"], task=task2)


def test_preliminary_opinion_needs_every_target_scored(world):
    task = special_task(world)
    workflows.task_notify(actor=None, task=task)
    workflows.task_start_on_site(actor=None, task=task)
    with pytest.raises(ValidationError, match="未完成评分"):
        workflows.task_send_preliminary_opinion(actor=world["admin"], task=task)


def test_opinion_letter_waits_for_the_objection_window(world):
    task = advance(special_task(world), "open_objection_window")
    workflows.task_open_objection_window(actor=world["admin"], task=task)
    task.refresh_from_db()
    assert task.objection_deadline is not None
    with pytest.raises(ValidationError, match="尚未届满"):
        workflows.task_issue_opinion_letter(actor=world["admin"], task=task)
    SupervisionTask.objects.filter(pk=task.pk).update(objection_deadline=datetime.date(2020, 1, 1))
    task.refresh_from_db()
    workflows.task_issue_opinion_letter(actor=world["admin"], task=task)


def test_framework_version_is_marked_used_on_notice(world):
    from dudao.frameworks.models import FrameworkUsage

    task = special_task(world)
    workflows.task_notify(actor=world["admin"], task=task)
    assert FrameworkUsage.objects.filter(version=task.framework_version, object_id=str(task.pk)).exists()


def test_only_workflows_assign_status():
    """Guard: nothing outside workflows.py assigns ``.status`` (tasks and plans)."""
    import pathlib
    import re

    root = pathlib.Path(workflows.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "workflows.py" or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"\.status\s*=[^=]", text):
            offenders.append(str(path))
    assert not offenders


@pytest.mark.parametrize("kind", [TaskKind.SPECIAL, TaskKind.COMPREHENSIVE, TaskKind.PRINCIPAL_TENURE,
                                  TaskKind.GOVERNMENT, TaskKind.EVALUATION])
def test_team_of_three_for_every_special_and_comprehensive_supervision(world, kind):
    """条例 Art. 16: 督政 (``government``) and 督导评估 (``evaluation``) are 专项/综合 supervision too."""
    targets = None
    if kind == TaskKind.GOVERNMENT:  # 督政 targets a government or a department, not a school
        targets = [UnitFactory(region=world["office"].region, kind=UnitKind.DEPARTMENT, name="南岸区测试部门")]
    task = special_task(world, kind=kind, team=2, targets=targets)
    with pytest.raises(ValidationError) as refused:
        workflows.task_notify(actor=world["admin"], task=task)
    assert "第十六条" in str(refused.value)
    task.refresh_from_db()
    assert task.status == S.DRAFT
    workflows.task_notify(actor=world["admin"], task=special_task(world, kind=kind, team=3, targets=targets))


def test_a_region_may_require_a_larger_team(world, tree):
    from dudao.regionsettings.services import region_setting_set

    region_setting_set(actor=None, region=tree["nanan"], key="inspection.min_team_size", value=4)
    with pytest.raises(ValidationError) as refused:
        workflows.task_notify(actor=world["admin"], task=special_task(world, team=3))
    assert "不得少于4名" in str(refused.value)


def test_the_notice_goes_out_the_region_s_days_before_the_team_arrives(world):
    """条例 Art. 17: a written notice beforehand — a start date sooner than the notice period is refused."""
    today = datetime.date(2026, 11, 2)
    early = special_task(world, start_date=today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        workflows.WORKFLOW.apply(actor=world["admin"], obj=early, name="notify", today=today)
    assert "第十七条" in refused.value.message_dict["start_date"][0]
    on_time = special_task(world, start_date=today + datetime.timedelta(days=3))
    assert workflows.WORKFLOW.apply(actor=world["admin"], obj=on_time, name="notify", today=today).status == S.NOTIFIED


def test_urgent_supervision_needs_no_notice_period(world):
    """After a major incident the team goes at once (突发事件督导); the start date defaults to today."""
    today = datetime.date(2026, 11, 2)
    urgent = special_task(world, kind=TaskKind.URGENT, team=1)
    task = workflows.WORKFLOW.apply(actor=world["admin"], obj=urgent, name="notify", today=today)
    assert task.start_date == today
    dated = special_task(world, kind=TaskKind.URGENT, team=1, start_date=today)
    assert workflows.WORKFLOW.apply(actor=world["admin"], obj=dated, name="notify", today=today).status == S.NOTIFIED
