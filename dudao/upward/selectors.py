"""Reads shared by the pages and the API: the lists with their filters, the upper office's inbox of
filings, and an evaluation's progress per member unit."""

from __future__ import annotations

import datetime

from dudao.common.scoping import regions_in_scope

from .choices import OPEN_ASSIGNMENT, UpwardFilingStatus
from .models import Filing, IndicatorAssignment, UpperEvaluation


def evaluations(user, *, status: str | None = None, year: int | None = None):
    qs = UpperEvaluation.objects.for_user(user, "view").select_related("region", "version")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs


def assignments(
    user,
    *,
    evaluation_id: int | None = None,
    status: str | None = None,
    overdue: bool = False,
    today: datetime.date | None = None,
):
    qs = (
        IndicatorAssignment.objects.for_user(user, "view")
        .select_related("evaluation", "indicator", "unit")
        .order_by("evaluation_id", "deadline", "id")
    )
    if evaluation_id:
        qs = qs.filter(evaluation_id=evaluation_id)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_ASSIGNMENT, deadline__lt=today or datetime.date.today())
    return qs


def is_overdue(a, today: datetime.date) -> bool:
    return a.status in OPEN_ASSIGNMENT and a.deadline < today


def inbox(user):
    """Filings addressed to an office whose region the user acknowledges for (the office above)."""
    regions = regions_in_scope(user, "upward.acknowledge_filing")
    return (
        Filing.objects.filter(to_region__in=regions)
        .select_related("region", "to_region")
        .order_by("status", "due_on", "-id")
    )


def filings(
    user,
    *,
    status: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    today: datetime.date | None = None,
):
    """The filings the user sees: those of their regions (filed by them or by offices below)."""
    qs = (
        Filing.objects.for_user(user, "view")
        .select_related("region", "to_region")
        .order_by("-created_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.filter(status=UpwardFilingStatus.FILED, due_on__lt=today or datetime.date.today())
    return qs


def unit_progress(evaluation, today: datetime.date) -> list[dict]:
    """Per member unit: its indicators, how many are submitted/accepted, overdue or came late."""
    out = {}
    for a in evaluation.assignments.select_related("unit").order_by("unit__name", "id"):
        row = out.setdefault(
            a.unit_id, {"unit": a.unit, "total": 0, "accepted": 0, "submitted": 0, "overdue": 0, "late": 0}
        )
        row["total"] += 1
        row["accepted"] += a.status == "accepted"
        row["submitted"] += a.status == "submitted"
        row["overdue"] += is_overdue(a, today)
        row["late"] += a.late
    return list(out.values())


def unacknowledged(user, today: datetime.date) -> tuple[int, int]:
    """(waiting, overdue) filings in the user's inbox."""
    qs = inbox(user).filter(status=UpwardFilingStatus.FILED)
    return qs.count(), qs.filter(due_on__lt=today).count()


__all__ = ["assignments", "evaluations", "filings", "inbox", "is_overdue", "unacknowledged", "unit_progress"]
