"""The annual work plan (I2): numbered items, submission upward, acknowledgement by the office one
level up (never the plan's own office), and progress seen from linked tasks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.inspections import services, workflows
from dudao.inspections.choices import PlanStatus
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting, special_task
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db
API = "/api/v1/inspections/plans"


@pytest.fixture
def world(tree):
    return setting(tree)


def test_plan_items_are_numbered_and_submitted_upward(world, tree):
    plan = services.work_plan_create(actor=world["admin"], office=world["office"], year=2025, title="2025年工作要点")
    with pytest.raises(ValidationError, match="没有任何事项"):
        workflows.work_plan_submit(actor=world["admin"], plan=plan)
    a = services.work_plan_item_add(actor=world["admin"], plan=plan, content="课后服务专项督导", planned_month=10)
    b = services.work_plan_item_add(actor=world["admin"], plan=plan, content="综合督导")
    assert (a.number, b.number) == (1, 2)
    with pytest.raises(ValidationError, match="1到12"):
        services.work_plan_item_add(actor=world["admin"], plan=plan, content="x", planned_month=13)
    with pytest.raises(ValidationError, match="已存在"):
        services.work_plan_create(actor=world["admin"], office=world["office"], year=2025, title="重复")
    workflows.work_plan_submit(actor=world["admin"], plan=plan)
    with pytest.raises(ValidationError, match="已报送"):
        services.work_plan_item_add(actor=world["admin"], plan=plan, content="迟到事项")
    # the plan's own office cannot acknowledge; a sibling cannot either; the city office can
    with pytest.raises(PermissionDenied):
        workflows.work_plan_acknowledge(actor=world["admin"], plan=plan)
    with pytest.raises(PermissionDenied):
        workflows.work_plan_acknowledge(actor=user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]), plan=plan)
    city = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"], recursive=False)
    workflows.work_plan_acknowledge(actor=city, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACKNOWLEDGED and plan.acknowledged_by == city
    assert [(e.action, e.from_status, e.to_status, e.actor) for e in plan.events.all()] == [
        ("submit", "draft", "submitted", world["admin"]), ("acknowledge", "submitted", "acknowledged", city)]


def test_plan_progress_from_linked_tasks_and_acknowledge_through_api(world, tree, client):
    plan = services.work_plan_create(actor=None, office=world["office"], year=2025, title="2025年工作要点")
    item = services.work_plan_item_add(actor=None, plan=plan, content="课后服务专项督导")
    task = special_task(world)
    task.plan_item = item
    task.save(update_fields=["plan_item"])
    client.force_login(world["admin"])
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert task.title in page and "草稿" in page
    assert client.post(f"/inspections/plans/{plan.pk}/", {"form": "submit"}).status_code == 302
    own = api_client(world["admin"]).post(f"{API}/{plan.pk}/acknowledge")
    assert own.status_code == 403
    city = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]))
    response = city.post(f"{API}/{plan.pk}/acknowledge")
    assert response.status_code == 200 and response.json()["status"] == "acknowledged"
    assert response.json()["items"][0]["task_ids"] == [task.pk]
    assert api_client(None).post(f"{API}/{plan.pk}/acknowledge").status_code == 401
