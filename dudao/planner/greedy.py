"""The planner's greedy baseline (issue 19): each job, tightest first, on its earliest feasible day
with the first available inspectors. It is the yardstick the CP-SAT engine is measured against
(``bench/bench_planner.py``) and the engine's starting hint.

The domain helpers here (a job's open days, its candidate inspectors) are shared with the engine;
the independent checker (``check.py``) does not use them.
"""

from __future__ import annotations

import time
from datetime import date

from dudao.planner.problem import (
    FEASIBLE,
    INFEASIBLE,
    REGULAR,
    Assignment,
    Conflict,
    Inspector,
    Job,
    Plan,
    PlanProblem,
    School,
)


def ym(d: date) -> tuple[int, int]:
    return (d.year, d.month)


def excluded(job: Job, school: School) -> bool:
    """Exempt (免检) schools get their regular visits and the work the law requires, nothing else."""
    return school.exempt and job.kind != REGULAR and not job.required


def open_days(problem: PlanProblem, job: Job, school: School) -> list[date]:
    """The school days inside the job's window, without exam days (unless urgent) and the school's
    blocked dates."""
    cal = problem.calendar
    return [
        d
        for d in cal.days
        if (job.earliest is None or d >= job.earliest)
        and (job.latest is None or d <= job.latest)
        and (job.urgent or d not in cal.exam_days)
        and d not in school.blocked
    ]


def candidates(problem: PlanProblem, job: Job, inspectors: dict[int, Inspector] | None = None) -> list[int]:
    """Inspectors who may do the job: its restriction (posted inspectors), minus recusals."""
    inspectors = inspectors or {i.id: i for i in problem.inspectors}
    ids = job.inspectors or tuple(inspectors)
    return sorted({i for i in ids if i in inspectors and job.school not in inspectors[i].recused})


def pick_team(job: Job, pool: list[Inspector], prefer: set[int]) -> list[int] | None:
    """A team of ``job.team_size`` from ``pool`` with a leader and every skill, preferring ``prefer``
    (already at the school that day: a merged trip). None when the pool cannot make one."""
    if len(pool) < job.team_size:
        return None
    pool = sorted(pool, key=lambda i: (i.id not in prefer, i.id))
    team: list[Inspector] = []
    if job.needs_leader:
        lead = next((i for i in pool if i.can_lead), None)
        if lead is None:
            return None
        team.append(lead)
    for skill in sorted(job.skills):
        if any(skill in m.skills for m in team):
            continue
        holder = next((i for i in pool if skill in i.skills and i not in team), None)
        if holder is None:
            return None
        team.append(holder)
    for i in pool:
        if len(team) >= job.team_size:
            break
        if i not in team:
            team.append(i)
    if len(team) != job.team_size:
        return None
    return sorted(m.id for m in team)


def leader_of(job: Job, team: list[int] | tuple[int, ...], inspectors: dict[int, Inspector]) -> int | None:
    if not job.needs_leader:
        return None
    return next((i for i in sorted(team) if inspectors[i].can_lead), None)


def plan(problem: PlanProblem) -> Plan:
    started = time.perf_counter()
    schools = {s.id: s for s in problem.schools}
    inspectors = {i.id: i for i in problem.inspectors}
    jobs = {j.id: j for j in problem.jobs}
    busy: dict[tuple[int, date], int] = {}  # (inspector, day) -> school
    used: dict[tuple[int, tuple[int, int]], int] = {}  # (inspector, month) -> days
    visit_days: dict[int, set[date]] = {}
    cap_days: dict[int, set[date]] = {}  # days with external work (the burden cap counts these)
    out: list[Assignment] = []
    done: set[str] = set()

    def book(job: Job, d: date, team, leader, locked=False):
        for i in team:
            if (i, d) not in busy:
                busy[(i, d)] = job.school
                used[(i, ym(d))] = used.get((i, ym(d)), 0) + 1
        visit_days.setdefault(job.school, set()).add(d)
        if job.kind != REGULAR:
            cap_days.setdefault(job.school, set()).add(d)
        out.append(Assignment(job.id, d, tuple(sorted(team)), leader, locked))
        done.add(job.id)

    for a in problem.locked:
        if a.job in jobs and a.job not in done:
            book(jobs[a.job], a.day, a.inspectors, a.leader, locked=True)

    previous = {a.job: a for a in problem.previous}

    def free(i: Inspector, d: date, school: int) -> bool:
        if d not in i.available or i.id not in inspectors:
            return False
        at = busy.get((i.id, d))
        if at is not None:
            return at == school
        limit = i.month_days.get(ym(d))
        return limit is None or used.get((i.id, ym(d)), 0) < limit

    todo = []
    for job in problem.jobs:
        if job.id in done or job.school not in schools or excluded(job, schools[job.school]):
            continue
        days = open_days(problem, job, schools[job.school])
        cands = [inspectors[i] for i in candidates(problem, job, inspectors)]
        todo.append((not job.required, len(days), -job.team_size, job.id, job, days, cands))
    todo.sort(key=lambda t: t[:4])

    unplaced: list[str] = []
    for *_, job, days, cands in todo:
        school = schools[job.school]
        seen = visit_days.setdefault(job.school, set())
        prev = previous.get(job.id)
        order = sorted(
            days,
            key=lambda d: (
                not (prev and prev.day == d),
                job.month is not None and ym(d) != job.month,
                d not in seen,
                d,
            ),
        )
        placed = False
        for d in order:
            ext = cap_days.get(job.school, set())
            if (job.kind != REGULAR and d not in ext and school.visit_cap is not None
                    and len(ext) >= school.visit_cap):
                continue
            pool = [i for i in cands if free(i, d, job.school)]
            prefer = {i.id for i in pool if busy.get((i.id, d)) == job.school}
            if prev and prev.day == d:
                prefer |= set(prev.inspectors)
            team = pick_team(job, pool, prefer)
            if team is None:
                continue
            book(job, d, team, leader_of(job, team, inspectors))
            placed = True
            break
        if not placed:
            unplaced.append(job.id)
    unplaced += [j.id for j in problem.jobs if j.id not in done and j.id not in unplaced]
    missing = [j for j in unplaced if jobs[j].required]
    conflicts = (
        [
            Conflict(
                f"贪心排程未能安排{len(missing)}项必须完成的任务",
                jobs=missing,
                schools=sorted({jobs[j].school for j in missing}),
            )
        ]
        if missing
        else []
    )
    return Plan(
        status=INFEASIBLE if missing else FEASIBLE,
        assignments=sorted(out, key=lambda a: (a.day, a.job)),
        unplaced=sorted(unplaced),
        seconds=time.perf_counter() - started,
        conflicts=conflicts,
        solver="greedy",
    )
