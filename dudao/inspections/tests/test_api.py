"""The target unit's own answers through the API (self-evaluation, objection), error shapes, and
transitions refused with a named field."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.inspections import workflows
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting, special_task
from dudao.testing.matrix import api_client

from .helpers import advance

pytestmark = pytest.mark.django_db
API = "/api/v1/inspections"


@pytest.fixture
def world(tree):
    return setting(tree)


def test_self_evaluation_by_the_unit_only(world, tree):
    task = special_task(world, self_evaluation=True)
    workflows.task_notify(actor=None, task=task)
    workflows.task_begin_self_evaluation(actor=None, task=task)
    school = world["schools"][0]
    target = task.targets.get(unit=school)
    url = f"{API}/targets/{target.pk}/self-evaluation"
    body = {"report": "我校自评报告", "scores": {"A1-1": "好"}}
    assert api_client(None).post(url, body, content_type="application/json").status_code == 401
    other = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][1]))
    assert other.post(url, body, content_type="application/json").status_code == 404  # not their target
    office = api_client(world["admin"])
    assert office.post(url, body, content_type="application/json").status_code == 403
    own = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school))
    bad = own.post(url, {"report": "", "scores": {}}, content_type="application/json")
    assert bad.status_code == 422 and "report" in bad.content.decode()
    response = own.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["self_submitted_at"]


def test_objection_by_the_unit_in_the_window(world):
    task = advance(special_task(world), "open_objection_window")
    school = world["schools"][0]
    target = task.targets.get(unit=school)
    own = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school))
    url = f"{API}/targets/{target.pk}/objection"
    early = own.post(url, {"text": "异议"}, content_type="application/json")
    assert early.status_code == 422 and "status" in early.content.decode()
    workflows.task_open_objection_window(actor=None, task=task)
    assert own.post(url, {"text": "第二条不符合事实"}, content_type="application/json").status_code == 200
    target.refresh_from_db()
    assert target.objection == "第二条不符合事实"
    sibling = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][1]))
    assert sibling.post(url, {"state": "waived"}, content_type="application/json").status_code == 404


def test_refused_transition_names_the_status_field(world):
    task = special_task(world, team=2)
    response = api_client(world["admin"]).post(f"{API}/tasks/{task.pk}/transitions/notify", {},
                                               content_type="application/json")
    assert response.status_code == 422 and "第十六条" in response.content.decode()
    unknown = api_client(world["admin"]).post(f"{API}/tasks/{task.pk}/transitions/explode", {},
                                              content_type="application/json")
    assert unknown.status_code == 404


def test_target_respondent_sees_only_its_own_target_row(world):
    task = special_task(world)
    school = world["schools"][0]
    own = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school))
    detail = own.get(f"{API}/tasks/{task.pk}")
    assert detail.status_code == 200
    assert detail.json()["transitions"] == []
    assert [t["unit_id"] for t in detail.json()["targets"]] == [school.pk]
    office = api_client(world["admin"]).get(f"{API}/tasks/{task.pk}").json()
    assert len(office["targets"]) == 3 and "notify" in office["transitions"]
