"""The planner's engine (issue 19): OR-Tools CP-SAT over a ``PlanProblem`` → a ``Plan``.

Model (docs/planner-engine.md):

- ``x[j,d]`` — job j on day d, only for the job's *open* days (window, school days, no exam day
  unless urgent, not the school's blocked dates, enough candidates available).
- ``y[j,i]`` — inspector i on job j's team, only for jobs that choose (a team of three among the
  zone's inspectors). A job whose candidates are exactly its team (a regular visit by the
  school's posted inspector) has no ``y``: its team is fixed.
- ``t[i,d,s]`` — a *trip*: inspector i at school s on day d. ``x ∧ y → t``; at most one trip per
  inspector and day (one place per day); several jobs at one school on one day share the trip
  (a merged visit, D2). Month limits count trips. A redundant cut ``Σ_i t[i,d,s] ≥ team·x[j,d]``
  tightens the LP bound on trips and travel.
- ``v[s,d]`` — school s has a visit day d (= OR of its jobs' ``x``); Σ_d v ≤ visit_cap.

The problem is decomposed into independent parts (connected components of jobs, schools and
inspectors). When a component is still large (a city's cross-zone pool links every zone), jobs
are bound to their school's zone, and the pool inspectors (zone None) have their days dealt out
among the zones they serve — a restriction, so each part's bound is a bound of the decomposed
problem. Parts are solved one after the other, each with a share of the time limit, each hinted
with the greedy plan; the reported objective, bound and gap are the sums over parts.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date

from ortools.sat.python import cp_model

from dudao.planner import greedy
from dudao.planner.greedy import candidates, excluded, open_days, ym
from dudao.planner.problem import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    REGULAR,
    UNKNOWN,
    Assignment,
    Inspector,
    Job,
    Plan,
    PlanProblem,
)

# A component with more jobs than this is split by zone (measured: a county's 1,500 jobs solve whole).
MAX_PART_JOBS = 2500


def km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Great-circle distance in km between two (lon, lat) points; 0 when one is unknown."""
    if a is None or b is None:
        return 0.0
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def homes(problem: PlanProblem) -> dict[int, tuple[float, float] | None]:
    """Each inspector's starting point: home, else the centre of their zone's schools."""
    centre: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for s in problem.schools:
        if s.zone is not None and s.location:
            centre[s.zone].append(s.location)
    out = {}
    for i in problem.inspectors:
        pts = centre.get(i.zone) if i.zone is not None else None
        out[i.id] = i.home or (
            (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) if pts else None
        )
    return out


@dataclass
class Part:
    """One independent subproblem: its jobs, their candidates, and the inspectors' days in it."""

    jobs: list[Job] = field(default_factory=list)
    cands: dict[str, list[int]] = field(default_factory=dict)
    days: dict[int, frozenset[date]] = field(default_factory=dict)  # inspector -> available days here
    limits: dict[int, dict[tuple[int, int], int]] = field(default_factory=dict)
    locked: list[Assignment] = field(default_factory=list)
    balance: set[int] = field(default_factory=set)  # inspectors whose workload is balanced


class _UF:
    def __init__(self):
        self.p: dict = {}

    def find(self, a):
        self.p.setdefault(a, a)
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[ra] = rb


def _viable(job: Job, cands: list[int], people: dict[int, Inspector]) -> bool:
    if len(cands) < job.team_size:
        return False
    if job.needs_leader and not any(people[i].can_lead for i in cands):
        return False
    return all(any(k in people[i].skills for i in cands) for k in job.skills)


def decompose(problem: PlanProblem, max_part_jobs: int = MAX_PART_JOBS) -> tuple[list[Part], list[str]]:
    """Split the problem into independent parts; also return the jobs left out up front (exempt
    schools' optional work, unknown schools)."""
    schools = {s.id: s for s in problem.schools}
    people = {i.id: i for i in problem.inspectors}
    locked = {a.job: a for a in problem.locked}
    left_out: list[str] = []
    jobs: list[Job] = []
    cands: dict[str, list[int]] = {}
    for job in problem.jobs:
        school = schools.get(job.school)
        if job.id not in locked and (school is None or excluded(job, school)):
            left_out.append(job.id)
            continue
        jobs.append(job)
        cands[job.id] = (
            list(locked[job.id].inspectors) if job.id in locked else candidates(problem, job, people)
        )

    def components(owner):  # owner(job, inspector) -> node of that inspector for that job
        uf = _UF()
        for job in jobs:
            uf.union(("j", job.id), ("s", job.school))
            for i in cands[job.id]:
                uf.union(("j", job.id), owner(job, i))
        groups: dict = defaultdict(list)
        for job in jobs:
            groups[uf.find(("j", job.id))].append(job)
        return list(groups.values())

    split: dict[int, dict[object, frozenset[date]]] = {}  # pool inspector -> zone -> days
    groups = components(lambda job, i: ("i", i))
    if max((len(g) for g in groups), default=0) > max_part_jobs:
        # Bind each job to its school's zone (keep other candidates only when the zone cannot staff it).
        for job in jobs:
            zone = schools[job.school].zone
            if job.id in locked or zone is None:
                continue
            mine = [i for i in cands[job.id] if people[i].zone in (zone, None)]
            if _viable(job, mine, people):
                cands[job.id] = mine
        serves: dict[int, set] = defaultdict(set)
        pinned: dict[int, dict[date, object]] = defaultdict(dict)
        for job in jobs:
            for i in cands[job.id]:
                if people[i].zone is None:
                    serves[i].add(schools[job.school].zone)
            if job.id in locked:
                for i in locked[job.id].inspectors:
                    if people[i].zone is None:
                        pinned[i][locked[job.id].day] = schools[job.school].zone
        for i, zones in serves.items():
            if len(zones) < 2:
                continue
            order = sorted(zones, key=lambda z: (z is None, z))
            deal: dict[object, set[date]] = {z: set() for z in order}
            free = [d for d in sorted(people[i].available) if d not in pinned[i]]
            for k, d in enumerate(free):
                deal[order[k % len(order)]].add(d)
            for d, z in pinned[i].items():
                deal.setdefault(z, set()).add(d)
            split[i] = {z: frozenset(ds) for z, ds in deal.items()}
        groups = components(lambda job, i: ("i", i, schools[job.school].zone) if i in split else ("i", i))

    parts = []
    for group in groups:
        part = Part(jobs=group)
        for job in group:
            zone = schools[job.school].zone
            part.cands[job.id] = cands[job.id]
            for i in cands[job.id]:
                if i in split:
                    share = split[i].get(zone, frozenset())
                    part.days[i] = share
                    n = max(1, len(split[i]))
                    part.limits[i] = {m: v // n for m, v in people[i].month_days.items()}
                else:
                    part.days[i] = people[i].available
                    part.limits[i] = people[i].month_days
                    if people[i].zone is not None and not people[i].month_days:
                        part.balance.add(i)
            if job.id in locked:
                part.locked.append(locked[job.id])
        parts.append(part)
    return parts, left_out


def subproblem(problem: PlanProblem, part: Part) -> PlanProblem:
    """The part as a problem of its own: its jobs (candidates as their restriction), its schools, its
    inspectors with their days in this part. The greedy plans it for the hint (and as the fallback
    when the solver finds nothing in time), consistently with the other parts."""
    people = {i.id: i for i in problem.inspectors}
    ids = {j.school for j in part.jobs}
    jobs = {j.id for j in part.jobs}
    return PlanProblem(
        calendar=problem.calendar,
        schools=[s for s in problem.schools if s.id in ids],
        inspectors=[
            replace(people[i], available=part.days[i], month_days=part.limits[i]) for i in sorted(part.days)
        ],
        jobs=[replace(j, inspectors=tuple(part.cands[j.id])) for j in part.jobs],
        previous=[a for a in problem.previous if a.job in jobs],
        locked=list(part.locked),
        weights=problem.weights,
    )


def context(problem: PlanProblem) -> dict:
    """Lookups every part's model needs, built once per problem."""
    return {
        "schools": {s.id: s for s in problem.schools},
        "people": {i.id: i for i in problem.inspectors},
        "start": homes(problem),
    }


class Model:
    """The CP-SAT model of one part. With ``explain=True`` each constraint group is enforced by an
    assumption literal (``self.groups``: literal index -> (kind, key)) and there is no objective."""

    def __init__(self, problem: PlanProblem, part: Part, explain: bool = False, ctx: dict | None = None):
        self.problem, self.part, self.explain = problem, part, explain
        self.m = m = cp_model.CpModel()
        self.groups: dict[int, tuple[str, object]] = {}
        self.assumptions: list = []
        w = problem.weights
        ctx = ctx or context(problem)
        schools, people, start = ctx["schools"], ctx["people"], ctx["start"]
        locked = {a.job: a for a in part.locked}
        self.x: dict[str, dict[date, cp_model.IntVar]] = {}
        self.z: dict[str, dict[tuple[date, int], cp_model.IntVar]] = {}
        self.fixed: dict[str, list[int]] = {}
        self.t: dict[tuple[int, date, int], cp_model.IntVar] = {}
        self.constants: set[int] = set()
        self.placed_expr: dict[str, object] = {}
        self.defs: list[tuple[str, object, object]] = []  # derived variables, for a complete hint
        self.placed: dict[str, object] = {}
        v_terms: dict[tuple[int, date], list] = defaultdict(list)
        cap_terms: dict[tuple[int, date], list] = defaultdict(list)  # external work only (not REGULAR)
        cost: list = []
        const = 0

        def lit(kind, key):
            if not explain:
                return None
            b = m.new_bool_var(f"{kind}:{key}")
            self.groups[b.index] = (kind, key)
            self.assumptions.append(b)
            return b

        def enforce(ct, b):
            if b is not None:
                ct.only_enforce_if(b)

        # Who may make each trip: (i, d, s) -> fixed jobs' x literals, team jobs' (x, y) pairs.
        by_fixed: dict[tuple[int, date, int], list] = defaultdict(list)
        by_team: dict[tuple[int, date, int], list] = defaultdict(list)
        forced: set[tuple[int, date, int]] = set()
        Sum = cp_model.LinearExpr.sum

        for job in part.jobs:
            s = job.school
            cands = part.cands[job.id]
            if job.id in locked:
                a = locked[job.id]
                one = m.new_constant(1)
                self.constants.add(one.index)
                self.x[job.id] = {a.day: one}
                self.fixed[job.id] = list(a.inspectors)
                self.placed[job.id] = one
                forced.update((i, a.day, s) for i in a.inspectors)
                v_terms[(s, a.day)].append(one)
                if job.kind != REGULAR:
                    cap_terms[(s, a.day)].append(one)
                continue
            school = schools[s]
            avail = {i: part.days.get(i, frozenset()) for i in cands}
            fixed = len(cands) == job.team_size
            days = []
            for d in open_days(problem, job, school):
                ok = sum(d in avail[i] for i in cands)
                if (fixed and ok == len(cands)) or (not fixed and ok >= job.team_size):
                    days.append(d)
            if fixed and not _viable(job, cands, people):
                days = []
            xs = {d: m.new_bool_var("") for d in days}
            self.x[job.id] = xs
            placed = Sum(list(xs.values()))
            self.placed_expr[job.id] = placed
            if job.required:
                enforce(m.add(placed == 1), lit("place", job.id))
                self.placed[job.id] = 1
            else:
                m.add(placed <= 1)
                self.placed[job.id] = placed
                const += w.target_unplaced
                cost.append(-w.target_unplaced * placed)
            if job.month is not None:
                cost += [w.off_month * xv for d, xv in xs.items() if ym(d) != job.month]
            for d, xv in xs.items():
                v_terms[(s, d)].append(xv)
                if job.kind != REGULAR:
                    cap_terms[(s, d)].append(xv)
            if fixed:
                self.fixed[job.id] = cands
                for d, xv in xs.items():
                    for i in cands:
                        by_fixed[(i, d, s)].append(xv)
            else:
                # z[d, i]: inspector i on the team on day d. Σ_i z = team·x per day, z → trip:
                # the LP then counts a team's trips exactly (a job-level team choice did not).
                zs: dict[tuple[date, int], cp_model.IntVar] = {}
                lead = lit("leader", job.id)
                skill_lits = {k: lit("skill", (job.id, k)) for k in sorted(job.skills)}
                for d, xv in xs.items():
                    here = [i for i in cands if d in avail[i]]
                    zd = {i: m.new_bool_var("") for i in here}
                    for i, zv in zd.items():
                        zs[(d, i)] = zv
                        by_team[(i, d, s)].append(zv)
                    m.add(Sum(list(zd.values())) == job.team_size * xv)
                    if job.needs_leader:
                        enforce(m.add(Sum([zv for i, zv in zd.items() if people[i].can_lead]) >= xv), lead)
                    for k, kl in skill_lits.items():
                        enforce(m.add(Sum([zv for i, zv in zd.items() if k in people[i].skills]) >= xv), kl)
                self.z[job.id] = zs

        # Trips: a job's literal alone on its (inspector, day, school) is the trip itself; a shared
        # trip (a merged visit) is its own literal, at least each of its jobs'.
        for key in set(by_fixed) | set(by_team) | forced:
            lits = list(by_fixed.get(key, ())) + list(by_team.get(key, ()))
            if len(lits) == 1 and key not in forced:
                self.t[key] = lits[0]
                continue
            tv = self.t[key] = m.new_bool_var("")
            if key in forced:
                m.add(tv == 1)
            for lv in lits:
                m.add_implication(lv, tv)
        # Rows the LP relaxation sees (CP-SAT keeps two-literal implications out of it): each fixed
        # member visits the school once in the job's window; a team's day has its team there.
        for job in part.jobs:
            if job.id in locked:
                continue
            xs = self.x[job.id]
            if job.id in self.fixed:
                for i in self.fixed[job.id]:
                    m.add(Sum([self.t[(i, d, job.school)] for d in xs]) >= self.placed_expr[job.id])
            else:
                by_d: dict[date, list] = defaultdict(list)
                for d, i in self.z[job.id]:
                    by_d[d].append(self.t[(i, d, job.school)])
                for d, ts in by_d.items():
                    m.add(Sum(ts) >= job.team_size * xs[d])

        dist: dict[tuple[int, int], int] = {}

        def price(i, s):
            if (i, s) not in dist:
                dist[(i, s)] = w.trip + round(w.travel * km(start.get(i), schools[s].location))
            return dist[(i, s)]

        # Previous plan: stability.
        for a in problem.previous:
            job_x = self.x.get(a.job)
            if job_x is None or a.job in locked:
                continue
            moved = m.new_bool_var("")
            cost.append(w.moved * moved)
            keep = [job_x[a.day]] if a.day in job_x else None
            if keep and a.job in self.fixed and sorted(self.fixed[a.job]) != sorted(a.inspectors):
                keep = None
            elif keep and a.job not in self.fixed:
                for i in a.inspectors:
                    if (a.day, i) not in self.z[a.job]:
                        keep = None
                        break
                    keep.append(self.z[a.job][(a.day, i)])
            if keep is None:
                m.add(moved == 1)
            else:
                for kv in keep:
                    m.add_bool_or([kv, moved])
            self.defs.append(("moved", moved, keep))

        # Trips: one place per inspector and day; month limits; cost per trip and km.
        by_day: dict[tuple[int, date], list] = defaultdict(list)
        by_month: dict[tuple[int, tuple[int, int]], list] = defaultdict(list)
        load: dict[int, list] = defaultdict(list)
        for (i, d, s), tv in self.t.items():
            by_day[(i, d)].append(tv)
            by_month[(i, ym(d))].append(tv)
            load[i].append(tv)
            cost.append(price(i, s) * tv)
        one_place = {}
        for (i, _d), ts in by_day.items():
            if len(ts) > 1:
                if i not in one_place:
                    one_place[i] = lit("place_day", i)
                enforce(m.add_at_most_one(ts), one_place[i])
        for (i, mo), ts in by_month.items():
            limit = part.limits.get(i, {}).get(mo)
            if limit is not None and len(ts) > limit:
                enforce(m.add(Sum(ts) <= limit), lit("month", (i, mo)))

        # Visit days per school: burden cap and spread over the months.
        months = sorted({ym(d) for d in problem.calendar.days})
        per_school: dict[int, dict[date, list]] = defaultdict(dict)
        for (s, d), xs in v_terms.items():
            per_school[s][d] = xs
        njobs = defaultdict(int)
        for job in part.jobs:
            njobs[job.school] += 1
        per_school_cap: dict[int, dict[date, list]] = defaultdict(dict)
        for (s, d), xs in cap_terms.items():
            per_school_cap[s][d] = xs

        def day_vars(days):
            vs = {}
            for d, xs in days.items():
                if len(xs) == 1:
                    vs[d] = xs[0]
                else:
                    vv = m.new_bool_var("")
                    m.add_max_equality(vv, xs)
                    self.defs.append(("max", vv, xs))
                    vs[d] = vv
            return vs

        for s, days in per_school_cap.items():
            cap = schools[s].visit_cap
            if cap is not None and len(days) > cap:
                enforce(m.add(Sum(list(day_vars(days).values())) <= cap), lit("cap", s))
        for s, days in per_school.items():
            spread = njobs[s] >= 2 and w.spread and not explain
            if not spread:
                continue
            vs = day_vars(days)
            if spread and len(months) > 1:
                share = math.ceil(njobs[s] / len(months))
                for mo in months:
                    inm = [vv for d, vv in vs.items() if ym(d) == mo]
                    if len(inm) > share:
                        e = m.new_int_var(0, len(inm), "")
                        m.add(e >= Sum(inm) - share)
                        self.defs.append(("excess", e, (inm, share)))
                        cost.append(w.spread * e)

        # Workload balance: busiest minus idlest full-time inspector of the part.
        bal = [i for i in part.balance if load.get(i)]
        if w.workload and len(bal) >= 2 and not explain:
            n = len(problem.calendar.days)
            loads = []
            for i in sorted(part.balance):
                lv = m.new_int_var(0, n, "")
                m.add(lv == Sum(load.get(i, [])))
                self.defs.append(("sum", lv, load.get(i, [])))
                loads.append(lv)
            hi, lo = m.new_int_var(0, n, ""), m.new_int_var(0, n, "")
            m.add_max_equality(hi, loads)
            m.add_min_equality(lo, loads)
            self.defs += [("max", hi, loads), ("min", lo, loads)]
            cost.append(w.workload * (hi - lo))

        self.const = const
        self.price = price
        if not explain:
            m.minimize(Sum(cost) + const)

    def hint(self, plan: Plan):
        by_job = {a.job: a for a in plan.assignments}
        trips = {(i, a.day, self._school(a.job)) for a in plan.assignments for i in a.inspectors}
        done: set[int] = set()

        def put(var, value):
            if var.index not in done and var.index not in self.constants:
                done.add(var.index)
                self.m.add_hint(var, value)

        for j, xs in self.x.items():
            a = by_job.get(j)
            for d, xv in xs.items():
                put(xv, int(a is not None and a.day == d))
            for (d, i), zv in self.z.get(j, {}).items():
                put(zv, int(a is not None and a.day == d and i in a.inspectors))
        for key, tv in self.t.items():
            put(tv, int(key in trips))
        value = {
            i: v
            for i, v in zip(self.m.proto.solution_hint.vars, self.m.proto.solution_hint.values, strict=True)
        }
        for c in self.constants:
            value[c] = 1

        def val(var):
            return value.get(var.index, 0)

        for kind, var, data in self.defs:
            if kind == "moved":
                v = int(data is None or any(not val(k) for k in data))
            elif kind == "max":
                v = max(val(k) for k in data)
            elif kind == "min":
                v = min(val(k) for k in data)
            elif kind == "sum":
                v = sum(val(k) for k in data)
            else:
                inm, share = data
                v = max(0, sum(val(k) for k in inm) - share)
            value[var.index] = v
            put(var, v)

    def hint_objective(self) -> float:
        """The objective of the hinted plan (the part's greedy plan)."""
        hint = self.m.proto.solution_hint
        value = dict(zip(hint.vars, hint.values, strict=True))
        for c in self.constants:
            value[c] = 1
        obj = self.m.proto.objective
        total = sum(c * value.get(v, 0) for v, c in zip(obj.vars, obj.coeffs, strict=True))
        return (total + obj.offset) * (obj.scaling_factor or 1)

    def lower_bound(self) -> float:
        """A bound from the structure, valid whatever the LP has done: each posted inspector's
        fixed visits need distinct days at their school (windows that cannot share a day), each
        team job with a window apart from its school's other team jobs needs its team there, less
        the posted members it may share a trip with; moves forced by a vanished day count."""
        lb = 0.0
        fixed_at: dict[tuple[int, int], list] = defaultdict(list)
        teams_at: dict[int, list] = defaultdict(list)
        locked = {a.job for a in self.part.locked}
        for job in self.part.jobs:
            xs = self.x[job.id]
            if job.id in locked or not xs:
                continue
            window = (min(xs), max(xs))
            if job.id in self.fixed:
                if job.required:
                    for i in self.fixed[job.id]:
                        fixed_at[(i, job.school)].append(window)
            else:
                teams_at[job.school].append((job, window))
        for (i, s), windows in fixed_at.items():
            n, last = 0, None
            for lo, hi in sorted(windows, key=lambda w: w[1]):
                if last is None or lo > last:
                    n, last = n + 1, hi
            lb += n * self.price(i, s)
        w = self.problem.weights
        posted: dict[int, set[int]] = defaultdict(set)
        for i, s in fixed_at:
            posted[s].add(i)
        for s, jobs in teams_at.items():
            last = None
            for job, (lo, hi) in sorted(jobs, key=lambda jw: jw[1][1]):
                if last is not None and lo <= last:
                    continue
                last = hi
                # its team's cheapest trips, but those the posted inspectors may share; an optional
                # job costs that or its penalty for being left out, whichever is less
                cands = self.part.cands[job.id]
                free = len(posted[s] & set(cands))
                prices = sorted(self.price(i, s) for i in cands if i not in posted[s])
                need = max(0, job.team_size - free)
                cost = (
                    sum(prices[:need]) if len(prices) >= need else need * min(self.price(i, s) for i in cands)
                )
                lb += cost if job.required else min(cost, w.target_unplaced)
        lb += w.moved * sum(1 for kind, _v, data in self.defs if kind == "moved" and data is None)
        return lb

    def _school(self, job_id):
        if not hasattr(self, "_schools"):
            self._schools = {j.id: j.school for j in self.part.jobs}
        return self._schools.get(job_id)

    def extract(self, solver: cp_model.CpSolver) -> tuple[list[Assignment], list[str]]:
        people = {i.id: i for i in self.problem.inspectors}
        locked = {a.job: a for a in self.part.locked}
        out, unplaced = [], []
        for job in self.part.jobs:
            if job.id in locked:
                out.append(locked[job.id])
                continue
            day = next((d for d, xv in self.x[job.id].items() if solver.Value(xv)), None)
            if day is None:
                unplaced.append(job.id)
                continue
            if job.id in self.fixed:
                team = sorted(self.fixed[job.id])
            else:
                team = sorted(i for (d, i), zv in self.z[job.id].items() if d == day and solver.Value(zv))
            out.append(Assignment(job.id, day, tuple(team), greedy.leader_of(job, team, people)))
        return out, unplaced


def solve(
    problem: PlanProblem,
    time_limit: float = 10.0,
    workers: int = 2,
    gap_limit: float = 0.002,
    presolve: bool = False,
) -> Plan:
    """Plan the semester. ``status`` is OPTIMAL, FEASIBLE (with the proven gap), INFEASIBLE (with
    ``conflicts`` explaining why, in Chinese) or UNKNOWN (no plan in time)."""
    from dudao.planner import explain

    started = time.perf_counter()
    pre = explain.precheck(problem)
    if pre:
        return Plan(INFEASIBLE, conflicts=pre, seconds=time.perf_counter() - started, solver="cp-sat")
    parts, left_out = decompose(problem)
    ctx = context(problem)
    sizes = [sum(1 + len(p.cands[j.id]) for j in p.jobs) for p in parts]
    order = sorted(zip(parts, sizes, strict=True), key=lambda ps: -ps[1])
    # Several parts: `workers` of them at once, one CP-SAT worker each (measured on a city zone:
    # one worker reached a 1.5 % gap on 1.7 CPU-s, two workers needed 2.8 CPU-s for 1.4 %), so
    # one part's model is built while another's search runs (the search releases the GIL).
    lanes = max(1, min(workers, len(parts)))
    state = {"remaining": sum(sizes), "stop": False}
    lock = threading.Lock()

    def run(part, size):
        base = greedy.plan(subproblem(problem, part))
        with lock:
            left = time_limit - (time.perf_counter() - started)
            share = left * lanes * size / max(1, state["remaining"])
            state["remaining"] -= size
            if state["stop"] or (left <= 0 and base.status != INFEASIBLE):
                return base, None, None, None
        model = Model(problem, part, ctx=ctx)
        model.hint(base)
        left = time_limit - (time.perf_counter() - started)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, min(left, share))
        solver.parameters.num_workers = workers if lanes == 1 else 1
        solver.parameters.relative_gap_limit = gap_limit
        # Presolve is the bottleneck on these models (measured on a county: 19 s of probing and
        # symmetry at default settings, 3 s with one light pass, and a weaker LP bound after it);
        # without it the hinted first solution comes at once and the LP bound is better.
        solver.parameters.cp_model_presolve = presolve
        status = solver.solve(model.m)
        if status == cp_model.INFEASIBLE:
            state["stop"] = True
        return base, model, solver, status

    if lanes == 1:
        outcomes = [run(part, size) for part, size in order]
    else:
        with ThreadPoolExecutor(lanes) as pool:
            outcomes = list(pool.map(lambda ps: run(*ps), order))

    assignments: list[Assignment] = []
    unplaced = list(left_out)
    objective = bound = 0.0
    statuses = []
    for (part, _size), outcome in zip(order, outcomes, strict=True):
        if outcome[3] == cp_model.INFEASIBLE:
            conflicts = explain.core(problem, part)
            return Plan(
                INFEASIBLE, conflicts=conflicts, seconds=time.perf_counter() - started, solver="cp-sat"
            )
    for base, model, solver, status in outcomes:
        if model is None:
            # Out of time: the part's greedy plan (valid, consistent with the other parts), no gap.
            statuses.append(FEASIBLE if base.status != INFEASIBLE else UNKNOWN)
            assignments += base.assignments
            unplaced += base.unplaced
            objective = None
            continue
        floor = model.lower_bound()
        hinted = model.hint_objective() if base.status != INFEASIBLE else None
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if not found or (hinted is not None and solver.objective_value > hinted):
            # Nothing better than the hint in time: the part's greedy plan, if it places the floors.
            statuses.append(UNKNOWN if hinted is None else FEASIBLE)
            assignments += base.assignments
            unplaced += base.unplaced
            if objective is not None and hinted is not None:
                objective += hinted
                bound += max(floor, solver.best_objective_bound) if found else floor
            else:
                objective = None
            continue
        statuses.append(OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE)
        got, missed = model.extract(solver)
        assignments += got
        unplaced += missed
        if objective is not None:
            objective += solver.objective_value
            bound += max(floor, solver.best_objective_bound)
    if objective is None:
        bound = None
    if UNKNOWN in statuses:
        status = UNKNOWN
    else:
        status = OPTIMAL if all(s == OPTIMAL for s in statuses) else FEASIBLE
    gap = None
    if objective is not None:
        gap = (
            0.0
            if status == OPTIMAL or objective <= bound
            else (objective - bound) / max(abs(objective), 1e-9)
        )
    return Plan(
        status=status,
        assignments=sorted(assignments, key=lambda a: (a.day, a.job)),
        unplaced=sorted(unplaced),
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=time.perf_counter() - started,
        solver="cp-sat",
    )
