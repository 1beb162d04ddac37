"""The planner's independent checker (issue 19): every hard constraint, read from the problem's
definitions in ``problem.py``, on any plan (the solver's, the greedy's, a reviewer's edits).

It never imports the engine (nor the greedy's helpers): a bug in the solver's model cannot hide
here. Each violation is one string that starts with its kind in brackets, e.g.
``"[recused] …"``, so tests and the UI can group them.
"""

from __future__ import annotations

from collections import defaultdict

from dudao.planner.problem import REGULAR, Plan, PlanProblem

KINDS = (
    "unknown",  # a job, school or inspector the problem does not have
    "duplicate",  # a job placed twice
    "required",  # a required job (legal floor) left out
    "calendar",  # not a school day of the semester
    "window",  # outside the job's earliest/latest
    "exam",  # on an exam day, the job not urgent
    "blocked",  # on one of the school's blocked dates
    "exempt",  # non-required, non-regular work at an exempt school
    "team",  # wrong team size or a member twice
    "restricted",  # a member outside job.inspectors (posted inspectors)
    "unavailable",  # a member not available that day
    "recused",  # a member recused from the school
    "leader",  # no leader with can_lead when needed
    "skill",  # a required skill nobody on the team has
    "place",  # an inspector at two schools on one day
    "month",  # an inspector over their days in a month
    "cap",  # a school over its visit cap (distinct visit days)
    "locked",  # a locked assignment not kept exactly
)


def violations(problem: PlanProblem, plan: Plan) -> list[str]:
    out: list[str] = []
    schools = {s.id: s for s in problem.schools}
    people = {i.id: i for i in problem.inspectors}
    jobs = {j.id: j for j in problem.jobs}
    school_days = set(problem.calendar.days)
    exam = problem.calendar.exam_days

    seen: dict[str, object] = {}
    where: dict[tuple[int, object], set[int]] = defaultdict(set)  # (inspector, day) -> schools
    visits: dict[int, set] = defaultdict(set)  # school -> visit days
    for a in plan.assignments:
        job = jobs.get(a.job)
        if job is None:
            out.append(f"[unknown] 计划中的任务{a.job}不存在")
            continue
        if a.job in seen:
            out.append(f"[duplicate] 任务{a.job}被安排了不止一次")
            continue
        seen[a.job] = a
        school = schools.get(job.school)
        if school is None:
            out.append(f"[unknown] 任务{a.job}的学校{job.school}不存在")
            continue
        d = a.day
        if d not in school_days:
            out.append(f"[calendar] 任务{a.job}安排在{d}，不是本学期的上课日")
        if (job.earliest and d < job.earliest) or (job.latest and d > job.latest):
            out.append(f"[window] 任务{a.job}安排在{d}，超出{job.earliest}至{job.latest}")
        if d in exam and not job.urgent:
            out.append(f"[exam] 任务{a.job}安排在考试日{d}，但不是紧急任务")
        if d in school.blocked:
            out.append(f"[blocked] 任务{a.job}安排在{school.name}的不可安排日期{d}")
        if school.exempt and job.kind != REGULAR and not job.required:
            out.append(f"[exempt] {school.name}本学期免检，不应安排非必需的任务{a.job}")
        team = list(a.inspectors)
        if len(team) != job.team_size or len(set(team)) != len(team):
            out.append(f"[team] 任务{a.job}需要{job.team_size}名督学，安排了{team}")
        members = []
        for i in team:
            person = people.get(i)
            if person is None:
                out.append(f"[unknown] 任务{a.job}的督学{i}不存在")
                continue
            members.append(person)
            if job.inspectors and i not in job.inspectors:
                out.append(f"[restricted] {person.name}不在任务{a.job}允许的督学之内")
            if d not in person.available:
                out.append(f"[unavailable] {person.name}在{d}不可安排（任务{a.job}）")
            if job.school in person.recused:
                out.append(f"[recused] {person.name}须回避{school.name}（任务{a.job}）")
            where[(i, d)].add(job.school)
        if job.needs_leader:
            if (
                a.leader is None
                or a.leader not in team
                or not people.get(a.leader)
                or not people[a.leader].can_lead
            ):
                out.append(f"[leader] 任务{a.job}需要一名可担任组长的督学任组长")
        for skill in sorted(job.skills):
            if not any(skill in m.skills for m in members):
                out.append(f"[skill] 任务{a.job}的督导组无人具备「{skill}」")
        if job.kind != REGULAR:  # the cap counts external work, not the posted inspector's visits
            visits[job.school].add(d)

    for job in problem.jobs:
        if job.required and job.id not in seen:
            out.append(f"[required] 必须完成的任务{job.id}（学校{job.school}）未安排")

    month_days: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    for (i, d), at in sorted(where.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if len(at) > 1:
            out.append(f"[place] {people[i].name}在{d}被安排到{len(at)}所学校")
        month_days[(i, (d.year, d.month))] += 1
    for (i, (y, m)), n in sorted(month_days.items()):
        limit = people[i].month_days.get((y, m))
        if limit is not None and n > limit:
            out.append(f"[month] {people[i].name}在{y}年{m}月安排了{n}天，上限{limit}天")
    for sid, days in sorted(visits.items()):
        cap = schools[sid].visit_cap
        if cap is not None and len(days) > cap:
            out.append(f"[cap] {schools[sid].name}本学期有{len(days)}个外部督导日，超过上限{cap}")

    for lock in problem.locked:
        got = seen.get(lock.job)
        if (
            got is None
            or got.day != lock.day
            or tuple(sorted(got.inspectors)) != tuple(sorted(lock.inspectors))
        ):
            out.append(f"[locked] 锁定的任务{lock.job}（{lock.day}）未按原样保留")
    return out
