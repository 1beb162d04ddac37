"""Files of supervision work are attachments (``dudao.attachments``): the photos of a regular visit
(owner ``inspections.visit``, purpose ``visit_photo``) and a task's materials — task-wide (owner
``inspections.task``) or of one supervised unit (owner ``inspections.target``), the purpose being
the kind (``FileKind``: 自评报告, 佐证材料, 现场照片, 现场文件). They are fetched through
``/files/<id>/`` by whoever may view the owner: a target's files only by the task's office and team
and by that unit, never by another unit of the same task."""

from django.utils.translation import gettext_lazy as _

from dudao.attachments import registry
from dudao.attachments.sniff import PHOTO_EXTENSIONS

from .choices import FileKind, TaskStatus
from .models import RegularVisit, SupervisionTask, TaskTarget


def _may_add_visit_photo(user, visit, purpose) -> bool:
    return visit.created_by_id == user.pk or RegularVisit.objects.for_user(user, "change").filter(pk=visit.pk).exists()


def _may_add_task_file(user, task, purpose) -> bool:
    from .services.tasks import _check_scorer

    if task.status in (TaskStatus.PUBLISHED, TaskStatus.ARCHIVED):
        return False
    try:
        _check_scorer(user, task)
    except Exception:  # PermissionDenied: not the office, not a team member
        return False
    return True


def _may_add_target_file(user, target, purpose) -> bool:
    return _may_add_task_file(user, target.task, purpose)


def register() -> None:
    """Called from ``InspectionsConfig.ready``."""
    registry.register(registry.OwnerType(
        code="inspections.visit", model=RegularVisit, purposes={"visit_photo": _("现场照片")},
        may_add=_may_add_visit_photo, accepts={"visit_photo": PHOTO_EXTENSIONS}))
    registry.register(registry.OwnerType(
        code="inspections.task", model=SupervisionTask, purposes=dict(FileKind.choices),
        may_add=_may_add_task_file, step_key=lambda task: task.status, accepts={FileKind.PHOTO: PHOTO_EXTENSIONS}))
    registry.register(registry.OwnerType(
        code="inspections.target", model=TaskTarget, purposes=dict(FileKind.choices),
        may_add=_may_add_target_file, step_key=lambda target: target.task.status,
        accepts={FileKind.PHOTO: PHOTO_EXTENSIONS}))
