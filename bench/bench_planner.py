"""Benchmark of the supervision planner's engine (issue 19): a synthetic county or city semester
(zones, posted inspectors 1:5, holidays, exam weeks, part-time inspectors, recusals, blocked
dates, burden caps, exempt schools, tenure-end / comprehensive / special supervisions with teams
of three and a county-wide pool of finance experts), solved by CP-SAT and by the greedy baseline
on the same data in one run, both checked by the independent checker, side by side.

Run: ``.venv/bin/python bench/bench_planner.py [--size county|city] [--seed 1] [--time 10]
[--workers 2] [--replan]``. No database. Goals (issue 19): a county (300 schools, 60 inspectors)
optimal or within 1 % in ≤ 10 s; a city (3,000 schools, 600 inspectors) within 2 % in ≤ 60 s on
2 cores. ``--replan`` then removes one inspector (their schools go to a colleague) and re-plans
against the first plan, reporting how many assignments moved.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dudao.planner import engine, greedy  # noqa: E402
from dudao.planner.check import violations  # noqa: E402
from dudao.planner.metrics import measure  # noqa: E402
from dudao.planner.problem import (  # noqa: E402
    COMPREHENSIVE,
    REGULAR,
    REVISIT,
    SPECIAL,
    TENURE_END,
    Calendar,
    Inspector,
    Job,
    PlanProblem,
    School,
)

SIZES = {"county": (6, 50, 10, 4), "city": (60, 50, 10, 30)}  # zones, schools/zone, inspectors/zone, pool
HOLIDAYS = {date(2027, 4, 5), date(2027, 5, 3), date(2027, 5, 4), date(2027, 5, 5), date(2027, 6, 9)}
EXAMS = [(date(2027, 4, 19), date(2027, 4, 23)), (date(2027, 6, 28), date(2027, 7, 2))]


def semester(start=date(2027, 2, 22), end=date(2027, 7, 2)):
    days, d = [], start
    while d <= end:
        if d.weekday() < 5 and d not in HOLIDAYS:
            days.append(d)
        d += timedelta(days=1)
    exam = frozenset(d for d in days for lo, hi in EXAMS if lo <= d <= hi)
    return Calendar(days=tuple(days), exam_days=exam)


def month_window(y, m):
    first = date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def generate(size="county", seed=1) -> PlanProblem:
    rnd = random.Random(seed)
    zones, per_zone, insp_zone, pool_n = SIZES[size]
    cal = semester()
    days = list(cal.days)
    schools, inspectors, jobs = [], [], []
    pool_ids = list(range(100000, 100000 + pool_n))
    for k, pid in enumerate(pool_ids):
        inspectors.append(
            Inspector(
                id=pid,
                name=f"专家{k + 1}",
                available=frozenset(d for d in days if rnd.random() > 0.1),
                home=(106.5 + rnd.uniform(-0.3, 0.3), 29.5 + rnd.uniform(-0.3, 0.3)),
                zone=None,
                skills=frozenset({"finance", "safety"}),
                can_lead=True,
            )
        )
    sid = iid = 0
    for z in range(1, zones + 1):
        centre = (106.5 + rnd.uniform(-0.3, 0.3), 29.5 + rnd.uniform(-0.3, 0.3))
        zone_people = []
        for k in range(insp_zone):
            iid += 1
            part_time = rnd.random() < 0.2
            if part_time:
                avail = {d for d in days if d.weekday() in (0, 2, 3)}
                limits = {(2027, m): 8 for m in range(2, 8)}
            else:
                avail, limits = set(days), {}
            for d in rnd.sample(days, 3):  # training days
                avail.discard(d)
            skills = {
                s for s, p in (("safety", 0.4), ("preschool", 0.2), ("finance", 0.05)) if rnd.random() < p
            }
            zone_people.append(
                dict(
                    id=iid,
                    name=f"督学{iid}",
                    available=frozenset(avail),
                    month_days=limits,
                    home=(centre[0] + rnd.uniform(-0.03, 0.03), centre[1] + rnd.uniform(-0.03, 0.03)),
                    zone=z,
                    skills=frozenset(skills),
                    can_lead=k < 2 or rnd.random() < 0.3,
                    recused=set(),
                )
            )
        zone_ids = [p["id"] for p in zone_people]
        zone_schools = []
        for k in range(per_zone):
            sid += 1
            posted = zone_ids[k * insp_zone // per_zone]
            blocked = frozenset()
            if rnd.random() < 0.1:
                b = rnd.randrange(len(days) - 5)
                blocked = frozenset(days[b : b + 5])
            schools.append(
                School(
                    id=sid,
                    name=f"学校{sid}",
                    zone=z,
                    posted=(posted,),
                    size=rnd.randint(200, 3000),
                    location=(centre[0] + rnd.uniform(-0.05, 0.05), centre[1] + rnd.uniform(-0.05, 0.05)),
                    blocked=blocked,
                    visit_cap=6 if rnd.random() < 0.1 else 8,
                    exempt=rnd.random() < 0.03,
                )
            )
            zone_schools.append(sid)
        for p in zone_people:  # recusals (回避), never from their own posted school
            if rnd.random() < 0.05:
                own = {s.id for s in schools[-per_zone:] if p["id"] in s.posted}
                p["recused"].add(rnd.choice([s for s in zone_schools if s not in own]))
        for p in zone_people:
            p["recused"] = frozenset(p["recused"])
            inspectors.append(Inspector(**p))
        for s in schools[-per_zone:]:
            for m in (3, 4, 5, 6):
                lo, hi = month_window(2027, m)
                jobs.append(
                    Job(
                        id=f"r{s.id}-{m}",
                        kind=REGULAR,
                        school=s.id,
                        earliest=lo,
                        latest=hi,
                        month=(2027, m),
                        inspectors=s.posted,
                    )
                )
            r = rnd.random()
            team = tuple(zone_ids)
            if r < 0.05:
                b = rnd.randrange(len(days) - 30)
                jobs.append(
                    Job(
                        id=f"t{s.id}",
                        kind=TENURE_END,
                        school=s.id,
                        team_size=3,
                        needs_leader=True,
                        earliest=days[b],
                        latest=days[b + 29],
                        inspectors=team,
                    )
                )
            elif r < 0.09:
                fin = rnd.random() < 0.5
                jobs.append(
                    Job(
                        id=f"c{s.id}",
                        kind=COMPREHENSIVE,
                        school=s.id,
                        team_size=3,
                        needs_leader=True,
                        skills=frozenset({"finance"}) if fin else frozenset(),
                        inspectors=team + tuple(pool_ids) if fin else team,
                    )
                )
            elif r < 0.19:
                lo, hi = date(2027, 4, 1), date(2027, 5, 31)
                urgent = rnd.random() < 0.1
                jobs.append(
                    Job(
                        id=f"s{s.id}",
                        kind=SPECIAL,
                        school=s.id,
                        team_size=3,
                        needs_leader=True,
                        skills=frozenset({"safety"}),
                        earliest=lo,
                        latest=hi,
                        urgent=urgent,
                        required=rnd.random() < 0.7,
                        inspectors=team + tuple(pool_ids),
                    )
                )
            elif r < 0.24:
                m = rnd.choice((3, 4, 5, 6))
                lo, hi = month_window(2027, m)
                jobs.append(
                    Job(
                        id=f"v{s.id}",
                        kind=REVISIT,
                        school=s.id,
                        earliest=lo,
                        latest=hi,
                        month=(2027, m),
                        required=False,
                        inspectors=team,
                    )
                )
    return PlanProblem(calendar=cal, schools=schools, inspectors=inspectors, jobs=jobs)


def row(name, a, b):
    print(f"| {name} | {a} | {b} |")


def report(problem, sol, base):
    ms, mb = measure(problem, sol), measure(problem, base)
    print("| | CP-SAT | greedy |\n|---|---:|---:|")
    row("status", sol.status, base.status)
    row("seconds", f"{sol.seconds:.1f}", f"{base.seconds:.2f}")
    row(
        "objective / bound / gap",
        f"{sol.objective:.0f} / {sol.bound:.0f} / {sol.gap:.2%}" if sol.gap is not None else "-",
        "-",
    )
    row("checker violations", len(violations(problem, sol)), len(violations(problem, base)))
    row(
        "required jobs placed",
        f"{ms['required_placed']}/{ms['required']}",
        f"{mb['required_placed']}/{mb['required']}",
    )
    row(
        "schools meeting floors",
        f"{ms['schools_meeting_floors']}/{ms['schools_with_floors']}",
        f"{mb['schools_meeting_floors']}/{mb['schools_with_floors']}",
    )
    row(
        "targets placed", f"{ms['targets_placed']}/{ms['targets']}", f"{mb['targets_placed']}/{mb['targets']}"
    )
    for k in (
        "trips",
        "travel_km",
        "off_month",
        "max_visit_days",
        "workload_spread",
        "workload_std",
        "moved",
    ):
        row(k, ms[k], mb[k])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=SIZES, default="county")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--time", type=float, default=None, help="time limit (default 10 s county, 60 s city)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--replan", action="store_true")
    args = parser.parse_args()
    limit = args.time or (10.0 if args.size == "county" else 60.0)
    t0 = time.perf_counter()
    problem = generate(args.size, args.seed)
    print(
        f"{args.size}: {len(problem.schools)} schools, {len(problem.inspectors)} inspectors, "
        f"{len(problem.calendar.days)} school days, {len(problem.jobs)} jobs "
        f"({sum(j.required for j in problem.jobs)} required); generated in {time.perf_counter() - t0:.1f} s; "
        f"time limit {limit:.0f} s, {args.workers} workers\n"
    )
    cpu = time.process_time()
    base = greedy.plan(problem)
    sol = engine.solve(problem, time_limit=limit, workers=args.workers)
    print(
        f"CPU time (all threads) for greedy + solver: {time.process_time() - cpu:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    report(problem, sol, base)
    for c in sol.conflicts[:5]:
        print("conflict:", c.message)
    if args.replan and sol.assignments:
        gone = problem.inspectors[len(problem.inspectors) // 2]
        heir = next(
            i for i in problem.inspectors if i.zone == gone.zone and i.id != gone.id and not i.month_days
        )
        problem.inspectors = [i for i in problem.inspectors if i.id != gone.id]
        problem.schools = [
            s if gone.id not in s.posted else School(**{**s.__dict__, "posted": (heir.id,)})
            for s in problem.schools
        ]
        problem.jobs = [
            j
            if gone.id not in j.inspectors
            else Job(
                **{**j.__dict__, "inspectors": tuple(heir.id if i == gone.id else i for i in j.inspectors)}
            )
            for j in problem.jobs
        ]
        problem.previous = sol.assignments
        theirs = sum(gone.id in a.inspectors for a in sol.assignments)
        print(
            f"\nre-plan without {gone.name} ({theirs} of {len(sol.assignments)} assignments were theirs):\n"
        )
        base2 = greedy.plan(problem)
        sol2 = engine.solve(problem, time_limit=limit, workers=args.workers)
        report(problem, sol2, base2)


if __name__ == "__main__":
    main()
