"""What the app registers with the apps below it, from ``AppConfig.ready``: its attachment owners
(the package of an evaluation, a unit's evidence, a filing's files) and the ledger's daily job
(reminders of self-checks coming due or late)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy

from .choices import OPEN_ASSIGNMENT, UpwardFilingStatus


def daily(today: datetime.date) -> dict[str, int]:
    from .services import send_reminders

    return {"upward_reminders": send_reminders(today)}


def _may_add_evidence(user, assignment, purpose) -> bool:
    from .choices import EvaluationStatus
    from .workflows import ASSIGNMENT

    return (
        assignment.status in OPEN_ASSIGNMENT
        and assignment.evaluation.status == EvaluationStatus.SELF_CHECK
        and ASSIGNMENT.may(user, assignment, "respond")
    )


def _may_add_filing_file(user, filing, purpose) -> bool:
    from .workflows import FILING

    return filing.status in (UpwardFilingStatus.FILED, UpwardFilingStatus.RETURNED) and FILING.may(user, filing, "change")


def register() -> None:
    from dudao.attachments import registry
    from dudao.ledger import deadlines

    from .models import Filing, IndicatorAssignment, UpperEvaluation

    registry.register(
        registry.OwnerType(
            code="upward.evaluation",
            model=UpperEvaluation,
            purposes={"package": gettext_lazy("自评材料汇编")},
            may_add=lambda *args: False,
            generic_writes=False,
            step_key=lambda ev: ev.status,
        )
    )
    registry.register(
        registry.OwnerType(
            code="upward.assignment",
            model=IndicatorAssignment,
            purposes={"evidence": gettext_lazy("佐证材料")},
            may_add=_may_add_evidence,
            step_key=lambda a: a.status,
            may_delete_any=lambda user, a: _may_add_evidence(user, a, "evidence"),
        )
    )
    registry.register(
        registry.OwnerType(
            code="upward.filing",
            model=Filing,
            purposes={"files": gettext_lazy("备案材料")},
            may_add=_may_add_filing_file,
            step_key=lambda f: f.status,
        )
    )
    if daily not in deadlines.DAILY_JOBS:
        deadlines.DAILY_JOBS.append(daily)
