"""Progress by a responsible unit (a unit not responsible refused), the overdue flag and its
escalation by the ledger's daily job, the Word report, reform projects and school charters."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.ledger.deadlines import ledger_daily
from dudao.ledger.models import Notification
from dudao.measures.models import Measure, MeasureEvent, ProgressReport, ReformProject, SchoolCharter
from dudao.measures.services import measure_create
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import school

from .helpers import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    w = world(tree)
    w["admin"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    w["m"] = measure_create(
        actor=None,
        plan=w["plan"],
        number="1",
        content="落实教育督导经费保障",
        lead_unit=w["finance"],
        units=[w["edu"]],
        deadline=datetime.date(2030, 12, 31),
    )
    return w


def pdf():
    return SimpleUploadedFile(
        "佐证.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def test_a_responsible_unit_reports_with_evidence_and_others_are_refused(client, w):
    edu_user = user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["edu"])
    client.force_login(edu_user)
    page = client.get(f"/measures/{w['m'].pk}/")
    assert page.status_code == 200 and 'id="report"' in page.content.decode()
    r = client.post(
        f"/measures/{w['m'].pk}/report/",
        {"unit": w["edu"].pk, "content": "已将督导经费列入预算", "percent": 40, "files": [pdf()]},
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    report = ProgressReport.objects.get(measure=w["m"])
    assert report.unit == w["edu"] and report.percent == 40
    assert MeasureEvent.objects.filter(measure=w["m"], action="report").exists()
    from dudao.attachments.services import for_owner

    assert for_owner(report).count() == 1
    # the same unit again in the same period: refused
    r = client.post(f"/measures/{w['m'].pk}/report/", {"unit": w["edu"].pk, "content": "再报"})
    assert r.status_code == 400 and ProgressReport.objects.count() == 1
    # a unit that neither leads nor shares the measure: it does not even see it
    other = user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["hr"])
    c = api_client(other)
    assert c.get(f"/api/v1/measures/measures/{w['m'].pk}").status_code == 404
    r = c.post(f"/api/v1/measures/measures/{w['m'].pk}/reports", {"content": "越权报送"})
    assert r.status_code == 404 and ProgressReport.objects.count() == 1
    # the lead unit by API
    lead = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["finance"]))
    r = lead.post(f"/api/v1/measures/measures/{w['m'].pk}/reports", {"content": "经费已拨付", "percent": 60})
    assert r.status_code == 201, r.content
    assert r.json()["unit_id"] == w["finance"].pk
    ids = {m["id"] for m in lead.get("/api/v1/measures/measures").json()["items"]}
    assert ids == {w["m"].pk}
    # the office cannot report for a unit
    r = api_client(w["admin"]).post(f"/api/v1/measures/measures/{w['m'].pk}/reports", {"content": "代报"})
    assert r.status_code == 403


def test_overdue_measures_are_flagged_and_escalated_by_the_daily_job(w):
    upper = UnitFactory(kind=UnitKind.OFFICE, region=w["plan"].region.parent, name="重庆市人民政府教育督导室")
    Measure.objects.filter(pk=w["m"].pk).update(deadline=datetime.date(2025, 3, 31))
    day = datetime.date(2025, 4, 2)
    out = ledger_daily(today=day)
    assert out["measures_supervised"] == 1
    m = Measure.objects.get(pk=w["m"].pk)
    assert m.supervision_level == 1 and m.supervision_deadline > day
    assert Notification.objects.filter(
        recipient_unit=w["office"], kind="supervision", link=m.get_absolute_url()
    ).exists()
    assert ledger_daily(today=day)["measures_supervised"] == 0  # idempotent
    assert MeasureEvent.objects.filter(measure=m, action="overdue_supervision").count() == 1
    later = m.supervision_deadline + datetime.timedelta(days=1)
    assert ledger_daily(today=later)["measures_escalated"] == 1
    m.refresh_from_db()
    assert m.supervision_level == 2
    assert Notification.objects.filter(recipient_unit=upper, kind="escalation").exists()
    api = api_client(w["admin"])
    overdue = api.get("/api/v1/measures/measures", {"overdue": True}).json()["items"]
    assert [x["id"] for x in overdue] == [m.pk] and overdue[0]["overdue"] is True


def test_the_word_report_lists_the_measures(client, w):
    from docx import Document

    client.force_login(w["admin"])
    r = client.get(f"/measures/plans/{w['plan'].pk}/report/")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "落实情况的督促检查报告" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "落实教育督导经费保障" in cells and w["finance"].name in cells
    r = api_client(w["admin"]).get(f"/api/v1/measures/plans/{w['plan'].pk}/report")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_measure_completion_through_the_page(client, w):
    client.force_login(w["admin"])
    r = client.post(f"/measures/{w['m'].pk}/", {"transition": "complete", "note": ""})
    assert r.status_code == 400
    r = client.post(f"/measures/{w['m'].pk}/", {"transition": "complete", "note": "经费已足额保障"})
    assert r.status_code == 302
    assert Measure.objects.get(pk=w["m"].pk).status == "completed"


def test_reform_project_from_application_to_completion(client, w, tree):
    s = school(tree["nanan"], name="重庆市南岸区南坪实验小学")
    applicant = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=s))
    r = applicant.post(
        "/api/v1/measures/projects",
        {
            "applicant_id": s.pk,
            "title": "“五育并举”课程综合改革",
            "field": "教育综合改革",
            "description": "方案",
            "year": 2025,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    assert r.json()["available_actions"] == []
    r = applicant.post(
        f"/api/v1/measures/projects/{pid}/transitions/approve", {}, content_type="application/json"
    )
    assert r.status_code == 403
    office = api_client(w["admin"])
    r = office.post(
        f"/api/v1/measures/projects/{pid}/transitions/approve",
        {"note": "同意立项"},
        content_type="application/json",
    )
    assert r.json()["status"] == "approved"
    r = office.post(
        f"/api/v1/measures/projects/{pid}/transitions/complete",
        {"note": "结项"},
        content_type="application/json",
    )
    assert r.status_code == 422  # no 过程督导 yet
    client.force_login(w["admin"])
    r = client.post(f"/measures/projects/{pid}/progress/", {"note": "中期检查：课程方案已实施一学期"})
    assert r.status_code == 302
    r = client.post(f"/measures/projects/{pid}/", {"transition": "complete", "note": "达到预期，准予结项"})
    assert r.status_code == 302
    p = ReformProject.objects.get(pk=pid)
    assert p.status == "completed" and p.events.filter(action="progress").count() == 1


def test_charter_submitted_returned_resubmitted_and_filed(client, w, tree):
    s = school(tree["nanan"], name="重庆市南岸区珊瑚实验小学")
    school_user = user_with_role(RoleCode.UNIT_RESPONDENT, unit=s)
    client.force_login(school_user)
    r = client.post(
        "/measures/charters/new/",
        {
            "school": s.pk,
            "title": "珊瑚实验小学章程（2025年修订）",
            "revision_note": "依据新修订的义务教育法修订",
            "file": pdf(),
        },
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    c = SchoolCharter.objects.get(school=s)
    office = api_client(w["admin"])
    r = office.post(
        f"/api/v1/measures/charters/{c.pk}/transitions/return", {"note": ""}, content_type="application/json"
    )
    assert r.status_code == 422
    r = office.post(
        f"/api/v1/measures/charters/{c.pk}/transitions/return",
        {"note": "第十条表述不规范"},
        content_type="application/json",
    )
    assert r.json()["status"] == "returned"
    r = client.post(f"/measures/charters/{c.pk}/resubmit/", {"file": pdf(), "note": "已修改第十条"})
    assert r.status_code == 302
    r = client.post(f"/measures/charters/{c.pk}/", {"transition": "file", "note": "予以备案"})
    assert r.status_code == 403  # the school cannot file its own charter
    r = office.post(
        f"/api/v1/measures/charters/{c.pk}/transitions/file",
        {"note": "予以备案"},
        content_type="application/json",
    )
    assert r.json()["status"] == "filed" and len(r.json()["file_ids"]) == 2
