"""Guard rails of the procedure (issue 15, item 4): the dates checked against each other, a target's
result frozen once the preliminary opinion has gone out, and a school shown only its own result."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.inspections import services, workflows
from dudao.inspections.choices import TaskKind
from dudao.inspections.choices import TaskStatus as S
from dudao.inspections.models import SupervisionTask, TaskEvent
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import GOOD_RESULTS, setting, special_task

from .helpers import advance
from .test_visits import api_client_for, client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(tree):
    return setting(tree)


@pytest.fixture(autouse=True)
def chinese():
    """The services' messages are read in Chinese (a page test elsewhere may leave English active)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


# ---- dates -------------------------------------------------------------------------------------
def test_an_urgent_task_cannot_start_before_its_notice_without_a_reason(world):
    task = special_task(world, kind=TaskKind.URGENT, start_date=TODAY - datetime.timedelta(days=7))
    with pytest.raises(ValidationError) as exc:
        workflows.SERVICES["notify"](actor=world["admin"], task=task)
    assert "早于督导通知日期" in exc.value.message_dict["date_override"][0]
    task.refresh_from_db()
    assert task.status == S.DRAFT
    workflows.SERVICES["notify"](actor=world["admin"], task=task, date_override="校舍坍塌当日已到场处置，事后补发通知")
    task.refresh_from_db()
    assert task.status == S.NOTIFIED
    event = TaskEvent.objects.filter(task=task, action="notify").get()
    assert event.data["date_override"] == "校舍坍塌当日已到场处置，事后补发通知"


def test_a_start_on_or_after_the_notice_needs_no_reason(world):
    task = special_task(world, kind=TaskKind.URGENT, start_date=TODAY)
    workflows.SERVICES["notify"](actor=world["admin"], task=task)
    task.refresh_from_db()
    assert task.status == S.NOTIFIED and task.notice_date == TODAY


def test_the_objection_deadline_falls_after_the_on_site_period(world):
    task = advance(special_task(world), "open_objection_window")
    task.end_date = TODAY + datetime.timedelta(days=60)  # the team is still on site for two months
    task.save(update_fields=["end_date"])
    with pytest.raises(ValidationError) as exc:
        workflows.SERVICES["open_objection_window"](actor=world["admin"], task=task)
    assert "须在实地督导结束" in exc.value.message_dict["date_override"][0]
    task.refresh_from_db()
    assert task.status == S.PRELIMINARY_OPINION and task.objection_deadline is None
    workflows.SERVICES["open_objection_window"](actor=world["admin"], task=task, date_override="组长批准提前反馈")
    task.refresh_from_db()
    assert task.status == S.OBJECTION_WINDOW


def test_the_objection_window_opens_after_the_on_site_period(world):
    task = advance(special_task(world), "open_objection_window")
    SupervisionTask.objects.filter(pk=task.pk).update(start_date=TODAY - datetime.timedelta(days=10),
                                                      end_date=TODAY - datetime.timedelta(days=1))
    task.refresh_from_db()
    workflows.SERVICES["open_objection_window"](actor=world["admin"], task=task)
    task.refresh_from_db()
    assert task.status == S.OBJECTION_WINDOW and task.objection_deadline > task.end_date


def test_the_date_override_goes_through_the_api(world):
    task = special_task(world, kind=TaskKind.URGENT, start_date=TODAY - datetime.timedelta(days=3))
    api = api_client_for(world["admin"])
    url = f"/api/v1/inspections/tasks/{task.pk}/transitions/notify"
    refused = api.post(url, {}, content_type="application/json")
    assert refused.status_code == 422 and any(e["field"] == "date_override" for e in refused.json()["errors"])
    done = api.post(url, {"date_override": "事发当日到场"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == S.NOTIFIED


# ---- frozen results ----------------------------------------------------------------------------
def test_scores_are_frozen_after_the_preliminary_opinion(world):
    task = advance(special_task(world), "open_objection_window")  # the opinion has gone out
    target = task.targets.order_by("id").first()
    before = (target.score, target.grade, target.colour)
    for call in (lambda: services.score_record(actor=world["admin"], target=target, results=GOOD_RESULTS),
                 lambda: services.target_compute_result(actor=world["admin"], target=target)):
        with pytest.raises(ValidationError) as exc:
            call()
        assert "评分和结果已锁定" in " ".join(exc.value.messages)
    target.refresh_from_db()
    assert (target.score, target.grade, target.colour) == before


def test_the_colour_is_frozen_too_but_the_wording_may_be_answered(world):
    task = advance(special_task(world, framework=False), "open_objection_window")
    workflows.SERVICES["open_objection_window"](actor=world["admin"], task=task)
    target = task.targets.order_by("id").first()
    with pytest.raises(ValidationError) as exc:
        services.target_evaluate(actor=world["admin"], target=target, evaluation="改判", colour="red")
    assert "已锁定" in exc.value.message_dict["colour"][0]
    services.target_evaluate(actor=world["admin"], target=target, evaluation="整体良好（已答复申辩）",
                             colour=target.colour)
    target.refresh_from_db()
    assert target.colour == "green" and target.evaluation == "整体良好（已答复申辩）"


def test_the_scoring_page_refuses_after_the_opinion(world):
    task = advance(special_task(world), "open_objection_window")
    target = task.targets.order_by("id").first()
    response = client_for(world["admin"]).post(f"/inspections/targets/{target.pk}/", {"form": "scores", "score-A1-1": "差"},
                                               follow=True)
    assert "评分和结果已锁定" in response.content.decode()


# ---- a school sees its own result only ---------------------------------------------------------
def test_a_school_sees_only_its_own_score_in_the_preliminary_opinion(world):
    task = advance(special_task(world), "open_objection_window")
    mine, *others = list(task.targets.select_related("unit").order_by("id"))
    school = client_for(user_with_role(RoleCode.UNIT_RESPONDENT, unit=mine.unit))
    for url in (f"/inspections/{task.pk}/documents/preliminary/", f"/inspections/{task.pk}/?tab=targets"):
        html = school.get(url).content.decode()
        assert mine.unit.name in html, url
        for other in others:
            assert other.unit.name not in html, (url, other.unit.name)
    office = client_for(world["admin"]).get(f"/inspections/{task.pk}/documents/preliminary/").content.decode()
    assert all(t.unit.name in office for t in [mine, *others])


# ---- the draft's forms ---------------------------------------------------------------------------
def test_the_team_and_target_dropdowns_offer_only_who_is_not_there_yet(world):
    from dudao.testing.schools_factories import inspector, school

    task = special_task(world, team=2, targets=world["schools"][:1])
    newcomer = inspector(world["office"], name="测试督学新人")
    spare = school(world["region"], name="南岸区测试学校备选")
    admin = client_for(world["admin"])
    team = admin.get(f"/inspections/{task.pk}/?tab=team").content.decode()
    select = team[team.index('name="inspector"'):team.index("</select>", team.index('name="inspector"'))]
    assert f'value="{newcomer.pk}"' in select and f'value="{world["inspectors"][2].pk}"' in select
    for member in world["inspectors"][:2]:
        assert f'value="{member.pk}"' not in select
    assert "督学:" not in team and "督学：</label>" not in team  # no "label:" suffix
    targets = admin.get(f"/inspections/{task.pk}/?tab=targets").content.decode()
    select = targets[targets.index('name="unit"'):targets.index("</select>", targets.index('name="unit"'))]
    assert f'value="{spare.pk}"' in select and f'value="{world["schools"][0].pk}"' not in select
    assert "data-searchable" in select
