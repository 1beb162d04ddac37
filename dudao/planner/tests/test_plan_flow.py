"""The planner through its pages and API (issue 19): generate → publish; the plan meets the hard rules
any valid plan meets (floors, no double booking, burden cap, team of three with a leader); moving a
visit onto a blocked date is refused in Chinese; the .ics feed; the school's home never shows a 暗访;
an inspector leaving moves only their visits; the Excel export."""

import datetime
import io
from collections import Counter, defaultdict
from unittest import mock

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.inspections.choices import TaskKind
from dudao.inspections.services.tasks import task_create
from dudao.planner import services
from dudao.planner.build import build_problem, calendar_of
from dudao.planner.choices import BlockReason, PlanStatus, VisitKind
from dudao.planner.models import Plan, PlanVisit
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client

from .world import END, START, D, generated, world

pytestmark = pytest.mark.django_db


def _teams(plan):
    return {v.pk: sorted(i.pk for i in v.inspectors.all()) for v in PlanVisit.objects.filter(plan=plan)}


def assert_valid(plan):
    """What any valid plan of the world satisfies, whichever solver made it."""
    plan = Plan.objects.get(pk=plan.pk)
    problem = build_problem(plan)
    cal = calendar_of(plan.semester)
    visits = list(PlanVisit.objects.filter(plan=plan).prefetch_related("inspectors"))
    jobs = {j.id: j for j in problem.jobs}
    floors = Counter(j.school for j in problem.jobs if j.required and j.kind == VisitKind.REGULAR)
    placed = Counter(v.school_id for v in visits if v.kind == VisitKind.REGULAR and jobs[v.job_key].required)
    assert all(placed[s] >= n for s, n in floors.items()), (floors, placed)
    where = defaultdict(set)
    for v in visits:
        assert v.date in cal.days and (v.date not in cal.exam_days or jobs[v.job_key].urgent)
        team = [i.pk for i in v.inspectors.all()]
        assert len(team) >= jobs[v.job_key].team_size
        if jobs[v.job_key].needs_leader:
            assert v.leader_id in team
        for i in team:
            where[(i, v.date)].add(v.school_id)
    assert all(len(s) == 1 for s in where.values()), "an inspector at two places on one day"
    external = defaultdict(set)
    for v in visits:
        if v.kind != VisitKind.REGULAR:
            external[v.school_id].add(v.date)
    cap = next(s.visit_cap for s in problem.schools)
    assert all(len(d) <= cap for d in external.values())


def test_generate_then_publish_through_the_pages(tree):
    w = world(tree)
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    client = ui_client(office)
    response = client.post("/planner/", {"semester": w["semester"].pk, "title": "三月计划"})
    assert response.status_code == 302, response.content[:500]
    plan = Plan.objects.get(title="三月计划")
    assert client.post(f"/planner/plans/{plan.pk}/generate/").status_code == 302
    plan.refresh_from_db()
    assert plan.solve_status in ("optimal", "feasible") and plan.seconds is not None
    assert_valid(plan)
    page = client.get(f"/planner/plans/{plan.pk}/").content.decode()
    assert "计划学校1" in page and "求解结果" in page
    assert client.get(f"/planner/plans/{plan.pk}/?zone={w['zone'].pk}").status_code == 200
    assert client.post(f"/planner/plans/{plan.pk}/publish/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    # A second plan published supersedes the first (API).
    api = api_client(office)
    new = api.post("/api/v1/planner/plans", {"semester_id": w["semester"].pk}, content_type="application/json")
    assert new.status_code == 201
    pk = new.json()["id"]
    assert new.json()["previous_id"] == plan.pk
    assert api.post(f"/api/v1/planner/plans/{pk}/generate", {"time_limit": 5},
                    content_type="application/json").status_code == 200
    assert api.post(f"/api/v1/planner/plans/{pk}/publish", {}, content_type="application/json").status_code == 200
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    # A published plan is read-only: generating again is refused.
    again = api.post(f"/api/v1/planner/plans/{pk}/generate", {}, content_type="application/json")
    assert again.status_code == 422


def test_moving_a_visit_onto_a_blocked_date_is_refused_in_chinese(tree):
    w = generated(tree)
    plan = w["plan"]
    visit = PlanVisit.objects.filter(plan=plan, kind=VisitKind.REGULAR).first()
    insp = visit.inspectors.first()
    cal = calendar_of(plan.semester)
    day = next(d for d in cal.days if d not in cal.exam_days and d != visit.date)
    services.inspector_block_add(actor=None, inspector=insp, start=day, end=day, reason=BlockReason.TRAINING)
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    response = ui_client(office).post(f"/planner/visits/{visit.pk}/move/", {"date": day.isoformat()})
    assert response.status_code == 400
    assert f"{insp.name}在{day}不能安排（培训）" in response.content.decode()
    api = api_client(office)
    response = api.post(f"/api/v1/planner/visits/{visit.pk}/move", {"date": D(2027, 3, 5).isoformat()},
                        content_type="application/json")
    assert response.status_code == 422 and "调休" in response.content.decode()
    visit.refresh_from_db()
    assert visit.date != day
    # An allowed day is taken and locks the visit.
    free = next(d for d in cal.days if d not in cal.exam_days and d != day and not PlanVisit.objects.filter(
        plan=plan, date=d, inspectors=insp).exists())
    response = api.post(f"/api/v1/planner/visits/{visit.pk}/move", {"date": free.isoformat()},
                        content_type="application/json")
    assert response.status_code == 200, response.content
    visit.refresh_from_db()
    assert visit.date == free and visit.locked
    # Re-solving keeps the locked visit where the reviewer put it.
    services.plan_generate(actor=None, plan=plan, time_limit=5)
    assert PlanVisit.objects.get(plan=plan, job_key=visit.job_key).date == free


def test_an_inspectors_ics_feed_and_schedule(tree):
    w = generated(tree, publish=True)
    insp = w["inspectors"][0]
    user = user_with_role(RoleCode.INSPECTOR, region=tree["nanan"])
    insp.user = user
    insp.save(update_fields=["user"])
    mine = list(PlanVisit.objects.filter(plan=w["plan"], inspectors=insp).select_related("school").order_by("date"))
    assert mine
    page = ui_client(user).get(f"/planner/me/?week={mine[0].date.isoformat()}")
    assert page.status_code == 200 and mine[0].school.name in page.content.decode()
    token = services.calendar_for(insp).feed_token
    response = ui_client(None).get(f"/planner/feed/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == len(mine)
    assert f"DTSTART;VALUE=DATE:{mine[0].date:%Y%m%d}" in text
    assert mine[0].school.name in text.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert ui_client(None).get("/planner/feed/wrong-token.ics").status_code == 404
    api = api_client(user).get("/api/v1/planner/me")
    assert api.status_code == 200


def test_the_schools_home_never_shows_an_unannounced_visit(tree):
    w = world(tree)
    covert_school, open_school = w["schools"][0], w["schools"][1]
    task_create(actor=None, office=w["office"], kind=TaskKind.SPECIAL, title="食堂暗访", is_covert=True,
                start_date=START, end_date=END, targets=[covert_school])
    plan = services.plan_create(actor=None, semester=w["semester"])
    plan = services.plan_generate(actor=None, plan=plan, time_limit=5)
    services.plan_publish(actor=None, plan=plan)
    covert = PlanVisit.objects.get(plan=plan, unannounced=True)
    assert covert.school == covert_school
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=covert_school)
    day_before = START - datetime.timedelta(days=1)
    with mock.patch.object(timezone, "localdate", return_value=day_before):
        home = ui_client(respondent).get("/").content.decode()
    assert "近期督导安排" in home and "经常性督导" in home
    assert "专项督导" not in home
    listed = api_client(respondent).get("/api/v1/planner/visits").json()["items"]
    assert listed and covert.pk not in {v["id"] for v in listed}
    assert all(v["school_id"] == covert_school.pk for v in listed)
    # The school does not see another school's visits, nor the office's plan.
    assert api_client(respondent).get(f"/api/v1/planner/plans/{plan.pk}").status_code in (403, 404)
    other = user_with_role(RoleCode.UNIT_RESPONDENT, unit=open_school)
    assert covert.pk not in {v["id"] for v in api_client(other).get("/api/v1/planner/visits").json()["items"]}


def test_an_inspector_leaving_moves_only_their_visits(tree):
    w = generated(tree, publish=True)
    plan, leaver = w["plan"], w["inspectors"][2]
    before = {v.job_key: (v.date, sorted(i.pk for i in v.inspectors.all()))
              for v in PlanVisit.objects.filter(plan=plan).prefetch_related("inspectors")}
    assert any(leaver.pk in team for _d, team in before.values())
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    leaves = min(day for day, team in before.values() if leaver.pk in team)
    response = api_client(office).post(f"/api/v1/planner/plans/{plan.pk}/replan",
                                       {"inspector_id": leaver.pk, "from_date": leaves.isoformat()},
                                       content_type="application/json")
    assert response.status_code == 201, response.content
    new = Plan.objects.get(pk=response.json()["id"])
    assert new.previous_id == plan.pk and new.status == PlanStatus.DRAFT
    after = {v.job_key: (v.date, sorted(i.pk for i in v.inspectors.all()))
             for v in PlanVisit.objects.filter(plan=new).prefetch_related("inspectors")}
    moved = 0
    for job, (day, team) in before.items():
        if leaver.pk not in team or day < leaves:
            assert after.get(job) == (day, team), job
        elif job in after:
            moved += 1
            assert after[job][0] >= leaves and leaver.pk not in after[job][1], job
    assert moved
    assert not any(leaver.pk in team and day >= leaves for day, team in after.values())
    assert_valid(new)
    # Through the page: the published plan offers the re-plan form.
    page = ui_client(office).get(f"/planner/plans/{plan.pk}/").content.decode()
    assert "重新安排" in page


def test_the_excel_export_has_a_row_per_visit(tree):
    w = generated(tree)
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    for url in (f"/planner/plans/{w['plan'].pk}/export.xlsx", f"/api/v1/planner/plans/{w['plan'].pk}/export"):
        client = ui_client(office) if url.startswith("/planner") else api_client(office)
        response = client.get(url)
        assert response.status_code == 200
        ws = load_workbook(io.BytesIO(response.content)).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][:4] == ("日期", "星期", "责任区", "学校")
        assert len(rows) - 1 == PlanVisit.objects.filter(plan=w["plan"]).count()
        assert {r[3] for r in rows[1:]} >= {s.name for s in w["schools"]}
    printed = ui_client(office).get(f"/planner/plans/{w['plan'].pk}/print/?zone={w['zone'].pk}")
    assert printed.status_code == 200 and w["zone"].name in printed.content.decode()


def test_infeasible_floors_are_explained_in_chinese(tree):
    w = world(tree, schools=2)
    for insp in w["inspectors"]:
        services.inspector_block_add(actor=None, inspector=insp, start=START, end=D(2027, 3, 19),
                                     reason=BlockReason.LEAVE)
    plan = services.plan_create(actor=None, semester=w["semester"])
    plan = services.plan_generate(actor=None, plan=plan, time_limit=5)
    assert plan.solve_status == "infeasible" and plan.conflicts
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in c) for c in plan.conflicts)
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    page = ui_client(office).get(f"/planner/plans/{plan.pk}/").content.decode()
    assert plan.conflicts[0] in page
    response = api_client(office).post(f"/api/v1/planner/plans/{plan.pk}/publish", {},
                                       content_type="application/json")
    assert response.status_code == 422
