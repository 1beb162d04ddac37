"""The ledger API through HTTP (E11): the unit answers its own items; filters; the history; errors."""

import datetime

import pytest

from dudao.ledger import workflows
from dudao.ledger.models import LedgerItem
from dudao.testing.case_factories import case_world
from dudao.testing.ledger_factories import advance, item, ledger_world
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"


@pytest.fixture
def world(tree):
    return ledger_world(tree)


def test_unit_answers_its_own_item_and_sees_history(world):
    it = item(world, deadline=datetime.date(2030, 1, 1))
    respondent = api_client(world["respondent"])
    detail = respondent.get(f"{API}/items/{it.pk}").json()
    assert detail["available"] == ["submit_plan"] and [e["action"] for e in detail["events"]] == ["issue"]
    r = respondent.post(f"{API}/items/{it.pk}/transitions/submit_plan", data={"plan": "分三步整改"},
                        content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "plan_submitted"
    # the respondent may not accept its own plan; another school's respondent cannot see the item
    r = respondent.post(f"{API}/items/{it.pk}/transitions/accept_plan", content_type="application/json")
    assert r.status_code == 403
    other = api_client(world["other_respondent"])
    assert other.post(f"{API}/items/{it.pk}/transitions/report", content_type="application/json").status_code == 404
    admin = api_client(world["admin"])
    assert admin.post(f"{API}/items/{it.pk}/transitions/accept_plan",
                      content_type="application/json").json()["status"] == "in_progress"
    r = respondent.post(f"{API}/items/{it.pk}/transitions/report", data={"report": "已整改"},
                        content_type="application/json")
    assert r.status_code == 422 and "evidence" in r.content.decode()
    assert admin.post(f"{API}/items/{it.pk}/transitions/nope", content_type="application/json").status_code == 404
    r = admin.post(f"{API}/items/{it.pk}/transitions/submit_plan", data={"bogus": 1}, content_type="application/json")
    assert r.status_code == 422


def test_filters_and_overdue(world):
    late = item(world, deadline=datetime.date(2026, 3, 10), source="hotline")
    LedgerItem.objects.filter(pk=late.pk).update(deadline=datetime.date(2020, 1, 1))
    ok = item(world, deadline=datetime.date(2030, 1, 1))
    advance(world, ok, "reported")
    client = api_client(world["leader"])

    def ids(query):
        return {row["id"] for row in client.get(f"{API}/items", data=query).json()["items"]}

    assert ids({}) == {late.pk, ok.pk}
    assert ids({"overdue": "true"}) == {late.pk}
    assert ids({"source": "hotline"}) == {late.pk}
    assert ids({"status": "reported"}) == {ok.pk}
    assert ids({"unit_id": world["unit"].pk, "category": "safety"}) == {late.pk, ok.pk}
    assert client.get(f"{API}/items", data={"status": "bogus"}).status_code == 422
    assert workflows.available(world["leader"], ok) == []



@pytest.mark.parametrize("path", ["items", "cases", "interviews", "circulars"])
def test_a_unit_filter_outside_the_scope_is_refused_naming_the_field(tree, path):
    """``unit_id`` is a reference given in the request: an invisible unit is a 422 on it, not an
    empty list that looks like "no problems there"."""
    w = case_world(tree)
    client = api_client(w["sibling"])
    response = client.get(f"/api/v1/ledger/{path}?unit_id={w['unit'].pk}")
    assert response.status_code == 422
    assert "unit_id" in response.content.decode()
    assert client.get(f"/api/v1/ledger/{path}?unit_id=999999").status_code == 422
    for who in ("admin", "respondent"):
        assert api_client(w[who]).get(f"/api/v1/ledger/{path}?unit_id={w['unit'].pk}").status_code == 200
