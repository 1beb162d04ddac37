"""Supervision work: tasks and their procedure, regular visits, plans, exemptions. The problems a
task's team or a visit finds are ledger items (``ledger.LedgerItem``, recorded through ``problems``)."""

from .categories import ProblemCategory
from .plans import SupervisionExemption, WorkPlan, WorkPlanEvent, WorkPlanItem
from .tasks import (
    IndicatorScore,
    OpinionRecord,
    SupervisionTask,
    TaskEvent,
    TaskTarget,
    TeamMember,
)
from .visits import RegularVisit

__all__ = [
    "IndicatorScore", "OpinionRecord", "ProblemCategory", "RegularVisit", "SupervisionExemption", "SupervisionTask",
    "TaskEvent", "TaskTarget", "TeamMember", "WorkPlan", "WorkPlanEvent",
    "WorkPlanItem",
]
