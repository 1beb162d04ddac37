"""Services: 暗访 invisibility, team size and recusal, burden control and exemptions, scoring
stored with the framework version used, self-evaluation and objections, problems."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.frameworks.services import framework_version_derive
from dudao.frameworks.workflows import framework_version_publish
from dudao.inspections import services, workflows
from dudao.inspections.choices import TaskKind, TaskStatus
from dudao.inspections.models import SupervisionTask
from dudao.inspectors.models import EmploymentRecord
from dudao.regionsettings.services import region_setting_set
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import GOOD_RESULTS, setting, special_task
from dudao.testing.schools_factories import inspector

from .helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return setting(tree)


# ---- 暗访 (D1) ----
def test_covert_task_is_hidden_from_targets_until_reported(world, client):
    task = special_task(world, covert=True)
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][0])
    other = special_task(world, covert=False)
    visible = SupervisionTask.objects.for_user(respondent, "view")
    assert task not in visible and other in visible
    client.force_login(respondent)
    assert client.get(task.get_absolute_url()).status_code == 404
    target = task.targets.get(unit=world["schools"][0])
    assert client.get(f"/inspections/targets/{target.pk}/").status_code == 404
    api_ids = [t["id"] for t in _api_tasks(respondent)]
    assert task.pk not in api_ids and other.pk in api_ids
    # the office always sees it
    assert task in SupervisionTask.objects.for_user(world["admin"], "view")
    advance(task, "submit_report")
    workflows.task_submit_report(actor=None, task=task)
    assert task in SupervisionTask.objects.for_user(respondent, "view")
    assert client.get(task.get_absolute_url()).status_code == 200


def _api_tasks(user):
    from dudao.testing.matrix import api_client

    return api_client(user).get("/api/v1/inspections/tasks").json()["items"]


def test_covert_task_seen_by_respondent_of_another_unit_only_if_targeted(world, tree):
    task = special_task(world, covert=True, targets=world["schools"][:1])
    outsider = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][2])
    assert task not in SupervisionTask.objects.for_user(outsider, "view")


# ---- team and recusal ----
def test_recusal_refuses_a_team_member_with_a_conflict(world):
    task = special_task(world, team=0)
    conflicted = inspector(world["office"], name="回避督学", employer=world["schools"][1])
    with pytest.raises(ValidationError, match="需回避"):
        services.team_member_add(actor=world["admin"], task=task, inspector=conflicted)
    assert not task.team.exists()
    # an office admin may override with a written reason
    services.team_member_add(actor=world["admin"], task=task, inspector=conflicted,
                             override_reason="该校已撤并，工作关系已结束")
    assert task.team.get().override_reason


def test_recusal_refuses_a_target_a_team_member_worked_at(world):
    task = special_task(world, targets=[])
    EmploymentRecord.objects.create(inspector=world["inspectors"][0], unit=world["schools"][0],
                                    start_date=datetime.date(2015, 1, 1), end_date=None)
    with pytest.raises(ValidationError, match="需回避"):
        services.task_target_add(actor=world["admin"], task=task, unit=world["schools"][0])


def test_team_cannot_change_after_notice(world):
    task = special_task(world)
    workflows.task_notify(actor=None, task=task)
    extra = inspector(world["office"])
    with pytest.raises(ValidationError, match="不能再修改"):
        services.team_member_add(actor=world["admin"], task=task, inspector=extra)


def test_only_one_leader(world):
    task = special_task(world)
    with pytest.raises(ValidationError, match="一名组长"):
        services.team_member_add(actor=world["admin"], task=task, inspector=inspector(world["office"]), role="leader")


# ---- burden control (D2) ----
def test_burden_cap_refuses_a_unit_over_its_semester_cap(world, tree):
    region_setting_set(actor=None, region=tree["nanan"], key="burden.max_external_per_semester", value=2)
    day = datetime.date(2025, 10, 10)
    school = world["schools"][0]
    special_task(world, targets=[school], start_date=day)
    special_task(world, targets=[school], start_date=day + datetime.timedelta(days=20))
    third = special_task(world, targets=[], start_date=day + datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="达到上限2次"):
        services.task_target_add(actor=world["admin"], task=third, unit=school)
    # next semester does not count the autumn tasks
    spring = special_task(world, targets=[], start_date=datetime.date(2026, 3, 10))
    services.task_target_add(actor=world["admin"], task=spring, unit=school)
    # a written reason lets the office go over the cap
    services.task_target_add(actor=world["admin"], task=third, unit=school, override_reason="上级统一部署")
    rows = {r.unit.pk: r for r in __import__("dudao.inspections.selectors", fromlist=["x"]).burden_overview(third)}
    assert len(rows[school.pk].tasks) == 2 and rows[school.pk].over_cap


def test_merge_suggestions_list_overlapping_tasks(world):
    from dudao.inspections.selectors import merge_suggestions

    day = datetime.date(2025, 10, 10)
    a = special_task(world, targets=world["schools"][:2], start_date=day)
    b = special_task(world, targets=world["schools"][1:], start_date=day)
    c = special_task(world, targets=world["schools"][:1], start_date=datetime.date(2026, 4, 1))
    assert merge_suggestions(a) == [b]
    assert c not in merge_suggestions(a)


def test_exempt_unit_is_refused_with_the_reason(world):
    school = world["schools"][0]
    services.exemption_create(actor=world["admin"], unit=school, valid_from=datetime.date(2025, 1, 1),
                              valid_to=datetime.date(2030, 12, 31), reason="督导评估优秀，免除一年专项督导",
                              task_kinds=[TaskKind.SPECIAL])
    task = special_task(world, targets=[])
    with pytest.raises(ValidationError, match="免除一年专项督导"):
        services.task_target_add(actor=world["admin"], task=task, unit=school)
    other = special_task(world, targets=[], kind=TaskKind.COMPREHENSIVE)
    services.task_target_add(actor=world["admin"], task=other, unit=school)


def test_target_outside_region_is_refused(world, tree):
    from dudao.testing.schools_factories import school

    task = special_task(world, targets=[])
    with pytest.raises(ValidationError, match="不在本任务的行政区域"):
        services.task_target_add(actor=world["admin"], task=task, unit=school(tree["ddk"]))


def test_sibling_office_cannot_create_in_nanan(world, tree):
    with pytest.raises(PermissionDenied):
        services.task_create(actor=user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
                             office=world["office"], kind=TaskKind.SPECIAL, title="越权任务")


# ---- scoring (E10) ----
def test_results_are_stored_with_the_framework_version_used(world, tree):
    task = advance(special_task(world), "send_preliminary_opinion")
    version = task.framework_version
    target = task.targets.first()
    target.refresh_from_db()
    assert target.result_version == version
    assert target.score is not None and target.grade and target.colour == "green"
    assert target.result_detail["complete"] is True
    # a later version of the framework does not change the stored result
    newer = framework_version_publish(actor=None, version=framework_version_derive(
        actor=None, source=version, key="urn:dudao:500108:newer", name="新版", region=tree["nanan"]))
    assert newer.pk != version.pk
    target.refresh_from_db()
    assert target.result_version_id == version.pk


def test_veto_makes_the_target_red(world):
    task = advance(special_task(world), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    target = task.targets.first()
    services.score_record(actor=world["admin"], target=target, results={**GOOD_RESULTS, "A2-2": False})
    target.refresh_from_db()
    assert target.colour == "red" and target.result_detail["vetoed"]


def test_scoring_refuses_bad_results_and_wrong_people(world, tree):
    task = advance(special_task(world), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    target = task.targets.first()
    with pytest.raises(ValidationError, match="超出"):
        services.score_record(actor=world["admin"], target=target, results={"A1-2": 99})
    with pytest.raises(ValidationError, match="未知指标"):
        services.score_record(actor=world["admin"], target=target, results={"ZZ": 1})
    outsider = user_with_role(RoleCode.INSPECTOR, region=tree["nanan"])
    with pytest.raises(PermissionDenied):
        services.score_record(actor=outsider, target=target, results={"A1-2": 10})
    member = world["inspectors"][1].user
    services.score_record(actor=member, target=target, results={"A1-2": 10})
    assert target.scores.get(code="A1-2").scored_by == member


def test_scoring_only_on_site(world):
    task = special_task(world)
    with pytest.raises(ValidationError, match="实地督导阶段"):
        services.score_record(actor=world["admin"], target=task.targets.first(), results={"A1-2": 10})


# ---- self-evaluation and objection ----
def test_self_evaluation_by_the_unit_then_review(world, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = special_task(world, self_evaluation=True)
    workflows.task_notify(actor=None, task=task)
    workflows.task_begin_self_evaluation(actor=world["admin"], task=task)
    school = world["schools"][0]
    target = task.targets.get(unit=school)
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=school)
    other = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][1])
    with pytest.raises(PermissionDenied):
        services.self_evaluation_submit(actor=other, target=target, report="代填")
    services.self_evaluation_submit(actor=respondent, target=target, report="自评报告", scores={"A1-1": "好"},
                                    files=[SimpleUploadedFile("证明.pdf", b"%PDF-1.4")])
    assert target.files.count() == 1 and target.scores.get(code="A1-1").self_value == "好"
    for t in task.targets.all():
        if t.pk != target.pk:
            services.self_evaluation_submit(actor=None, target=t, report="自评")
        services.self_evaluation_review(actor=world["admin"], target=t)
    workflows.task_start_on_site(actor=world["admin"], task=task)


def test_objection_only_in_window_and_by_the_unit(world):
    task = advance(special_task(world), "open_objection_window")
    school = world["schools"][0]
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=school)
    target = task.targets.get(unit=school)
    with pytest.raises(ValidationError, match="不在申辩期"):
        services.objection_submit(actor=respondent, target=target, text="有异议")
    workflows.task_open_objection_window(actor=None, task=task)
    with pytest.raises(PermissionDenied):
        services.objection_submit(actor=world["admin"], target=target, text="代为申辩")
    services.objection_submit(actor=respondent, target=target, text="第3条与事实不符")
    target.refresh_from_db()
    assert target.objection == "第3条与事实不符"


# ---- problems (C1, E12): recorded as ledger items, see also ledger/tests/test_problems.py ----
def test_problems_need_requirement_and_major_needs_departments(world, tree):
    from dudao.inspections import problems
    from dudao.ledger.models import LedgerItem
    from dudao.orgs.choices import UnitKind
    from dudao.testing.factories import UnitFactory

    task = advance(special_task(world), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    school = world["schools"][0]
    target = task.targets.get(unit=school)
    common = dict(actor=world["admin"], target=target, description="消防通道堵塞", category="safety",
                  requirement="立即清理", deadline=timezone.localdate() + datetime.timedelta(days=90))
    with pytest.raises(ValidationError) as exc:
        problems.record(**{**common, "requirement": ""})
    assert "requirement" in exc.value.message_dict
    with pytest.raises(ValidationError, match="联动部门"):
        problems.record(**common, routing="major")
    dept = UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT, name="区应急管理局")
    item = problems.record(**common, routing="major", departments=[dept], severity="grave")
    assert list(item.departments.all()) == [dept] and item.unit == school and item.status == "draft"
    # the target's users see their own problems once issued, never as drafts
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=school)
    assert not LedgerItem.objects.for_user(respondent, "view").exists()
    assert list(LedgerItem.objects.for_user(world["admin"], "view")) == [item]


def test_task_reaches_published_status_via_services_only(world):
    task = advance(special_task(world), "archive")
    assert task.status == TaskStatus.PUBLISHED


def test_government_task_packages_member_units_self_evaluations(world, tree, client):
    """B3: a 督政 task over member departments reuses the machine; the package collects each unit's
    self-evaluation and evidence."""
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from dudao.orgs.choices import UnitKind
    from dudao.testing.factories import UnitFactory

    depts = [UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT, name=n) for n in ("区财政局", "区卫健委")]
    task = special_task(world, kind=TaskKind.GOVERNMENT, targets=depts, self_evaluation=True, team=3)
    workflows.task_notify(actor=None, task=task)
    workflows.task_begin_self_evaluation(actor=None, task=task)
    for dept in depts:
        liaison = user_with_role(RoleCode.UNIT_RESPONDENT, unit=dept)
        services.self_evaluation_submit(actor=liaison, target=task.targets.get(unit=dept), report=f"{dept.name}自查报告",
                                        files=[SimpleUploadedFile("经费.pdf", b"%PDF-1.4")])
    client.force_login(world["admin"])
    page = client.get(f"/inspections/{task.pk}/package/").content.decode()
    assert "区财政局自查报告" in page and "区卫健委自查报告" in page
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/inspections/{task.pk}/package/?zip=1").content))
    names = archive.namelist()
    assert "区财政局/自评报告.txt" in names and sum(n.endswith(".pdf") for n in names) == 2


def test_targets_and_team_can_be_removed_only_in_draft(world):
    task = special_task(world)
    services.task_target_remove(actor=world["admin"], target=task.targets.first())
    services.team_member_remove(actor=world["admin"], member=task.team.exclude(role="leader").first())
    assert task.targets.count() == 2 and task.team.count() == 2
    services.team_member_add(actor=None, task=task, inspector=inspector(world["office"]))
    workflows.task_notify(actor=None, task=task)
    with pytest.raises(ValidationError, match="不能再修改"):
        services.task_target_remove(actor=world["admin"], target=task.targets.first())


def test_no_notice_is_issued_for_a_covert_task(world):
    from dudao.inspections.documents import task_documents_issue

    task = special_task(world, covert=True)
    with pytest.raises(ValidationError, match="暗访"):
        task_documents_issue(actor=world["admin"], task=task, kind="notice")


def test_task_board_and_compliance_query_counts_do_not_grow(world, client, django_assert_max_num_queries):
    from dudao.testing.inspections_factories import post

    for i in range(6):
        special_task(world, framework=False, targets=[world["schools"][i % 3]])
    for insp, school in zip(world["inspectors"], world["schools"], strict=True):
        post(insp, school)
    client.force_login(world["admin"])
    with django_assert_max_num_queries(8):
        assert client.get("/inspections/").status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get("/inspections/compliance/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/inspections/{SupervisionTask.objects.first().pk}/?tab=targets").status_code == 200


def test_draft_particulars_can_change_until_notice(world, tree):
    task = special_task(world)
    services.task_update(actor=world["admin"], task=task, title="改名后的任务", is_covert=True)
    task.refresh_from_db()
    assert task.title == "改名后的任务" and task.is_covert
    with pytest.raises(ValidationError, match="不能早于"):
        services.task_update(actor=world["admin"], task=task, start_date=datetime.date(2026, 5, 2),
                             end_date=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.task_update(actor=world["admin"], task=task, status="published")
    with pytest.raises(PermissionDenied):
        services.task_update(actor=user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]), task=task, title="越权")
    workflows.task_notify(actor=None, task=task)
    with pytest.raises(ValidationError, match="不能再修改"):
        services.task_update(actor=world["admin"], task=task, title="通知后改名")
