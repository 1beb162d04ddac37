"""Three-way routing with linked department actions (E12) and the mediation station (E13)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.ledger import routing
from dudao.ledger.choices import ActionKind, ActionStatus
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory
from dudao.testing.ledger_factories import TODAY, advance, item, ledger_world

pytestmark = pytest.mark.django_db
LATER = TODAY + datetime.timedelta(days=20)


@pytest.fixture
def world(tree):
    w = ledger_world(tree)
    w["housing"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["nanan"], name="南岸区住房城乡建委")
    w["police"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["cq"], name="重庆市公安局")
    w["station"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["nanan"], name="南岸区教育纠纷调解站")
    w["far"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["ddk"], name="大渡口区某局")
    return w


def test_major_creates_linked_actions_with_deadlines(world):
    it = item(world)
    routing.item_route(actor=world["admin"], item=it, routing="major", departments=[world["housing"], world["police"]],
                       action_deadline=LATER, task="校门口交通整治", dispute=True, mediation_unit=world["station"],
                       today=TODAY)
    it.refresh_from_db()
    actions = list(it.actions.order_by("kind", "department_id"))
    assert it.routing == "major"
    assert {(a.department, a.kind) for a in actions} == {
        (world["housing"], ActionKind.DEPARTMENT), (world["police"], ActionKind.DEPARTMENT),
        (world["station"], ActionKind.MEDIATION)}
    assert all(a.deadline == LATER and a.status == ActionStatus.OPEN for a in actions)
    done = routing.action_complete(actor=world["admin"], action=actions[0], result="已设置减速带")
    assert done.status == ActionStatus.DONE
    with pytest.raises(ValidationError):
        routing.action_complete(actor=world["admin"], action=actions[0], result="again")
    assert list(it.events.values_list("action", flat=True)) == ["issue", "route", "action_done"]


def test_routing_guards(world):
    it = item(world)
    with pytest.raises(ValidationError) as exc:
        routing.item_route(actor=world["admin"], item=it, routing="major", today=TODAY, dispute=True)
    assert {"departments", "task", "action_deadline", "mediation_unit"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        routing.item_route(actor=world["admin"], item=it, routing="major", departments=[world["far"]], task="x",
                           action_deadline=LATER, today=TODAY)
    assert "departments" in exc.value.message_dict
    with pytest.raises(ValidationError):
        routing.item_route(actor=world["admin"], item=it, routing="small", departments=[world["housing"]], today=TODAY)
    for who in ("respondent", "sibling", "inspector"):
        with pytest.raises(PermissionDenied):
            routing.item_route(actor=world[who], item=it, routing="hard", today=TODAY)
    routing.item_route(actor=world["admin"], item=it, routing="hard", today=TODAY)
    it.refresh_from_db()
    assert it.routing == "hard" and not it.actions.exists()
    closed = advance(world, item(world), "closed")
    with pytest.raises(ValidationError):
        routing.item_route(actor=world["admin"], item=closed, routing="hard", today=TODAY)
