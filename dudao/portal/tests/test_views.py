"""The portal's office and unit pages: a draft from a source picked on the new page, editing,
attachments (a .docx redacted on upload, a PDF only when confirmed), publishing from the detail
page; the unit's statement form, the office's return and approval; the menu entries."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.attachments.services import for_owner
from dudao.portal import files
from dudao.portal.models import Publication
from dudao.portal.sources import docx_text
from dudao.testing.matrix import ui_client
from dudao.testing.portal_factories import RESPONSIBLE, closed_item, portal_world, reported_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return portal_world(tree)


def _docx(text):
    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return SimpleUploadedFile("整改报告.docx", buf.getvalue())


def test_office_drafts_edits_attaches_and_publishes(world):
    it = closed_item(world)
    task = reported_task(world)
    office = ui_client(world["admin"])
    page = office.get("/portal/new/").content.decode()
    assert f'value="item:{it.pk}"' in page and f'value="report:{task.pk}"' in page
    r = office.post("/portal/new/", {"source": f"item:{it.pk}"})
    pub = Publication.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/portal/{pub.pk}/"
    assert office.post("/portal/new/", {"source": f"item:{it.pk}"}).status_code == 200  # once per source
    page = office.get(f"/portal/{pub.pk}/").content.decode()
    assert "公开发布" in page and "编辑公开内容" in page and "起草" in page
    r = office.post(f"/portal/{pub.pk}/", {"form": "edit", "title": "整改结果", "body": f"责任人{RESPONSIBLE}已整改"})
    assert r.status_code == 302
    assert Publication.objects.get(pk=pub.pk).body == "责任人李某已整改"
    r = office.post(f"/portal/{pub.pk}/", {"form": "attach", "file": _docx(f"责任人{RESPONSIBLE}，电话13912345678")})
    assert r.status_code == 302
    att = for_owner(pub).get()
    assert files.redacted(att) and docx_text(att.file.open("rb").read()).strip() == "责任人李某，电话139****5678"
    r = office.post(f"/portal/{pub.pk}/", {"form": "attach",
                                           "file": SimpleUploadedFile("照片.pdf", b"%PDF-1.4 x")})
    assert r.status_code == 200 and "请核对后勾选" in r.content.decode() and for_owner(pub).count() == 1
    r = office.post(f"/portal/{pub.pk}/", {"form": "attach", "confirmed": "on",
                                           "file": SimpleUploadedFile("照片.pdf", b"%PDF-1.4 x")})
    assert r.status_code == 302 and for_owner(pub).count() == 2
    download = office.get(f"/files/{att.pk}/")
    assert download.status_code == 200 and f"/files/{att.pk}/" in office.get(f"/portal/{pub.pk}/").content.decode()
    r = office.post(f"/portal/{pub.pk}/transitions/publish/", {"t-note": ""})
    assert r.status_code == 302 and Publication.objects.get(pk=pub.pk).status == "published"
    page = office.get(f"/portal/{pub.pk}/").content.decode()
    assert "查看公开页面" in page and "编辑公开内容" not in page and "撤回" in page
    # published: no more edits or attachment changes
    assert office.post(f"/portal/{pub.pk}/", {"form": "edit", "title": "x", "body": "y"}).status_code == 403
    office.post(f"/portal/attachments/{att.pk}/delete/")
    assert for_owner(pub).count() == 2
    r = office.post(f"/portal/{pub.pk}/transitions/withdraw/", {"t-note": ""}, follow=True)
    assert "请写明理由" in r.content.decode() and Publication.objects.get(pk=pub.pk).status == "published"
    assert office.post(f"/portal/{pub.pk}/transitions/nope/").status_code == 404


def test_unit_statement_pages(world):
    unit = ui_client(world["respondent"])
    page = unit.get("/portal/statements/new/").content.decode()
    assert world["unit"].name in page
    r = unit.post("/portal/statements/new/", {"unit": world["unit"].pk, "title": "整改情况说明",
                                              "body": "已公示收费标准，联系电话13812345678"})
    pub = Publication.objects.get()
    assert r.status_code == 302 and "138****5678" in pub.body
    page = unit.get(f"/portal/{pub.pk}/").content.decode()
    assert "提交审核" in page and "编辑公开内容" in page and "公开发布" not in page and 'value="attach"' not in page
    unit.post(f"/portal/{pub.pk}/transitions/submit/")
    office = ui_client(world["admin"])
    page = office.get(f"/portal/{pub.pk}/").content.decode()
    assert "审核通过并公开" in page and "退回修改" in page and "编辑公开内容" not in page
    office.post(f"/portal/{pub.pk}/transitions/return/", {"t-note": "请补充整改成效"})
    page = unit.get(f"/portal/{pub.pk}/").content.decode()
    assert "请补充整改成效" in page and "编辑公开内容" in page
    unit.post(f"/portal/{pub.pk}/", {"form": "edit", "title": "整改情况说明", "body": "已公示；满意度95%"})
    unit.post(f"/portal/{pub.pk}/transitions/submit/")
    office.post(f"/portal/{pub.pk}/transitions/approve/")
    assert Publication.objects.get(pk=pub.pk).status == "published"
    # another school's respondent neither sees it nor can write for this unit
    other = ui_client(world["other_respondent"])
    assert other.get(f"/portal/{pub.pk}/").status_code == 404
    r = other.post("/portal/statements/new/", {"unit": world["unit"].pk, "title": "t", "body": "b"})
    assert r.status_code == 200 and Publication.objects.count() == 1
    assert ui_client(world["admin"]).get("/portal/statements/new/").status_code == 403
    assert unit.get("/portal/new/").status_code == 403


def test_menu_entries(world):
    office = ui_client(world["admin"]).get("/portal/").content.decode()
    assert 'href="/portal/"' in office and 'href="/ledger/intake/register/"' in office
    unit = ui_client(world["respondent"]).get("/portal/").content.decode()
    assert 'href="/portal/statements/new/"' in unit and 'href="/ledger/intake/register/"' not in unit
