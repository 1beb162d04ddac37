"""The spine's story, over the API only (issue 11, "Done when"): an inspector records a regular
visit with a phone photo and a problem; the school sees the problem at once with its 整改通知书 in
its inbox, submits a plan with an attachment and a report with photos; the inspector re-checks
with a photo and the office closes the problem — no command, no job in between. Every step's file
is fetched by those who may see the problem and refused to another school, another district and an
anonymous client."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.accounts.services import api_token_create
from dudao.testing import file_factories as ff
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import post, setting

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    client = Client()
    _token, key = api_token_create(user=user, name="story")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def _json(client, url, body=None):
    return client.post(url, data=body or {}, content_type="application/json")


def _upload(client, owner, owner_id, purpose, f):
    r = client.post("/api/v1/attachments", data={"owner": owner, "owner_id": owner_id, "purpose": purpose, "file": f})
    assert r.status_code == 201, r.content.decode()
    return r.json()["id"]


def test_a_visit_problem_from_recording_to_closing_over_the_api(tree):
    world = setting(tree)
    school = world["schools"][0]
    inspector_obj = world["inspectors"][0]
    post(inspector_obj, school)
    inspector = _api(inspector_obj.user)
    office = _api(world["admin"])
    respondent_user = user_with_role(RoleCode.UNIT_RESPONDENT, unit=school)
    respondent = _api(respondent_user)
    other_school = _api(user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][1]))
    other_district = _api(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    anonymous = Client()
    today = timezone.localdate()
    due = (today + datetime.timedelta(days=30)).isoformat()

    # 1. the inspector records the visit with one problem, then adds the phone photo to the visit
    r = _json(inspector, "/api/v1/inspections/visits", {
        "school_id": school.pk, "visited_on": today.isoformat(), "duration_minutes": 90, "methods": ["records"],
        "problem_items": [{"description": "食堂留样记录缺失", "category": "safety", "severity": "minor",
                           "requirement": "补齐留样记录并建立台账", "deadline": due}]})
    assert r.status_code == 201, r.content.decode()
    visit_id = r.json()["id"]
    photo = _upload(inspector, "inspections.visit", visit_id, "visit_photo", ff.photo("现场.png"))

    # 2. the school sees the problem at once, issued, with its 整改通知书 in its inbox
    items = respondent.get(f"/api/v1/ledger/items?visit_id={visit_id}").json()["items"]
    assert [(i["description"], i["status"]) for i in items] == [("食堂留样记录缺失", "issued")]
    item_id = items[0]["id"]
    inbox = respondent.get("/api/v1/documents/inbox").json()
    notices = [d for d in inbox["items"] if d["document"]["kind"] == "rectification_notice"]
    assert len(notices) == 1 and notices[0]["read_at"] is None, inbox
    assert other_school.get(f"/api/v1/ledger/items/{item_id}").status_code == 404
    assert not [d for d in other_school.get("/api/v1/documents/inbox").json()["items"]
                if d["document"]["kind"] == "rectification_notice"]

    # 3. the school submits its plan with an attachment; the office accepts it
    plan = _upload(respondent, "ledger.item", item_id, "plan", ff.pdf("整改方案.pdf"))
    r = _json(respondent, f"/api/v1/ledger/items/{item_id}/transitions/submit_plan",
              {"plan": "一周内补齐留样记录", "attachment_ids": [plan]})
    assert r.status_code == 200 and r.json()["status"] == "plan_submitted", r.content.decode()
    assert _json(office, f"/api/v1/ledger/items/{item_id}/transitions/accept_plan").json()["status"] == "in_progress"

    # 4. the school reports with photos as 佐证材料
    report = _upload(respondent, "ledger.item", item_id, "report", ff.pdf("整改报告.pdf"))
    evidence = [_upload(respondent, "ledger.item", item_id, "evidence", ff.photo(f"整改后{i}.png")) for i in (1, 2)]
    r = _json(respondent, f"/api/v1/ledger/items/{item_id}/transitions/report",
              {"report": "已补齐留样记录", "attachment_ids": [report, *evidence]})
    assert r.status_code == 200 and r.json()["status"] == "reported", r.content.decode()

    # 5. the inspector re-checks on site with a photo; the office closes the problem (销号)
    assert _json(inspector, f"/api/v1/ledger/items/{item_id}/transitions/begin_recheck",
                 {"method": "on_site"}).json()["status"] == "rechecking"
    recheck = _upload(inspector, "ledger.item", item_id, "recheck", ff.photo("复查.png"))
    r = _json(inspector, f"/api/v1/ledger/items/{item_id}/recheck-notes",
              {"note": "留样柜记录齐全", "attachment_ids": [recheck]})
    assert r.status_code == 201, r.content.decode()
    r = _json(office, f"/api/v1/ledger/items/{item_id}/transitions/close", {"conclusion": "整改到位，予以销号"})
    assert r.status_code == 200 and r.json()["status"] == "closed"

    detail = respondent.get(f"/api/v1/ledger/items/{item_id}").json()
    assert [e["action"] for e in detail["events"]] == [
        "issue", "submit_plan", "accept_plan", "report", "begin_recheck", "recheck_note", "close"]
    assert {a["purpose"] for a in detail["attachments"]} == {"plan", "report", "evidence", "recheck"}

    # every file: fetched by the school and the office, refused to another school, another
    # district and an anonymous client
    for pk in (plan, report, *evidence, recheck):
        for allowed in (respondent, office, inspector):
            assert allowed.get(f"/api/v1/attachments/{pk}/download").status_code == 200
        assert other_school.get(f"/api/v1/attachments/{pk}/download").status_code == 404
        assert other_district.get(f"/api/v1/attachments/{pk}/download").status_code == 404
        assert anonymous.get(f"/api/v1/attachments/{pk}/download").status_code == 401
        assert anonymous.get(f"/files/{pk}/").status_code == 302  # to the login page
    for refused in (other_school, other_district):
        assert refused.get(f"/api/v1/attachments/{photo}/download").status_code == 404
    assert office.get(f"/api/v1/attachments/{photo}/download").status_code == 200
