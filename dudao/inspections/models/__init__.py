"""Supervision work: tasks and their procedure, findings, regular visits, plans, exemptions."""

from .findings import Finding
from .plans import SupervisionExemption, WorkPlan, WorkPlanEvent, WorkPlanItem
from .tasks import (
    IndicatorScore,
    OpinionRecord,
    SupervisionTask,
    TaskEvent,
    TaskFile,
    TaskTarget,
    TeamMember,
)
from .visits import RegularVisit, VisitPhoto

__all__ = [
    "Finding", "IndicatorScore", "OpinionRecord", "RegularVisit", "SupervisionExemption", "SupervisionTask",
    "TaskEvent", "TaskFile", "TaskTarget", "TeamMember", "VisitPhoto", "WorkPlan", "WorkPlanEvent",
    "WorkPlanItem",
]
