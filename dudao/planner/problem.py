"""The supervision planner's problem and plan as plain data (issue 19).

No Django here: the app (models, services, views) builds a ``PlanProblem`` from the database
(``dudao.planner.build``), the engine (``dudao.planner.engine.solve`` — OR-Tools CP-SAT — and
``dudao.planner.greedy.plan`` — the baseline) turns it into a ``Plan``, and the independent
checker (``dudao.planner.check.violations``) reads both without touching the solver's model.
Everything is an int id, a ``date`` or a string, so benchmarks and tests build problems without
a database.

Model of a day: an inspector works at one place (school) per day at most ("one inspector per
place per day"); one *trip* is one (inspector, day) spent at a school. Several jobs at the same
school on the same day with overlapping people are merged into that trip (D2: one visit for a
regular visit and a special supervision at the same school).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Job kinds (inspections' work, C1/C5/C9/F2/F6).
REGULAR = "regular"  # 挂牌督导 regular visit by the school's posted inspector
TENURE_END = "tenure_end"  # 校长任期结束督导
COMPREHENSIVE = "comprehensive"  # 综合督导 (3–5-year cycle, 条例 Art. 14)
REVISIT = "revisit"  # 回头看 sample
SPECIAL = "special"  # 专项督导 with its targets
KINDS = (REGULAR, TENURE_END, COMPREHENSIVE, REVISIT, SPECIAL)


@dataclass(frozen=True)
class School:
    id: int
    name: str
    zone: int | None = None  # 督学责任区 id: trips group by zone
    posted: tuple[int, ...] = ()  # inspector ids posted to it (挂牌督学)
    size: int = 0  # pupils
    location: tuple[float, float] | None = None  # (lon, lat)
    blocked: frozenset[date] = frozenset()  # the school's own blocked dates
    # Burden control (D2): at most this many days with external supervision work (any job but the
    # posted inspector's regular visit, setting burden.max_external_per_semester "不含责任督学") in
    # the semester; None = no cap.
    visit_cap: int | None = None
    exempt: bool = False  # exempted (免检) from non-regular work this semester


@dataclass(frozen=True)
class Inspector:
    id: int
    name: str
    available: frozenset[date]  # the days they can work (holidays, training, blocked removed)
    # Part-time inspectors: at most this many working days per month {(year, month): days}.
    month_days: dict[tuple[int, int], int] = field(default_factory=dict, hash=False, compare=False)
    home: tuple[float, float] | None = None  # (lon, lat)
    zone: int | None = None  # their 责任区
    skills: frozenset[str] = frozenset()  # e.g. "finance", "safety", "preschool"
    can_lead: bool = False  # may lead a team of three
    recused: frozenset[int] = frozenset()  # school ids they may not inspect (回避)


@dataclass(frozen=True)
class Calendar:
    days: tuple[date, ...]  # the semester's school days, ascending (holidays already removed)
    exam_days: frozenset[date] = frozenset()  # no visits unless the job is urgent


@dataclass(frozen=True)
class Job:
    """One piece of required work at one school on one day."""

    id: str
    kind: str  # one of KINDS
    school: int
    team_size: int = 1  # 1 for a regular visit, 3 for a supervision team
    needs_leader: bool = False  # one member of the team must have can_lead
    skills: frozenset[str] = frozenset()  # someone on the team must have each
    earliest: date | None = None
    latest: date | None = None
    required: bool = True  # a legal floor (hard); False = a target (placed if it can be)
    month: tuple[int, int] | None = None  # the month it should fall in (monthly target), soft
    urgent: bool = False  # may fall on an exam day
    # Only these inspectors may do it (a regular visit: the school's posted inspectors); empty = any.
    inspectors: tuple[int, ...] = ()
    unannounced: bool = False  # 暗访: never shown to the school


@dataclass(frozen=True)
class Assignment:
    job: str
    day: date
    inspectors: tuple[int, ...]  # sorted
    leader: int | None = None
    locked: bool = False  # fixed by a reviewer: the solver keeps it as is


@dataclass
class Weights:
    """Soft objectives, after every legal floor (hard) is met."""

    target_unplaced: int = 1000  # per non-required job left out
    off_month: int = 50  # per job outside its month
    spread: int = 5  # unevenness of a school's visits over the semester
    trip: int = 20  # per trip (inspector-day used): merged visits and fewer trips win
    travel: int = 1  # per km from the inspector's home (or zone centre) to the school
    workload: int = 10  # spread between the busiest and the idlest inspector (days)
    moved: int = 200  # per assignment changed against the last published plan (stability)


@dataclass
class PlanProblem:
    calendar: Calendar
    schools: list[School]
    inspectors: list[Inspector]
    jobs: list[Job]
    previous: list[Assignment] = field(default_factory=list)  # last published plan (re-planning)
    locked: list[Assignment] = field(default_factory=list)  # reviewer's fixed assignments
    weights: Weights = field(default_factory=Weights)


# Plan statuses
OPTIMAL = "optimal"
FEASIBLE = "feasible"  # within `gap` of the proven bound
INFEASIBLE = "infeasible"  # the floors cannot all be met: see `conflicts`
UNKNOWN = "unknown"  # time ran out before any plan was found


@dataclass
class Conflict:
    """Why the floors collide, in the user's language (never just "no solution")."""

    message: str  # e.g. "第3责任区的督学在10月缺少14个工作日"
    jobs: list[str] = field(default_factory=list)
    inspectors: list[int] = field(default_factory=list)
    schools: list[int] = field(default_factory=list)


@dataclass
class Plan:
    status: str
    assignments: list[Assignment] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # job ids left out (targets only when feasible)
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None  # (objective - bound) / objective, 0 when optimal
    seconds: float = 0.0
    conflicts: list[Conflict] = field(default_factory=list)
    solver: str = ""  # "cp-sat" | "greedy"
