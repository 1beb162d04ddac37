"""C5 校（园）长任期结束综合督导: the due list keeps the office's own schools by 学校管理权限 (county vs 市直属),
creates the task in one step (page and API), and the task's report marks the tenure supervised."""

import datetime

import pytest
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.inspections import services, workflows
from dudao.inspections.choices import TaskKind, TaskStatus
from dudao.inspections.models import SupervisionTask
from dudao.schools.models import PrincipalTenure, SchoolProfile
from dudao.schools.services import principal_appoint
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import office

from .helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    w = setting(tree)
    today = timezone.localdate()
    a, b = w["schools"][:2]
    SchoolProfile.objects.filter(unit=b).update(authority="city")  # 市直属
    w["city_office"] = office(tree["cq"])
    w["city"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    w["a_tenure"] = principal_appoint(actor=None, school=a, name="甲校长", start_date=today.replace(year=today.year - 6),
                                      planned_end_date=today + datetime.timedelta(days=60))
    w["b_tenure"] = principal_appoint(actor=None, school=b, name="乙校长", start_date=today.replace(year=today.year - 6),
                                      planned_end_date=today + datetime.timedelta(days=60))
    return w


def test_due_list_follows_the_management_authority(world, client):
    client.force_login(world["admin"])
    county = client.get("/schools/principals/due/?region=500108").content.decode()
    assert "甲校长" in county and "乙校长" not in county
    assert "乙校长" in client.get("/schools/principals/due/?region=500108&everyone=1").content.decode()
    names = [r["name"] for r in api_client(world["city"]).get("/api/v1/schools/principals-due?region_code=500000").json()]
    assert names == ["乙校长"]


def test_one_step_task_and_the_report_marks_the_tenure(world, client):
    client.force_login(world["admin"])
    response = client.post(f"/inspections/tenure/{world['a_tenure'].pk}/task/")
    assert response.status_code == 302
    task = SupervisionTask.objects.get(kind=TaskKind.PRINCIPAL_TENURE)
    assert task.office == world["office"] and [t.unit for t in task.targets.all()] == [world["schools"][0]]
    assert "甲校长" in task.title and task.status == TaskStatus.DRAFT
    again = client.post(f"/inspections/tenure/{world['a_tenure'].pk}/task/", follow=True).content.decode()
    assert "已有该校的任期结束综合督导任务" in again and SupervisionTask.objects.count() == 1
    # the county office may not organise the 市直属 school's; the city office does, over the API
    refused = api_client(world["admin"]).post("/api/v1/inspections/tenure-tasks",
                                              {"tenure_id": world["b_tenure"].pk}, content_type="application/json")
    assert refused.status_code in (403, 422) and SupervisionTask.objects.count() == 1
    made = api_client(world["city"]).post("/api/v1/inspections/tenure-tasks", {"tenure_id": world["b_tenure"].pk},
                                          content_type="application/json")
    assert made.status_code == 201 and made.json()["office_id"] == world["city_office"].pk

    for i, insp in enumerate(world["inspectors"]):
        services.team_member_add(actor=None, task=task, inspector=insp, role="leader" if i == 0 else "member")
    task = advance(task, "submit_report")
    workflows.task_submit_report(actor=None, task=task)
    world["a_tenure"].refresh_from_db()
    assert world["a_tenure"].tenure_end_supervised_on == task.start_date
    assert PrincipalTenure.objects.get(pk=world["b_tenure"].pk).tenure_end_supervised_on is None
