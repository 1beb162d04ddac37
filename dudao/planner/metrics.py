"""Measures of a plan (issue 19), for the bench's side-by-side and the review page: floors met,
trips, travel, workload spread, and how much moved against the last published plan."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict

from dudao.planner.problem import Plan, PlanProblem


def _km(a, b) -> float:
    if a is None or b is None:
        return 0.0
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def measure(problem: PlanProblem, plan: Plan) -> dict:
    schools = {s.id: s for s in problem.schools}
    placed = {a.job: a for a in plan.assignments}
    required = [j for j in problem.jobs if j.required]
    targets = [j for j in problem.jobs if not j.required]
    need_by_school = defaultdict(list)
    for j in required:
        need_by_school[j.school].append(j.id)

    # Start of each trip: home, else the centre of the inspector's zone (as the engine does).
    centre = defaultdict(list)
    for s in problem.schools:
        if s.zone is not None and s.location:
            centre[s.zone].append(s.location)
    start = {}
    for i in problem.inspectors:
        pts = centre.get(i.zone)
        start[i.id] = i.home or (
            (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) if pts else None
        )

    school_of = {j.id: j.school for j in problem.jobs}
    trips = {}
    for a in plan.assignments:
        school = school_of.get(a.job)
        for i in a.inspectors:
            trips[(i, a.day)] = school
    days_by = defaultdict(int)
    for i, _d in trips:
        days_by[i] += 1
    loads = [days_by.get(i.id, 0) for i in problem.inspectors]
    # Balanced among the full-time inspectors of the zones (part-timers and the pool excepted).
    fulltime = [days_by.get(i.id, 0) for i in problem.inspectors if not i.month_days and i.zone is not None]
    jobs = {j.id: j for j in problem.jobs}
    off_month = sum(
        1
        for a in plan.assignments
        if a.job in jobs and jobs[a.job].month and (a.day.year, a.day.month) != jobs[a.job].month
    )
    visit_days = defaultdict(set)
    for a in plan.assignments:
        if a.job in jobs:
            visit_days[jobs[a.job].school].add(a.day)
    moved = 0
    for p in problem.previous:
        a = placed.get(p.job)
        if a is None or a.day != p.day or tuple(sorted(a.inspectors)) != tuple(sorted(p.inspectors)):
            moved += 1
    return {
        "required_placed": sum(j.id in placed for j in required),
        "required": len(required),
        "targets_placed": sum(j.id in placed for j in targets),
        "targets": len(targets),
        "schools_meeting_floors": sum(all(j in placed for j in ids) for ids in need_by_school.values()),
        "schools_with_floors": len(need_by_school),
        "trips": len(trips),
        "travel_km": round(
            sum(_km(start.get(i), schools[s].location) for (i, _d), s in trips.items() if s in schools), 1
        ),
        "off_month": off_month,
        "max_visit_days": max((len(v) for v in visit_days.values()), default=0),
        "workload_max": max(fulltime, default=0),
        "workload_min": min(fulltime, default=0),
        "workload_spread": (max(fulltime) - min(fulltime)) if fulltime else 0,
        "workload_std": round(statistics.pstdev(loads), 2) if loads else 0.0,
        "moved": moved,
    }
