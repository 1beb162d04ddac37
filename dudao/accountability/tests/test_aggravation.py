"""从重处理 (问责办法): the situations the office records on a case — 隐瞒、阻挠或不配合, 打击报复,
问责后仍不纠正, 其他 — with the recorder and the facts, through the service, the case page and the
API; the decision is 从重 and names them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accountability import services as accountability
from dudao.accountability.models import CaseAggravation
from dudao.testing.case_factories import advance_case, case_world, open_case
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"


@pytest.fixture
def world(tree):
    return case_world(tree)


def post(client, url, data=None):
    return client.post(url, data=data or {}, content_type="application/json")


def test_service_records_checks_and_the_decision_names_it(world):
    case = open_case(world)
    admin = world["admin"]
    with pytest.raises(ValidationError) as exc:
        accountability.case_record_aggravation(actor=admin, case=case, circumstance="nonsense", note=" ")
    assert set(exc.value.message_dict) == {"circumstance", "note"}
    for who in ("leader", "respondent"):
        with pytest.raises(PermissionDenied):
            accountability.case_record_aggravation(actor=world[who], case=case, circumstance="concealment",
                                                   note="拒不提供材料")
    with pytest.raises(PermissionDenied):
        accountability.case_record_aggravation(actor=world["sibling"], case=case, circumstance="concealment",
                                               note="拒不提供材料")
    accountability.case_record_aggravation(actor=admin, case=case, circumstance="concealment", note="拒不提供材料")
    with pytest.raises(ValidationError) as exc:
        accountability.case_record_aggravation(actor=admin, case=case, circumstance="concealment", note="再次")
    assert "已记录" in exc.value.message_dict["circumstance"][0]
    row = CaseAggravation.objects.get(case=case)
    assert (row.kind, row.note, row.recorded_by) == ("concealment", "拒不提供材料", admin)
    event = case.events.get(action="aggravation")
    assert (event.actor, event.note, event.data["kind"], event.action_label) == (
        admin, "拒不提供材料", "concealment", "记录从重情节")
    case = advance_case(world, case, "decided")
    assert case.aggravated and "隐瞒事实真相" in case.aggravation_reason
    with pytest.raises(ValidationError) as exc:
        accountability.case_record_aggravation(actor=admin, case=case, circumstance="other", note="x")
    assert "status" in exc.value.message_dict


def test_case_page_records_and_shows_it(world):
    case = open_case(world)
    url = f"/ledger/cases/{case.pk}/"
    admin = ui_client(world["admin"])
    html = admin.get(url).content.decode()
    assert 'value="aggravate"' in html and "打击报复" in html
    assert 'value="aggravate"' not in ui_client(world["leader"]).get(url).content.decode()
    r = admin.post(url, {"form": "aggravate", "aggravate-circumstance": "retaliation", "aggravate-note": ""})
    assert r.status_code == 200 and "必填" in r.content.decode() and not CaseAggravation.objects.exists()
    r = admin.post(url, {"form": "aggravate", "aggravate-circumstance": "retaliation",
                         "aggravate-note": "对举报家长威胁恐吓"})
    assert r.status_code == 302
    html = ui_client(world["leader"]).get(url).content.decode()
    assert 'id="aggravations"' in html and "对举报家长威胁恐吓" in html and "记录从重情节" in html
    assert ui_client(world["leader"]).post(url, {"form": "aggravate", "aggravate-circumstance": "other",
                                                 "aggravate-note": "x"}).status_code == 403


def test_api_records_and_lists_it(world):
    case = open_case(world)
    url = f"{API}/cases/{case.pk}/transitions/aggravate"
    admin = api_client(world["admin"])
    assert "aggravate" in admin.get(f"{API}/cases/{case.pk}").json()["available"]
    r = post(admin, url, {"circumstance": "not_corrected"})
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} == {"note"}
    assert post(admin, url, {"circumstance": "bad", "note": "x"}).status_code == 422
    assert post(api_client(world["leader"]), url, {"circumstance": "other", "note": "x"}).status_code == 403
    assert post(api_client(world["sibling"]), url, {"circumstance": "other", "note": "x"}).status_code == 404
    body = post(admin, url, {"circumstance": "not_corrected", "note": "上次问责后仍未整改"}).json()
    assert [(a["kind"], a["note"], a["recorded_by_id"]) for a in body["aggravations"]] == [
        ("not_corrected", "上次问责后仍未整改", world["admin"].pk)]
    assert body["aggravations"][0]["label"].startswith("被问责后")
    assert body["events"][-1]["action"] == "aggravation"
