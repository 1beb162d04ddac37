"""备案 upward (A5, 条例 Art. 23): a lower office files a result or major matter with the office above,
which acknowledges or returns it; the upper office's inbox, its home card with the unacknowledged
count, overdue acknowledgement highlighted by the region setting; bad input refused."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.attachments.services import for_owner
from dudao.regionsettings.services import region_setting_set
from dudao.testing.matrix import api_client, ui_client
from dudao.upward.models import Filing

from .factories import TODAY, post, world

pytestmark = pytest.mark.django_db
API = "/api/v1/upward"


def _file(w, title="南岸区2026年春季学期开学工作督导情况", summary="开学工作总体有序，发现问题3个，已全部整改。"):
    r = post(w["county"], f"{API}/filings", {"region_id": w["region"].pk, "kind": "matter", "title": title,
                                            "summary": summary})
    assert r.status_code == 201, r.content
    return Filing.objects.get(pk=r.json()["id"])


def test_filing_acknowledged_by_the_office_above(tree):
    w = world(tree)
    region_setting_set(actor=None, region=tree["cq"], key="upward.filing_ack_days", value=10)
    f = _file(w)
    assert f.to_region == tree["cq"] and f.due_on == TODAY + datetime.timedelta(days=10)
    # the filing office cannot acknowledge its own filing; a sibling does not see it
    assert post(w["county"], f"{API}/filings/{f.pk}/transitions/acknowledge").status_code == 403
    assert post(w["sibling"], f"{API}/filings/{f.pk}/transitions/acknowledge").status_code == 404
    inbox = api_client(w["city"]).get(f"{API}/filings/inbox").json()["items"]
    assert [x["id"] for x in inbox] == [f.pk] and inbox[0]["overdue"] is False
    assert api_client(w["county"]).get(f"{API}/filings/inbox").json()["items"] == []
    home = ui_client(w["city"]).get("/").content.decode()
    assert "待确认的下级备案" in home
    r = post(w["city"], f"{API}/filings/{f.pk}/transitions/acknowledge")
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert [h["action"] for h in r.json()["history"]] == ["file", "acknowledge"]
    assert post(w["city"], f"{API}/filings/{f.pk}/transitions/acknowledge").status_code == 422


def test_return_refile_and_overdue(tree):
    w = world(tree)
    f = _file(w)
    r = post(w["city"], f"{API}/filings/{f.pk}/transitions/return")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    r = post(w["city"], f"{API}/filings/{f.pk}/transitions/return", {"note": "请附督导报告全文"})
    assert r.status_code == 200 and r.json()["return_reason"] == "请附督导报告全文"
    r = post(w["county"], f"{API}/filings/{f.pk}/transitions/refile")
    assert r.status_code == 200 and r.json()["status"] == "filed"
    Filing.objects.filter(pk=f.pk).update(due_on=TODAY - datetime.timedelta(days=1))
    inbox = api_client(w["city"]).get(f"{API}/filings/inbox").json()["items"]
    assert inbox[0]["overdue"] is True
    page = ui_client(w["city"]).get("/upward/filings/inbox/")
    assert 'class="table-danger"' in page.content.decode() and "逾期未确认" in page.content.decode()
    assert "逾期未确认的下级备案" in ui_client(w["city"]).get("/").content.decode()
    r = ui_client(w["city"]).get("/upward/filings/inbox/", {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_filing_page_with_files_and_bad_input(tree):
    w = world(tree)
    client = ui_client(w["county"])
    r = client.post("/upward/filings/new/", {"region": w["region"].pk, "kind": "matter", "title": "重大事项"})
    assert r.status_code == 200 and "重大事项请写明情况说明或附上材料" in r.content.decode()
    doc = SimpleUploadedFile("情况报告.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    r = client.post("/upward/filings/new/", {"region": w["region"].pk, "kind": "matter", "title": "校园安全事件处置情况",
                                             "file": doc})
    assert r.status_code == 302, r.content.decode()[:2000]
    f = Filing.objects.get(title="校园安全事件处置情况")
    assert [a.name for a in for_owner(f, "files")] == ["情况报告.pdf"]
    # a task report must name a task that reached its report; a package an evaluation submitted
    for kind, field in (("task_report", "task"), ("evaluation_package", "evaluation"), ("case_decision", "case")):
        r = post(w["county"], f"{API}/filings", {"region_id": w["region"].pk, "kind": kind, "title": "x"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field
    # the top of the tree has no office above
    r = post(w["city"], f"{API}/filings", {"region_id": tree["cq"].parent_id or tree["cq"].pk, "kind": "matter",
                                          "title": "x", "summary": "y"})
    assert r.status_code == 422
    # the city cannot be filed into by a county office naming the city's region
    r = post(w["county"], f"{API}/filings", {"region_id": tree["cq"].pk, "kind": "matter", "title": "x",
                                            "summary": "y"})
    assert r.status_code == 422


def test_task_report_and_case_decision_filings(tree):
    """A report of a task of the region and a decided 问责 case of the region are filed; the filing
    page links them."""
    from dudao.accountability.models import TriggerSituation
    from dudao.testing.portal_factories import decided_case, portal_world, reported_task

    TriggerSituation.objects.get_or_create(code="UPW1", defaults={"subject": "person", "title": "违规收费"})
    w = world(tree)
    pw = portal_world(tree)
    task = reported_task(pw)
    case = decided_case(pw, tree)
    r = post(w["county"], f"{API}/filings", {"region_id": w["region"].pk, "kind": "task_report", "task_id": task.pk,
                                            "title": "课后服务专项督导报告"})
    assert r.status_code == 201 and r.json()["task_id"] == task.pk, r.content
    r = post(w["county"], f"{API}/filings", {"region_id": w["region"].pk, "kind": "case_decision", "case_id": case.pk,
                                            "title": "问责决定备案"})
    assert r.status_code == 201 and r.json()["subject_id"] == case.pk, r.content
    page = ui_client(w["city"]).get(f"/upward/filings/{r.json()['id']}/").content.decode()
    assert case.get_absolute_url() in page
    # a case of another county is refused
    r = post(w["sibling"], f"{API}/filings", {"region_id": tree["ddk"].pk, "kind": "case_decision",
                                             "case_id": case.pk, "title": "x"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "case"
