"""Files on the rectification loop and its two missing steps, through HTTP: a full item from issued
to closed over the API with a file at the plan, the report and the re-check; the page's forms
with files (multiple, in one transaction with the step); the 佐证材料 guard (text or a file); the
office returning an inadequate plan; re-check notes."""

import datetime
import re

import pytest

from dudao.attachments.models import Attachment
from dudao.ledger.models import LedgerEvent, LedgerItem
from dudao.testing import file_factories as ff
from dudao.testing.ledger_factories import advance, item, ledger_world
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"


@pytest.fixture
def world(tree):
    return ledger_world(tree)


def _upload(client, it, f, purpose):
    r = client.post("/api/v1/attachments", data={"owner": "ledger.item", "owner_id": it.pk, "purpose": purpose,
                                                 "file": f})
    assert r.status_code == 201, r.content
    return r.json()["id"]


def _post(client, url, data=None):
    return client.post(url, data=data or {}, content_type="application/json")


def test_full_loop_over_the_api_with_files(world):
    it = item(world, deadline=datetime.date(2030, 1, 1))
    school, office, inspector = (api_client(world[k]) for k in ("respondent", "admin", "inspector"))
    plan_file = _upload(school, it, ff.pdf("整改方案.pdf"), "plan")
    r = _post(school, f"{API}/items/{it.pk}/transitions/submit_plan",
              {"plan": "分三步整改", "attachment_ids": [plan_file]})
    assert r.status_code == 200 and r.json()["status"] == "plan_submitted"
    assert r.json()["events"][-1]["data"]["attachments"] == {"plan": [plan_file]}
    assert _post(office, f"{API}/items/{it.pk}/transitions/accept_plan").json()["status"] == "in_progress"
    # a plan file may not be claimed again for the report; the report's own files may
    r = _post(school, f"{API}/items/{it.pk}/transitions/report", {"report": "已整改", "attachment_ids": [plan_file]})
    assert r.status_code == 422 and "attachment_ids" in r.content.decode()
    report_file = _upload(school, it, ff.pdf("整改报告.pdf"), "report")
    evidence = _upload(school, it, ff.photo("整改后照片.png"), "evidence")
    r = _post(school, f"{API}/items/{it.pk}/transitions/report",
              {"report": "已整改", "attachment_ids": [report_file, evidence]})  # evidence: a file, no text
    assert r.status_code == 200 and r.json()["status"] == "reported", r.content
    assert _post(inspector, f"{API}/items/{it.pk}/transitions/begin_recheck",
                 {"method": "on_site"}).json()["status"] == "rechecking"
    photo = _upload(inspector, it, ff.photo("复查照片.png"), "recheck")
    r = _post(inspector, f"{API}/items/{it.pk}/recheck-notes", {"note": "食堂陪餐记录齐全", "attachment_ids": [photo]})
    assert r.status_code == 201 and r.json()["action"] == "recheck_note"
    assert r.json()["data"] == {"attachments": {"recheck": [photo]}}
    r = _post(office, f"{API}/items/{it.pk}/transitions/close", {"conclusion": "整改到位"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    detail = api_client(world["parent"]).get(f"{API}/items/{it.pk}").json()
    assert {(a["purpose"], a["id"]) for a in detail["attachments"]} == {
        ("plan", plan_file), ("report", report_file), ("evidence", evidence), ("recheck", photo)}
    assert [e["action"] for e in detail["events"]] == ["issue", "submit_plan", "accept_plan", "report",
                                                        "begin_recheck", "recheck_note", "close"]
    # every step's file is downloadable by the school and the office, not by another school
    for pk in (plan_file, report_file, evidence, photo):
        assert ui_client(world["respondent"]).get(f"/files/{pk}/").status_code == 200
        assert ui_client(world["admin"]).get(f"/files/{pk}/").status_code == 200
        assert ui_client(world["other_respondent"]).get(f"/files/{pk}/").status_code == 404
        assert ui_client(world["sibling"]).get(f"/files/{pk}/").status_code == 404


def test_evidence_needs_text_or_a_file(world):
    it = advance(world, item(world), "in_progress")
    school = api_client(world["respondent"])
    r = _post(school, f"{API}/items/{it.pk}/transitions/report", {"report": "已整改"})
    assert r.status_code == 422 and "佐证材料" in r.content.decode()
    report_file = _upload(school, it, ff.pdf(), "report")  # a report file is not evidence
    r = _post(school, f"{API}/items/{it.pk}/transitions/report", {"report": "已整改", "attachment_ids": [report_file]})
    assert r.status_code == 422 and "evidence" in r.content.decode()
    r = _post(school, f"{API}/items/{it.pk}/transitions/report", {"report": "已整改", "evidence": "照片三张"})
    assert r.status_code == 200 and r.json()["status"] == "reported"


def test_another_items_attachment_is_refused(world):
    it, other = item(world), item(world, description="另一个问题")
    foreign = _upload(api_client(world["respondent"]), other, ff.pdf(), "plan")
    r = _post(api_client(world["respondent"]), f"{API}/items/{it.pk}/transitions/submit_plan",
              {"plan": "方案", "attachment_ids": [foreign]})
    assert r.status_code == 422 and "attachment_ids" in r.content.decode()
    assert LedgerItem.objects.get(pk=it.pk).status == "issued"
    r = _post(api_client(world["respondent"]), f"{API}/items/{it.pk}/transitions/submit_plan",
              {"plan": "方案", "attachment_ids": [999999]})
    assert r.status_code == 422
    # a step that takes no files
    own = _upload(api_client(world["respondent"]), it, ff.pdf(), "plan")
    advance(world, LedgerItem.objects.get(pk=it.pk), "plan_submitted")
    r = _post(api_client(world["admin"]), f"{API}/items/{it.pk}/transitions/accept_plan", {"attachment_ids": [own]})
    assert r.status_code == 422 and "这一环节不接受附件" in r.content.decode()
    assert LedgerItem.objects.get(pk=it.pk).status == "plan_submitted"


def test_return_plan(world):
    it = advance(world, item(world), "plan_submitted")
    office, school = api_client(world["admin"]), api_client(world["respondent"])
    assert "return_plan" in office.get(f"{API}/items/{it.pk}").json()["available"]
    r = _post(office, f"{API}/items/{it.pk}/transitions/return_plan")
    assert r.status_code == 422 and "退回整改方案的理由" in r.content.decode()
    # the school may not return its own plan; the sibling district's office cannot see it
    assert _post(school, f"{API}/items/{it.pk}/transitions/return_plan", {"reason": "x"}).status_code == 403
    assert _post(api_client(world["sibling"]), f"{API}/items/{it.pk}/transitions/return_plan",
                 {"reason": "x"}).status_code == 404
    r = _post(office, f"{API}/items/{it.pk}/transitions/return_plan", {"reason": "整改措施不具体，缺少时间节点"})
    assert r.status_code == 200 and r.json()["status"] == "issued"
    assert r.json()["events"][-1]["note"] == "整改措施不具体，缺少时间节点"
    # out of the plan_submitted state it is refused
    r = _post(office, f"{API}/items/{it.pk}/transitions/return_plan", {"reason": "再退"})
    assert r.status_code == 422 and "不能退回整改方案" in r.content.decode()
    # the school submits again; the page shows the returned reason in the history
    assert _post(school, f"{API}/items/{it.pk}/transitions/submit_plan",
                 {"plan": "细化后的方案"}).json()["status"] == "plan_submitted"
    page = ui_client(world["respondent"]).get(f"/ledger/{it.pk}/").content.decode()
    assert "退回整改方案" in page and "缺少时间节点" in page


def test_return_plan_on_the_page(world):
    it = advance(world, item(world), "plan_submitted")
    url = f"/ledger/{it.pk}/transitions/return_plan/"
    assert url in ui_client(world["admin"]).get(f"/ledger/{it.pk}/").content.decode()
    assert url not in ui_client(world["respondent"]).get(f"/ledger/{it.pk}/").content.decode()
    assert ui_client(world["respondent"]).post(url, {"return_plan-reason": "x"}).status_code == 403
    r = ui_client(world["admin"]).post(url, {"return_plan-reason": ""})
    assert r.status_code == 200 and "请写明退回整改方案的理由" in r.content.decode()
    r = ui_client(world["admin"]).post(url, {"return_plan-reason": "方案不可行"})
    assert r.status_code == 302 and LedgerItem.objects.get(pk=it.pk).status == "issued"


def test_page_forms_take_several_files_in_one_transaction(world):
    it = item(world)
    school = ui_client(world["respondent"])
    page = school.get(f"/ledger/{it.pk}/").content.decode()
    form = re.search(r'<form[^>]+transitions/submit_plan/[^>]*>', page).group(0)
    assert 'enctype="multipart/form-data"' in form
    assert re.search(r'<input type="file" name="submit_plan-plan_files"[^>]*multiple', page)
    assert 'accept="image/*' in page
    url = f"/ledger/{it.pk}/transitions/submit_plan/"
    # one bad file among good ones: nothing is kept, the text stays in the form with the error
    r = school.post(url, {"submit_plan-plan": "分三步整改",
                          "submit_plan-plan_files": [ff.pdf(), ff.upload("照片.png", ff.SVG)]})
    assert r.status_code == 200 and "与扩展名不符" in r.content.decode() and "分三步整改" in r.content.decode()
    assert not Attachment.objects.exists() and LedgerItem.objects.get(pk=it.pk).status == "issued"
    # a file without the plan text: the step is refused and the stored file is removed
    r = school.post(url, {"submit_plan-plan_files": [ff.pdf()]})
    assert r.status_code == 200 and "请填写整改方案" in r.content.decode()
    assert not Attachment.objects.exists()
    r = school.post(url, {"submit_plan-plan": "分三步整改", "submit_plan-plan_files": [ff.pdf(), ff.photo()]})
    assert r.status_code == 302
    files = list(Attachment.objects.order_by("pk"))
    assert [a.purpose for a in files] == ["plan", "plan"] and all(a.step == "issued" for a in files)
    event = LedgerEvent.objects.filter(item=it, action="submit_plan").get()
    assert event.data["attachments"] == {"plan": [a.pk for a in files]}
    # the page lists the files by step with thumbnails and download links, for the office too
    page = ui_client(world["admin"]).get(f"/ledger/{it.pk}/").content.decode()
    assert "整改方案附件" in page and f"/files/{files[0].pk}/" in page and f"/files/{files[1].pk}/thumb/" in page
    # the report: evidence as photos only
    advance(world, LedgerItem.objects.get(pk=it.pk), "in_progress")
    r = school.post(f"/ledger/{it.pk}/transitions/report/",
                    {"report-report": "已整改", "report-evidence_files": [ff.photo("整改后.png")]})
    assert r.status_code == 302 and LedgerItem.objects.get(pk=it.pk).status == "reported"
    assert Attachment.objects.filter(purpose="evidence").count() == 1


def test_recheck_notes_on_the_page(world):
    it = advance(world, item(world), "reported")
    url = f"/ledger/{it.pk}/recheck-notes/"
    inspector = ui_client(world["inspector"])
    assert url not in inspector.get(f"/ledger/{it.pk}/").content.decode()  # not yet re-checking
    r = inspector.post(url, {"recheck_note-note": "x"})
    assert r.status_code == 200 and "不能记录复查情况" in r.content.decode()
    it = advance(world, LedgerItem.objects.get(pk=it.pk), "rechecking")
    page = inspector.get(f"/ledger/{it.pk}/").content.decode()
    assert url in page and 'capture="environment"' in page
    assert ui_client(world["respondent"]).post(url, {"recheck_note-note": "x"}).status_code == 403
    assert ui_client(world["sibling"]).post(url, {"recheck_note-note": "x"}).status_code == 404
    r = inspector.post(url, {"recheck_note-note": ""})
    assert r.status_code == 200 and "请填写复查情况或上传复查照片" in r.content.decode()
    r = inspector.post(url, {"recheck_note-note": "", "recheck_note-recheck_files": [ff.photo("复查1.png"),
                                                                                    ff.photo("复查2.png")]})
    assert r.status_code == 302
    event = LedgerEvent.objects.get(item=it, action="recheck_note")
    assert len(event.data["attachments"]["recheck"]) == 2
    page = ui_client(world["admin"]).get(f"/ledger/{it.pk}/").content.decode()
    assert "复查记录" in page and "复查照片和材料" in page
    assert LedgerItem.objects.get(pk=it.pk).status == "rechecking"  # a note is not a transition
