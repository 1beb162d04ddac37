"""Demo supervision work in 南岸区: a special supervision of 3 schools at the report stage (scored
with 南岸区's framework; the team's problems recorded on site as drafts and issued to the schools
with the opinion letter), a published one, a 暗访 task on site (one draft problem, not yet visible
to the school), a draft comprehensive task, regular visits by the responsible inspectors (one with a
problem issued to the school on recording; more over this semester and the last, below, at and above
the floor, for the dashboards' compliance tables), and the 2025 work plan. Problems are recorded through
``problems.record`` — they are ledger items from that moment."""

import datetime

from django.utils import timezone

from dudao.frameworks.models import FrameworkVersion
from dudao.frameworks.selectors import engine_tree
from dudao.inspectors.models import Inspector, Posting
from dudao.inspectors.recusal import recusal_check
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import problems, services, workflows
from .choices import TaskKind, TaskStatus, TeamRole
from .models import ProblemCategory, RegularVisit, SupervisionTask, WorkPlan

PATH = ["notify", "start_on_site", "send_preliminary_opinion", "open_objection_window", "issue_opinion_letter",
        "submit_report", "publish"]


def _leaves(nodes):
    for n in nodes:
        if n.children:
            yield from _leaves(n.children)
        else:
            yield n


def _results(version, quality: int) -> dict:
    """Plausible results for every scorable leaf; ``quality`` 0 = best level, 1 = next…"""
    out = {}
    for leaf in _leaves(engine_tree(version)):
        if not leaf.assessable or leaf.method == "none":
            continue
        if leaf.method == "levels" and leaf.levels:
            out[leaf.code] = leaf.levels[min(quality, len(leaf.levels) - 1)].name
        elif leaf.method == "points":
            out[leaf.code] = float(leaf.max_points) * (0.95 - 0.15 * quality)
        elif leaf.method == "yes_no":
            out[leaf.code] = True
        elif leaf.method == "quantitative":
            stage, threshold = (leaf.thresholds[0] if leaf.thresholds else (None, leaf.threshold or 0))
            value = {"value": float(threshold) * (1.1 if leaf.direction in ("gte", "gt") else 0.9)}
            if stage:
                value["stage"] = stage
            out[leaf.code] = value
    return out


def _team(office, schools, size=3):
    team = []
    for insp in Inspector.objects.filter(office=office).active().order_by("id"):
        if all(not recusal_check(insp, s) for s in schools):
            team.append(insp)
        if len(team) == size:
            break
    return team


def _task(office, title, kind, schools, version, *, status, quality=(0, 1, 2), covert=False, findings=True,
          days_ago=30):
    if SupervisionTask.objects.filter(title=title).exists():
        return None
    team = _team(office, schools)
    if len(team) < 3:
        return None
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    task = services.task_create(actor=None, office=office, kind=kind, title=title, topic=title[9:], is_covert=covert,
                                framework_version=version, start_date=start, targets=schools)
    for i, insp in enumerate(team):
        services.team_member_add(actor=None, task=task, inspector=insp,
                                 role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER)
    for name in PATH:
        if task.status == status:
            break
        if name == "send_preliminary_opinion":
            for target, q in zip(task.targets.select_related("unit").order_by("id"), quality, strict=False):
                services.score_record(actor=None, target=target, results=_results(version, q))
                services.target_evaluate(actor=None, target=target,
                                         evaluation="办学行为总体规范，课后服务开展有序。" if q == 0 else
                                         "课后服务总体有序，部分环节有待规范。")
                for kind, people, said in (
                        ("students", 12, "学生反映课后服务内容丰富，希望增加社团活动。"),
                        ("parents", 15, "家长对课后服务总体满意，希望增加体育类项目。"),
                        ("teachers", 10, "教师反映课后服务时段工作量较大，建议完善补助办法。")):
                    services.opinion_record_add(actor=None, target=target, kind=kind, held_on=start,
                                                participants=people, summary=said)
                if findings and q > 0:
                    problems.record(
                        actor=None, target=target, category=AFTER_SCHOOL,
                        description="课后服务收费标准未在校门口公示" if q == 1 else "课后服务时段安排学科集体补课",
                        severity="minor" if q == 1 else "serious",
                        requirement="在校门口和学校网站公示收费标准和服务内容" if q == 1 else "立即停止集体补课，调整课后服务内容",
                        deadline=timezone.localdate() + datetime.timedelta(days=30), routing="small" if q == 1 else "hard")
        if name == "issue_opinion_letter":
            for target in task.targets.all():
                services.objection_submit(actor=None, target=target, waive=True)
        if name == "submit_report":
            services.task_set_report(actor=None, task=task, summary=f"{title}：被督导学校总体规范，个别学校需整改。")
        if name == "notify":  # the written notice went out a week before the team arrived (条例 Art. 17)
            task = workflows.WORKFLOW.apply(actor=None, obj=task, name=name, note="演示数据",
                                            today=start - datetime.timedelta(days=7))
            continue
        task = workflows.apply(actor=None, task=task, name=name, note="演示数据")
    if findings and task.status == TaskStatus.ON_SITE:
        target = task.targets.select_related("unit").order_by("id").first()
        problems.record(actor=None, target=target, category="burden", severity="minor",
                        description="部分班级书面作业量超出规定时长", found_evidence="抽查3个班级作业登记本",
                        requirement="落实作业总量控制和公示制度", routing="small",
                        deadline=timezone.localdate() + datetime.timedelta(days=45))
    return task


#: 南岸区's own problem category (the demo's region-added one).
AFTER_SCHOOL = "500108-after-school"


def load(context, stdout):
    nanan = Region.objects.get(code="500108")
    office = Unit.objects.filter(region=nanan, kind="office").first()
    version = FrameworkVersion.objects.filter(framework__region=nanan, status="published").order_by("-version").first()
    schools = list(Unit.objects.filter(region_path__startswith=nanan.path, kind="school").order_by("id"))
    if office is None or version is None or len(schools) < 9:
        stdout.write("督导工作：缺少南岸区督导室、指标体系或学校，跳过")
        return
    if not ProblemCategory.objects.filter(code=AFTER_SCHOOL).exists():  # a category 南岸区 added for itself
        services.problem_category_create(actor=None, region=nanan, name="课后服务", code=AFTER_SCHOOL,
                                         basis="南岸区2025年教育督导工作要点（课后服务专项督导）")
    _task(office, "2025年南岸区义务教育学校课后服务专项督导", TaskKind.SPECIAL, schools[:3], version,
          status=TaskStatus.REPORT)
    published = _task(office, "2025年南岸区春季学期开学工作专项督导", TaskKind.SPECIAL, schools[3:6], version,
                      status=TaskStatus.PUBLISHED, days_ago=200)
    if published is not None:  # filed with the city office (条例 Art. 23), waiting for its acknowledgement
        workflows.task_file_report(actor=None, task=published, note="演示数据")
    _task(office, "2025年南岸区校外培训与作业管理暗访", TaskKind.SPECIAL, schools[6:8], version,
          status=TaskStatus.ON_SITE, covert=True, days_ago=2)
    _task(office, "2025年南岸区中小学综合督导（第二批）", TaskKind.COMPREHENSIVE, schools[8:9], version,
          status=TaskStatus.DRAFT, days_ago=-20)
    # regular visits by the responsible inspectors this semester
    today = timezone.localdate()
    postings = Posting.objects.current(today).filter(school__region_path__startswith=nanan.path).select_related(
        "school", "inspector")[:6]
    for n, p in enumerate(postings):
        if RegularVisit.objects.filter(school=p.school).exists():
            continue
        for k in range(n % 3):
            items = [] if k or n != 1 else [{
                "description": "学生午休场所消防器材过期未更换", "category": "safety", "severity": "serious",
                "requirement": "一周内更换过期灭火器，建立消防器材检查台账",
                "deadline": today + datetime.timedelta(days=14), "found_evidence": "现场查看灭火器标签（2023年到期）"}]
            services.visit_record(actor=None, school=p.school, visited_on=today - datetime.timedelta(days=10 + 20 * k),
                                  duration_minutes=120, methods=["lesson", "records"],
                                  checklist={"safety": "消防通道畅通", "canteen": "食品留样规范"},
                                  problems="" if k else "个别班级作业量偏多", problem_items=items)
    _more_visits(nanan, today)
    if not WorkPlan.objects.filter(office=office, year=today.year).exists():
        plan = services.work_plan_create(actor=None, office=office, year=today.year,
                                         title=f"南岸区{today.year}年教育督导工作要点")
        for content, month in (("开展义务教育学校课后服务专项督导", 10), ("开展中小学综合督导", 11),
                               ("落实责任督学经常性督导，每校每月不少于1次", None)):
            services.work_plan_item_add(actor=None, plan=plan, content=content, lead_unit="区政府教育督导室",
                                        planned_month=month)
        services.work_plan_submit(actor=None, plan=plan)
    stdout.write(f"督导工作：任务 {SupervisionTask.objects.count()} 个，经常性督导 {RegularVisit.objects.count()} 次")


def _more_visits(nanan, today):
    """Visits at more of 南岸区's posted schools, this semester and the one before, spread below, at
    and above the floor, so that the dashboards' compliance tables (by region, zone and inspector)
    show every state. Idempotent: a school with visits is left alone."""
    from django.core.exceptions import ValidationError

    postings = (Posting.objects.current(today).filter(school__region_path__startswith=nanan.path)
                .select_related("school", "inspector").order_by("school_id")[6:60])
    for n, p in enumerate(postings):
        if RegularVisit.objects.filter(school=p.school).exists():
            continue
        days = [5 + 17 * k for k in range(n % 5)] + [190 + 25 * k for k in range((n + 2) % 4)]
        for day in days:
            visited_on = today - datetime.timedelta(days=day)
            if visited_on < p.start_date:
                continue
            try:
                services.visit_record(actor=None, school=p.school, visited_on=visited_on, duration_minutes=90,
                                      methods=["lesson", "records"], checklist={"safety": "消防通道畅通"})
            except ValidationError:  # no responsible inspector that day (a posting changed hands)
                continue
