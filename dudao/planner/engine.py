"""placeholder — replaced by branch planner-engine at merge

A simple greedy placement with the engine's signature, so the app (build, services, pages, demo)
runs before the CP-SAT engine is merged. It respects the hard constraints of ``problem.py``: the
inspectors' available days and monthly limits, one place per inspector per day, recusal, the team
size, leader and skills, a school's blocked dates and burden cap (days of non-regular work), exam
days unless urgent, exemptions and each job's window; locked assignments are kept as they are and
the previous plan's assignments are kept where they are still valid (stability)."""

from __future__ import annotations

import time
from collections import defaultdict

from .problem import (
    FEASIBLE,
    INFEASIBLE,
    REGULAR,
    Assignment,
    Conflict,
    Plan,
    PlanProblem,
)

KIND_NAMES = {"regular": "经常性督导", "tenure_end": "校长任期结束督导", "comprehensive": "综合督导",
              "revisit": "回头看", "special": "专项督导"}


def solve(problem: PlanProblem, time_limit: float = 10.0, workers: int = 2) -> Plan:
    started = time.monotonic()
    schools = {s.id: s for s in problem.schools}
    inspectors = {i.id: i for i in problem.inspectors}
    jobs = {j.id: j for j in problem.jobs}
    days = list(problem.calendar.days)
    day_set = set(days)
    busy: dict = defaultdict(set)  # inspector -> days
    per_month: dict = defaultdict(int)  # (inspector, (y, m)) -> days
    external: dict = defaultdict(set)  # school -> days with non-regular work
    placed: dict[str, Assignment] = {}

    def fits(job, day, team) -> bool:
        school = schools[job.school]
        if day not in day_set:
            return False
        if day in problem.calendar.exam_days and not job.urgent:
            return False
        if day in school.blocked or (job.earliest and day < job.earliest) or (job.latest and day > job.latest):
            return False
        if job.kind != REGULAR and school.visit_cap is not None and day not in external[school.id] \
                and len(external[school.id]) >= school.visit_cap:
            return False
        for i in team:
            insp = inspectors.get(i)
            if insp is None or day not in insp.available or day in busy[i] or job.school in insp.recused:
                return False
            limit = insp.month_days.get((day.year, day.month))
            if limit is not None and per_month[(i, (day.year, day.month))] >= limit:
                return False
        return True

    def take(job, day, team, leader, locked=False):
        for i in team:
            busy[i].add(day)
            per_month[(i, (day.year, day.month))] += 1
        if job.kind != REGULAR:
            external[job.school].add(day)
        placed[job.id] = Assignment(job.id, day, tuple(sorted(team)), leader, locked)

    def team_for(job, day):
        pool = list(job.inspectors) or sorted(inspectors, key=lambda i: (len(busy[i]), i))
        pool = [i for i in pool if fits(job, day, (i,))]
        if len(pool) < job.team_size:
            return None
        leader = None
        if job.needs_leader:
            leader = next((i for i in pool if inspectors[i].can_lead), None)
            if leader is None:
                return None
        team = [leader] if leader is not None else []
        for skill in job.skills:
            if not any(skill in inspectors[i].skills for i in team):
                extra = next((i for i in pool if skill in inspectors[i].skills and i not in team), None)
                if extra is None:
                    return None
                team.append(extra)
        team += [i for i in pool if i not in team][: max(0, job.team_size - len(team))]
        if len(team) < job.team_size:
            return None
        return team, leader

    for a in problem.locked:
        if a.job in jobs:
            take(jobs[a.job], a.day, a.inspectors, a.leader, locked=True)
    for a in problem.previous:
        job = jobs.get(a.job)
        if job is None or job.id in placed or (job.inspectors and not set(a.inspectors) <= set(job.inspectors)):
            continue
        if len(a.inspectors) >= job.team_size and fits(job, a.day, a.inspectors):
            take(job, a.day, a.inspectors, a.leader)

    # Most constrained first: the floors, those only given inspectors may do, the earliest deadline.
    order = sorted(jobs.values(), key=lambda j: (not j.required, not j.inspectors, j.latest or days[-1], j.id))
    for n, job in enumerate(order):
        if job.id in placed or schools.get(job.school) is None:
            continue
        if schools[job.school].exempt and job.kind != REGULAR:
            continue
        candidates = [d for d in days if job.month is None or (d.year, d.month) == job.month] or days
        offset = (job.school * 7 + n) % len(candidates) if candidates else 0
        tries = candidates[offset:] + candidates[:offset]
        if job.required:  # a floor: its month first, then any day
            tries += [d for d in days if d not in set(candidates)]
        for day in tries:
            found = team_for(job, day)
            if found:
                take(job, day, *found)
                break
    unplaced = [j.id for j in problem.jobs if j.id not in placed]
    missing = [jobs[j] for j in unplaced if jobs[j].required]
    conflicts = []
    for job in missing:
        school = schools.get(job.school)
        names = "、".join(inspectors[i].name for i in job.inspectors if i in inspectors)
        conflicts.append(Conflict(
            f"{school.name if school else job.school}：{KIND_NAMES.get(job.kind, job.kind)}（法定底线）无法安排"
            + (f"，{names}的可用工作日不足" if names else "，可用督学或日期不足"),
            jobs=[job.id], inspectors=list(job.inspectors), schools=[job.school]))
    return Plan(status=INFEASIBLE if missing else FEASIBLE, assignments=list(placed.values()), unplaced=unplaced,
                gap=None, seconds=time.monotonic() - started, conflicts=conflicts, solver="greedy")
