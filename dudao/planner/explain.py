"""Why a plan cannot meet its floors, in Chinese (issue 19) — never just "no solution".

Two stages:

1. ``precheck`` — capacity checks that are *sound* (each conflict it names really makes the
   problem infeasible) and cheap: a job with no open day, a school whose only posted inspector is
   recused or away, no leader, a skill nobody has, a school's floors over its visit cap, a locked
   assignment that breaks a rule, and a zone's (or one inspector's) working days in a month short
   of the inspector-days its required work needs.
2. ``core`` — for what the pre-checks miss: the CP-SAT model with one assumption literal per
   constraint group (a job's placement, a school's cap, an inspector's month limit, one place per
   day, a team's leader or skill); ``sufficient_assumptions_for_infeasibility`` names the groups
   that collide.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from dudao.planner.greedy import candidates, open_days, ym
from dudao.planner.problem import KINDS, REGULAR, Conflict, Job, PlanProblem

KIND_NAMES = dict(zip(KINDS, ("常规督导", "校长任期结束督导", "综合督导", "回头看", "专项督导"), strict=True))


def _job_name(job: Job, schools) -> str:
    school = schools.get(job.school)
    return f"{school.name if school else job.school}的{KIND_NAMES.get(job.kind, job.kind)}（{job.id}）"


def _zone_name(zone) -> str:
    return f"第{zone}责任区" if zone is not None else "未分区"


def _stab(windows: list[tuple[date, date]]) -> int:
    """The fewest days that hit every window (a lower bound on a school's visit days)."""
    n, last = 0, None
    for lo, hi in sorted(windows, key=lambda w: w[1]):
        if last is None or lo > last:
            n, last = n + 1, hi
    return n


def _disjoint(windows: list[tuple[date, date, int]]) -> int:
    """Inspector-days a school's jobs need at least: team sizes of pairwise disjoint windows."""
    total, last = 0, None
    for lo, hi, size in sorted(windows, key=lambda w: w[1]):
        if last is None or lo > last:
            total, last = total + size, hi
    return max(total, max((w[2] for w in windows), default=0))


def precheck(problem: PlanProblem) -> list[Conflict]:
    out: list[Conflict] = []
    schools = {s.id: s for s in problem.schools}
    people = {i.id: i for i in problem.inspectors}
    locked = {a.job: a for a in problem.locked}
    days = problem.calendar.days
    first, last = (days[0], days[-1]) if days else (None, None)
    required = [j for j in problem.jobs if j.required and j.id not in locked]

    # Locked assignments that break a rule themselves.
    for a in problem.locked:
        job = next((j for j in problem.jobs if j.id == a.job), None)
        if job is None:
            continue
        bad = [people[i].name for i in a.inspectors if i in people and a.day not in people[i].available]
        school = schools.get(job.school)
        if bad:
            out.append(
                Conflict(
                    f"锁定的{_job_name(job, schools)}安排在{a.day}，但{'、'.join(bad)}当天不可安排",
                    jobs=[job.id],
                    schools=[job.school],
                )
            )
        elif school and a.day in school.blocked:
            out.append(
                Conflict(
                    f"锁定的{_job_name(job, schools)}安排在{school.name}不可安排的{a.day}",
                    jobs=[job.id],
                    schools=[job.school],
                )
            )

    need_by_school: dict[int, list[Job]] = defaultdict(list)
    for job in required:
        school = schools.get(job.school)
        if school is None:
            out.append(Conflict(f"任务{job.id}的学校不存在", jobs=[job.id]))
            continue
        name = _job_name(job, schools)
        if job.kind != REGULAR:  # the burden cap counts external work only
            need_by_school[job.school].append(job)
        cands = candidates(problem, job, people)
        od = open_days(problem, job, school)
        if not od:
            out.append(
                Conflict(
                    f"{name}在{job.earliest or first}至{job.latest or last}之间没有可安排的上课日"
                    "（考试周、节假日或学校不可安排日期）",
                    jobs=[job.id],
                    schools=[job.school],
                )
            )
            continue
        if len(cands) < job.team_size:
            posted = [people[i].name for i in job.inspectors if i in people]
            recused = [
                people[i].name for i in job.inspectors if i in people and job.school in people[i].recused
            ]
            why = f"，{'、'.join(recused)}须回避" if recused else ""
            who = f"只有{'、'.join(posted)}可做" if job.inspectors else f"只有{len(cands)}名督学可做"
            out.append(
                Conflict(
                    f"{name}需要{job.team_size}名督学，{who}{why}",
                    jobs=[job.id],
                    schools=[job.school],
                    inspectors=list(job.inspectors),
                )
            )
            continue
        if job.needs_leader and not any(people[i].can_lead for i in cands):
            out.append(
                Conflict(
                    f"{name}需要组长，但可安排的督学中没有人可担任组长", jobs=[job.id], schools=[job.school]
                )
            )
            continue
        missing = [k for k in sorted(job.skills) if not any(k in people[i].skills for i in cands)]
        if missing:
            out.append(
                Conflict(
                    f"{name}需要具备「{'、'.join(missing)}」的督学，但没有人具备",
                    jobs=[job.id],
                    schools=[job.school],
                )
            )
            continue
        workable = [d for d in od if sum(d in people[i].available for i in cands) >= job.team_size]
        if len(cands) == job.team_size:
            workable = [d for d in od if all(d in people[i].available for i in cands)]
        if not workable:
            if len(cands) == 1:
                why = f"{people[cands[0]].name}在这些日期都不可安排"
            else:
                names = "、".join(people[i].name for i in cands[:5]) + ("等" if len(cands) > 5 else "")
                why = f"{names}在任何一天都凑不齐{job.team_size}人"
            out.append(
                Conflict(
                    f"{name}的可安排日期（{od[0]}至{od[-1]}）内，{why}",
                    jobs=[job.id],
                    schools=[job.school],
                    inspectors=cands,
                )
            )

    # A school's floors over its visit cap.
    for sid, jobs in need_by_school.items():
        school = schools[sid]
        windows = [(j.earliest or first, j.latest or last) for j in jobs]
        for a in problem.locked:
            job = next((j for j in problem.jobs if j.id == a.job), None)
            if job is not None and job.school == sid and job.kind != REGULAR:
                windows.append((a.day, a.day))
        need = _stab(windows)
        if school.visit_cap is not None and need > school.visit_cap:
            out.append(
                Conflict(
                    f"{school.name}本学期必须完成的外部督导至少需要{need}个督导日，超过负担上限{school.visit_cap}个",
                    jobs=[j.id for j in jobs],
                    schools=[sid],
                )
            )

    if out:
        return out

    # Working days: per inspector (fixed teams) and per zone, month by month and for the semester.
    cands_of = {j.id: candidates(problem, j, people) for j in required}
    zone_people: dict[object, list[int]] = defaultdict(list)
    for i in problem.inspectors:
        zone_people[i.zone].append(i.id)
    zone_of = {i.id: i.zone for i in problem.inspectors}
    months = sorted({ym(d) for d in days})
    periods = [((y, m), f"{m}月", [d for d in days if ym(d) == (y, m)]) for y, m in months]
    periods.append((None, "本学期", list(days)))
    for _key, label, pdays in periods:
        if not pdays:
            continue
        lo, hi = pdays[0], pdays[-1]
        inside = [j for j in required if (j.earliest or first) >= lo and (j.latest or last) <= hi]

        def supply(i, pdays=pdays):
            person, n = people[i], 0
            for mo in {ym(d) for d in pdays}:
                avail = sum(d in person.available for d in pdays if ym(d) == mo)
                n += min(avail, person.month_days.get(mo, avail))
            return n

        fixed: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        zone_need: dict[object, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for job in inside:
            cands = cands_of[job.id]
            window = (job.earliest or first, job.latest or last, job.team_size)
            if len(cands) == job.team_size:
                for i in cands:
                    fixed[i][job.school].append(window[:2])
            zones = {zone_of[i] for i in cands}
            if len(zones) == 1 and None not in zones:
                zone_need[zones.pop()][job.school].append(window)
        for i, by_school in fixed.items():
            need = sum(_stab(w) for w in by_school.values())
            have = supply(i)
            if need > have:
                out.append(
                    Conflict(
                        f"督学{people[i].name}在{label}需要{need}个工作日完成挂牌学校的督导，只有{have}个",
                        inspectors=[i],
                        schools=sorted(by_school),
                    )
                )
        for zone, by_school in zone_need.items():
            need = sum(_disjoint(w) for w in by_school.values())
            have = sum(supply(i) for i in zone_people[zone])
            if need > have:
                out.append(
                    Conflict(
                        f"{_zone_name(zone)}的督学在{label}缺少{need - have}个工作日"
                        f"（需要{need}个，只有{have}个）",
                        inspectors=list(zone_people[zone]),
                        schools=sorted(by_school),
                    )
                )
    return out


def core(problem: PlanProblem, part) -> list[Conflict]:
    """Name the colliding constraint groups of an infeasible part (CP-SAT assumptions)."""
    from ortools.sat.python import cp_model

    from dudao.planner.engine import Model

    schools = {s.id: s for s in problem.schools}
    people = {i.id: i for i in problem.inspectors}
    jobs = {j.id: j for j in problem.jobs}
    model = Model(problem, part, explain=True)
    model.m.add_assumptions(model.assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    status = solver.solve(model.m)
    if status != cp_model.INFEASIBLE:
        return [
            Conflict(
                "必须完成的任务在限定时间内无法全部安排，原因未能确定：请放宽时间窗口或负担上限后重试",
                jobs=[j.id for j in part.jobs if j.required],
            )
        ]
    found = solver.sufficient_assumptions_for_infeasibility()
    parts, conflict_jobs, conflict_people, conflict_schools = [], [], [], []
    for index in found:
        kind, key = model.groups[index]
        if kind == "place":
            job = jobs[key]
            parts.append(f"{_job_name(job, schools)}必须安排")
            conflict_jobs.append(key)
            conflict_schools.append(job.school)
        elif kind == "cap":
            parts.append(f"{schools[key].name}本学期至多{schools[key].visit_cap}个外部督导日")
            conflict_schools.append(key)
        elif kind == "month":
            i, (y, m) = key
            parts.append(f"督学{people[i].name}{m}月至多工作{people[i].month_days.get((y, m))}天")
            conflict_people.append(i)
        elif kind == "place_day":
            parts.append(f"督学{people[key].name}每天只能到一所学校")
            conflict_people.append(key)
        elif kind == "leader":
            parts.append(f"{_job_name(jobs[key], schools)}须有组长")
            conflict_jobs.append(key)
        elif kind == "skill":
            job_id, skill = key
            parts.append(f"{_job_name(jobs[job_id], schools)}须有具备「{skill}」的督学")
            conflict_jobs.append(job_id)
    if not parts:
        parts = ["必须完成的任务所需的日期与督学互相冲突"]
    return [
        Conflict(
            "以下约束互相冲突，无法同时满足：" + "；".join(parts),
            jobs=sorted(set(conflict_jobs)),
            inspectors=sorted(set(conflict_people)),
            schools=sorted(set(conflict_schools)),
        )
    ]
