"""The workflow kernel (``dudao.common.workflow``), once for every machine of the platform.

The table checks run over every ``Workflow`` instance found at module level in an app's
``*workflows`` module (a new machine is checked by being declared); the behaviour of ``apply`` —
lock, scope, source state, guard, effect limited to its writes, one history row, hooks in the same
transaction, notifications after commit, one winner of a race — is checked on a concrete machine
(the ledger item's rectification procedure); a sub-record's machine whose lines go to its owner's
history (``history_owner``) on the ledger item's extension requests."""

import datetime
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection

from dudao.common.history import HistoryEvent
from dudao.common.workflow import Transition, Workflow
from dudao.ledger import workflows as item_workflows
from dudao.ledger.choices import ExtensionStatus, LedgerStatus
from dudao.ledger.models import ExtensionRequest, LedgerEvent, LedgerItem
from dudao.testing.concurrency import needs_row_locks, race
from dudao.testing.ledger_factories import TODAY, advance, item, ledger_world

S = LedgerStatus
HISTORY_FIELDS = ("action", "actor", "note", "created_at", "from_status", "to_status", "data")


def all_workflows() -> dict[str, Workflow]:
    """Every module-level ``Workflow`` of the project's apps, by ``module.NAME``."""
    found, seen = {}, set()
    for app in settings.INSTALLED_APPS:
        if not app.startswith("dudao."):
            continue
        package = importlib.import_module(app)
        names = [m.name for m in pkgutil.iter_modules(package.__path__) if m.name.endswith("workflows")]
        for name in names:
            module = importlib.import_module(f"{app}.{name}")
            for attr, value in vars(module).items():
                if isinstance(value, Workflow) and id(value) not in seen:
                    seen.add(id(value))
                    found[f"{module.__name__}.{attr}"] = value
    return found


WORKFLOWS = all_workflows()
MACHINES = sorted(WORKFLOWS)


def test_every_machine_of_the_platform_is_on_the_kernel():
    models = {f"{w.model._meta.app_label}.{w.model.__name__}" for w in WORKFLOWS.values()}
    assert {"ledger.LedgerItem", "accountability.AccountabilityCase", "inspections.SupervisionTask", "inspections.WorkPlan",
            "frameworks.FrameworkVersion", "incentives.GoodPracticeCase", "portal.Publication",
            "inspectors.Appointment", "inspectors.Inspector", "ledger.ExtensionRequest", "ledger.SupervisionOrder",
            "ledger.DepartmentAction", "documents.DocumentNumber", "documents.DocumentBatch",
            "complaints.Complaint"} <= models


def test_no_private_state_machine_outside_the_kernel():
    """No app declares its own transition class or tuple table any more."""
    root = Path(__file__).resolve().parents[2]  # the dudao package
    offenders = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or path.name.startswith("test_") or path == root / "common" / "workflow.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^class \w*Transition\b", text, re.M):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


@pytest.mark.parametrize("key", MACHINES)
def test_table_is_consistent(key):
    wf = WORKFLOWS[key]
    status = wf.model._meta.get_field(wf.status_field)
    states = {value for value, _label in status.choices}
    assert states, f"{key}: the status field has no choices"
    assert wf.transitions
    for t in wf.transitions.values():
        assert isinstance(t, Transition)
        assert t.source and set(t.source) <= states, f"{key}.{t.name}: invalid source {t.source}"
        assert t.target in states, f"{key}.{t.name}: invalid target {t.target}"
        assert str(t.label).strip(), f"{key}.{t.name}: no label"
        assert isinstance(t.permission, str) and t.permission
        assert wf.status_field not in t.writes
        for name in (*t.writes, *wf.touch):
            field = wf.model._meta.get_field(name)  # raises when the table names a field the model lacks
            assert field.concrete and not field.primary_key
        assert t.effect is not None or not t.writes, f"{key}.{t.name}: writes without an effect"


@pytest.mark.parametrize("key", MACHINES)
def test_history_has_the_one_shape(key):
    wf = WORKFLOWS[key]
    history = wf.history
    assert issubclass(history, HistoryEvent)
    for name in HISTORY_FIELDS:
        history._meta.get_field(name)
    if wf.history_owner is None:
        fk = history._meta.get_field(wf.subject)
        assert fk.related_model is wf.model, f"{key}: {history.__name__}.{wf.subject} must point at the object"
        assert history._meta.ordering[0] in (wf.subject, f"{wf.subject}_id")
        # machines of one model may share its history (the task's procedure and its 备案): the history's
        # choices are then the union of their states
        states = set().union(*({v for v, _label in w.model._meta.get_field(w.status_field).choices}
                               for w in WORKFLOWS.values() if w.history is history and w.history_owner is None))
        for name in ("from_status", "to_status"):
            choices = {v for v, _label in history._meta.get_field(name).choices or ()}
            assert not choices or choices == states, f"{key}: {history.__name__}.{name} choices differ from the states"
        labels = history.transition_labels()
        assert {n: str(label) for n, label in labels.items() if n in wf.transitions} == {
            n: str(t.label) for n, t in wf.transitions.items()}, f"{key}: history labels are not the machine's"
    else:  # a sub-record's lines go to its owner's history, by the same foreign key name
        owner = wf.model._meta.get_field(wf.history_owner)
        fk = history._meta.get_field(wf.history_owner)
        assert owner.many_to_one and fk.related_model is owner.related_model, \
            f"{key}: {wf.model.__name__}.{wf.history_owner} and {history.__name__}.{wf.history_owner} differ"
        assert history._meta.ordering[0] in (wf.history_owner, f"{wf.history_owner}_id")
        owners = [w for w in WORKFLOWS.values() if w.model is owner.related_model and w.history is history]
        for other in owners:
            clash = set(wf.event_labels()) & set(other.event_labels())
            assert not clash, f"{key}: action codes {clash} are the owner's transitions"
    codes = [wf.action_of(t) for t in wf.transitions.values()]
    assert len(set(codes)) == len(codes), f"{key}: two transitions write the same action code"
    for t in wf.transitions.values():  # every line reads as the transition's label
        assert history(action=wf.action_of(t)).action_label == str(t.label), \
            f"{key}.{t.name}: the history labels {wf.action_of(t)!r} otherwise"


@pytest.mark.parametrize("key", MACHINES)
def test_services_are_generated_with_the_subject_keyword(key):
    wf = WORKFLOWS[key]
    for name, fn in wf.services("x").items():
        assert fn.__name__ == f"x_{name}"


# ---- behaviour of apply, on the ledger item ---------------------------------------------------------
@pytest.fixture
def world(tree):
    return ledger_world(tree)


@pytest.fixture
def hooks():
    """Connect hooks to the ledger machine for one test only."""
    wf = item_workflows.WORKFLOW
    saved = {name: list(fns) for name, fns in wf._hooks.items()}
    yield wf
    wf._hooks.clear()
    wf._hooks.update(saved)


def events(it):
    return LedgerEvent.objects.filter(item=it).count()


@pytest.mark.django_db
def test_apply_refuses_an_illegal_source_state(world):
    it = item(world)
    before = events(it)
    with pytest.raises(ValidationError) as exc:
        item_workflows.WORKFLOW.apply(actor=world["admin"], obj=it, name="close", data={"conclusion": "到位"})
    assert "status" in exc.value.message_dict and "已下达整改" in str(exc.value.message_dict["status"])
    assert LedgerItem.objects.get(pk=it.pk).status == S.ISSUED and events(it) == before


@pytest.mark.django_db
def test_apply_refuses_an_unknown_transition(world):
    with pytest.raises(ValidationError) as exc:
        item_workflows.WORKFLOW.apply(actor=world["admin"], obj=item(world), name="teleport")
    assert "transition" in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_respondent", "sibling", "admin"])
def test_apply_refuses_an_actor_without_the_right_on_the_row(world, who):
    it = item(world)  # submit_plan needs "respond": the unit's respondents only
    before = events(it)
    with pytest.raises(PermissionDenied):
        item_workflows.WORKFLOW.apply(actor=world[who], obj=it, name="submit_plan", data={"plan": "方案"})
    assert LedgerItem.objects.get(pk=it.pk).status == S.ISSUED and events(it) == before


@pytest.mark.django_db
def test_apply_runs_the_guard(world):
    it = item(world)
    with pytest.raises(ValidationError) as exc:
        item_workflows.WORKFLOW.apply(actor=world["respondent"], obj=it, name="submit_plan", data={"plan": "  "})
    assert set(exc.value.message_dict) == {"plan"}
    assert LedgerItem.objects.get(pk=it.pk).status == S.ISSUED


@pytest.mark.django_db
def test_apply_writes_one_history_row_with_from_to_and_actor(world):
    it = item(world)
    before = events(it)
    result = item_workflows.WORKFLOW.apply(actor=world["respondent"], obj=it, name="submit_plan",
                                           data={"plan": " 三周内完成 "}, note="  说明 ")
    assert result.status == S.PLAN_SUBMITTED == LedgerItem.objects.get(pk=it.pk).status
    assert events(it) == before + 1
    event = LedgerEvent.objects.filter(item=it).latest("id")
    assert (event.action, event.from_status, event.to_status, event.actor, event.note) == (
        "submit_plan", S.ISSUED, S.PLAN_SUBMITTED, world["respondent"], "说明")
    assert event.action_label == "报送整改方案"


@pytest.mark.django_db
def test_apply_saves_only_status_writes_and_touch_fields(world):
    it = item(world)
    it.description = "只在内存中改过的描述"  # the caller's stale instance is never saved

    def effect(obj, step):
        obj.plan = step.data["plan"]
        obj.requirement = "效果越权改写的要求"  # not among the transition's writes

    machine = Workflow(model=LedgerItem, history=LedgerEvent, subject="item", transitions=[
        Transition("probe", "测试", (S.ISSUED,), S.PLAN_SUBMITTED, "respond", writes=("plan",), effect=effect)])
    assert machine.touch == ("updated_at",)
    before = LedgerItem.objects.get(pk=it.pk)
    machine.apply(actor=world["respondent"], obj=it, name="probe", data={"plan": "方案"})
    after = LedgerItem.objects.get(pk=it.pk)
    assert (after.status, after.plan) == (S.PLAN_SUBMITTED, "方案")
    assert after.description == before.description and after.requirement == before.requirement
    assert after.updated_at > before.updated_at


@pytest.mark.django_db
def test_connected_hooks_run_in_the_same_transaction(world, hooks):
    seen = []

    def hook(obj, step):
        seen.append((obj.status, step.event.action, step.from_status, connection.in_atomic_block))

    hooks.connect("submit_plan", hook)
    item_workflows.item_submit_plan(actor=world["respondent"], item=item(world), plan="方案")
    assert seen == [(S.PLAN_SUBMITTED, "submit_plan", S.ISSUED, True)]


@pytest.mark.django_db
def test_a_failing_hook_rolls_the_transition_back(world, hooks):
    it = item(world)
    before = events(it)

    def hook(obj, step):
        raise ValidationError({"status": "挂接的操作失败"})

    hooks.connect("submit_plan", hook)
    with pytest.raises(ValidationError):
        item_workflows.item_submit_plan(actor=world["respondent"], item=it, plan="方案")
    it = LedgerItem.objects.get(pk=it.pk)
    assert (it.status, it.plan) == (S.ISSUED, "") and events(it) == before


@pytest.mark.django_db
def test_connect_refuses_an_unknown_transition(hooks):
    with pytest.raises(ImproperlyConfigured):
        hooks.connect("teleport", lambda obj, step: None)


@pytest.mark.django_db
def test_on_commit_callbacks_run_only_after_commit(world, hooks, django_capture_on_commit_callbacks):
    sent = []
    hooks.connect("submit_plan", lambda obj, step: step.on_commit(lambda: sent.append(obj.pk)))
    it = item(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item_workflows.item_submit_plan(actor=world["respondent"], item=it, plan="方案")
    assert sent == [] and len(callbacks) == 1  # queued, not sent inside the transaction
    callbacks[0]()
    assert sent == [it.pk]


@pytest.mark.django_db
def test_on_commit_callbacks_of_a_rolled_back_transition_never_run(world, hooks, django_capture_on_commit_callbacks):
    sent = []
    hooks.connect("submit_plan", lambda obj, step: step.on_commit(lambda: sent.append(obj.pk)))

    def fail(obj, step):
        raise ValidationError("失败")

    hooks.connect("submit_plan", fail)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            item_workflows.item_submit_plan(actor=world["respondent"], item=item(world), plan="方案")
    assert callbacks == [] and sent == []


@pytest.mark.django_db
def test_available_lists_what_the_actor_may_do_from_the_current_state(world):
    it = advance(world, item(world), S.RECHECKING)
    assert [t.name for t in item_workflows.WORKFLOW.available(world["admin"], it)] == ["close", "return"]
    assert item_workflows.WORKFLOW.available(world["respondent"], it) == []
    assert item_workflows.WORKFLOW.available(world["sibling"], it) == []


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_applies_exactly_one_succeeds(tree):
    world = ledger_world(tree)
    it = advance(world, item(world), S.RECHECKING)
    wf = item_workflows.WORKFLOW
    results = race(
        lambda: wf.apply(actor=None, obj=LedgerItem.objects.get(pk=it.pk), name="close",
                         data={"conclusion": "到位"}),
        lambda: wf.apply(actor=None, obj=LedgerItem.objects.get(pk=it.pk), name="return", today=TODAY,
                         data={"conclusion": "未到位", "deadline": TODAY + datetime.timedelta(days=9)}),
    )
    assert results == ["ok", "refused"]
    assert LedgerEvent.objects.filter(item=it, action__in=["close", "return"]).count() == 1


@pytest.mark.django_db
def test_system_actor_skips_scope_but_not_the_state(world):
    it = item(world)
    with pytest.raises(ValidationError):
        item_workflows.WORKFLOW.apply(actor=None, obj=it, name="accept_plan")
    assert item_workflows.WORKFLOW.apply(actor=None, obj=it, name="submit_plan", data={"plan": "方案"}).status == \
        S.PLAN_SUBMITTED
    assert LedgerEvent.objects.filter(item=it).latest("id").actor is None


# ---- a sub-record's machine writing on its owner's history (history_owner) ---------------------------
@pytest.fixture
def extension_hooks():
    wf = item_workflows.EXTENSION_WORKFLOW
    saved = {name: list(fns) for name, fns in wf._hooks.items()}
    yield wf
    wf._hooks.clear()
    wf._hooks.update(saved)


def pending_extension(world):
    it = item(world)
    return item_workflows.extension_request(actor=world["respondent"], item=it, reason="施工需要时间",
                                            requested_deadline=it.deadline + datetime.timedelta(days=20), today=TODAY)


@pytest.mark.django_db
def test_a_sub_record_transition_writes_its_line_on_the_owner_history(world):
    ext = pending_extension(world)
    it, before = ext.item, events(ext.item)
    old_deadline = LedgerItem.objects.get(pk=it.pk).deadline
    result = item_workflows.EXTENSION_WORKFLOW.apply(actor=world["admin"], obj=ext, name="approve", note=" 同意 ")
    assert result.status == ExtensionStatus.APPROVED == ExtensionRequest.objects.get(pk=ext.pk).status
    assert events(it) == before + 1
    event = LedgerEvent.objects.filter(item=it).latest("id")
    assert (event.action, event.actor, event.note, event.from_status, event.to_status) == (
        "extension_approve", world["admin"], "同意", "", "")  # the columns are the item's states: unchanged
    assert event.data == {"extension": ext.pk, "from_status": "pending", "to_status": "approved",
                          "requested_deadline": ext.requested_deadline.isoformat(),
                          "old_deadline": old_deadline.isoformat()}
    assert event.action_label == "同意延期"
    assert LedgerItem.objects.get(pk=it.pk).deadline == ext.requested_deadline  # the hook, same transaction


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["respondent", "sibling", "other_respondent"])
def test_a_sub_record_machine_checks_scope_on_the_owner(world, who):
    ext = pending_extension(world)
    before = events(ext.item)
    with pytest.raises(PermissionDenied):
        item_workflows.EXTENSION_WORKFLOW.apply(actor=world[who], obj=ext, name="approve")
    assert ExtensionRequest.objects.get(pk=ext.pk).status == ExtensionStatus.PENDING and events(ext.item) == before


@pytest.mark.django_db
def test_a_sub_record_machine_refuses_an_illegal_source_state(world):
    ext = pending_extension(world)
    item_workflows.extension_refuse(actor=world["admin"], extension=ext, note="期限足够")
    with pytest.raises(ValidationError) as exc:
        item_workflows.extension_approve(actor=world["admin"], extension=ext)
    assert "不同意" in str(exc.value.message_dict["status"])


@pytest.mark.django_db
def test_a_failing_hook_rolls_back_the_sub_record_and_its_owner(world, extension_hooks):
    ext = pending_extension(world)
    it = LedgerItem.objects.get(pk=ext.item_id)
    before = events(it)

    def fail(obj, step):
        assert obj.item.deadline == ext.requested_deadline  # the owner was changed by the earlier hook
        raise ValidationError("失败")

    extension_hooks.connect("approve", fail)
    with pytest.raises(ValidationError):
        item_workflows.extension_approve(actor=world["admin"], extension=ext)
    assert ExtensionRequest.objects.get(pk=ext.pk).status == ExtensionStatus.PENDING
    assert LedgerItem.objects.get(pk=it.pk).deadline == it.deadline and events(it) == before


def test_history_owner_must_be_the_same_foreign_key_on_both():
    from dudao.documents.models import DocumentNumber, DocumentNumberEvent

    with pytest.raises(ImproperlyConfigured):
        Workflow(model=ExtensionRequest, history=DocumentNumberEvent, subject="extension", history_owner="item",
                 transitions=[])
    with pytest.raises(ImproperlyConfigured):
        Workflow(model=DocumentNumber, history=LedgerEvent, subject="number", history_owner="office", transitions=[])


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_on_a_sub_record_exactly_one_succeeds(tree):
    world = ledger_world(tree)
    ext = pending_extension(world)
    wf = item_workflows.EXTENSION_WORKFLOW
    results = race(
        lambda: wf.apply(actor=None, obj=ExtensionRequest.objects.get(pk=ext.pk), name="approve"),
        lambda: wf.apply(actor=None, obj=ExtensionRequest.objects.get(pk=ext.pk), name="refuse", note="不同意"),
    )
    assert sorted(results) == ["ok", "refused"]
    assert LedgerEvent.objects.filter(item=ext.item, action__in=["extension_approve", "extension_refuse"]).count() == 1
