"""Demo planner (issue 19, runs after the inspectors' and inspections' demo): 南岸区's spring semester
2027 (2027-02-22 to 2027-07-02, with 清明、劳动节、端午 holidays and the mid-term and final exam
weeks as rows), two inspectors' training and leave days, the part-time inspectors' days a month, a
school's sports days, a 校园安全专项督导 with three targets in the semester (the demo's one 暗访 task,
of 2025, stays the inspections demo's) — and the plan
generated with a short time limit and published. ``nanan_inspector`` (杨志强) reads a week of it at
/planner/me/?week=2027-03-01 (this week's, once the semester runs); ``nanan_school`` sees the
school's announced visits on the home page. Loading again changes nothing."""

import datetime

from dudao.inspections.choices import TaskKind
from dudao.inspections.services.tasks import task_create
from dudao.inspectors.choices import InspectorKind, InspectorStatus
from dudao.inspectors.models import Inspector
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services
from .build import region_schools
from .choices import BlockReason, DayKind, PlanStatus
from .models import Plan, PlanVisit, Semester

D = datetime.date
SEMESTER = "2026—2027学年第二学期"
DAYS = [
    (DayKind.HOLIDAY, "清明节", D(2027, 4, 3), D(2027, 4, 5)),
    (DayKind.HOLIDAY, "劳动节", D(2027, 5, 1), D(2027, 5, 5)),
    (DayKind.HOLIDAY, "端午节", D(2027, 6, 9), D(2027, 6, 9)),
    (DayKind.EXAM, "期中考试周", D(2027, 4, 19), D(2027, 4, 23)),
    (DayKind.EXAM, "期末考试周", D(2027, 6, 28), D(2027, 7, 2)),
]
DEMO_TIME_LIMIT = 5.0


def load(context, stdout):
    nanan = Region.objects.filter(code="500108").first()
    office = Unit.objects.filter(kind=UnitKind.OFFICE, region=nanan).first() if nanan else None
    if office is None or Semester.objects.filter(office=office, name=SEMESTER).exists():
        return
    semester = services.semester_create(actor=None, office=office, name=SEMESTER, start=D(2027, 2, 22),
                                        end=D(2027, 7, 2), days=DAYS)
    corps = list(Inspector.objects.filter(office=office, status=InspectorStatus.ACTIVE).order_by("name", "id"))
    for inspector, (start, end, reason, note) in zip(corps[:3], [
        (D(2027, 3, 15), D(2027, 3, 17), BlockReason.TRAINING, "重庆市责任督学能力提升培训"),
        (D(2027, 5, 10), D(2027, 5, 14), BlockReason.LEAVE, "年休假"),
        (D(2027, 3, 15), D(2027, 3, 17), BlockReason.TRAINING, "重庆市责任督学能力提升培训"),
    ], strict=False):
        services.inspector_block_add(actor=None, inspector=inspector, start=start, end=end, reason=reason, note=note)
    for inspector in corps:
        if inspector.kind == InspectorKind.PART_TIME:
            services.inspector_days_set(actor=None, inspector=inspector, days_per_month=8)
    schools = list(region_schools(nanan))
    if schools:
        services.school_block_add(actor=None, school=schools[0], start=D(2027, 4, 28), end=D(2027, 4, 29),
                                  reason="春季田径运动会")
    primaries = [s for s in schools if s.kind == UnitKind.SCHOOL]
    if len(primaries) >= 4:
        task_create(actor=None, office=office, kind=TaskKind.SPECIAL, title="2027年春季学期校园安全专项督导",
                    topic="校园安全", start_date=D(2027, 3, 8), end_date=D(2027, 4, 30), targets=primaries[1:4])
    plan = services.plan_create(actor=None, semester=semester, title="南岸区2027年春季学期督导计划")
    plan = services.plan_generate(actor=None, plan=plan, time_limit=DEMO_TIME_LIMIT)
    if plan.status == PlanStatus.DRAFT and not plan.conflicts:
        services.plan_publish(actor=None, plan=plan, note="督导室会议审定")
    plan = Plan.objects.get(pk=plan.pk)
    stdout.write(f"督导计划：{plan.title} {plan.get_status_display()}，{PlanVisit.objects.filter(plan=plan).count()} 次"
                 f"（{plan.get_solve_status_display()}，{plan.seconds} 秒）；杨志强的一周：/planner/me/?week=2027-03-01")
