"""The supervision procedure over the API only, each step by its proper actor (spine item 6): the
office runs the transitions and writes the report; the team reviews self-evaluations, writes its
evaluation, records 座谈/问卷 and uploads photos; each unit answers its preliminary opinion — or
the office records a paper answer on its behalf. Then the refusals of the new operations."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.inspections import services, workflows
from dudao.inspections.choices import TaskStatus
from dudao.inspections.models import OpinionRecord, TaskTarget
from dudao.testing import file_factories as ff
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting, special_task
from dudao.testing.matrix import api_client, ui_client

from .helpers import advance

pytestmark = pytest.mark.django_db
API = "/api/v1/inspections"
JSON = "application/json"


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content.decode()[:500])
    return response.json() if response.content else None


def fields(response):
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def world(tree):
    return setting(tree)


def _target(body, unit):
    return next(t for t in body["targets"] if t["unit_id"] == unit.pk)


def test_the_whole_procedure_over_the_api(world, tree):
    office = api_client(world["admin"])
    leader_user = world["inspectors"][0].user
    team = api_client(leader_user)  # the team's leader (an inspector of the region)
    school_a, school_b = world["schools"][:2]
    unit_a = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school_a))
    unit_b = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school_b))

    # draft: the office creates the task (no framework: the written evaluation is the result)
    task = ok(office.post(f"{API}/tasks", {
        "office_id": world["office"].pk, "kind": "special", "title": "接口全程专项督导",
        "requires_self_evaluation": True, "target_ids": [school_a.pk, school_b.pk]}, content_type=JSON), 201)
    tid = task["id"]
    for i, insp in enumerate(world["inspectors"]):
        ok(office.post(f"{API}/tasks/{tid}/team", {"inspector_id": insp.pk, "role": "leader" if i == 0 else "member"},
                       content_type=JSON), 201)
    ok(office.patch(f"{API}/tasks/{tid}", {"topic": "课后服务"}, content_type=JSON))

    def step(name, client=office):
        return ok(client.post(f"{API}/tasks/{tid}/transitions/{name}", {}, content_type=JSON))

    step("notify")
    body = step("begin_self_evaluation")
    a, b = _target(body, school_a)["id"], _target(body, school_b)["id"]

    # self-evaluation: the units submit; the team returns one with a reason, then approves both
    ok(unit_a.post(f"{API}/targets/{a}/self-evaluation", {"report": "我校自评报告"}, content_type=JSON))
    ok(unit_b.post(f"{API}/targets/{b}/self-evaluation", {"report": "自评（草）"}, content_type=JSON))
    early = office.post(f"{API}/tasks/{tid}/transitions/start_on_site", {}, content_type=JSON)
    assert early.status_code == 422 and "未提交或未审核" in early.content.decode()
    returned = ok(team.post(f"{API}/targets/{b}/self-evaluation/review", {"decision": "return", "reason": "缺佐证材料"},
                            content_type=JSON))
    assert returned["self_submitted_at"] is None and returned["self_return_reason"] == "缺佐证材料"
    ok(unit_b.post(f"{API}/targets/{b}/self-evaluation", {"report": "我校自评报告（补充佐证）"}, content_type=JSON))
    for t in (a, b):
        assert ok(team.post(f"{API}/targets/{t}/self-evaluation/review", {"decision": "approve"},
                            content_type=JSON))["self_reviewed_at"]

    # on site: opinion records, photos and the team's written evaluation
    step("start_on_site")
    record = ok(team.post(f"{API}/targets/{a}/opinions", {
        "kind": "parents", "held_on": "2026-11-20", "participants": 12, "satisfaction": "91.5",
        "summary": "家长认可课后服务"}, content_type=JSON), 201)
    assert record["recorded_by_id"] == leader_user.pk and record["kind_label"] == "家长座谈会"
    ok(team.post(f"{API}/targets/{b}/opinions", {"kind": "lesson", "held_on": "2026-11-20", "summary": "听课2节"},
                 content_type=JSON), 201)
    photo = SimpleUploadedFile("现场.jpg", ff.jpeg_bytes(), content_type="image/jpeg")
    uploaded = ok(team.post(f"{API}/tasks/{tid}/files", {"file": photo, "kind": "photo", "target_id": a,
                                                          "caption": "课后服务现场"}), 201)
    assert uploaded["target_id"] == a and uploaded["name"].endswith(".jpg")
    refused = office.post(f"{API}/tasks/{tid}/transitions/send_preliminary_opinion", {}, content_type=JSON)
    assert refused.status_code == 422 and "督导评价" in refused.content.decode()
    for t, colour in ((a, "green"), (b, "yellow")):
        ok(team.put(f"{API}/targets/{t}/evaluation", {"evaluation": "课后服务总体规范", "colour": colour},
                    content_type=JSON))
    for kind in ("students", "teachers"):
        ok(team.post(f"{API}/targets/{a}/opinions", {"kind": kind, "held_on": "2026-11-20", "summary": "座谈意见"},
                     content_type=JSON), 201)
    # 条例 Art. 19: school b held no 座谈; the office goes on only with a recorded reason
    missing = office.post(f"{API}/tasks/{tid}/transitions/send_preliminary_opinion", {}, content_type=JSON)
    assert missing.status_code == 422 and "第十九条" in missing.content.decode()
    assert missing.json()["errors"][0]["field"] == "opinion_override"
    ok(office.post(f"{API}/tasks/{tid}/transitions/send_preliminary_opinion",
                   {"opinion_override": "该校停课检修，改为问卷调查"}, content_type=JSON))
    body = step("open_objection_window")
    assert body["objection_deadline"] and _target(body, school_a)["objection_state"] == "none"

    # objection window: unit A waives over the API; unit B answered on paper, the office records it
    waived = ok(unit_a.post(f"{API}/targets/{a}/objection", {"state": "waived"}, content_type=JSON))
    assert waived["objection_state"] == "waived" and waived["objection_at"] and not waived["objection_on_behalf"]
    refused = office.post(f"{API}/tasks/{tid}/transitions/issue_opinion_letter", {}, content_type=JSON)
    assert refused.status_code == 422 and "申辩期" in refused.content.decode()
    recorded = ok(office.post(f"{API}/targets/{b}/objection/on-behalf", {
        "state": "objection", "text": "第二条与事实不符（纸质申辩书）", "note": "11月25日收文"}, content_type=JSON))
    assert recorded["objection_state"] == "objection" and recorded["objection_on_behalf"] is True
    assert recorded["objection_recorded_by_id"] == world["admin"].pk

    # the letter, the report and its publication
    step("issue_opinion_letter")
    ok(office.put(f"{API}/tasks/{tid}/report", {"summary": "2所学校课后服务总体规范。"}, content_type=JSON))
    step("submit_report")
    body = step("publish")
    assert body["status"] == TaskStatus.PUBLISHED and body["report_summary"] == "2所学校课后服务总体规范。"
    states = {t["unit_id"]: (t["objection_state"], t["objection_on_behalf"]) for t in body["targets"]}
    assert states == {school_a.pk: ("waived", False), school_b.pk: ("objection", True)}
    actions = [e["action"] for e in body["events"]]
    assert actions.count("self_evaluation_returned") == 1 and "objection_waived" in actions
    assert [e["to_status"] for e in body["events"] if e["to_status"]] == [
        "notified", "self_evaluation", "on_site", "preliminary_opinion", "objection_window", "opinion_letter",
        "report", "published"]
    # each unit reads its own answer in the history, not the other's
    own = ok(unit_a.get(f"{API}/tasks/{tid}"))
    assert [t["unit_id"] for t in own["targets"]] == [school_a.pk]
    assert {e["action"] for e in own["events"]} & {"objection", "self_evaluation_returned"} == set()
    assert ok(unit_a.get(f"{API}/tasks/{tid}/files"))[0]["caption"] == "课后服务现场"
    assert ok(unit_b.get(f"{API}/tasks/{tid}/files")) == []


def test_only_the_office_records_a_paper_answer(world):
    task = advance(special_task(world, framework=False), "open_objection_window")
    workflows.task_open_objection_window(actor=None, task=task)
    school = world["schools"][0]
    target = task.targets.get(unit=school)
    url = f"{API}/targets/{target.pk}/objection/on-behalf"
    body = {"state": "waived"}
    respondent = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school))
    assert respondent.post(url, body, content_type=JSON).status_code == 403
    inspector = api_client(world["inspectors"][0].user)
    assert inspector.post(url, body, content_type=JSON).status_code == 403
    office = api_client(world["admin"])
    bad = office.post(url, {"state": "objection", "text": " "}, content_type=JSON)
    assert bad.status_code == 422 and fields(bad) == {"text"}
    assert office.post(url, {"state": "none"}, content_type=JSON).status_code == 422
    target.refresh_from_db()
    assert target.objection_state == "none" and target.objection_at is None  # no answer is not a waiver
    ok(office.post(url, body, content_type=JSON))
    target.refresh_from_db()
    assert (target.objection_state, target.objection_on_behalf, target.objection_recorded_by) == (
        "waived", True, world["admin"])
    assert task.events.filter(action="objection_waived", actor=world["admin"], data__on_behalf=True).exists()


def test_paper_answer_only_in_the_window(world):
    task = advance(special_task(world, framework=False), "open_objection_window")
    target = task.targets.first()
    response = api_client(world["admin"]).post(f"{API}/targets/{target.pk}/objection/on-behalf",
                                               {"state": "waived"}, content_type=JSON)
    assert response.status_code == 422 and "申辩期" in response.content.decode()


def test_self_evaluation_review_refusals(world):
    task = special_task(world, self_evaluation=True)
    workflows.task_notify(actor=None, task=task)
    workflows.task_begin_self_evaluation(actor=None, task=task)
    school = world["schools"][0]
    target = task.targets.get(unit=school)
    url = f"{API}/targets/{target.pk}/self-evaluation/review"
    team = api_client(world["inspectors"][1].user)
    early = team.post(url, {"decision": "approve"}, content_type=JSON)
    assert early.status_code == 422 and "尚未提交" in early.content.decode()
    services.self_evaluation_submit(actor=None, target=target, report="自评")
    respondent = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school))
    assert respondent.post(url, {"decision": "approve"}, content_type=JSON).status_code == 403
    outsider = api_client(user_with_role(RoleCode.INSPECTOR, region=world["region"]))  # not on the team
    assert outsider.post(url, {"decision": "approve"}, content_type=JSON).status_code == 403
    no_reason = team.post(url, {"decision": "return"}, content_type=JSON)
    assert no_reason.status_code == 422 and fields(no_reason) == {"reason"}
    assert team.post(url, {"decision": "maybe"}, content_type=JSON).status_code == 422
    ok(team.post(url, {"decision": "approve"}, content_type=JSON))
    again = respondent.post(f"{API}/targets/{target.pk}/self-evaluation", {"report": "改"}, content_type=JSON)
    assert again.status_code == 422  # approved: no longer editable


def test_opinion_records_and_files_are_scoped(world):
    task = advance(special_task(world, framework=False), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    a, b = (task.targets.get(unit=s) for s in world["schools"][:2])
    team = api_client(world["inspectors"][0].user)
    bad = team.post(f"{API}/targets/{a.pk}/opinions", {"kind": "party", "held_on": "2026-11-20", "summary": "x"},
                    content_type=JSON)
    assert bad.status_code == 422
    ok(team.post(f"{API}/targets/{a.pk}/opinions", {"kind": "students", "held_on": "2026-11-20",
                                                     "summary": "学生座谈"}, content_type=JSON), 201)
    record = OpinionRecord.objects.get(target=a)
    other_user = user_with_role(RoleCode.UNIT_RESPONDENT, unit=b.unit)
    other_unit = api_client(other_user)
    assert other_unit.get(f"{API}/targets/{a.pk}/opinions").status_code == 404
    assert other_unit.delete(f"{API}/opinions/{record.pk}").status_code == 404
    own_user = user_with_role(RoleCode.UNIT_RESPONDENT, unit=a.unit)
    own_unit = api_client(own_user)
    assert len(ok(own_unit.get(f"{API}/targets/{a.pk}/opinions"))) == 1
    assert own_unit.delete(f"{API}/opinions/{record.pk}").status_code == 403
    assert team.delete(f"{API}/opinions/{record.pk}").status_code == 204
    assert not OpinionRecord.objects.filter(pk=record.pk).exists()

    def photo():
        return SimpleUploadedFile("a.jpg", ff.jpeg_bytes(), content_type="image/jpeg")

    wrong = team.post(f"{API}/tasks/{task.pk}/files", {"file": SimpleUploadedFile("x.exe", b"MZ"), "kind": "file"})
    assert wrong.status_code == 422
    foreign = special_task(world, framework=False).targets.first()
    assert team.post(f"{API}/tasks/{task.pk}/files", {"file": photo(), "target_id": foreign.pk}).status_code == 422
    row = ok(team.post(f"{API}/tasks/{task.pk}/files", {"file": photo(), "target_id": a.pk}), 201)
    assert row["target_id"] == a.pk and row["url"] == f"/files/{row['id']}/"
    assert own_unit.get(f"{API}/tasks/{task.pk}/files/{row['id']}").status_code == 200
    assert other_unit.get(f"{API}/tasks/{task.pk}/files/{row['id']}").status_code == 404
    # the same file through the one download and the attachments API: the unit's own, nobody else's
    assert ui_client(own_user).get(row["url"]).status_code == 200
    assert ui_client(other_user).get(row["url"]).status_code == 404
    assert ok(own_unit.get(f"/api/v1/attachments?owner=inspections.target&owner_id={a.pk}"))[0]["id"] == row["id"]
    assert other_unit.get(f"/api/v1/attachments?owner=inspections.target&owner_id={a.pk}").status_code == 404
    # the pages: the task's 现场材料 list shows a unit its own target's file, not another unit's
    tab = task.get_absolute_url() + "?tab=on_site"
    assert row["url"] in ui_client(own_user).get(tab).content.decode()
    other_page = ui_client(other_user).get(tab)
    assert other_page.status_code == 200 and row["url"] not in other_page.content.decode()
    assert row["url"] in ui_client(world["admin"]).get(f"/inspections/targets/{a.pk}/").content.decode()
    assert [f["id"] for f in ok(own_unit.get(f"{API}/tasks/{task.pk}/files"))] == [row["id"]]
    assert ok(other_unit.get(f"{API}/tasks/{task.pk}/files")) == []
    assert other_unit.post(f"{API}/tasks/{task.pk}/files", {"file": photo()}).status_code == 403


def test_a_waiver_is_not_no_answer_on_the_page(world, client):
    task = advance(special_task(world, framework=False), "open_objection_window")
    workflows.task_open_objection_window(actor=None, task=task)
    a, b = (task.targets.get(unit=s) for s in world["schools"][:2])
    client.force_login(world["admin"])
    response = client.post(f"/inspections/targets/{b.pk}/", {"form": "objection_on_behalf", "state": "waived",
                                                              "note": "纸质回执"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.objection_state == "waived" and b.objection_on_behalf and b.objection_recorded_by == world["admin"]
    page = client.get(f"{task.get_absolute_url()}?tab=targets").content.decode()
    assert "未答复" in page and "无异议" in page and "督导室代录" in page
    assert TaskTarget.objects.get(pk=a.pk).objection_state == "none"
