"""A complaint's status moves only through its machine (``complaints.workflows.WORKFLOW``): 办结 and
重新处理 from the page and the API, 受理/不予受理 from triage in one transaction with the ledger item
and the triage row; every step is a ``ComplaintEvent`` shown on the complaint page. Users who do not
read the inbox (inspectors) never see a complaint."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from dudao.accounts.roles import RoleCode
from dudao.complaints import services
from dudao.complaints.models import Complaint, ComplaintEvent, ComplaintTriage
from dudao.complaints.workflows import WORKFLOW
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.ledger_factories import TODAY, ledger_world
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    cache.clear()
    return ledger_world(tree)


def submitted(world, kind="problem"):
    return services.complaint_submit(school=world["unit"], kind=kind, content="学校周六组织补课",
                                     contact_name="刘德明", contact_phone="13987654321", source="qr")


def actions(c):
    return list(ComplaintEvent.objects.filter(complaint=c).values_list("action", "from_status", "to_status"))


def test_submission_and_registration_open_the_history(world):
    c = submitted(world)
    assert actions(c) == [("submit", "", "new")]
    r = services.complaint_register(actor=world["admin"], unit=world["unit"], source="hotline", content="热线反映",
                                    reference="GD-1")
    event = ComplaintEvent.objects.get(complaint=r)
    assert (event.action, event.actor, event.data["reference"], event.action_label) == (
        "register", world["admin"], "GD-1", "登记")


def test_handle_and_reopen_on_the_page_with_the_history_shown(world):
    c = submitted(world, kind="inspector")
    office = ui_client(world["admin"])
    page = office.get(f"/inspectors/complaints/{c.pk}/").content.decode()
    assert 'value="handle"' in page and 'value="reopen"' not in page and "公开页面提交" in page
    r = office.post(f"/inspectors/complaints/{c.pk}/", {"transition": "handle", "note": "已约谈督学"})
    assert r.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.handled_note) == ("handled", "已约谈督学")
    page = office.get(f"/inspectors/complaints/{c.pk}/").content.decode()
    assert 'value="reopen"' in page and "办结" in page and "已约谈督学" in page
    # a transition that does not start from the current state is refused, nothing changes
    r = office.post(f"/inspectors/complaints/{c.pk}/", {"transition": "handle", "note": "再次"})
    assert r.status_code == 400 and Complaint.objects.get(pk=c.pk).handled_note == "已约谈督学"
    r = office.post(f"/inspectors/complaints/{c.pk}/", {"transition": "reopen", "note": "督学未整改"})
    assert r.status_code == 302 and Complaint.objects.get(pk=c.pk).status == "new"
    assert actions(c) == [("submit", "", "new"), ("handle", "new", "handled"), ("reopen", "handled", "new")]


def test_api_handle_goes_through_the_kernel(world):
    c = submitted(world)
    api = api_client(world["admin"])
    r = api.patch(f"/api/v1/corps/complaints/{c.pk}", {"status": "handled", "handled_note": "已核实"},
                  content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "handled" and r.json()["handled_note"] == "已核实"
    r = api.patch(f"/api/v1/corps/complaints/{c.pk}", {"status": "handled"}, content_type="application/json")
    assert r.status_code == 422
    assert actions(c)[-1] == ("handle", "new", "handled")


def test_accept_is_one_transaction_with_its_transition(world):
    c = submitted(world)
    triage = services.complaint_accept(actor=world["admin"], complaint=c, category="management",
                                       requirement="停止补课", deadline=TODAY.replace(year=TODAY.year + 1))
    c.refresh_from_db()
    event = ComplaintEvent.objects.filter(complaint=c).last()
    assert c.status == "handled" and (event.action, event.actor, event.data) == (
        "accept", world["admin"], {"ledger_item": triage.ledger_item_id})
    # a triaged complaint cannot be reopened: not offered, and refused
    assert [t.name for t in WORKFLOW.available(world["admin"], c)] == []
    with pytest.raises(ValidationError):
        services.complaint_handle(actor=world["admin"], complaint=c, status="new")
    r = api_client(world["admin"]).patch(f"/api/v1/corps/complaints/{c.pk}", {"status": "new"},
                                         content_type="application/json")
    assert r.status_code == 422 and Complaint.objects.get(pk=c.pk).status == "handled"


def test_a_failing_step_rolls_the_whole_triage_back(world):
    c = submitted(world)

    def refuse(obj, step):
        raise ValidationError("测试：回滚")

    WORKFLOW.connect("accept", refuse)
    try:
        with pytest.raises(ValidationError):
            services.complaint_accept(actor=world["admin"], complaint=c, category="management",
                                      requirement="停止补课", deadline=TODAY.replace(year=TODAY.year + 1))
    finally:
        WORKFLOW._hooks["accept"].remove(refuse)
    assert not LedgerItem.objects.exists() and not ComplaintTriage.objects.exists()
    assert Complaint.objects.get(pk=c.pk).status == "new" and actions(c) == [("submit", "", "new")]


def test_inspectors_do_not_read_the_inbox(world, tree):
    c = submitted(world)
    reader = user_with_role(RoleCode.INSPECTOR, region=tree["nanan"])
    assert ui_client(reader).get(f"/inspectors/complaints/{c.pk}/").status_code == 404
    assert api_client(reader).get("/api/v1/corps/complaints").json()["count"] == 0
