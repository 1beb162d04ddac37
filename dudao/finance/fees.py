"""The fee standard applied to a part-time inspector's recorded work (H1): every line is
``quantity × rate``, the rate read from the region setting ``expenses.<kind>_per_<basis>`` of the
inspector's office's region (local policy, 待核实: regionsettings/registry.py ``EXPENSE_SPECS``).

What is counted in a period (both ends included):

- **visits**: the inspector's regular visits (``inspections.RegularVisit``) dated in the period;
- **task days**: each calendar day from a task's on-site start to its end (or the start alone) in
  the period, for each task whose supervision team (``inspections.TeamMember``) has the inspector
  and which has reached the on-site stage; a day counts once however many tasks share it;
- **months** (通讯费): the calendar months in which there is at least one visit or task day.

Lines whose quantity or rate is zero are left out. Amounts are ``Decimal`` rounded to the fen."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .choices import ExpenseBasis, ExpenseKind

CENT = Decimal("0.01")
#: (kind, basis) → the region setting holding the rate, in the order lines are listed.
RATES = [
    (ExpenseKind.COMMUNICATION, ExpenseBasis.MONTH, "expenses.communication_per_month"),
    (ExpenseKind.TRANSPORT, ExpenseBasis.VISIT, "expenses.transport_per_visit"),
    (ExpenseKind.TRANSPORT, ExpenseBasis.TASK_DAY, "expenses.transport_per_task_day"),
    (ExpenseKind.BOARD, ExpenseBasis.VISIT, "expenses.board_per_visit"),
    (ExpenseKind.BOARD, ExpenseBasis.TASK_DAY, "expenses.board_per_task_day"),
    (ExpenseKind.LABOUR, ExpenseBasis.VISIT, "expenses.labour_per_visit"),
    (ExpenseKind.LABOUR, ExpenseBasis.TASK_DAY, "expenses.labour_per_task_day"),
]
#: Task states from which the on-site days have happened.
ON_SITE_REACHED = ("on_site", "preliminary_opinion", "objection_window", "opinion_letter", "report", "published",
                   "archived")


@dataclass
class Computed:
    visits: list = field(default_factory=list)
    task_days: list = field(default_factory=list)
    months: list = field(default_factory=list)
    lines: list = field(default_factory=list)

    @property
    def totals(self) -> dict:
        out = {kind: Decimal("0.00") for kind in ExpenseKind.values}
        for line in self.lines:
            out[line["kind"]] += line["amount"]
        out["total"] = sum((out[k] for k in ExpenseKind.values), Decimal("0.00"))
        return out


def visits_in(inspector, period_from: datetime.date, period_to: datetime.date) -> list[dict]:
    from dudao.inspections.models import RegularVisit

    rows = (RegularVisit.objects.filter(inspector=inspector, visited_on__gte=period_from, visited_on__lte=period_to)
            .select_related("school").order_by("visited_on", "id"))
    return [{"kind": "visit", "id": v.pk, "date": v.visited_on.isoformat(), "label": v.school.name} for v in rows]


def task_days_in(inspector, period_from: datetime.date, period_to: datetime.date) -> list[dict]:
    from dudao.inspections.models import TeamMember

    members = (TeamMember.objects.filter(inspector=inspector, task__status__in=ON_SITE_REACHED,
                                         task__start_date__isnull=False, task__start_date__lte=period_to)
               .select_related("task").order_by("task__start_date", "task_id"))
    days: dict[datetime.date, dict] = {}
    for m in members:
        task = m.task
        first = max(task.start_date, period_from)
        last = min(task.end_date or task.start_date, period_to)
        day = first
        while day <= last:
            days.setdefault(day, {"kind": "task_day", "id": task.pk, "date": day.isoformat(), "label": task.title})
            day += datetime.timedelta(days=1)
    return [days[d] for d in sorted(days)]


def rates_for(region) -> dict[str, Decimal]:
    from dudao.regionsettings.services import effective_settings

    values = effective_settings(region, [key for _k, _b, key in RATES])
    return {key: Decimal(str(values[key].value)) for _k, _b, key in RATES}


def compute(inspector, period_from: datetime.date, period_to: datetime.date) -> Computed:
    """The lines of ``inspector``'s claim for the period (nothing is written)."""
    result = Computed(visits=visits_in(inspector, period_from, period_to),
                      task_days=task_days_in(inspector, period_from, period_to))
    months: dict[str, list] = {}
    for src in result.visits + result.task_days:
        months.setdefault(src["date"][:7], []).append(src)
    result.months = [{"kind": "month", "id": None, "date": month, "label": month} for month in sorted(months)]
    rates = rates_for(inspector.office.region)
    by_basis = {ExpenseBasis.VISIT: result.visits, ExpenseBasis.TASK_DAY: result.task_days,
                ExpenseBasis.MONTH: result.months}
    for kind, basis, key in RATES:
        sources, rate = by_basis[basis], rates[key]
        if not sources or not rate:
            continue
        amount = (rate * len(sources)).quantize(CENT, rounding=ROUND_HALF_UP)
        result.lines.append({"kind": kind.value, "basis": basis.value, "quantity": len(sources),
                             "rate": rate.quantize(CENT, rounding=ROUND_HALF_UP), "amount": amount,
                             "setting_key": key, "sources": sources})
    return result
