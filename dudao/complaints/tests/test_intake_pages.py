"""Complaint intake through its real entry points (E11): the office triages on the complaint page
and by API; the complainant gets a lookup code on the thank-you page and reads the outcome on the
public lookup page (captcha, per-IP limits against guessing); the complainant's name, phone and IP
never reach a unit user — not on the item page, not in the API, not in the Excel export."""

import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client

from dudao.complaints.models import Complaint, ComplaintTriage
from dudao.complaints.public import CAPTCHA_KEY, MISSES_PER_HOUR
from dudao.ledger.models import LedgerItem
from dudao.testing.captcha import session_answer
from dudao.testing.ledger_factories import advance, ledger_world
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
NAME, PHONE, IP = "刘德明", "13987654321", "10.9.8.7"
DEADLINE = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
API = "/api/v1/ledger/complaints"


@pytest.fixture
def world(tree):
    cache.clear()
    return ledger_world(tree)


def complaint(world, **kw):
    unit = world["unit"]
    kw.setdefault("content", f"我是家长{NAME}，电话{PHONE}。学校周六组织有偿补课，每人800元。")
    return Complaint.objects.create(school=unit, region_path=unit.region_path, kind=kw.pop("kind", "problem"),
                                    contact_name=NAME, contact_phone=PHONE, ip=IP, source="qr", **kw)


def _accept_form(c, **over):
    data = {"accept-unit": c.school_id, "accept-category": "management", "accept-severity": "minor",
            "accept-description": "", "accept-requirement": "立即停止有偿补课，清退费用", "accept-deadline": DEADLINE}
    data.update(over)
    return data


# ---- the office's complaint page -------------------------------------------------------------
def test_complaint_page_offers_triage_and_accept_links_the_item(world):
    c = complaint(world)
    office = ui_client(world["admin"])
    page = office.get(f"/inspectors/complaints/{c.pk}/").content.decode()
    assert "受理，纳入问题台账" in page and "不予受理" in page and c.lookup_code in page
    # the accept form is prefilled with the complaint, personal data masked
    assert "家长刘某，电话139****4321" in page
    r = office.post(f"/ledger/intake/complaints/{c.pk}/accept/",
                    _accept_form(c, **{"accept-description": f"家长{NAME}（{PHONE}）反映学校周六组织有偿补课"}))
    item = LedgerItem.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/ledger/{item.pk}/"
    assert item.description == "家长刘某（139****4321）反映学校周六组织有偿补课" and item.source == "complaint"
    page = office.get(f"/inspectors/complaints/{c.pk}/").content.decode()
    assert f'href="/ledger/{item.pk}/"' in page and f"/ledger/intake/complaints/{c.pk}/accept/" not in page
    # decided once: a second accept is refused with the reason on the page
    r = office.post(f"/ledger/intake/complaints/{c.pk}/dismiss/", {"dismiss-reason": "重复"})
    assert r.status_code == 400 and "该举报投诉已处理" in r.content.decode()
    assert ComplaintTriage.objects.count() == 1


def test_page_errors_and_who_sees_the_forms(world):
    c = complaint(world)
    office = ui_client(world["admin"])
    r = office.post(f"/ledger/intake/complaints/{c.pk}/dismiss/", {"dismiss-reason": ""})
    assert r.status_code == 400 and "不予受理理由" in r.content.decode()
    r = office.post(f"/ledger/intake/complaints/{c.pk}/accept/", _accept_form(c, **{"accept-deadline": "2020-01-01"}))
    assert r.status_code == 400 and "整改期限不能早于今天" in r.content.decode()
    assert not ComplaintTriage.objects.exists()
    for who in ("leader", "respondent", "inspector", "sibling"):
        assert ui_client(world[who]).get(f"/inspectors/complaints/{c.pk}/").status_code == 404
        assert ui_client(world[who]).post(f"/ledger/intake/complaints/{c.pk}/dismiss/",
                                          {"dismiss-reason": "x"}).status_code == 404
    r = office.post(f"/ledger/intake/complaints/{c.pk}/dismiss/", {"dismiss-reason": "经核实，该校未组织补课"})
    assert r.status_code == 302
    page = office.get(f"/inspectors/complaints/{c.pk}/").content.decode()
    assert "经核实，该校未组织补课" in page and f"/ledger/intake/complaints/{c.pk}/accept/" not in page


def test_office_registers_a_hotline_entry(world):
    office = ui_client(world["admin"])
    assert "登记热线、媒体或上级反馈" in office.get("/ledger/intake/register/").content.decode()
    r = office.post("/ledger/intake/register/", {"source": "hotline", "reference": "12345-0311-088",
                                                 "unit": world["unit"].pk, "content": "市民来电反映学校食堂饭菜变质",
                                                 "contact_name": NAME, "contact_phone": PHONE})
    c = Complaint.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/inspectors/complaints/{c.pk}/"
    assert (c.source, c.reference, c.ip) == ("hotline", "12345-0311-088", None)
    assert c.lookup_code in office.get(r["Location"]).content.decode()
    assert "12345热线" in office.get("/inspectors/complaints/").content.decode()
    r = office.post("/ledger/intake/register/", {"source": "qr", "unit": world["unit"].pk, "content": "x"})
    assert r.status_code == 200 and Complaint.objects.count() == 1
    assert ui_client(world["respondent"]).get("/ledger/intake/register/").status_code == 403


# ---- personal data never reaches the unit --------------------------------------------------------
def test_complainant_data_never_reaches_a_unit_user(world):
    c = complaint(world)
    office = ui_client(world["admin"])
    office.post(f"/ledger/intake/complaints/{c.pk}/accept/",
                _accept_form(c, **{"accept-description": Complaint.objects.get().content}))
    item = LedgerItem.objects.get()
    item = advance(world, item, "reported")
    unit_ui, unit_api = ui_client(world["respondent"]), api_client(world["respondent"])
    seen = [
        unit_ui.get(f"/ledger/{item.pk}/").content.decode(),
        unit_ui.get("/ledger/").content.decode(),
        unit_api.get(f"/api/v1/ledger/items/{item.pk}").content.decode(),
        unit_api.get("/api/v1/ledger/items").content.decode(),
    ]
    export = unit_ui.get("/ledger/", {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    seen.append(repr(rows))
    assert "学校周六组织有偿补课" in seen[0] and "学校周六组织有偿补课" in seen[-1]
    for text in seen:
        for secret in (NAME, PHONE, IP, c.lookup_code):
            assert secret not in text
    # nor the complaint itself
    assert unit_ui.get(f"/inspectors/complaints/{c.pk}/").status_code == 404
    assert unit_api.get(f"{API}/{c.pk}").status_code == 404
    assert unit_api.get("/api/v1/corps/complaints").status_code in (200, 403)
    assert NAME not in unit_api.get("/api/v1/corps/complaints").content.decode()


# ---- API ------------------------------------------------------------------------------------------
def test_api_triage_state_accept_dismiss(world):
    office = api_client(world["admin"])
    c = complaint(world)
    state = office.get(f"{API}/{c.pk}").json()
    assert state["can_triage"] is True and state["decision"] is None and state["lookup_code"] == c.lookup_code
    assert NAME not in repr({k: v for k, v in state.items() if k != "content"})
    r = office.post(f"{API}/{c.pk}/accept", data={"category": "management", "requirement": "整改",
                                                   "deadline": DEADLINE, "bogus": 1}, content_type="application/json")
    assert r.status_code == 422
    r = office.post(f"{API}/{c.pk}/accept", data={"category": "management", "requirement": "整改", "deadline": DEADLINE,
                                                   "unit_id": 999999}, content_type="application/json")
    assert r.status_code == 422 and "unit_id" in r.content.decode()
    r = office.post(f"{API}/{c.pk}/accept", data={"category": "management", "requirement": "整改", "deadline": DEADLINE},
                    content_type="application/json")
    body = r.json()
    assert r.status_code == 200 and body["decision"] == "accepted" and body["can_triage"] is False
    item = LedgerItem.objects.get(pk=body["ledger_item_id"])
    assert NAME not in item.description and PHONE not in item.description
    r = office.post(f"{API}/{c.pk}/dismiss", data={"reason": "重复"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    other = complaint(world, content="校门口交通拥堵")
    r = office.post(f"{API}/{other.pk}/dismiss", data={"reason": ""}, content_type="application/json")
    assert r.status_code == 422 and "reason" in r.content.decode()
    r = office.post(f"{API}/{other.pk}/dismiss", data={"reason": "属交通管理部门职责，已转交"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["decision"] == "dismissed" and r.json()["reason"] == "属交通管理部门职责，已转交"
    about_inspector = complaint(world, kind="inspector")
    r = office.post(f"{API}/{about_inspector.pk}/accept",
                    data={"category": "management", "requirement": "整改", "deadline": DEADLINE},
                    content_type="application/json")
    assert r.status_code == 422 and "complaint" in r.content.decode()


def test_api_register(world, tree):
    office = api_client(world["admin"])
    r = office.post(API, data={"unit_id": world["unit"].pk, "source": "upper_feedback", "content": "市教委转来反映"},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["source"] == "upper_feedback" and len(r.json()["lookup_code"]) == 12
    r = office.post(API, data={"unit_id": world["unit"].pk, "source": "public_page", "content": "x"},
                    content_type="application/json")
    assert r.status_code == 422 and "source" in r.content.decode()
    assert api_client(world["leader"]).post(API, data={"unit_id": world["unit"].pk, "source": "hotline",
                                                       "content": "x"}, content_type="application/json"
                                            ).status_code == 403
    assert Complaint.objects.count() == 1


# ---- the complainant: code on the thank-you page, the public lookup ----------------------------
def _school_url(world):
    from dudao.schools.models import SchoolProfile

    return f"/public/schools/{SchoolProfile.objects.get(unit=world['unit']).school_code}/"


def test_thank_you_page_shows_the_code_once(world):
    client = Client()
    url = _school_url(world)
    client.get(url)
    r = client.post(url, {"kind": "problem", "content": "学校周六组织有偿补课", "captcha": session_answer(client, CAPTCHA_KEY)})
    assert r.status_code == 302 and "lookup" not in r["Location"]
    c = Complaint.objects.get()
    assert c.lookup_code not in r["Location"]
    page = client.get(r["Location"]).content.decode()
    assert c.lookup_code in page and "/public/complaints/lookup/" in page
    assert c.lookup_code not in client.get(r["Location"]).content.decode()


def _lookup(client, code, answer=None, ip="127.0.0.1"):
    client.get("/public/complaints/lookup/", REMOTE_ADDR=ip)
    expected = session_answer(client, CAPTCHA_KEY)
    return client.post("/public/complaints/lookup/", {"code": code, "captcha": expected if answer is None else answer},
                       REMOTE_ADDR=ip)


def test_lookup_shows_status_and_outcome_only(world):
    from dudao.complaints import services as intake

    accepted, dismissed = complaint(world), complaint(world, content="校门口交通拥堵")
    triage = intake.complaint_accept(actor=world["admin"], complaint=accepted, category="management",
                                     requirement="停止补课并清退费用（内部：校长已约谈）",
                                     deadline=datetime.date.today() + datetime.timedelta(days=9))
    item = advance(world, triage.ledger_item, "reported")
    intake.complaint_dismiss(actor=world["admin"], complaint=dismissed, reason="经核实，属交通管理部门职责")
    client = Client()
    r = _lookup(client, accepted.lookup_code.lower())
    page = r.content.decode()
    assert r.status_code == 200 and "已受理，纳入问题台账" in page and "已报告整改结果，等待督导部门复查" in page
    for private in (NAME, PHONE, IP, world["unit"].name, "内部", item.report, item.evidence, "有偿补课"):
        assert private not in page
    page = _lookup(client, dismissed.lookup_code).content.decode()
    assert "不予受理" in page and "经核实，属交通管理部门职责" in page and world["unit"].name not in page
    fresh = complaint(world, content="食堂问题")
    assert "已收到，正在核实" in _lookup(client, fresh.lookup_code).content.decode()


def test_lookup_needs_the_captcha_and_resists_guessing(world):
    c = complaint(world)
    client = Client()
    r = _lookup(client, c.lookup_code, answer=999)
    assert r.status_code == 400 and "验证码错误" in r.content.decode() and "lookup-result" not in r.content.decode()
    for n in range(MISSES_PER_HOUR):
        r = _lookup(client, f"ABCDEFGHJK{n:02d}")
        assert r.status_code == 404 and "查询码不存在" in r.content.decode()
    # after a few wrong codes even the right one is refused for this IP…
    r = _lookup(client, c.lookup_code)
    assert r.status_code == 429 and "查询过于频繁" in r.content.decode() and "lookup-result" not in r.content.decode()
    # …while another IP can still look up
    assert _lookup(Client(), c.lookup_code, ip="10.20.30.40").status_code == 200


def test_lookups_are_capped_per_ip_even_when_right(world):
    from dudao.complaints.public import LOOKUPS_PER_HOUR

    c = complaint(world)
    client = Client()
    for _ in range(LOOKUPS_PER_HOUR):
        assert _lookup(client, c.lookup_code).status_code == 200
    assert _lookup(client, c.lookup_code).status_code == 429
