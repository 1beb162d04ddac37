"""问责 (E7–E9, 《教育督导问责办法》; 条例 Art. 26, F9): the procedure and its guards, the 60-day
window, 从重, referral, the catalogue per province, 约谈 and 通报 records."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accountability import services as acc
from dudao.accountability.models import AccountabilityCase, TriggerSituation
from dudao.ledger.choices import CaseStatus
from dudao.ledger.deadlines import ledger_daily
from dudao.orgs.choices import CommitteePost, UnitKind
from dudao.orgs.models import CommitteeMember
from dudao.testing.factories import UnitFactory
from dudao.testing.ledger_factories import TODAY, item, ledger_world
from dudao.testing.schools_factories import inspector

pytestmark = pytest.mark.django_db
C = CaseStatus
D = datetime.timedelta


@pytest.fixture
def world(tree):
    w = ledger_world(tree)
    committee = UnitFactory(kind=UnitKind.COMMITTEE, region=tree["nanan"], name="南岸区人民政府教育督导委员会")
    w["director"] = CommitteeMember.objects.create(committee=committee, name="张主任", post=CommitteePost.DIRECTOR)
    w["deputy"] = CommitteeMember.objects.create(committee=committee, name="李副主任",
                                                 post=CommitteePost.DEPUTY_DIRECTOR)
    w["member"] = CommitteeMember.objects.create(committee=committee, name="王成员", post=CommitteePost.MEMBER)
    w["ddk_director"] = CommitteeMember.objects.create(
        committee=UnitFactory(kind=UnitKind.COMMITTEE, region=tree["ddk"]), name="赵主任", post=CommitteePost.DIRECTOR)
    return w


def situation(code="S03"):
    return TriggerSituation.objects.get(code=code)


def open_case(world, *, end=None, today=TODAY, **kw):
    kw.setdefault("subject_kind", "school")
    kw.setdefault("situations", [situation()])
    return acc.case_open(actor=world["admin"], unit=world["unit"], title="未按督导意见书整改",
                         supervision_end=end or TODAY - D(days=10), today=today, **kw)


def decide(world, case, today=TODAY, measures=("public_criticism",)):
    case = acc.case_form_group(actor=world["admin"], case=case, group_members="督导室、区教委", today=today)
    case = acc.case_notify(actor=world["admin"], case=case, facts="逾期三个月未整改", today=today)
    case = acc.case_hear(actor=world["admin"], case=case, statement="放弃陈述申辩", today=today)
    case = acc.case_approve(actor=world["admin"], case=case, approver=world["deputy"], measures=list(measures),
                            today=today)
    return acc.case_decide(actor=world["admin"], case=case, basis="《教育督导问责办法》第七条",
                           effective_date=today, today=today)


def test_national_catalogue_is_data():
    assert TriggerSituation.objects.filter(region__isnull=True, subject="inspector").count() == 3
    assert TriggerSituation.objects.filter(code="S03", title__contains="整改").exists()


def test_full_procedure_records_each_step(world):
    case = decide(world, open_case(world))
    assert (case.status, case.decided_on, case.effective_date, case.approved_by) == (
        C.DECIDED, TODAY, TODAY, world["deputy"])
    assert case.facts and case.basis and case.measures == ["public_criticism"] and not case.aggravated
    assert list(case.events.values_list("action", flat=True)) == [
        "open", "form_group", "notify", "hear", "approve", "decide"]


def test_scope_and_roles(world):
    with pytest.raises(PermissionDenied):
        acc.case_open(actor=world["sibling"], unit=world["unit"], subject_kind="school", title="x",
                      supervision_end=TODAY, situations=[situation()], today=TODAY)
    case = open_case(world)
    for who in ("sibling", "respondent", "inspector", "leader"):
        with pytest.raises(PermissionDenied):
            acc.case_form_group(actor=world[who], case=case, group_members="组", today=TODAY)
    acc.case_form_group(actor=world["parent"], case=case, group_members="市督导室", today=TODAY)
    assert AccountabilityCase.objects.for_user(world["respondent"]).count() == 0
    assert AccountabilityCase.objects.for_user(world["leader"]).count() == 1


def test_open_validates_situations_and_dates(world):
    with pytest.raises(ValidationError) as exc:
        open_case(world, situations=[situation("I01")], end=TODAY + D(days=1))
    assert set(exc.value.message_dict) == {"situations", "supervision_end"}
    with pytest.raises(ValidationError) as exc:
        open_case(world, situations=[])
    assert "situations" in exc.value.message_dict


@pytest.mark.parametrize(("days_after_end", "allowed"), [(0, True), (59, True), (60, True), (61, False)])
def test_sixty_day_window_for_the_investigation_group(world, days_after_end, allowed):
    end = TODAY - D(days=100)
    case = open_case(world, end=end)
    day = end + D(days=days_after_end)
    if allowed:
        case = acc.case_form_group(actor=world["admin"], case=case, group_members="工作组", today=day)
        assert (case.status, case.group_formed_on) == (C.INVESTIGATING, day)
    else:
        with pytest.raises(ValidationError, match="60"):
            acc.case_form_group(actor=world["admin"], case=case, group_members="工作组", today=day)
        assert AccountabilityCase.objects.get(pk=case.pk).status == C.OPENED


def test_daily_job_warns_as_the_window_closes(world):
    end = TODAY - D(days=40)
    case = open_case(world, end=end)
    assert ledger_daily(today=end + D(days=49))["case_warnings"] == 0
    assert ledger_daily(today=end + D(days=50))["case_warnings"] == 1
    assert ledger_daily(today=end + D(days=51))["case_warnings"] == 0  # once
    warning = case.events.get(action="window_warning")
    assert warning.data["deadline"] == (end + D(days=60)).isoformat()
    assert list(acc.window_closing(AccountabilityCase.objects.all(), end + D(days=55))) == [case]
    acc.case_form_group(actor=world["admin"], case=case, group_members="组", today=end + D(days=55))
    assert not acc.window_closing(AccountabilityCase.objects.all(), end + D(days=55)).exists()


def test_guards_of_each_step(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as exc:
        acc.case_notify(actor=world["admin"], case=case, facts="事实", today=TODAY)
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError):
        acc.case_form_group(actor=world["admin"], case=case, group_members=" ", today=TODAY)
    case = acc.case_form_group(actor=world["admin"], case=case, group_members="组", today=TODAY)
    with pytest.raises(ValidationError):
        acc.case_notify(actor=world["admin"], case=case, facts="", today=TODAY)
    case = acc.case_notify(actor=world["admin"], case=case, facts="事实", today=TODAY)
    with pytest.raises(ValidationError):
        acc.case_hear(actor=world["admin"], case=case, statement="", today=TODAY)
    case = acc.case_hear(actor=world["admin"], case=case, statement="申辩：已部分整改", today=TODAY)
    for approver, measures, field in [(world["member"], ["public_criticism"], "approver"),
                                      (world["ddk_director"], ["public_criticism"], "approver"),
                                      (None, ["public_criticism"], "approver"),
                                      (world["director"], [], "measures"),
                                      (world["director"], ["disciplinary"], "measures")]:
        with pytest.raises(ValidationError) as exc:
            acc.case_approve(actor=world["admin"], case=case, approver=approver, measures=measures, today=TODAY)
        assert field in exc.value.message_dict
    world["director"].end_date = TODAY - D(days=1)
    world["director"].save()
    with pytest.raises(ValidationError):
        acc.case_approve(actor=world["admin"], case=case, approver=world["director"], measures=["interview"],
                         today=TODAY)
    case = acc.case_approve(actor=world["admin"], case=case, approver=world["deputy"], measures=["interview"],
                            today=TODAY)
    with pytest.raises(ValidationError) as exc:
        acc.case_decide(actor=world["admin"], case=case, basis="", effective_date=TODAY - D(days=1), today=TODAY)
    assert set(exc.value.message_dict) == {"basis", "effective_date"}
    assert AccountabilityCase.objects.get(pk=case.pk).status == C.APPROVED


def test_aggravated_when_held_to_account_twice_within_a_year(world):
    first = decide(world, open_case(world, end=TODAY - D(days=5)), today=TODAY)
    assert not first.aggravated
    second_day = TODAY + D(days=300)
    second = decide(world, open_case(world, end=second_day - D(days=5), today=second_day), today=second_day)
    assert second.aggravated and "两次" in second.aggravation_reason
    assert second.events.get(action="decide").data == {"aggravated": True}
    # more than a year after the second: not aggravated; another unit is not affected
    third_day = second_day + D(days=366)
    third = decide(world, open_case(world, end=third_day - D(days=5), today=third_day), today=third_day)
    assert not third.aggravated


def test_referral_records_the_receiving_body(world):
    plain = decide(world, open_case(world))
    with pytest.raises(ValidationError):
        acc.case_refer(actor=world["admin"], case=plain, receiving_body="区监委", today=TODAY)
    case = decide(world, open_case(world, subject_kind="person", situations=[situation("P01")],
                                   person_name="某校长"), measures=["referral"])
    with pytest.raises(ValidationError) as exc:
        acc.case_refer(actor=world["admin"], case=case, receiving_body=" ", today=TODAY)
    assert "receiving_body" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        acc.case_refer(actor=world["sibling"], case=case, receiving_body="区监委", today=TODAY)
    case = acc.case_refer(actor=world["admin"], case=case, receiving_body="重庆市南岸区监察委员会", today=TODAY)
    assert (case.referred_to, case.referred_on) == ("重庆市南岸区监察委员会", TODAY)
    with pytest.raises(ValidationError):
        acc.case_refer(actor=world["admin"], case=case, receiving_body="再次", today=TODAY)


def test_inspector_misconduct_uses_the_same_machinery(world):
    off = world["office"]
    insp = inspector(off, name="违纪督学")
    with pytest.raises(ValidationError) as exc:
        acc.case_open(actor=world["admin"], unit=off, subject_kind="inspector", title="玩忽职守",
                      supervision_end=TODAY, situations=[situation("I01")], today=TODAY)
    assert "inspector" in exc.value.message_dict
    case = acc.case_open(actor=world["admin"], unit=off, subject_kind="inspector", inspector=insp, title="玩忽职守",
                         supervision_end=TODAY, situations=[situation("I01")], today=TODAY)
    assert case.person_name == "违纪督学"
    case = acc.case_form_group(actor=world["admin"], case=case, group_members="组", today=TODAY)
    case = acc.case_notify(actor=world["admin"], case=case, facts="贻误督导", today=TODAY)
    case = acc.case_hear(actor=world["admin"], case=case, statement="无异议", today=TODAY)
    with pytest.raises(ValidationError):
        acc.case_approve(actor=world["admin"], case=case, approver=world["director"], measures=["public_criticism"],
                         today=TODAY)
    case = acc.case_approve(actor=world["admin"], case=case, approver=world["director"],
                            measures=["revoke_appointment"], today=TODAY)
    assert case.status == C.APPROVED


def test_province_extends_the_catalogue(world, tree):
    with pytest.raises(ValidationError) as exc:
        acc.situation_add(actor=None, province=tree["nanan"], code="CQ01", subject="school", title="x")
    assert "province" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        acc.situation_add(actor=world["admin"], province=tree["cq"], code="CQ01", subject="school", title="x")
    cq = acc.situation_add(actor=world["parent"], province=tree["cq"], code="CQ01", subject="school",
                           title="违规补课屡禁不止")
    sc = acc.situation_add(actor=None, province=tree["sc"], code="SC01", subject="school", title="四川增补情形")
    valid = set(acc.situations_for(tree["nanan"]))
    assert cq in valid and sc not in valid and situation("S03") in valid
    with pytest.raises(ValidationError):
        open_case(world, situations=[sc])
    assert open_case(world, situations=[cq]).situations.get() == cq


def test_interview_and_circular_records_reach_item_history(world, tree):
    it = item(world)
    rec = acc.interview_create(actor=world["admin"], unit=world["unit"], held_on=TODAY, participants="督导室主任",
                               leaders_present="校长、书记", content="整改进度严重滞后", commitments="两周内完成",
                               filed_with=["区委", "区政府", "区教委"], ledger_items=[it])
    assert rec.filed_with == ["区委", "区政府", "区教委"]
    circ = acc.circular_create(actor=world["admin"], unit=world["unit"], issued_on=TODAY, content="通报批评",
                               recommendation="一年内不得评优评先", ledger_items=[it])
    assert list(it.events.values_list("action", flat=True)) == ["issue", "interview", "circular"]
    assert circ.recommendation
    with pytest.raises(ValidationError) as exc:
        acc.interview_create(actor=world["admin"], unit=world["unit"], held_on=None, participants="",
                             leaders_present="", content="")
    assert set(exc.value.message_dict) == {"held_on", "participants", "leaders_present", "content"}
    with pytest.raises(ValidationError):
        acc.circular_create(actor=world["admin"], unit=world["unit"], issued_on=TODAY, content="x", recommendation="")
    with pytest.raises(PermissionDenied):
        acc.circular_create(actor=world["sibling"], unit=world["unit"], issued_on=TODAY, content="x",
                            recommendation="y")


def test_aggravation_counts_the_same_subject_only(world):
    """从重 (一年内被教育督导问责两次及以上) counts earlier cases of the same person or the same unit:
    another person of the same unit, or the unit itself, is not the same subject."""
    def person_case(name, day):
        return decide(world, open_case(world, subject_kind="person", situations=[situation("P01")], person_name=name,
                                       end=day - D(days=5), today=day), today=day, measures=("order_examination",))

    first = person_case("王校长", TODAY)
    assert not first.aggravated
    other = person_case("李副校长", TODAY + D(days=10))
    assert not other.aggravated and other.aggravation_reason == ""
    unit_case = decide(world, open_case(world, end=TODAY + D(days=15), today=TODAY + D(days=20)),
                       today=TODAY + D(days=20))
    assert not unit_case.aggravated
    again = person_case(" 王校长 ", TODAY + D(days=30))
    assert again.aggravated and "（此前1次）" in again.aggravation_reason
    unit_again = decide(world, open_case(world, end=TODAY + D(days=35), today=TODAY + D(days=40)),
                        today=TODAY + D(days=40))
    assert unit_again.aggravated and "（此前1次）" in unit_again.aggravation_reason
