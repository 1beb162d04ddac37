"""Incentives rules (E6): commendations and their basis, good-practice cases and their publication
workflow, exemptions from supervision with a recent basis, ending them early; refusals leave
nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dudao.incentives import selectors, services, workflows
from dudao.incentives.models import Commendation, ExemptionRecord, GoodPracticeCase, GoodPracticeEvent
from dudao.inspections import services as inspections
from dudao.inspections.choices import TaskKind
from dudao.inspections.models import SupervisionExemption
from dudao.ledger import services as ledger
from dudao.ledger import workflows as ledger_workflows
from dudao.regionsettings.services import region_setting_set
from dudao.testing.incentives_factories import green_result, incentives_world
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(tree):
    w = incentives_world(tree)
    w["green"] = green_result(w["office"], w["unit"], team=[w["inspector"]])
    return w


def commend(world, **kw):
    kw.setdefault("actor", world["admin"])
    kw.setdefault("office", world["office"])
    kw.setdefault("level", "praise")
    kw.setdefault("subject_kind", "unit")
    kw.setdefault("unit", world["unit"])
    kw.setdefault("title", "课后服务成效突出")
    kw.setdefault("issued_on", TODAY)
    kw.setdefault("basis_kind", "green_result")
    kw.setdefault("basis_target", world["green"])
    return services.commendation_create(**kw)


def closed_item(unit):
    it = ledger.ledger_item_create(actor=None, unit=unit, source="media", description="问题", category="safety",
                                   requirement="整改", deadline=TODAY + datetime.timedelta(days=10))
    for name, data in (("submit_plan", {"plan": "方案"}), ("accept_plan", {}),
                       ("report", {"report": "已整改", "evidence": "照片"}), ("begin_recheck", {"method": "on_site"}),
                       ("close", {"conclusion": "到位"})):
        it = ledger_workflows.SERVICES[name](actor=None, item=it, **data)
    return it


# ---- commendations ---------------------------------------------------------------------------------
def test_commend_a_unit_on_its_green_result(world):
    c = commend(world, level="honour")
    assert (c.unit, c.inspector, c.region_path, c.basis_target, c.created_by) == (
        world["unit"], None, world["unit"].region_path, world["green"], world["admin"])
    assert c.subject_name == world["unit"].name and c.get_level_display() == "表彰"


def test_commend_an_inspector_of_the_team(world):
    c = commend(world, subject_kind="inspector", unit=world["unit"], inspector=world["inspector"])
    assert (c.unit, c.inspector, c.region_path) == (None, world["inspector"], world["office"].region_path)
    other = green_result(world["office"], world["other_unit"])
    with pytest.raises(ValidationError, match="不是该督导任务的督导组成员"):
        commend(world, subject_kind="inspector", inspector=world["inspector"], basis_target=other)


def test_commend_exemplary_rectification(world):
    done = closed_item(world["unit"])
    c = commend(world, basis_kind="rectification", basis_item=done, basis_target=None)
    assert c.basis_item == done and c.basis_target is None
    open_item = ledger.ledger_item_create(actor=None, unit=world["unit"], source="media", description="未整改",
                                          category="safety", requirement="整改",
                                          deadline=TODAY + datetime.timedelta(days=10))
    for kw, message in (({"basis_item": open_item}, "尚未整改销号"),
                        ({"basis_item": closed_item(world["other_unit"])}, "不属于受表彰单位"),
                        ({"basis_item": None}, "请选择已销号的整改问题"),
                        ({"basis_item": done, "subject_kind": "inspector", "inspector": world["inspector"]},
                         "只能作为表彰单位的依据")):
        with pytest.raises(ValidationError, match=message):
            commend(world, basis_kind="rectification", basis_target=None, **kw)


@pytest.mark.parametrize(("kw", "field"), [
    ({"basis_kind": "other", "basis_target": None}, "basis_text"),
    ({"basis_target": None}, "basis_target"),
    ({"title": " "}, "title"),
    ({"issued_on": TODAY + datetime.timedelta(days=1)}, "issued_on"),
    ({"level": "medal"}, "level"),
    ({"subject_kind": "school"}, "subject_kind"),
    ({"unit": None}, "unit"),
    ({"basis_kind": "luck"}, "basis_kind"),
])
def test_commendation_bad_input(world, kw, field):
    with pytest.raises(ValidationError) as exc:
        commend(world, **kw)
    assert field in exc.value.message_dict
    assert not Commendation.objects.exists()


def test_commendation_basis_must_be_a_reported_green_result_of_the_unit(world, tree):
    cases = [
        (green_result(world["office"], world["unit"], colour="yellow"), "不是已形成报告的绿色结果"),
        (green_result(world["office"], world["unit"], status="on_site"), "不是已形成报告的绿色结果"),
        (green_result(world["office"], world["other_unit"]), "不属于受表彰单位"),
    ]
    for target, message in cases:
        with pytest.raises(ValidationError, match=message):
            commend(world, basis_target=target)
    far = school(tree["ddk"], name="大渡口区学校")
    with pytest.raises(ValidationError, match="不在表彰机构的行政区域内"):
        commend(world, unit=far)
    with pytest.raises(ValidationError, match="须为教育督导室"):
        commend(world, office=world["unit"])
    assert not Commendation.objects.exists()


@pytest.mark.parametrize("who", ["leader", "inspector_user", "sibling"])
def test_only_an_office_in_scope_commends(world, who):
    with pytest.raises(PermissionDenied):
        commend(world, actor=world[who])
    assert commend(world, actor=world["parent"]).pk


# ---- good-practice cases ----------------------------------------------------------------------------
def make_case(world, **kw):
    kw.setdefault("actor", world["admin"])
    kw.setdefault("source_target", world["green"])
    kw.setdefault("title", "课后服务“一校一案”")
    kw.setdefault("summary", "统筹安排，家长自愿")
    return services.case_create(**kw)


def test_case_from_a_green_result_is_a_draft_with_history(world):
    case = make_case(world, publishable=True, content="正文")
    assert (case.status, case.unit, case.region_path, case.publishable) == (
        "draft", world["unit"], world["unit"].region_path, True)
    assert list(case.events.values_list("action", "to_status")) == [("create", "draft")]
    for target in (green_result(world["office"], world["unit"], colour="yellow"),
                   green_result(world["office"], world["unit"], status="objection_window")):
        with pytest.raises(ValidationError, match="绿色督导结果"):
            make_case(world, source_target=target)
    for kw in ({"title": ""}, {"summary": "  "}):
        with pytest.raises(ValidationError):
            make_case(world, **kw)
    with pytest.raises(PermissionDenied):
        make_case(world, actor=world["leader"])
    assert GoodPracticeCase.objects.count() == 1


def test_publish_withdraw_and_the_portal_selector(world):
    public = make_case(world, publishable=True)
    internal = make_case(world, title="内部交流", publishable=False)
    assert list(selectors.published_cases()) == []
    public = workflows.case_publish(actor=world["admin"], case=public, note="经审核")
    workflows.case_publish(actor=world["parent"], case=internal)
    assert public.status == "published" and public.published_by == world["admin"] and public.published_at
    assert list(selectors.published_cases()) == [public]
    with pytest.raises(ValidationError) as exc:
        workflows.case_withdraw(actor=world["admin"], case=public, note=" ")
    assert "note" in exc.value.message_dict
    public = workflows.case_withdraw(actor=world["admin"], case=public, note="数据需更新")
    assert (public.status, public.published_at) == ("draft", None)
    assert list(selectors.published_cases()) == []
    assert list(public.events.values_list("action", "from_status", "to_status")) == [
        ("create", "", "draft"), ("publish", "draft", "published"), ("withdraw", "published", "draft")]


@pytest.mark.parametrize("name", list(workflows.TRANSITIONS))
def test_case_transitions_refused_from_wrong_state_and_without_role(world, name):
    case = make_case(world)
    t = workflows.TRANSITIONS[name]
    if "draft" in t.source:
        case = workflows.case_publish(actor=None, case=case)
    events = GoodPracticeEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        workflows.SERVICES[name](actor=world["admin"], case=case, note="理由")
    assert "status" in exc.value.message_dict
    case = GoodPracticeCase.objects.get(pk=case.pk)
    if "draft" in t.source:
        case = workflows.case_withdraw(actor=None, case=case, note="复原")
    else:
        case = workflows.case_publish(actor=None, case=case)
    events = GoodPracticeEvent.objects.count()
    for who in ("leader", "inspector_user", "sibling"):
        with pytest.raises(PermissionDenied):
            workflows.SERVICES[name](actor=world[who], case=case, note="理由")
    assert GoodPracticeEvent.objects.count() == events
    assert GoodPracticeCase.objects.get(pk=case.pk).status == case.status


def test_edit_only_drafts(world):
    case = make_case(world)
    case = services.case_update(actor=world["admin"], case=case, title="新标题", publishable=True)
    assert (case.title, case.publishable) == ("新标题", True)
    assert case.events.last().action == "edit"
    with pytest.raises(ValidationError):
        services.case_update(actor=world["admin"], case=case, unit=world["other_unit"])
    with pytest.raises(ValidationError):
        services.case_update(actor=world["admin"], case=case, summary="")
    with pytest.raises(PermissionDenied):
        services.case_update(actor=world["leader"], case=case, title="领导改")
    workflows.case_publish(actor=world["admin"], case=case)
    with pytest.raises(ValidationError, match="请先撤回"):
        services.case_update(actor=world["admin"], case=case, title="发布后改")
    assert GoodPracticeCase.objects.get(pk=case.pk).title == "新标题"


# ---- exemptions --------------------------------------------------------------------------------------
def grant(world, **kw):
    kw.setdefault("actor", world["admin"])
    kw.setdefault("unit", world["unit"])
    kw.setdefault("valid_from", TODAY)
    kw.setdefault("valid_to", TODAY + datetime.timedelta(days=180))
    kw.setdefault("reason", "督导结果优秀")
    kw.setdefault("task_kinds", [TaskKind.COMPREHENSIVE])
    if "commendation" not in kw and "basis_target" not in kw:
        kw["basis_target"] = world["green"]
    return services.exemption_grant(**kw)


def test_exemption_on_a_basis_and_the_task_refuses_the_unit(world):
    c = commend(world)
    ex = grant(world, commendation=c)
    record = ExemptionRecord.objects.get(exemption=ex)
    assert (record.commendation, record.granted_by, ex.task_kinds) == (c, world["admin"], ["comprehensive"])
    assert selectors.exemption_state(ex) == "current"
    task = inspections.task_create(actor=world["admin"], office=world["office"], kind=TaskKind.COMPREHENSIVE,
                                   title="综合督导")
    with pytest.raises(ValidationError, match="免除督导至"):
        inspections.task_target_add(actor=world["admin"], task=task, unit=world["unit"])
    special = inspections.task_create(actor=world["admin"], office=world["office"], kind=TaskKind.SPECIAL,
                                      title="专项督导")
    assert inspections.task_target_add(actor=world["admin"], task=special, unit=world["unit"]).pk
    assert grant(world, basis_target=world["green"], task_kinds=[]).task_kinds == []


def test_exemption_basis_must_be_recent_and_the_units_own(world):
    old_day = TODAY - datetime.timedelta(days=800)
    old_commendation = commend(world, issued_on=old_day, basis_kind="other", basis_target=None, basis_text="事迹")
    old_result = green_result(world["office"], world["unit"], start_date=old_day)
    since = selectors.months_before(TODAY, 24)
    cases = [
        ({}, "basis", "免除督导须有依据"),
        ({"commendation": old_commendation}, "commendation", f"早于{since}"),
        ({"basis_target": old_result}, "basis_target", f"早于{since}"),
        ({"commendation": commend(world, subject_kind="inspector", inspector=world["inspector"])}, "commendation",
         "不是对该单位的表彰"),
        ({"basis_target": green_result(world["office"], world["other_unit"])}, "basis_target", "不属于该单位"),
        ({"basis_target": green_result(world["office"], world["unit"], colour="red")}, "basis_target", "绿色结果"),
    ]
    for kw, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            services.exemption_grant(actor=world["admin"], unit=world["unit"], valid_from=TODAY,
                                     valid_to=TODAY + datetime.timedelta(days=30), reason="理由", **kw)
        assert message in exc.value.message_dict[field][0], (kw, exc.value.message_dict)
    assert not SupervisionExemption.objects.exists()
    # the window is a region setting
    region_setting_set(actor=None, region=world["region"], key=selectors.BASIS_MONTHS, value=36)
    assert grant(world, commendation=old_commendation).pk
    assert grant(world, basis_target=old_result).pk


@pytest.mark.parametrize(("kw", "field"), [
    ({"task_kinds": [TaskKind.REGULAR]}, "task_kinds"),
    ({"task_kinds": ["nope"]}, "task_kinds"),
    ({"valid_to": TODAY - datetime.timedelta(days=1), "valid_from": TODAY - datetime.timedelta(days=10)}, "valid_to"),
    ({"valid_to": TODAY, "valid_from": TODAY + datetime.timedelta(days=1)}, "valid_to"),
    ({"reason": ""}, "reason"),
])
def test_exemption_bad_input(world, kw, field):
    with pytest.raises(ValidationError) as exc:
        grant(world, **kw)
    assert field in exc.value.message_dict
    assert not SupervisionExemption.objects.exists() and not ExemptionRecord.objects.exists()


@pytest.mark.parametrize("who", ["leader", "inspector_user", "sibling"])
def test_only_an_office_in_scope_exempts_and_ends(world, who):
    with pytest.raises(PermissionDenied):
        grant(world, actor=world[who])
    assert not SupervisionExemption.objects.exists()
    ex = grant(world, valid_from=TODAY - datetime.timedelta(days=10), actor=world["parent"])
    with pytest.raises(PermissionDenied):
        services.exemption_end(actor=world[who], exemption=ex, reason="不再符合条件")
    assert SupervisionExemption.objects.get(pk=ex.pk).valid_to == ex.valid_to


def test_end_early(world):
    ex = grant(world, valid_from=TODAY - datetime.timedelta(days=10))
    original = ex.valid_to
    for kw, message in (({"reason": ""}, "理由"), ({"reason": "x", "last_day": original}, "须早于原截止日期"),
                        ({"reason": "x", "last_day": TODAY - datetime.timedelta(days=11)}, "不能早于起始日期"),
                        ({"reason": "x", "last_day": TODAY - datetime.timedelta(days=5)}, "不能早于昨天")):
        with pytest.raises(ValidationError, match=message):
            services.exemption_end(actor=world["admin"], exemption=ex, **kw)
    ex = services.exemption_end(actor=world["admin"], exemption=ex, reason="发生安全责任事故")
    assert ex.valid_to == TODAY - datetime.timedelta(days=1) and selectors.exemption_state(ex) == "expired"
    record = ex.incentive
    assert (record.original_valid_to, record.ended_on, record.ended_by, record.end_reason) == (
        original, ex.valid_to, world["admin"], "发生安全责任事故")
    with pytest.raises(ValidationError, match="已于"):
        services.exemption_end(actor=world["admin"], exemption=ex, reason="again")
    # an exemption starting today ends on its first day at the earliest; one made elsewhere gets a record
    legacy = inspections.exemption_create(actor=None, unit=world["other_unit"], valid_from=TODAY,
                                          valid_to=TODAY + datetime.timedelta(days=9), reason="旧数据")
    with pytest.raises(ValidationError, match="不能早于起始日期"):
        services.exemption_end(actor=world["admin"], exemption=legacy, reason="纠正")
    legacy = services.exemption_end(actor=world["admin"], exemption=legacy, reason="纠正", last_day=TODAY)
    assert legacy.valid_to == TODAY and legacy.incentive.commendation is None


# ---- selectors ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("day", "months", "expected"), [
    (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
    (datetime.date(2024, 1, 15), 24, datetime.date(2022, 1, 15)),
    (datetime.date(2024, 2, 29), 12, datetime.date(2023, 2, 28)),
    (datetime.date(2026, 1, 10), 13, datetime.date(2024, 12, 10)),
])
def test_months_before(day, months, expected):
    assert selectors.months_before(day, months) == expected


def test_green_results_are_reported_green_and_scoped(world):
    green_result(world["office"], world["unit"], colour="yellow")
    green_result(world["office"], world["unit"], status="preliminary_opinion")
    assert list(selectors.green_results(world["leader"])) == [world["green"]]
    assert list(selectors.green_results(world["sibling"])) == []
    assert selectors.result_date(world["green"]) == world["green"].task.start_date


def test_exemption_states(world):
    current = grant(world)
    upcoming = grant(world, valid_from=TODAY + datetime.timedelta(days=5))
    expired = inspections.exemption_create(actor=None, unit=world["unit"], valid_from=TODAY - datetime.timedelta(days=9),
                                           valid_to=TODAY - datetime.timedelta(days=1), reason="旧")
    qs = SupervisionExemption.objects.all()
    for state, ex in (("current", current), ("upcoming", upcoming), ("expired", expired)):
        assert list(selectors.exemptions_in_state(qs, state)) == [ex]
        assert selectors.exemption_state(ex) == state
