"""Acceptance through the pages: a 南岸区 office runs a special supervision of 3 schools from
draft to a published report (the Django test client plays the browser); the problem the team
records on site is a draft the school cannot see until the opinion letter issues it."""

import datetime

import pytest
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.inspections.choices import TaskStatus
from dudao.inspections.models import SupervisionTask, TaskEvent
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.frameworks_factories import load_small
from dudao.testing.inspections_factories import setting

pytestmark = pytest.mark.django_db


def ok(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def transition(client, task, name):
    ok(client.post(f"/inspections/{task.pk}/transitions/{name}/"))
    task.refresh_from_db()
    return task


def test_office_runs_a_special_supervision_to_a_published_report(tree, client):
    w = setting(tree)
    version = load_small()
    client.force_login(w["admin"])
    assert client.get("/inspections/new/").status_code == 200
    ok(client.post("/inspections/new/", {
        "office": w["office"].pk, "kind": "special", "title": "2025年南岸区课后服务专项督导", "topic": "课后服务",
        "framework_version": version.pk, "scope_mode": "special", "timing_mode": "result", "schedule_mode": "routine",
        "channel_mode": "offline", "subject_mode": "cross", "start_date": "", "end_date": "", "experts": ""}))
    task = SupervisionTask.objects.get()
    for school in w["schools"]:
        ok(client.post(f"/inspections/{task.pk}/targets/", {"unit": school.pk}))
    for i, insp in enumerate(w["inspectors"]):
        ok(client.post(f"/inspections/{task.pk}/team/", {"inspector": insp.pk, "role": "leader" if i == 0 else "member"}))
    page = client.get(f"{task.get_absolute_url()}?tab=targets").content.decode()
    assert "本学期已接受或计划的督导" in page
    assert task.targets.count() == 3 and task.team.count() == 3

    transition(client, task, "notify")
    assert task.status == TaskStatus.NOTIFIED
    notice = client.get(f"/inspections/{task.pk}/documents/notice/").content.decode()
    assert "南岸区测试学校1" in notice and "测试督学1" in notice
    transition(client, task, "start_on_site")

    for n, target in enumerate(task.targets.order_by("id")):
        ok(client.post(f"/inspections/targets/{target.pk}/", {
            "form": "scores", "stage": "primary", "score-A1-1": "好" if n else "一般", "score-A1-2": "18",
            "score-A2-1": "5", "score-A2-2": "是"}))
        target.refresh_from_db()
        assert target.result_version == version and target.score is not None
    first = task.targets.order_by("id").first()
    ok(client.post(f"/inspections/targets/{first.pk}/", {
        "form": "opinion", "kind": "parents", "held_on": "2025-11-20", "participants": "12", "summary": "家长满意"}))
    ok(client.post(f"/inspections/targets/{first.pk}/", {
        "form": "problem", "description": "课后服务收费公示不规范", "category": "management", "severity": "minor",
        "requirement": "在校门口和网站公示收费标准", "routing": "small",
        "deadline": (timezone.localdate() + datetime.timedelta(days=60)).isoformat()}))
    problem = LedgerItem.objects.get(task=task)
    assert problem.status == "draft" and problem.target == first and problem.unit == first.unit
    first.refresh_from_db()
    assert first.colour == "yellow"  # 一般 → below 90

    for kind in ("students", "teachers"):
        ok(client.post(f"/inspections/targets/{first.pk}/", {
            "form": "opinion", "kind": kind, "held_on": "2025-11-20", "participants": "10", "summary": "座谈意见"}))
    # 条例 Art. 19: without the other schools' 座谈 the step is refused and the page says which are missing
    transition(client, task, "send_preliminary_opinion")
    assert task.status == TaskStatus.ON_SITE
    page = client.get(task.get_absolute_url()).content.decode()
    assert "第十九条" in page and "南岸区测试学校2" in page and "学生座谈会" in page
    assert "南岸区测试学校1：" not in page
    ok(client.post(f"/inspections/{task.pk}/transitions/send_preliminary_opinion/",
                   {"opinion_override": "两校期中考试期间，改以问卷调查听取意见"}))
    task.refresh_from_db()
    assert task.status == TaskStatus.PRELIMINARY_OPINION
    event = TaskEvent.objects.filter(task=task, action="send_preliminary_opinion").get()
    assert event.data["opinion_override"].startswith("两校期中考试") and len(event.data["missing_opinions"]) == 2
    transition(client, task, "open_objection_window")
    assert task.objection_deadline is not None
    for target in task.targets.select_related("unit"):
        respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=target.unit)
        client.force_login(respondent)
        ok(client.post(f"/inspections/targets/{target.pk}/", {"form": "objection", "waive": "1"}))
        if target.unit_id == problem.unit_id:  # the school does not see the draft
            assert "课后服务收费公示不规范" not in client.get(f"/inspections/targets/{target.pk}/").content.decode()
            assert client.get(problem.get_absolute_url()).status_code == 404
    client.force_login(w["admin"])
    transition(client, task, "issue_opinion_letter")
    problem.refresh_from_db()
    assert problem.status == "issued" and problem.events.filter(action="issue").exists()
    letter = client.get(f"/inspections/{task.pk}/documents/letter/").content.decode()
    assert "课后服务收费公示不规范" in letter
    ok(client.post(f"/inspections/{task.pk}/report/", {"summary": "3所学校课后服务总体规范。"}))
    transition(client, task, "submit_report")
    transition(client, task, "publish")
    assert task.status == TaskStatus.PUBLISHED
    report = client.get(f"/inspections/{task.pk}/documents/report/?print=1").content.decode()
    assert "3所学校课后服务总体规范" in report and "得分" in report
    assert list(TaskEvent.objects.filter(task=task).exclude(to_status="").values_list("to_status", flat=True)) == [
        "notified", "on_site", "preliminary_opinion", "objection_window", "opinion_letter", "report", "published"]
    board = client.get("/inspections/").content.decode()
    assert "2025年南岸区课后服务专项督导" in board
    history = client.get(f"/inspections/units/{first.unit_id}/history/").content.decode()
    assert "2025年南岸区课后服务专项督导" in history


def test_school_fills_its_self_evaluation_on_the_page(tree, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dudao.inspections import workflows
    from dudao.testing.inspections_factories import special_task

    w = setting(tree)
    task = special_task(w, self_evaluation=True)
    workflows.task_notify(actor=None, task=task)
    workflows.task_begin_self_evaluation(actor=None, task=task)
    school = w["schools"][0]
    target = task.targets.get(unit=school)
    client.force_login(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school))
    page = client.get(f"/inspections/targets/{target.pk}/").content.decode()
    assert 'name="self-A1-1"' in page and 'name="score-A1-1"' not in page  # the unit does not score itself
    ok(client.post(f"/inspections/targets/{target.pk}/", {
        "form": "self_evaluation", "report": "我校自评报告", "self-A1-1": "好", "self-A1-2": "16",
        "files": [SimpleUploadedFile("台账.pdf", b"%PDF-1.4")]}))
    target.refresh_from_db()
    assert target.self_submitted_at and target.scores.get(code="A1-2").self_value == 16
    assert target.files.count() == 1
