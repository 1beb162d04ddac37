"""Helpers to build incentives for tests (issue 6, E6)."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.inspections import services as inspections
from dudao.inspections.choices import TaskKind, TaskStatus
from dudao.inspections.models import SupervisionTask, TaskTarget
from dudao.regionsettings.services import region_setting_set

from .factories import user_with_role
from .schools_factories import inspector, office, school


def incentives_world(tree):
    """南岸区 office with its admin, leader and inspector; a school; the 大渡口区 (sibling) and 重庆市
    (parent) office admins. The burden cap is lifted so that tests may build many tasks."""
    nanan = tree["nanan"]
    off = office(nanan)
    region_setting_set(actor=None, region=nanan, key="burden.max_external_per_semester", value=100)
    inspector_user = user_with_role(RoleCode.INSPECTOR, region=nanan)
    return {
        "region": nanan, "office": off, "unit": school(nanan, name="南岸区激励测试学校"),
        "other_unit": school(nanan, name="南岸区激励另一所学校"),
        "admin": user_with_role(RoleCode.OFFICE_ADMIN, region=nanan),
        "leader": user_with_role(RoleCode.LEADER, region=nanan),
        "inspector_user": inspector_user,
        "inspector": inspector(off, name="激励测试督学", user=inspector_user),
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "parent": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
    }


def green_result(office_unit, unit, *, colour="green", status=TaskStatus.REPORT, start_date=None,
                 title="南岸区课后服务专项督导", team=()) -> TaskTarget:
    """A target of a task organised by ``office_unit`` with ``colour``, the task at ``status``.
    Test set-up only: the procedure's state and the colour are written directly (the workflow and
    the scoring engine are tested in the inspections app)."""
    task = inspections.task_create(actor=None, office=office_unit, kind=TaskKind.SPECIAL, title=title,
                                   start_date=start_date or datetime.date.today(), targets=[unit])
    for member in team:
        inspections.team_member_add(actor=None, task=task, inspector=member)
    SupervisionTask.objects.filter(pk=task.pk).update(status=status)  # test set-up only
    TaskTarget.objects.filter(task=task, unit=unit).update(colour=colour, grade="优秀")
    return TaskTarget.objects.select_related("task", "unit").get(task=task, unit=unit)
