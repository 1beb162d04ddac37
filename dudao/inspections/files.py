"""Files of supervision work served through the scoped download view (``dudao.attachments``): the
photos of a regular visit (``VisitPhoto.file``) and a task's files (``TaskFile.file``) are fetched by
whoever may view the visit or the task — ``/files/field/visit_photo/<pk>/``,
``/files/field/task_file/<pk>/`` — and nobody else. The visit and the task are also attachment
owners (``inspections.visit``: ``visit_photo``; ``inspections.task``: ``task_file``) so new files
may go through ``/api/v1/attachments``."""

from django.utils.translation import gettext_lazy as _

from dudao.attachments import registry

from .choices import TaskStatus
from .models import RegularVisit, SupervisionTask, TaskFile, VisitPhoto


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


def register() -> None:
    """Called from ``InspectionsConfig.ready``."""
    registry.register_file_field(registry.FileField(
        code="visit_photo", model=VisitPhoto, field="file",
        visible=lambda user: VisitPhoto.objects.filter(visit__in=RegularVisit.objects.for_user(user, "view"))))
    registry.register_file_field(registry.FileField(
        code="task_file", model=TaskFile, field="file",
        visible=lambda user: TaskFile.objects.for_user(user, "view"),
        name=lambda row, f: f.name.rsplit("/", 1)[-1]))
    registry.register(registry.OwnerType(
        code="inspections.visit", model=RegularVisit, purposes={"visit_photo": _("现场照片")},
        may_add=_may_add_visit_photo))
    registry.register(registry.OwnerType(
        code="inspections.task", model=SupervisionTask, purposes={"task_file": _("任务材料")},
        may_add=_may_add_task_file, step_key=lambda task: task.status))
