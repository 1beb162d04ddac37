"""A framework version's 适用对象 (``applicable_unit_kinds``) is enforced: a unit of another kind is
refused as a target, and the kindergarten framework never scores a school."""

import pytest
from django.core.exceptions import ValidationError

from dudao.frameworks.models import FrameworkVersion
from dudao.inspections import services, workflows
from dudao.orgs.choices import UnitKind
from dudao.testing.frameworks_factories import load_small
from dudao.testing.inspections_factories import GOOD_RESULTS, setting, special_task
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import school

from .helpers import advance

pytestmark = pytest.mark.django_db
API = "/api/v1/inspections"


@pytest.fixture
def world(tree):
    return setting(tree)


def _kindergarten_only(version):
    FrameworkVersion.objects.filter(pk=version.pk).update(applicable_unit_kinds=[UnitKind.KINDERGARTEN])
    version.refresh_from_db()
    return version


def test_a_school_is_refused_as_target_of_a_kindergarten_framework(world, tree):
    version = load_small(urn="urn:dudao:test:kg", name="幼儿园办园行为督导评估", applicable_unit_kinds=["kindergarten"])
    task = services.task_create(actor=world["admin"], office=world["office"], kind="special", title="幼儿园专项督导",
                                framework_version=version)
    a_school = world["schools"][0]
    response = api_client(world["admin"]).post(f"{API}/tasks/{task.pk}/targets", {"unit_id": a_school.pk},
                                               content_type="application/json")
    assert response.status_code == 422
    text = response.json()["detail"] if "detail" in response.json() else str(response.json())
    assert "幼儿园办园行为督导评估" in str(text) and "幼儿园" in str(text) and "学校" in str(text)
    assert not task.targets.exists()
    # the page refuses it with the same message
    page = ui_client(world["admin"]).post(f"/inspections/{task.pk}/targets/", {"unit": a_school.pk}, follow=True)
    assert "只适用于幼儿园" in page.content.decode()
    assert not task.targets.exists()
    # a kindergarten is accepted
    kg = school(tree["nanan"], kind=UnitKind.KINDERGARTEN, name="南岸区测试幼儿园")
    ok = api_client(world["admin"]).post(f"{API}/tasks/{task.pk}/targets", {"unit_id": kg.pk},
                                         content_type="application/json")
    assert ok.status_code == 201
    # a version without 适用对象 applies to every kind
    assert load_small().applies_to(UnitKind.DEPARTMENT)


def test_changing_to_a_framework_that_does_not_fit_the_targets_is_refused(world):
    task = special_task(world, team=0)
    version = load_small(urn="urn:dudao:test:kg", name="幼儿园办园行为督导评估", applicable_unit_kinds=["kindergarten"])
    with pytest.raises(ValidationError, match="只适用于幼儿园"):
        services.task_update(actor=world["admin"], task=task, framework_version=version)


def test_the_kindergarten_framework_cannot_score_a_school(world):
    task = advance(special_task(world), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    target = task.targets.order_by("id").first()
    _kindergarten_only(task.framework_version)  # e.g. a target added before the rule
    response = api_client(world["admin"]).post(f"{API}/targets/{target.pk}/scores", {"results": GOOD_RESULTS},
                                               content_type="application/json")
    assert response.status_code == 422 and "只适用于幼儿园" in response.content.decode()
    assert not target.scores.exists()
    with pytest.raises(ValidationError, match="只适用于幼儿园"):
        services.target_compute_result(actor=world["admin"], target=target)
