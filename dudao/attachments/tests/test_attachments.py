"""Attachments through HTTP: upload (sniffing, size limit, thumbnail), the scoped download for the
school's own user and the office, refused for another school, another district and anonymous;
list and delete; the plain FileFields of other apps behind the same scoped view."""

import io
from urllib.parse import quote

import pytest
from django.test import Client

from dudao.attachments.models import Attachment
from dudao.ledger.models import LedgerItem
from dudao.regionsettings.services import region_setting_set
from dudao.testing import file_factories as ff
from dudao.testing.ledger_factories import advance, item, ledger_world
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
API = "/api/v1/attachments"


@pytest.fixture
def world(tree):
    return ledger_world(tree)


def _upload(client, it, f, purpose="plan"):
    return client.post(API, data={"owner": "ledger.item", "owner_id": it.pk, "purpose": purpose, "file": f})


def test_upload_sniffs_hashes_and_thumbnails(world):
    it = item(world)
    r = _upload(api_client(world["respondent"]), it, ff.upload("整改 照片.jpg", ff.jpeg_bytes(size=(800, 400), orientation=6)))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["name"] == "整改 照片.jpg" and body["mime"] == "image/jpeg" and body["purpose"] == "plan"
    assert body["url"] == f"/files/{body['id']}/" and body["thumb_url"] == f"/files/{body['id']}/thumb/"
    att = Attachment.objects.get(pk=body["id"])
    assert att.region_path == it.region_path and att.uploaded_by == world["respondent"] and len(att.sha256) == 64
    assert "整改" not in att.file.name  # the stored name is ours, not the user's
    # the thumbnail is upright: EXIF orientation 6 (phone held upright) turns 800×400 into portrait
    from PIL import Image

    with att.thumbnail.open("rb") as fh:
        thumb = Image.open(io.BytesIO(fh.read()))
        assert thumb.size[1] > thumb.size[0] and max(thumb.size) <= 400
    r = _upload(api_client(world["respondent"]), it, ff.pdf())
    assert r.status_code == 201 and r.json()["mime"] == "application/pdf" and r.json()["thumb_url"] == ""


@pytest.mark.parametrize("name,content", [("照片.png", ff.SVG), ("照片.png", ff.HTML), ("方案.pdf", ff.HTML),
                                          ("照片.jpg", ff.png_bytes()), ("方案.docx", ff.PDF),
                                          ("脚本.svg", ff.SVG), ("run.exe", b"MZ\x90\x00")])
def test_disguised_or_unknown_files_are_refused(world, name, content):
    it = item(world)
    r = _upload(api_client(world["respondent"]), it, ff.upload(name, content, "image/png"))
    assert r.status_code == 422
    message = r.json()["errors"][0]["message"] if r.json().get("errors") else r.json()["message"]
    assert "拒绝" in r.content.decode() or "不支持" in r.content.decode(), message
    assert not Attachment.objects.exists()


def test_size_limit_is_a_local_setting(world):
    it = item(world)
    region_setting_set(actor=None, region=world["region"], key="attachments.max_document_mb", value=1)
    big = ff.PDF + b"0" * (1024 * 1024 + 1)
    r = _upload(api_client(world["respondent"]), it, ff.upload("大文件.pdf", big))
    assert r.status_code == 422 and "超过大小上限 1 MB" in r.content.decode()
    assert _upload(api_client(world["respondent"]), it, ff.pdf()).status_code == 201


def test_upload_rules_follow_the_step(world):
    it = item(world)
    respondent = api_client(world["respondent"])
    # a purpose the item's current step does not take, or a purpose unknown to the owner type
    assert _upload(respondent, it, ff.photo(), purpose="report").status_code == 403
    assert _upload(respondent, it, ff.photo(), purpose="nope").status_code == 422
    # the office may not add the school's plan files; another school cannot even see the item
    assert _upload(api_client(world["admin"]), it, ff.photo()).status_code == 403
    assert _upload(api_client(world["other_respondent"]), it, ff.photo()).status_code == 404
    assert _upload(api_client(world["sibling"]), it, ff.photo()).status_code == 404
    r = Client().post(API, data={"owner": "ledger.item", "owner_id": it.pk, "purpose": "plan", "file": ff.photo()})
    assert r.status_code == 401
    assert _upload(respondent, it, ff.photo()).status_code == 201
    assert respondent.post(API, data={"owner": "nope.x", "owner_id": it.pk, "purpose": "plan",
                                      "file": ff.photo()}).status_code == 404


def test_download_is_scoped(world):
    it = item(world)
    att_id = _upload(api_client(world["respondent"]), it, ff.photo("现场 照片.png")).json()["id"]
    doc_id = _upload(api_client(world["respondent"]), it, ff.pdf("整改方案（初稿）.pdf")).json()["id"]
    for who in ("respondent", "admin", "parent", "inspector", "leader"):
        client = ui_client(world[who])
        r = client.get(f"/files/{att_id}/")
        assert r.status_code == 200, who
        assert r["Content-Type"] == "image/png" and r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Disposition"].startswith("inline;")
        assert quote("现场 照片.png") in r["Content-Disposition"]  # RFC 5987 filename*=utf-8''…
        assert client.get(f"/files/{att_id}/thumb/").status_code == 200
        r = client.get(f"/files/{doc_id}/")
        assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;")
        assert b"".join(r.streaming_content) == ff.PDF
        r = api_client(world[who]).get(f"{API}/{doc_id}/download")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf", who
    for who in ("other_respondent", "sibling"):
        assert ui_client(world[who]).get(f"/files/{att_id}/").status_code == 404, who
        assert ui_client(world[who]).get(f"/files/{att_id}/thumb/").status_code == 404, who
        r = api_client(world[who]).get(f"{API}/{att_id}/download")
        assert r.status_code == 404 and r.json()["code"] == "not_found", who
        assert api_client(world[who]).get(API, data={"owner": "ledger.item", "owner_id": it.pk}).status_code == 404
    r = Client().get(f"/files/{att_id}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert Client().get(f"{API}/{att_id}/download").status_code == 401
    assert ui_client(world["admin"]).get("/files/999999/").status_code == 404
    # there is no public /media/ URL any more
    att = Attachment.objects.get(pk=att_id)
    assert ui_client(world["admin"]).get(f"/media/{att.file.name}").status_code == 404


def test_list_and_delete(world):
    it = item(world)
    respondent = api_client(world["respondent"])
    first = _upload(respondent, it, ff.photo()).json()["id"]
    second = _upload(respondent, it, ff.pdf()).json()["id"]
    listed = respondent.get(API, data={"owner": "ledger.item", "owner_id": it.pk}).json()
    assert [a["id"] for a in listed] == [first, second]
    assert [a["id"] for a in respondent.get(API, data={"owner": "ledger.item", "owner_id": it.pk,
                                                       "purpose": "plan"}).json()] == [first, second]
    # another user of the same school who did not upload it, the leader: no
    assert api_client(world["leader"]).delete(f"{API}/{first}").status_code == 403
    assert api_client(world["other_respondent"]).delete(f"{API}/{first}").status_code == 404
    assert respondent.delete(f"{API}/{first}").status_code == 204
    assert not Attachment.objects.filter(pk=first).exists()
    # once the step is done (the plan submitted), the file stays
    advance(world, LedgerItem.objects.get(pk=it.pk), "plan_submitted")
    r = respondent.delete(f"{API}/{second}")
    assert r.status_code == 422 and "不能再删除" in r.content.decode()
    assert Attachment.objects.filter(pk=second).exists()


def test_delete_through_the_page(world):
    it = item(world)
    att_id = _upload(api_client(world["respondent"]), it, ff.photo()).json()["id"]
    page = ui_client(world["respondent"]).get(it.get_absolute_url()).content.decode()
    assert f"/files/{att_id}/delete/" in page and f"/files/{att_id}/thumb/" in page
    assert ui_client(world["other_respondent"]).post(f"/files/{att_id}/delete/").status_code == 404
    r = ui_client(world["respondent"]).post(f"/files/{att_id}/delete/", data={"next": "https://evil.example/"})
    assert r.status_code == 302 and r["Location"] == it.get_absolute_url()
    assert not Attachment.objects.filter(pk=att_id).exists()


def test_long_names_keep_their_extension(world):
    it = item(world)
    r = _upload(api_client(world["respondent"]), it, ff.upload("很长的文件名" * 60 + ".pdf", ff.PDF))
    assert r.status_code == 201 and r.json()["name"].endswith(".pdf") and len(r.json()["name"]) == 200
