"""Committee operations through HTTP (A1–A4): a meeting's decision → action → done by the API and
the pages; the liaison reports on their own unit's action and cannot touch another's; participation
counted per year with the list below the rule; the plenary and staffing checks; the overdue flag."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.committee import services
from dudao.committee.choices import CommitteeActionStatus, MeetingStatus, ParticipationKind
from dudao.committee.models import Action, ActionReport, Meeting
from dudao.ledger.deadlines import ledger_daily
from dudao.regionsettings.services import region_setting_set
from dudao.testing.factories import UserFactory, user_with_role
from dudao.testing.matrix import api_client, ui_client

from .factories import HELD, action, committee_world, held_meeting, liaison

pytestmark = pytest.mark.django_db
API = "/api/v1/committee"


@pytest.fixture
def world(tree):
    w = committee_world(tree["nanan"])
    w["tree"] = tree
    w["office_user"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    return w


def post(client, url, data=None, method="post"):
    return getattr(client, method)(url, data=data or {}, content_type="application/json")


def test_meeting_decision_action_done_through_the_api(world):
    office = api_client(world["office_user"])
    fin, housing = world["members"][0], world["members"][1]
    r = post(office, f"{API}/meetings", {"committee_id": world["committee"].pk, "kind": "plenary",
                                          "title": "2026年全体会议", "held_on": "2026-03-20", "agenda": "一、审议工作要点"})
    assert r.status_code == 201, r.content
    meeting = r.json()
    assert {a["member_id"] for a in meeting["attendances"]} == {m.pk for m in world["members"]}
    mid = meeting["id"]
    # held before attendance: refused with the field named
    r = post(office, f"{API}/meetings/{mid}/transitions/hold")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "attendance"
    r = post(office, f"{API}/meetings/{mid}/attendance", {"rows": [
        {"member_id": fin.pk, "presence": "present", "attendee": "张局长"},
        {"member_id": housing.pk, "presence": "represented", "represented_by": ""}]}, method="put")
    assert r.status_code == 422  # 委托出席 names the person sent
    r = post(office, f"{API}/meetings/{mid}/attendance", {"rows": [
        {"member_id": fin.pk, "presence": "present", "attendee": "张局长"},
        {"member_id": housing.pk, "presence": "represented", "represented_by": "办公室主任"}]}, method="put")
    assert r.status_code == 200
    assert post(office, f"{API}/meetings/{mid}/transitions/hold").json()["status"] == "held"
    assert post(office, f"{API}/meetings/{mid}/transitions/approve_minutes").status_code == 422  # no minutes yet
    assert post(office, f"{API}/meetings/{mid}/minutes", {"minutes": "会议议定两项"}, method="put").status_code == 200
    d1 = post(office, f"{API}/meetings/{mid}/decisions", {"text": "经费纳入预算"}).json()
    d2 = post(office, f"{API}/meetings/{mid}/decisions", {"text": "配套园移交"}).json()
    assert (d1["number"], d2["number"]) == (1, 2)
    a1 = post(office, f"{API}/decisions/{d1['id']}/actions",
              {"member_id": fin.pk, "task": "纳入预算", "deadline": "2026-06-30"})
    assert a1.status_code == 201, a1.content
    a2 = post(office, f"{API}/decisions/{d2['id']}/actions",
              {"member_id": housing.pk, "task": "完成移交", "deadline": "2026-12-31"}).json()
    assert post(office, f"{API}/meetings/{mid}/transitions/approve_minutes").json()["status"] == "approved"
    detail = office.get(f"{API}/meetings/{mid}").json()
    assert [len(d["actions"]) for d in detail["decisions"]] == [1, 1]
    # the owner reports done, the office returns it, the owner reports again, the office accepts
    aid = a1.json()["id"]
    fin_liaison = api_client(liaison(fin))
    assert post(fin_liaison, f"{API}/actions/{aid}/transitions/report_done").status_code == 422  # no note
    r = post(fin_liaison, f"{API}/actions/{aid}/transitions/report_done", {"note": "已纳入预算"})
    assert r.status_code == 200 and r.json()["status"] == "reported"
    assert post(fin_liaison, f"{API}/actions/{aid}/transitions/accept").status_code == 403  # not the liaison's right
    assert post(office, f"{API}/actions/{aid}/transitions/return", {"note": "请附预算批复"}).json()["status"] == "returned"
    post(fin_liaison, f"{API}/actions/{aid}/transitions/report_done", {"note": "附批复"})
    r = post(office, f"{API}/actions/{aid}/transitions/accept")
    assert r.json()["status"] == "accepted"
    assert [e["action"] for e in r.json()["events"]] == ["create", "report_done", "return", "report_done", "accept"]
    assert ActionReport.objects.filter(action_row_id=aid, final=True).count() == 2
    assert Action.objects.get(pk=a2["id"]).status == CommitteeActionStatus.OPEN


def test_liaison_reports_on_own_unit_and_cannot_touch_another(world):
    fin, housing = world["members"][0], world["members"][1]
    own = action(world, fin)
    other = Action.objects.create(decision=own.decision, region_path=own.region_path, member=housing, task="移交",
                                  deadline=datetime.date(2026, 12, 31))
    client = api_client(liaison(fin))
    listed = {a["id"] for a in client.get(f"{API}/actions").json()["items"]}
    assert listed == {own.pk}
    assert client.get(f"{API}/actions/{other.pk}").status_code == 404
    assert post(client, f"{API}/actions/{other.pk}/reports", {"text": "代报"}).status_code == 404
    assert post(client, f"{API}/actions/{other.pk}/transitions/report_done", {"note": "x"}).status_code == 404
    r = post(client, f"{API}/actions/{own.pk}/reports", {"text": "已报区政府审定"})
    assert r.status_code == 201
    # the liaison sees its meeting and the rules, not the checks; it cannot write a meeting
    meeting = own.decision.meeting
    assert client.get(f"{API}/meetings/{meeting.pk}").status_code == 200
    assert post(client, f"{API}/meetings/{meeting.pk}/decisions", {"text": "x"}).status_code == 403
    assert client.get(f"{API}/checks", {"committee_id": world["committee"].pk}).status_code == 422
    part = client.get(f"{API}/participation", {"committee_id": world["committee"].pk, "year": 2026}).json()
    assert [r["unit_id"] for r in part["rows"]] == [fin.unit_id]
    # the page: the liaison's home lists its action; the action page takes a progress report with evidence
    ui = ui_client(client_user := liaison(fin))
    assert own.task in ui.get("/committee/mine/").content.decode()
    r = ui.post(f"/committee/actions/{own.pk}/", {"form": "progress", "text": "第二次进展",
                                                    "file": SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert r.status_code == 302, r.content[:500]
    report = ActionReport.objects.filter(action_row=own, text="第二次进展").get()
    assert report.reported_by == client_user and report.files.count() == 1
    assert ui.post(f"/committee/actions/{other.pk}/", {"form": "progress", "text": "x"}).status_code == 404


def test_pages_run_the_meeting_and_accept_the_action(world):
    ui = ui_client(world["office_user"])
    r = ui.post("/committee/meetings/add/", {"committee": world["committee"].pk, "kind": "plenary", "title": "专题会",
                                              "held_on": "2026-03-20", "agenda": "议程"})
    meeting = Meeting.objects.get(title="专题会")
    assert r.status_code == 302
    fin = world["members"][0]
    ui.post(meeting.get_absolute_url(), {"form": "attendance", f"presence-{fin.pk}": "present"})
    ui.post(meeting.get_absolute_url(), {"form": "transition", "transition": "hold"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    ui.post(meeting.get_absolute_url(), {"form": "decision", "text": "经费纳入预算"})
    decision = meeting.decisions.get()
    ui.post(meeting.get_absolute_url(), {"form": "action", "decision": decision.pk, "member": fin.pk,
                                         "task": "纳入预算", "deadline": "2026-06-30"})
    act = Action.objects.get(decision=decision)
    services.action_report_done(actor=liaison(fin), action_row=act, note="已办结")
    r = ui.post(act.get_absolute_url(), {"form": "transition", "transition": "accept", "note": ""})
    assert r.status_code == 302
    act.refresh_from_db()
    assert act.status == CommitteeActionStatus.ACCEPTED
    assert ui.get("/committee/actions/?export=xlsx").status_code == 200


def test_participation_counted_per_year_with_the_list_below(world, tree):
    from dudao.inspections.models import SupervisionTask, TeamMember
    from dudao.testing.schools_factories import inspector

    fin, housing, youth = world["members"]
    services.participation_add(actor=None, member=fin, kind=ParticipationKind.JOINT_CHECK, activity="开学检查",
                               held_on=datetime.date(2026, 2, 20))
    services.participation_add(actor=None, member=fin, kind=ParticipationKind.JOINT_CHECK, activity="去年的检查",
                               held_on=datetime.date(2025, 9, 1))  # another year: not counted in 2026
    # a team member employed by the housing department counts once for the task, with a record of the same task
    task = SupervisionTask.objects.create(region=tree["nanan"], region_path=tree["nanan"].path, office=world["office"],
                                          kind="special", title="校舍安全专项督导", status="on_site",
                                          start_date=datetime.date(2026, 5, 8))
    TeamMember.objects.create(task=task, inspector=inspector(world["office"], employer=housing.unit))
    services.participation_add(actor=None, member=housing, kind=ParticipationKind.SPECIAL, activity="校舍安全",
                               held_on=datetime.date(2026, 5, 8), task=task)
    client = api_client(world["office_user"])
    r = client.get(f"{API}/participation", {"committee_id": world["committee"].pk, "year": 2026}).json()
    counts = {row["unit_id"]: row["count"] for row in r["rows"]}
    assert counts == {fin.unit_id: 1, housing.unit_id: 1, youth.unit_id: 0}
    assert r["below"] == [youth.unit.name]
    # the rule is a region setting: raising it to 2 puts everyone below
    region_setting_set(actor=None, region=tree["nanan"], key="committee.min_member_activities_per_year", value=2)
    r = client.get(f"{API}/participation", {"committee_id": world["committee"].pk, "year": 2026}).json()
    assert len(r["below"]) == 3
    page = ui_client(world["office_user"]).get("/committee/participation/", {"year": 2026})
    assert youth.unit.name in page.content.decode()


def test_plenary_and_staffing_checks(world, tree):
    client = api_client(world["office_user"])
    url = f"{API}/checks"
    r = client.get(url, {"committee_id": world["committee"].pk, "year": 2026}).json()
    assert r["plenary"]["ok"] is False and r["plenary"]["value"] == 0
    assert r["staffing"]["value"] == 0 and r["staffing"]["ok"] is False
    held_meeting(world)
    for _n in range(3):
        UserFactory(unit=world["office"])
    r = client.get(url, {"committee_id": world["committee"].pk, "year": 2026}).json()
    assert r["plenary"]["ok"] is True and r["staffing"] == {**r["staffing"], "value": 3, "ok": True}
    for _n in range(3):
        UserFactory(unit=world["office"])
    assert client.get(url, {"committee_id": world["committee"].pk, "year": 2026}).json()["staffing"]["ok"] is False
    region_setting_set(actor=None, region=tree["nanan"], key="committee.office_staff_max", value=6)
    assert client.get(url, {"committee_id": world["committee"].pk, "year": 2026}).json()["staffing"]["ok"] is True
    # a topic meeting is not a plenary; the city's committee has no county staffing rule
    city = committee_world(tree["cq"], members=())
    r = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])).get(
        url, {"committee_id": city["committee"].pk, "year": 2026}).json()
    assert r["staffing"] is None


def test_overdue_actions_flagged_by_the_daily_job(world):
    late = action(world, deadline=datetime.date(2026, 4, 30))
    ledger_daily(today=datetime.date(2026, 5, 1))
    late.refresh_from_db()
    assert late.overdue and late.events.filter(action="overdue").count() == 1
    ledger_daily(today=datetime.date(2026, 5, 2))
    assert late.events.filter(action="overdue").count() == 1  # flagged once
    r = api_client(world["office_user"]).get(f"{API}/actions", {"overdue": True}).json()
    assert [a["id"] for a in r["items"]] == [late.pk]


def test_rules_versions_supersede(world):
    client = api_client(world["office_user"])
    body = {"committee_id": world["committee"].pk, "kind": "procedure", "title": "议事规则", "effective_on": "2021-10-01",
            "text": "第一条"}
    v1 = post(client, f"{API}/rules", body).json()
    assert post(client, f"{API}/rules", {**body, "effective_on": "2021-09-01"}).status_code == 422
    v2 = post(client, f"{API}/rules", {**body, "effective_on": "2025-04-01", "text": "第一条 第二条"}).json()
    assert v2["version"] == 2 and v2["in_force"]
    v1 = client.get(f"{API}/rules/{v1['id']}").json()
    assert v1["superseded_on"] == "2025-04-01" and not v1["in_force"]
    fin_liaison = api_client(liaison(world["members"][0]))
    assert {r["version"] for r in fin_liaison.get(f"{API}/rules").json()["items"]} == {1, 2}
    assert post(fin_liaison, f"{API}/rules", body).status_code == 403  # a liaison reads the rules, never writes them


def test_other_region_sees_nothing(world, tree):
    a = action(world)
    outsider = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    assert outsider.get(f"{API}/actions/{a.pk}").status_code == 404
    assert outsider.get(f"{API}/meetings/{a.decision.meeting_id}").status_code == 404
    assert outsider.get(f"{API}/participation", {"committee_id": world["committee"].pk}).status_code == 422
    assert Client().get(f"{API}/actions").status_code == 401
    assert HELD.year == 2026


def test_responses_match_the_openapi_schema(world):
    from tests.test_openapi import validate

    spec = Client().get("/api/v1/openapi.json").json()
    fin = world["members"][0]
    act = action(world, fin)
    services.action_progress(actor=None, action_row=act, text="进展")
    services.rule_add(actor=None, committee=world["committee"], kind="procedure", title="议事规则",
                      effective_on=datetime.date(2021, 1, 1))
    client = api_client(world["office_user"])
    c = world["committee"].pk
    calls = [
        ("get", f"{API}/meetings", None), ("get", f"{API}/meetings/{act.decision.meeting_id}", None),
        ("get", f"{API}/actions", None), ("get", f"{API}/actions/{act.pk}", None),
        ("get", f"{API}/rules", None), ("get", f"{API}/participation?committee_id={c}&year=2026", None),
        ("get", f"{API}/checks?committee_id={c}&year=2026", None), ("get", f"{API}/participation/records", None),
        ("post", f"{API}/actions/{act.pk}/transitions/report_done", {"note": "已办结"}),
        ("post", f"{API}/actions/{act.pk}/transitions/return", {}),  # 422: the reason is missing
        ("post", f"{API}/participation", {"member_id": fin.pk, "kind": "other", "activity": "检查",
                                          "held_on": "2026-04-01"}),
        ("get", f"{API}/actions/999999", None),
    ]
    statuses = set()
    for method, url, body in calls:
        r = post(client, url, body) if method == "post" else client.get(url)
        validate(spec, method, url, r)
        statuses.add(r.status_code)
    assert statuses == {200, 201, 404, 422}
