"""The planner's engine, greedy baseline, independent checker and explanations (issue 19).

Plain data, no database: small problems, small time limits.
"""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from dudao.planner import engine, explain, greedy
from dudao.planner.check import violations
from dudao.planner.metrics import measure
from dudao.planner.problem import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    REGULAR,
    REVISIT,
    SPECIAL,
    TENURE_END,
    Assignment,
    Calendar,
    Inspector,
    Job,
    Plan,
    PlanProblem,
    School,
    Weights,
)

MARCH = tuple(
    date(2027, 3, 1) + timedelta(days=k)
    for k in range(26)
    if (date(2027, 3, 1) + timedelta(days=k)).weekday() < 5
)
MID = date(2027, 3, 12)


def person(i, zone=1, days=MARCH, **kw):
    return Inspector(
        id=i, name=f"督学{i}", available=frozenset(days), zone=zone, home=(106.5 + i / 100, 29.5), **kw
    )


def school(s, zone=1, posted=(), **kw):
    return School(id=s, name=f"学校{s}", zone=zone, posted=posted, location=(106.5 + s / 50, 29.6), **kw)


def regular(s, inspector, k, lo=None, hi=None, **kw):
    return Job(id=f"r{s}-{k}", kind=REGULAR, school=s, inspectors=(inspector,), earliest=lo, latest=hi, **kw)


def random_problem(seed, zones=2, per_zone=4, people=4):
    """A seeded small semester: zones, posted inspectors, an exam day, a part-timer, a recusal,
    blocked dates, caps, an exempt school, regular visits in two halves and teams of three."""
    rnd = random.Random(seed)
    exam = frozenset({date(2027, 3, 17)})
    schools, inspectors, jobs = [], [], []
    for z in range(1, zones + 1):
        ids = [z * 10 + k for k in range(people)]
        for n, i in enumerate(ids):
            avail = set(MARCH) - set(rnd.sample(MARCH, 2))
            limits = {(2027, 3): 8} if n == people - 1 else {}
            inspectors.append(
                person(
                    i,
                    zone=z,
                    days=avail,
                    month_days=limits,
                    can_lead=n < 2,
                    skills=frozenset({"safety"}) if n % 2 == 0 else frozenset(),
                )
            )
        for k in range(per_zone):
            s = z * 100 + k
            posted = ids[k % (people - 1)]
            blocked = frozenset(rnd.sample(MARCH, 2)) if rnd.random() < 0.5 else frozenset()
            schools.append(
                school(
                    s,
                    zone=z,
                    posted=(posted,),
                    blocked=blocked,
                    visit_cap=3,
                    exempt=(k == per_zone - 1 and z == 1),
                )
            )
            jobs.append(regular(s, posted, 1, MARCH[0], MID, month=(2027, 3)))
            jobs.append(regular(s, posted, 2, MID + timedelta(days=1), MARCH[-1]))
            if k % 2 == 0:
                jobs.append(
                    Job(
                        id=f"t{s}",
                        kind=TENURE_END,
                        school=s,
                        team_size=3,
                        needs_leader=True,
                        skills=frozenset({"safety"}),
                        inspectors=tuple(ids),
                    )
                )
            elif rnd.random() < 0.7:
                jobs.append(Job(id=f"v{s}", kind=REVISIT, school=s, required=False, inspectors=tuple(ids)))
        # a recusal from a school not their own
        rec = next(p for p in inspectors if p.id == ids[0])
        inspectors[inspectors.index(rec)] = replace(rec, recused=frozenset({z * 100 + 1}))
    return PlanProblem(
        calendar=Calendar(days=MARCH, exam_days=exam), schools=schools, inspectors=inspectors, jobs=jobs
    )


@pytest.mark.parametrize("seed", range(5))
def test_solver_and_greedy_plans_pass_the_independent_checker(seed):
    problem = random_problem(seed)
    plan = engine.solve(problem, time_limit=1)
    assert plan.status in (OPTIMAL, FEASIBLE), plan.conflicts
    assert plan.solver == "cp-sat" and plan.gap is not None and plan.gap >= 0
    assert violations(problem, plan) == []
    assert all(j.id in {a.job for a in plan.assignments} for j in problem.jobs if j.required)
    base = greedy.plan(problem)
    assert base.solver == "greedy"
    if base.status == FEASIBLE:
        assert violations(problem, base) == []
    # the exempt school got no optional work
    exempt = {s.id for s in problem.schools if s.exempt}
    jobs = {j.id: j for j in problem.jobs}
    assert not [
        a
        for a in plan.assignments
        if jobs[a.job].school in exempt and jobs[a.job].kind != REGULAR and not jobs[a.job].required
    ]


def crafted():
    """Two schools, four inspectors: a valid plan to break in every way."""
    days = MARCH[:5]
    people = [
        person(1, days=days, can_lead=True, skills=frozenset({"finance"})),
        person(2, days=days),
        person(3, days=days[:3], month_days={(2027, 3): 1}),
        person(4, days=days, recused=frozenset({2})),
    ]
    schools = [school(1, posted=(1,), visit_cap=1), school(2, posted=(2,), blocked=frozenset({days[4]}))]
    jobs = [
        regular(1, 1, 1, days[0], days[2]),
        regular(2, 2, 1),
        Job(
            id="t1",
            kind=TENURE_END,
            school=1,
            team_size=3,
            needs_leader=True,
            skills=frozenset({"finance"}),
            inspectors=(1, 2, 3, 4),
        ),
        Job(id="s2", kind=SPECIAL, school=2, required=False, inspectors=(2, 3, 4)),
    ]
    problem = PlanProblem(
        calendar=Calendar(days=days, exam_days=frozenset({days[3]})),
        schools=schools,
        inspectors=people,
        jobs=jobs,
    )
    good = [
        Assignment("r1-1", days[0], (1,)),
        Assignment("t1", days[0], (1, 2, 3), leader=1),
        Assignment("r2-1", days[1], (2,)),
    ]
    return problem, good


def kinds(problem, assignments):
    return {v[1 : v.index("]")] for v in violations(problem, Plan(FEASIBLE, assignments=assignments))}


def test_checker_finds_each_kind_of_violation():
    problem, good = crafted()
    d = problem.calendar.days
    assert kinds(problem, good) == set()
    r1, t1, r2 = good
    broken = {
        "unknown": [*good, Assignment("nope", d[0], (1,))],
        "duplicate": [*good, r2],
        "required": [r1, t1],
        "calendar": [r1, t1, replace(r2, day=date(2027, 3, 6))],
        "window": [replace(r1, day=d[3]), replace(t1, day=d[3]), r2],
        "exam": [r1, t1, replace(r2, day=d[3])],
        "blocked": [r1, t1, replace(r2, day=d[4])],
        "team": [r1, replace(t1, inspectors=(1, 2)), r2],
        "restricted": [replace(r1, inspectors=(2,)), t1, replace(r2, day=d[0])],
        "unavailable": [r1, t1, replace(r2, day=d[2]), Assignment("s2", d[4], (2, 3, 4))],
        "recused": [r1, t1, r2, Assignment("s2", d[1], (2, 3, 4))],
        "leader": [r1, replace(t1, leader=2), r2],
        "skill": [
            replace(r1, day=d[1]),
            replace(t1, day=d[1], inspectors=(2, 3, 4), leader=None),
            replace(r2, day=d[2]),
        ],
        "place": [r1, t1, replace(r2, day=d[0])],
        "month": [r1, t1, r2, Assignment("s2", d[1], (3,))],
    }
    for kind, plan in broken.items():
        assert kind in kinds(problem, plan), (kind, violations(problem, Plan(FEASIBLE, assignments=plan)))
    # the burden cap counts days of external work only: school 2 capped at none, the special job on it
    capped = replace(problem, schools=[problem.schools[0], replace(problem.schools[1], visit_cap=0)])
    assert "cap" not in kinds(capped, good)  # its posted inspector's regular visit is not external
    assert "cap" in kinds(capped, [*good, Assignment("s2", d[1], (3,))])
    exempt = replace(problem, schools=[problem.schools[0], replace(problem.schools[1], exempt=True)])
    assert "exempt" in kinds(exempt, [*good, Assignment("s2", d[1], (2, 3))])
    locked = replace(problem, locked=[Assignment("r2-1", d[2], (2,))])
    assert "locked" in kinds(locked, good)


def test_crafted_problem_is_solved_with_merged_trips_and_the_cap():
    problem, _ = crafted()
    plan = engine.solve(problem, time_limit=1)
    assert plan.status == OPTIMAL and violations(problem, plan) == []
    by = {a.job: a for a in plan.assignments}
    assert by["r1-1"].day == by["t1"].day  # inspector 1 is on both: one trip
    assert by["t1"].leader == 1 and 1 in by["t1"].inspectors  # the only leader and finance holder
    assert 4 not in by.get("s2", by["t1"]).inspectors or by["s2"].job != "s2"


def test_team_of_three_with_a_leader_and_a_skill():
    days = MARCH[:5]
    people = [
        person(i, days=days, can_lead=(i == 5), skills=frozenset({"safety"}) if i == 2 else frozenset())
        for i in range(1, 7)
    ]
    job = Job(id="t", kind=TENURE_END, school=1, team_size=3, needs_leader=True, skills=frozenset({"safety"}))
    problem = PlanProblem(calendar=Calendar(days=days), schools=[school(1)], inspectors=people, jobs=[job])
    plan = engine.solve(problem, time_limit=1)
    (a,) = plan.assignments
    assert len(a.inspectors) == 3 and a.leader == 5 and {2, 5} <= set(a.inspectors)
    assert violations(problem, plan) == []


def test_recused_inspector_is_never_sent():
    days = MARCH[:3]
    people = [person(i, days=days, can_lead=True) for i in (1, 2, 3, 4)]
    people[0] = replace(people[0], recused=frozenset({1}))
    job = Job(id="t", kind=TENURE_END, school=1, team_size=3, needs_leader=True)
    problem = PlanProblem(calendar=Calendar(days=days), schools=[school(1)], inspectors=people, jobs=[job])
    for plan in (engine.solve(problem, time_limit=1), greedy.plan(problem)):
        assert plan.assignments[0].inspectors == (2, 3, 4)
        assert violations(problem, plan) == []


def test_exam_days_only_for_urgent_work():
    days = MARCH[:4]
    exam = frozenset(days[:3])
    people = [person(1, days=days), person(2, days=days)]
    jobs = [
        Job(id="plain", kind=SPECIAL, school=1, inspectors=(1,)),
        Job(id="urgent", kind=SPECIAL, school=2, inspectors=(2,), urgent=True, latest=days[1]),
    ]
    problem = PlanProblem(
        calendar=Calendar(days=days, exam_days=exam),
        schools=[school(1), school(2)],
        inspectors=people,
        jobs=jobs,
    )
    plan = engine.solve(problem, time_limit=1)
    by = {a.job: a.day for a in plan.assignments}
    assert by["plain"] == days[3] and by["urgent"] in exam
    assert violations(problem, plan) == []
    # only exam days in its window and not urgent: explained, not "no solution"
    stuck = replace(problem, jobs=[replace(jobs[0], latest=days[2])])
    plan = engine.solve(stuck, time_limit=1)
    assert plan.status == INFEASIBLE
    assert "学校1" in plan.conflicts[0].message and "考试周" in plan.conflicts[0].message


def test_burden_cap_merges_visits_onto_one_day():
    days = MARCH[:10]
    people = [person(i, days=days, can_lead=True) for i in (1, 2, 3)]
    jobs = [
        regular(1, 1, 1, days[0], days[4]),
        regular(1, 1, 2, days[5], days[9]),
        Job(id="s", kind=SPECIAL, school=1, team_size=3, needs_leader=True, inspectors=(1, 2, 3)),
    ]
    problem = PlanProblem(
        calendar=Calendar(days=days),
        schools=[school(1, posted=(1,), visit_cap=2)],
        inspectors=people,
        jobs=jobs,
    )
    plan = engine.solve(problem, time_limit=1)
    assert plan.status == OPTIMAL and violations(problem, plan) == []
    assert len({a.day for a in plan.assignments}) == 2
    # the cap counts external work only: cap 1 with two special supervisions in disjoint windows —
    # the pre-check names the school and the cap
    tight = replace(
        problem,
        schools=[school(1, posted=(1,), visit_cap=1)],
        jobs=[
            *jobs[:2],
            replace(jobs[2], id="s1", latest=days[4]),
            replace(jobs[2], id="s2", earliest=days[5]),
        ],
    )
    plan = engine.solve(tight, time_limit=1)
    assert (
        plan.status == INFEASIBLE
        and "学校1" in plan.conflicts[0].message
        and "负担上限1" in plan.conflicts[0].message
    )


def test_locked_assignments_are_kept_exactly():
    problem = random_problem(7)
    first = engine.solve(problem, time_limit=1)
    team = next(a for a in first.assignments if a.job.startswith("t"))
    # move the team job to another open day with the same members, and lock it there
    job = next(j for j in problem.jobs if j.id == team.job)
    sch = next(s for s in problem.schools if s.id == job.school)
    people = {i.id: i for i in problem.inspectors}
    day = next(
        d
        for d in reversed(problem.calendar.days)
        if d != team.day
        and d not in problem.calendar.exam_days
        and d not in sch.blocked
        and all(d in people[i].available for i in team.inspectors)
    )
    lock = replace(team, day=day, locked=True)
    again = engine.solve(replace(problem, locked=[lock]), time_limit=1)
    assert again.status in (OPTIMAL, FEASIBLE), again.conflicts
    got = next(a for a in again.assignments if a.job == lock.job)
    assert (got.day, got.inspectors) == (lock.day, lock.inspectors)
    assert violations(replace(problem, locked=[lock]), again) == []


def test_replan_moves_only_the_leaving_inspectors_work():
    problem = random_problem(3)
    first = engine.solve(problem, time_limit=1)
    assert violations(problem, first) == []
    # inspector 13 (on teams, posted nowhere) leaves
    gone = 13
    # (the first plan is only "feasible" under a 1 s limit: with the default stability weight a
    # re-plan may also fix its slack; a dominant weight keeps everything else where it was)
    later = replace(
        problem,
        inspectors=[i for i in problem.inspectors if i.id != gone],
        previous=first.assignments,
        weights=Weights(moved=10_000),
    )
    again = engine.solve(later, time_limit=1)
    assert again.status in (OPTIMAL, FEASIBLE) and violations(later, again) == []
    before = {a.job: (a.day, a.inspectors) for a in first.assignments}
    after = {a.job: (a.day, a.inspectors) for a in again.assignments}
    theirs = {j for j, (_d, team) in before.items() if gone in team}
    assert theirs and all(after[j] == before[j] for j in before if j not in theirs)
    assert measure(later, again)["moved"] == len(theirs)


def test_solver_merges_trips_that_greedy_does_not():
    days = MARCH[:6]
    # the posted inspector has the highest id: the greedy's "first available" team leaves them out
    people = [person(i, days=days, can_lead=True) for i in (1, 2, 3, 9)]
    jobs = [
        Job(
            id="s",
            kind=SPECIAL,
            school=1,
            team_size=3,
            needs_leader=True,
            inspectors=(1, 2, 3, 9),
            earliest=days[2],
            latest=days[3],
        ),
        regular(1, 9, 1),
    ]
    problem = PlanProblem(
        calendar=Calendar(days=days), schools=[school(1, posted=(9,))], inspectors=people, jobs=jobs
    )
    plan, base = engine.solve(problem, time_limit=1), greedy.plan(problem)
    assert violations(problem, plan) == [] and violations(problem, base) == []
    assert measure(problem, plan)["trips"] == 3 < measure(problem, base)["trips"] == 4


def test_infeasible_zone_month_is_explained_with_the_zone_and_month():
    days = MARCH[:10]
    people = [person(i, zone=3, days=days[:3]) for i in (1, 2)]
    jobs = [Job(id=f"v{s}", kind=REVISIT, school=s, inspectors=(1, 2)) for s in range(1, 8)]
    problem = PlanProblem(
        calendar=Calendar(days=days),
        schools=[school(s, zone=3) for s in range(1, 8)],
        inspectors=people,
        jobs=jobs,
    )
    plan = engine.solve(problem, time_limit=1)
    assert plan.status == INFEASIBLE and not plan.assignments
    msg = " ".join(c.message for c in plan.conflicts)
    assert "第3责任区的督学在3月缺少1个工作日" in msg


def test_infeasible_posted_inspector_recused_or_no_leader_or_skill():
    days = MARCH[:5]
    people = [person(1, days=days, recused=frozenset({1})), person(2, days=days)]
    problem = PlanProblem(
        calendar=Calendar(days=days),
        schools=[school(1, posted=(1,)), school(2)],
        inspectors=people,
        jobs=[
            regular(1, 1, 1),
            Job(id="t", kind=TENURE_END, school=2, team_size=2, needs_leader=True),
            Job(id="f", kind=SPECIAL, school=2, skills=frozenset({"finance"})),
        ],
    )
    conflicts = engine.solve(problem, time_limit=1).conflicts
    text = "\n".join(c.message for c in conflicts)
    assert "学校1的常规督导（r1-1）需要1名督学，只有督学1可做，督学1须回避" in text
    assert "没有人可担任组长" in text and "「finance」" in text
    away = replace(problem, jobs=[regular(2, 2, 1, days[3], days[4])], inspectors=[person(2, days=days[:3])])
    (conflict,) = engine.solve(away, time_limit=1).conflicts
    assert (
        conflict.message
        == "学校2的常规督导（r2-1）的可安排日期（2027-03-04至2027-03-05）内，督学2在这些日期都不可安排"
    )
    assert conflicts[0].schools == [1]


def test_infeasible_beyond_the_prechecks_names_the_colliding_constraints():
    # Two special supervisions, each by an inspector free on a different day; the school may host
    # one day of external work (its posted inspector's regular visits would not count).
    days = MARCH[:2]
    people = [person(1, days=days[:1]), person(2, days=days[1:])]
    jobs = [Job(id="a", kind=SPECIAL, school=1, inspectors=(1,)), Job(id="b", kind=SPECIAL, school=1, inspectors=(2,))]
    problem = PlanProblem(
        calendar=Calendar(days=days),
        schools=[school(1, posted=(1, 2), visit_cap=1)],
        inspectors=people,
        jobs=jobs,
    )
    assert explain.precheck(problem) == []
    plan = engine.solve(problem, time_limit=1)
    assert plan.status == INFEASIBLE
    (conflict,) = plan.conflicts
    assert "学校1本学期至多1个外部督导日" in conflict.message and conflict.schools == [1]


def test_metrics_side_by_side():
    problem = random_problem(1)
    m = measure(problem, engine.solve(problem, time_limit=1))
    assert m["required_placed"] == m["required"]
    assert m["schools_meeting_floors"] == m["schools_with_floors"]
    assert m["trips"] > 0 and m["travel_km"] > 0 and m["workload_spread"] >= 0
