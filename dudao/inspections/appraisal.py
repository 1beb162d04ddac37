"""Facts this module adds to an inspector's yearly appraisal (F5): regular visits done and
supervision reports filed by teams the inspector served on."""

from .choices import TaskStatus
from .models import RegularVisit, TaskEvent


def appraisal_facts(inspector, year: int) -> dict:
    visits = RegularVisit.objects.filter(inspector=inspector, visited_on__year=year).count()
    reports = (
        TaskEvent.objects.filter(to_status=TaskStatus.REPORT, created_at__year=year, task__team__inspector=inspector)
        .values("task_id").distinct().count()
    )
    return {"visits_done": visits, "reports_filed": reports}
