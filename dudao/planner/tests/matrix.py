"""The planner's rows of the permission matrix (collected by ``tests/test_permission_matrix.py``):
semesters and their days, blocked dates, plans (list, create, detail, generate, publish, re-plan,
visits, progress, export, print) and visits (move, lock), by API and page. The objects live in a
small 南岸区 world (``world.py``); writes act as office_admin.

Elsewhere (``test_plan_flow.py``): the caller's own calendar (``/planner/me/``, ``/api/v1/planner/me``)
and the .ics feed at its secret token URL (no login)."""

from dudao.accounts.roles import RoleCode
from dudao.planner.models import InspectorBlock, Plan, PlanVisit, SchoolBlock, Semester, SemesterDay
from dudao.testing.matrix import Endpoint

from .world import D, generated, world

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/planner"

OWN_PATHS = {"/api/v1/planner/me"}
OWN_PAGES = {"planner:my_schedule", "planner:inspector_feed"}


def semester(tree):
    return world(tree)["semester"]


def office(tree):
    return world(tree)["office"]


def inspector(tree):
    return world(tree)["inspectors"][0]


def school(tree):
    return world(tree)["schools"][0]


def draft(tree):
    w = world(tree)
    from dudao.planner import services

    return services.plan_create(actor=None, semester=w["semester"], title="矩阵计划")


def solved(tree):
    plan = generated(tree)["plan"]
    plan.title = "矩阵计划"
    plan.save(update_fields=["title"])
    return plan


def published(tree):
    plan = generated(tree, publish=True)["plan"]
    plan.leaver = PlanVisit.inspectors.through.objects.filter(planvisit__plan=plan).first().inspector_id
    return plan


def visit(tree):
    plan = generated(tree)["plan"]
    v = PlanVisit.objects.filter(plan=plan, kind="regular").order_by("date", "id").first()
    # a school day (no holiday, no exam week) the visit's inspectors have no other visit on
    team = list(v.inspectors.values_list("pk", flat=True))
    busy = set(PlanVisit.objects.filter(plan=plan, inspectors__in=team).values_list("date", flat=True))
    v.free_day = next(d for d in (D(2027, 3, n) for n in range(8, 20)) if d.weekday() < 5 and d not in busy)
    return v


def published_visit(tree):
    plan = generated(tree, publish=True)["plan"]
    return PlanVisit.objects.filter(plan=plan).order_by("id").first()


def _ids(response):
    return {i["id"] for i in response.json()["items"]}


ENDPOINTS = [
    # ---- semesters, blocked dates ----
    Endpoint("planner api semesters", "api", "list", OFFICE, semester, lambda o: f"{API}/semesters",
             listed=lambda r, o: o.pk in _ids(r)),
    Endpoint("planner api semester create", "api", "write", OFFICE, office, lambda o: f"{API}/semesters",
             method="post", ok=(201,),
             payload=lambda o, t: {"office_id": o.pk, "name": "矩阵学期", "start": "2027-02-22", "end": "2027-07-02"},
             effect=lambda o: Semester.objects.filter(office=o, name="矩阵学期").exists()),
    Endpoint("planner api semester day", "api", "write", OFFICE, semester, lambda o: f"{API}/semesters/{o.pk}/days",
             method="post", ok=(201,),
             payload=lambda o, t: {"kind": "holiday", "name": "矩阵假日", "start": "2027-03-10", "end": "2027-03-10"},
             effect=lambda o: SemesterDay.objects.filter(semester=o, name="矩阵假日").exists()),
    Endpoint("planner api inspector block", "api", "write", OFFICE, inspector,
             lambda o: f"{API}/inspectors/{o.pk}/blocks", method="post", ok=(201,),
             payload=lambda o, t: {"start": "2027-03-10", "end": "2027-03-11", "reason": "training"},
             effect=lambda o: InspectorBlock.objects.filter(inspector=o).exists()),
    Endpoint("planner api school block", "api", "write", OFFICE, school, lambda o: f"{API}/schools/{o.pk}/blocks",
             method="post", ok=(201,),
             payload=lambda o, t: {"start": "2027-03-10", "end": "2027-03-11", "reason": "运动会"},
             effect=lambda o: SchoolBlock.objects.filter(school=o).exists()),
    Endpoint("planner ui semesters", "ui", "list", OFFICE, semester, lambda o: "/planner/semesters/",
             listed=lambda r, o: o.name in r.content.decode()),
    Endpoint("planner ui semester create", "ui", "write", OFFICE, office, lambda o: "/planner/semesters/",
             method="post", ok=(302,),
             payload=lambda o, t: {"office": o.pk, "name": "矩阵学期", "start": "2027-02-22", "end": "2027-07-02"},
             effect=lambda o: Semester.objects.filter(office=o, name="矩阵学期").exists()),
    Endpoint("planner ui semester detail", "ui", "detail", OFFICE, semester, lambda o: f"/planner/semesters/{o.pk}/"),
    Endpoint("planner ui semester day", "ui", "write", OFFICE, semester, lambda o: f"/planner/semesters/{o.pk}/",
             method="post", ok=(302,),
             payload=lambda o, t: {"kind": "exam", "name": "矩阵考试", "start": "2027-03-10", "end": "2027-03-11"},
             effect=lambda o: SemesterDay.objects.filter(semester=o, name="矩阵考试").exists()),
    # ---- plans ----
    Endpoint("planner api plans", "api", "list", OFFICE, draft, lambda o: f"{API}/plans",
             listed=lambda r, o: o.pk in _ids(r)),
    Endpoint("planner api plan create", "api", "write", OFFICE, semester, lambda o: f"{API}/plans", method="post",
             ok=(201,), payload=lambda o, t: {"semester_id": o.pk, "title": "矩阵新计划"},
             effect=lambda o: Plan.objects.filter(semester=o, title="矩阵新计划").exists()),
    Endpoint("planner api plan", "api", "detail", OFFICE, draft, lambda o: f"{API}/plans/{o.pk}"),
    Endpoint("planner api plan generate", "api", "write", OFFICE, draft, lambda o: f"{API}/plans/{o.pk}/generate",
             method="post", payload=lambda o, t: {"time_limit": 2},
             effect=lambda o: Plan.objects.filter(pk=o.pk, solved_at__isnull=False).exists()),
    Endpoint("planner api plan publish", "api", "write", OFFICE, solved, lambda o: f"{API}/plans/{o.pk}/publish",
             method="post", payload=lambda o, t: {},
             effect=lambda o: Plan.objects.filter(pk=o.pk, status="published").exists()),
    Endpoint("planner api plan replan", "api", "write", OFFICE, published, lambda o: f"{API}/plans/{o.pk}/replan",
             method="post", ok=(201,),
             payload=lambda o, t: {"inspector_id": o.leaver, "from_date": "2027-03-01", "time_limit": 2},
             effect=lambda o: Plan.objects.filter(previous=o, leaving_id=o.leaver).exists()),
    Endpoint("planner api plan visits", "api", "detail", OFFICE, solved, lambda o: f"{API}/plans/{o.pk}/visits"),
    Endpoint("planner api plan progress", "api", "detail", OFFICE, solved, lambda o: f"{API}/plans/{o.pk}/progress"),
    Endpoint("planner api plan export", "api", "detail", OFFICE, solved, lambda o: f"{API}/plans/{o.pk}/export"),
    Endpoint("planner ui plans", "ui", "list", OFFICE, draft, lambda o: "/planner/",
             listed=lambda r, o: "矩阵计划" in r.content.decode()),
    Endpoint("planner ui plan create", "ui", "write", OFFICE, semester, lambda o: "/planner/", method="post",
             ok=(302,), payload=lambda o, t: {"semester": o.pk, "title": "矩阵新计划"},
             effect=lambda o: Plan.objects.filter(semester=o, title="矩阵新计划").exists()),
    Endpoint("planner ui plan", "ui", "detail", OFFICE, solved, lambda o: f"/planner/plans/{o.pk}/"),
    Endpoint("planner ui plan generate", "ui", "write", OFFICE, draft, lambda o: f"/planner/plans/{o.pk}/generate/",
             method="post", ok=(302,),
             effect=lambda o: Plan.objects.filter(pk=o.pk, solved_at__isnull=False).exists()),
    Endpoint("planner ui plan publish", "ui", "write", OFFICE, solved, lambda o: f"/planner/plans/{o.pk}/publish/",
             method="post", ok=(302,), effect=lambda o: Plan.objects.filter(pk=o.pk, status="published").exists()),
    Endpoint("planner ui plan replan", "ui", "write", OFFICE, published, lambda o: f"/planner/plans/{o.pk}/replan/",
             method="post", ok=(302,), payload=lambda o, t: {"inspector": o.leaver, "from_date": "2027-03-01"},
             effect=lambda o: Plan.objects.filter(previous=o, leaving_id=o.leaver).exists()),
    Endpoint("planner ui plan progress", "ui", "detail", OFFICE, solved, lambda o: f"/planner/plans/{o.pk}/progress/"),
    Endpoint("planner ui plan export", "ui", "detail", OFFICE, solved, lambda o: f"/planner/plans/{o.pk}/export.xlsx"),
    Endpoint("planner ui plan print", "ui", "detail", OFFICE, solved, lambda o: f"/planner/plans/{o.pk}/print/"),
    # ---- visits ----
    Endpoint("planner api visits", "api", "list", OFFICE, published_visit, lambda o: f"{API}/visits",
             listed=lambda r, o: o.pk in _ids(r)),
    Endpoint("planner api visit move", "api", "write", OFFICE, visit, lambda o: f"{API}/visits/{o.pk}/move",
             method="post", payload=lambda o, t: {"date": o.free_day.isoformat()},
             effect=lambda o: PlanVisit.objects.filter(pk=o.pk, date=o.free_day).exists()),
    Endpoint("planner api visit lock", "api", "write", OFFICE, visit, lambda o: f"{API}/visits/{o.pk}/lock",
             method="post", payload=lambda o, t: {"locked": True},
             effect=lambda o: PlanVisit.objects.filter(pk=o.pk, locked=True).exists()),
    Endpoint("planner ui visit move", "ui", "write", OFFICE, visit, lambda o: f"/planner/visits/{o.pk}/move/",
             method="post", ok=(302,), payload=lambda o, t: {"date": o.free_day.isoformat()},
             effect=lambda o: PlanVisit.objects.filter(pk=o.pk, date=o.free_day).exists()),
    Endpoint("planner ui visit lock", "ui", "write", OFFICE, visit, lambda o: f"/planner/visits/{o.pk}/lock/",
             method="post", ok=(302,), payload=lambda o, t: {"locked": "on"},
             effect=lambda o: PlanVisit.objects.filter(pk=o.pk, locked=True).exists()),
]
