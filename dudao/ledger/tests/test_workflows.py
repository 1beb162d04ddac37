"""The rectification procedure (E4, E11): every transition, its guards (role, scope, source state),
extensions, rebounds and the history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.ledger import selectors, services, workflows
from dudao.ledger.choices import ExtensionStatus, LedgerSource, LedgerStatus
from dudao.ledger.models import LedgerEvent, LedgerItem
from dudao.testing.ledger_factories import TODAY, advance, item, ledger_world

pytestmark = pytest.mark.django_db
S = LedgerStatus


@pytest.fixture
def world(tree):
    return ledger_world(tree)


# (transition, status before, actor allowed, kwargs)
CASES = [
    ("submit_plan", S.ISSUED, "respondent", {"plan": "三周内完成"}),
    ("accept_plan", S.PLAN_SUBMITTED, "admin", {}),
    ("report", S.IN_PROGRESS, "respondent", {"report": "已整改", "evidence": "照片三张"}),
    ("begin_recheck", S.REPORTED, "inspector", {"method": "unannounced"}),
    ("close", S.RECHECKING, "admin", {"conclusion": "整改到位"}),
    ("return", S.RECHECKING, "admin", {"conclusion": "仍未整改到位", "deadline": TODAY + datetime.timedelta(days=10)}),
]


@pytest.mark.parametrize(("name", "source", "allowed", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_transition_happy_path_writes_event(world, name, source, allowed, kwargs):
    it = advance(world, item(world), source)
    assert it.status == source
    result = workflows.SERVICES[name](actor=world[allowed], item=it, today=TODAY, **kwargs)
    target = workflows.TRANSITIONS[name].target
    assert LedgerItem.objects.get(pk=it.pk).status == target == result.status
    event = LedgerEvent.objects.filter(item=it).last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (name, source, target, world[allowed])


@pytest.mark.parametrize(("name", "source", "allowed", "kwargs"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("who", ["leader", "other_respondent", "sibling", "respondent", "inspector", "admin"])
def test_transition_refused_without_role_or_scope(world, name, source, allowed, kwargs, who):
    allowed_users = {allowed, "parent"}
    if workflows.TRANSITIONS[name].permission == "recheck":
        allowed_users |= {"admin"}
    if who in allowed_users:
        return
    it = advance(world, item(world), source)
    with pytest.raises(PermissionDenied):
        workflows.SERVICES[name](actor=world[who], item=it, today=TODAY, **kwargs)
    assert LedgerItem.objects.get(pk=it.pk).status == source


@pytest.mark.parametrize(("name", "source", "allowed", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_parent_office_may_decide(world, name, source, allowed, kwargs):
    if workflows.TRANSITIONS[name].permission == "respond":
        return  # the parent office does not answer in the unit's name
    it = advance(world, item(world), source)
    workflows.SERVICES[name](actor=world["parent"], item=it, today=TODAY, **kwargs)
    assert LedgerItem.objects.get(pk=it.pk).status == workflows.TRANSITIONS[name].target


@pytest.mark.parametrize(("name", "source", "allowed", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_transition_refused_from_wrong_state(world, name, source, allowed, kwargs):
    for status in S.values:
        if status in (source, S.DRAFT):  # drafts are a task's problems: test_problems.py
            continue
        it = advance(world, item(world), status)
        with pytest.raises(ValidationError) as exc:
            workflows.SERVICES[name](actor=world[allowed], item=it, today=TODAY, **kwargs)
        assert "status" in exc.value.message_dict
        assert LedgerItem.objects.get(pk=it.pk).status == status


@pytest.mark.parametrize(("name", "source", "kwargs", "field"), [
    ("submit_plan", S.ISSUED, {"plan": "  "}, "plan"),
    ("report", S.IN_PROGRESS, {"report": "已整改", "evidence": ""}, "evidence"),
    ("report", S.IN_PROGRESS, {"report": "", "evidence": "照片"}, "report"),
    ("begin_recheck", S.REPORTED, {"method": "phone"}, "method"),
    ("close", S.RECHECKING, {"conclusion": ""}, "conclusion"),
    ("return", S.RECHECKING, {"conclusion": "未到位", "deadline": TODAY}, "deadline"),
    ("return", S.RECHECKING, {"conclusion": "", "deadline": TODAY + datetime.timedelta(days=5)}, "conclusion"),
])
def test_guards_name_the_field(world, name, source, kwargs, field):
    it = advance(world, item(world), source)
    with pytest.raises(ValidationError) as exc:
        workflows.SERVICES[name](actor=None, item=it, today=TODAY, **kwargs)
    assert field in exc.value.message_dict
    assert LedgerItem.objects.get(pk=it.pk).status == source
    assert not LedgerEvent.objects.filter(item=it, action=name).exists()


def test_full_cycle_with_return_records_everything(world):
    it = advance(world, item(world), S.RECHECKING)
    assert it.recheck_method == "sampling"
    new_deadline = TODAY + datetime.timedelta(days=14)
    it = workflows.item_return(actor=world["admin"], item=it, conclusion="台账不全", deadline=new_deadline, today=TODAY)
    assert (it.status, it.deadline) == (S.IN_PROGRESS, new_deadline)
    it = advance(world, it, S.CLOSED)
    assert it.closed_at is not None
    actions = list(selectors.history(it).values_list("action", flat=True))
    assert actions == ["issue", "submit_plan", "accept_plan", "report", "begin_recheck", "return", "report",
                       "begin_recheck", "close"]
    assert selectors.history(it).get(action="return").data == {"deadline": new_deadline.isoformat()}


def test_available_lists_by_role(world):
    it = item(world)
    assert [t.name for t in workflows.available(world["respondent"], it)] == ["submit_plan"]
    assert workflows.available(world["admin"], it) == []
    assert workflows.available(world["sibling"], it) == []


# ---- registration ----------------------------------------------------------------------------------
def test_create_checks_scope_source_and_input(world):
    with pytest.raises(PermissionDenied):
        services.ledger_item_create(
            actor=world["sibling"], unit=world["unit"], source=LedgerSource.MEDIA, description="x", category="safety",
            requirement="y", deadline=TODAY + datetime.timedelta(days=3), today=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.ledger_item_create(actor=world["admin"], unit=world["unit"], source=LedgerSource.TASK,
                                    description="", category="nope", requirement="", deadline=TODAY,
                                    today=TODAY)
    assert set(exc.value.message_dict) == {"source"}
    with pytest.raises(ValidationError) as exc:
        services.ledger_item_create(actor=world["admin"], unit=world["unit"], source=LedgerSource.HOTLINE,
                                    description="", category="nope", requirement="",
                                    deadline=TODAY - datetime.timedelta(days=1), today=TODAY)
    assert set(exc.value.message_dict) == {"description", "category", "requirement", "deadline"}
    assert not LedgerItem.objects.exists()
    it = item(world, source=LedgerSource.HOTLINE)
    assert (it.status, it.region_path, it.original_deadline) == (S.ISSUED, world["unit"].region_path, it.deadline)
    assert selectors.history(it).get().action == "issue"


def test_scoped_visibility(world):
    it = item(world)
    for who, sees in [("admin", True), ("parent", True), ("respondent", True), ("inspector", True),
                      ("leader", True), ("sibling", False), ("other_respondent", False)]:
        assert LedgerItem.objects.for_user(world[who], "view").filter(pk=it.pk).exists() is sees, who


# ---- extensions ------------------------------------------------------------------------------------
def test_extension_approved_moves_deadline(world):
    it = item(world)
    later = it.deadline + datetime.timedelta(days=20)
    with pytest.raises(PermissionDenied):
        workflows.extension_request(actor=world["admin"], item=it, requested_deadline=later, reason="x", today=TODAY)
    ext = workflows.extension_request(actor=world["respondent"], item=it, requested_deadline=later,
                                      reason="施工需要时间", today=TODAY)
    with pytest.raises(ValidationError) as exc:
        workflows.extension_request(actor=world["respondent"], item=it, requested_deadline=later, reason="再延",
                                    today=TODAY)
    assert "status" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        workflows.extension_approve(actor=world["respondent"], extension=ext)
    with pytest.raises(PermissionDenied):
        workflows.extension_approve(actor=world["sibling"], extension=ext)
    workflows.extension_approve(actor=world["admin"], extension=ext, note="同意")
    it.refresh_from_db()
    ext.refresh_from_db()
    assert (it.deadline, it.original_deadline < it.deadline, ext.status) == (later, True, ExtensionStatus.APPROVED)
    with pytest.raises(ValidationError):
        workflows.extension_refuse(actor=world["admin"], extension=ext, note="改主意")
    assert list(selectors.history(it).values_list("action", flat=True)) == [
        "issue", "extension_request", "extension_approve"]


def test_extension_refused_needs_reason_and_keeps_deadline(world):
    it = item(world)
    old = it.deadline
    with pytest.raises(ValidationError) as exc:
        workflows.extension_request(actor=world["respondent"], item=it, requested_deadline=old, reason="",
                                    today=TODAY)
    assert set(exc.value.message_dict) == {"reason", "requested_deadline"}
    ext = workflows.extension_request(actor=world["respondent"], item=it,
                                      requested_deadline=old + datetime.timedelta(days=5), reason="理由", today=TODAY)
    with pytest.raises(ValidationError):
        workflows.extension_refuse(actor=world["admin"], extension=ext, note=" ")
    workflows.extension_refuse(actor=world["admin"], extension=ext, note="期限足够")
    it.refresh_from_db()
    assert it.deadline == old
    assert it.extensions.get().status == ExtensionStatus.REFUSED


def test_extension_only_while_open(world):
    it = advance(world, item(world), S.REPORTED)
    with pytest.raises(ValidationError) as exc:
        workflows.extension_request(actor=world["respondent"], item=it,
                                    requested_deadline=it.deadline + datetime.timedelta(days=5), reason="x",
                                    today=TODAY)
    assert "status" in exc.value.message_dict


# ---- rebounds --------------------------------------------------------------------------------------
def test_rebound_reopens_closed_problem_linked_to_original(world):
    original = advance(world, item(world), S.CLOSED)
    deadline = TODAY + datetime.timedelta(days=15)
    rebound = workflows.item_rebound(actor=world["inspector"], item=original, description="陪餐制度又未落实",
                                     requirement="立即恢复", deadline=deadline, method="unannounced", today=TODAY)
    original.refresh_from_db()
    assert original.status == S.CLOSED
    assert (rebound.status, rebound.rebound_of, rebound.source, rebound.unit) == (
        S.ISSUED, original, LedgerSource.RECHECK, world["unit"])
    assert original.events.last().action == "rebound"
    assert original.events.last().data["rebound"] == rebound.pk
    # a second rebound while the first is open is refused
    with pytest.raises(ValidationError) as exc:
        workflows.item_rebound(actor=world["admin"], item=original, description="又反弹", requirement="改",
                               deadline=deadline, method="sampling", today=TODAY)
    assert "status" in exc.value.message_dict
    # once the rebound is closed the original may rebound again; counted per unit
    advance(world, rebound, S.CLOSED)
    workflows.item_rebound(actor=world["admin"], item=original, description="第三次", requirement="改",
                           deadline=deadline, method="on_site", today=TODAY)
    item(world)  # an ordinary item does not count
    assert selectors.rebound_counts(LedgerItem.objects.all()) == {world["unit"].pk: 2}


def test_rebound_guards(world):
    open_item = item(world)
    kwargs = {"description": "x", "requirement": "y", "deadline": TODAY + datetime.timedelta(days=3),
              "method": "sampling", "today": TODAY}
    with pytest.raises(ValidationError):
        workflows.item_rebound(actor=world["admin"], item=open_item, **kwargs)
    closed = advance(world, item(world), S.CLOSED)
    for who in ("respondent", "sibling", "leader"):
        with pytest.raises(PermissionDenied):
            workflows.item_rebound(actor=world[who], item=closed, **kwargs)
    with pytest.raises(ValidationError) as exc:
        workflows.item_rebound(actor=world["admin"], item=closed, **{**kwargs, "method": "", "deadline": TODAY})
    assert {"method", "deadline"} <= set(exc.value.message_dict)
    assert not closed.rebounds.exists()


def test_overdue_selector(world):
    it = item(world, deadline=TODAY + datetime.timedelta(days=1))
    day_after = TODAY + datetime.timedelta(days=2)
    assert list(selectors.overdue(LedgerItem.objects.all(), day_after)) == [it]
    advance(world, it, S.REPORTED)
    assert not selectors.overdue(LedgerItem.objects.all(), day_after).exists()
