"""A publication's files are attachments (owner type ``portal.publication``): the office adds and
removes them on its draft through ``/api/v1/portal/publications/{id}/attachments`` (the twin of the
page's attach form and delete button) — a .docx is redacted on the way in, a PDF or image needs
``confirmed``; ``/files/<id>/`` serves a draft's file to whoever may view the publication (another
district: 404; anonymous: the login page) and a published publication's cleared file to anyone;
the generic attachments API cannot bypass the portal's rules."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dudao.attachments.services import for_owner
from dudao.portal import files, services, workflows
from dudao.portal.models import PublicationEvent
from dudao.portal.sources import docx_text
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.portal_factories import RESPONSIBLE, closed_item, portal_world

pytestmark = pytest.mark.django_db
API = "/api/v1/portal/publications"


@pytest.fixture
def world(tree):
    w = portal_world(tree)
    w["pub"] = services.publication_create(actor=w["admin"], kind="rectification", ledger_item=closed_item(w))
    return w


def _docx(text, name="整改报告.docx"):
    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def _pdf(name="整改照片.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 portal")


def test_the_api_adds_and_removes_a_drafts_files_with_the_portals_rules(world):
    pub, office = world["pub"], api_client(world["admin"])
    url = f"{API}/{pub.pk}/attachments"
    r = office.post(url, {"file": _docx(f"责任人{RESPONSIBLE}，电话13912345678")})
    assert r.status_code == 201, r.content
    word = r.json()
    assert (word["redacted"], word["cleared"], word["confirmed_by_id"]) == (True, True, None)
    att = for_owner(pub).get(pk=word["id"])
    assert docx_text(att.file.open("rb").read()).strip() == "责任人李某，电话139****5678"
    assert (att.purpose, att.uploaded_by, att.data) == ("public", world["admin"], {"redacted": True})

    refused = office.post(url, {"file": _pdf()})
    assert refused.status_code == 422 and "请核对后勾选" in refused.json()["message"]
    r = office.post(url, {"file": _pdf(), "confirmed": "true"})
    assert r.status_code == 201 and r.json()["cleared"] and r.json()["confirmed_by_id"] == world["admin"].pk
    pdf_id = r.json()["id"]
    detail = office.get(f"{API}/{pub.pk}").json()
    assert [a["id"] for a in detail["attachments"]] == [word["id"], pdf_id]
    assert detail["attachments"][1]["url"] == f"/files/{pdf_id}/"

    # others may not; the generic attachments API cannot bypass redaction or the history
    for who in ("sibling", "respondent"):
        assert api_client(world[who]).post(url, {"file": _pdf(), "confirmed": "true"}).status_code in (403, 404)
    assert api_client(world["sibling"]).delete(f"{url}/{pdf_id}").status_code == 404
    generic = office.post("/api/v1/attachments", {"owner": "portal.publication", "owner_id": pub.pk,
                                                  "purpose": "public", "file": _pdf()})
    assert generic.status_code == 403
    assert office.delete(f"/api/v1/attachments/{pdf_id}").status_code == 403
    assert for_owner(pub).count() == 2

    other = services.publication_create(actor=world["admin"], kind="rectification",
                                        ledger_item=closed_item(world, description="另一个问题"))
    assert office.delete(f"{API}/{other.pk}/attachments/{pdf_id}").status_code == 404  # not that one's file
    assert office.delete(f"{url}/{pdf_id}").status_code == 204
    assert [a.pk for a in for_owner(pub)] == [word["id"]]
    assert list(PublicationEvent.objects.filter(publication=pub).values_list("action", flat=True)) == [
        "create", "attach", "attach", "detach"]

    workflows.publication_publish(actor=world["admin"], publication=pub)
    assert office.post(url, {"file": _pdf(), "confirmed": "true"}).status_code == 422
    assert office.delete(f"{url}/{word['id']}").status_code == 422
    assert for_owner(pub).count() == 1


def test_downloads_drafts_for_the_office_published_files_for_anyone(world):
    pub = world["pub"]
    att = services.attachment_add(actor=world["admin"], publication=pub, upload=_pdf(), confirmed=True)
    url = f"/files/{att.pk}/"
    for who in ("admin", "leader", "parent"):
        r = ui_client(world[who]).get(url)
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf", who
    assert ui_client(world["sibling"]).get(url).status_code == 404
    assert api_client(world["sibling"]).get(f"/api/v1/attachments/{att.pk}/download").status_code == 404
    anonymous = Client()
    r = anonymous.get(url)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]  # a draft's file
    assert anonymous.get(f"/public/publications/{pub.pk}/files/{att.pk}/").status_code == 404

    workflows.publication_publish(actor=world["admin"], publication=pub)
    r = anonymous.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 portal"
    assert anonymous.get(f"/public/publications/{pub.pk}/files/{att.pk}/").status_code == 200
    assert f"/public/publications/{pub.pk}/files/{att.pk}/" in anonymous.get(
        f"/public/publications/{pub.pk}/").content.decode()
    assert ui_client(world["sibling"]).get(url).status_code == 200  # public now, for everybody
    # withdrawn: back to the office only
    workflows.publication_withdraw(actor=world["admin"], publication=pub, note="撤回")
    assert anonymous.get(url).status_code == 302
    assert ui_client(world["sibling"]).get(url).status_code == 404


def test_the_publish_guard_still_needs_every_file_cleared(world):
    pub, office = world["pub"], ui_client(world["admin"])
    att = services.attachment_add(actor=world["admin"], publication=pub, upload=_pdf("未核对.pdf"), confirmed=True)
    for_owner(pub).update(data={"redacted": False})  # e.g. migrated without a confirmation
    assert not files.cleared(for_owner(pub).get())
    r = office.post(f"/portal/{pub.pk}/transitions/publish/", {"t-note": ""}, follow=True)
    assert "以下附件尚未确认不含个人信息：未核对.pdf" in r.content.decode()
    assert api_client(world["admin"]).post(f"{API}/{pub.pk}/transitions/publish", {},
                                           content_type="application/json").status_code == 422
    assert "待核对" in office.get(f"/portal/{pub.pk}/").content.decode()
    r = office.post(f"/portal/attachments/{att.pk}/delete/")
    assert r.status_code == 302 and not for_owner(pub).exists()
    r = office.post(f"/portal/{pub.pk}/transitions/publish/", {"t-note": ""})
    assert r.status_code == 302
    pub.refresh_from_db()
    assert pub.status == "published"
