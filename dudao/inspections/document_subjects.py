"""The supervision task's document subjects (see ``dudao.documents.subjects``): a task is the
subject of its 督导报告 (and of the per-target notices issued by ``documents.task_documents_issue``),
a target of its 督导意见书. Each is delivered to the target unit(s) it addresses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.common.scoping import region_in_scope
from dudao.documents.choices import DocumentKind
from dudao.documents.subjects import SubjectSpec

from .choices import TaskStatus
from .models import SupervisionTask, TaskTarget

S = TaskStatus
LETTER_STATUSES = (S.OBJECTION_WINDOW, S.OPINION_LETTER, S.REPORT)
REPORT_STATUSES = (S.REPORT, S.PUBLISHED, S.ARCHIVED)


def report_context(task: SupervisionTask, today) -> dict:
    from .documents import issue_context

    return {**issue_context(task, "report"), "signed_on": today.isoformat()}


def letter_context(target: TaskTarget, today) -> dict:
    from .documents import issue_context

    return {**issue_context(target.task, "letter", target), "signed_on": today.isoformat()}


def _task_recipients(task, kind, context):
    """The report goes to every target; a per-target document (notice, opinions) to the target named."""
    targets = [t.unit for t in task.targets.select_related("unit")]
    if kind == DocumentKind.REPORT:
        return targets
    name = (context or {}).get("recipient", "")
    return [u for u in targets if u.name == name]


def _may_change(actor, task) -> bool:
    return region_in_scope(actor, "inspections.change_supervisiontask", task.region)


SUBJECTS = [
    SubjectSpec(
        model=SupervisionTask,
        kinds={DocumentKind.REPORT: report_context},
        office=lambda task: task.office,
        recipients=_task_recipients,
        related=lambda task: list(task.targets.select_related("unit", "task")),
        may_issue=_may_change,
        offered=lambda task, kind: task.status in REPORT_STATUSES,
        labels={DocumentKind.REPORT: gettext_lazy("签发督导报告")},
    ),
    SubjectSpec(
        model=TaskTarget,
        kinds={DocumentKind.OPINION_LETTER: letter_context},
        office=lambda target: target.task.office,
        recipients=lambda target, kind, context: [target.unit],
        may_issue=lambda actor, target: _may_change(actor, target.task),
        offered=lambda target, kind: target.task.status in LETTER_STATUSES,
        labels={DocumentKind.OPINION_LETTER: gettext_lazy("下达督导意见书")},
    ),
]
