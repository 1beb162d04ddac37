"""Undo a draft's choices: remove a target or a team member before the notice goes out."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import TaskStatus
from ..models import SupervisionTask, TaskTarget, TeamMember
from ._common import check_region, lock

CHANGE = "inspections.change_supervisiontask"


def _draft(task_id):
    task = lock(SupervisionTask, task_id)
    if task.status != TaskStatus.DRAFT:
        raise ValidationError({"status": _("任务已发出通知，不能再修改督导对象和督导组")})
    return task


@transaction.atomic
def task_target_remove(*, actor, target: TaskTarget) -> None:
    task = _draft(target.task_id)
    check_region(actor, CHANGE, task.region, _("无权修改该督导任务"))
    TaskTarget.objects.filter(pk=target.pk).delete()


@transaction.atomic
def team_member_remove(*, actor, member: TeamMember) -> None:
    task = _draft(member.task_id)
    check_region(actor, CHANGE, task.region, _("无权修改该督导任务"))
    TeamMember.objects.filter(pk=member.pk).delete()
