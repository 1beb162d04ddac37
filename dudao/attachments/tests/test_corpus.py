"""The hostile upload corpus (``corpus.py``) through the real entry points — the attachments API,
the task-file API, the visit page, the template API — each file refused or neutralised, and the
downloads served only through the scoped view with safe headers. The Excel files of the corpus
(declared size, a 200 MB cell, a zip bomb as .xlsx) go through the import engine in
``dudao/common/tests/test_import_bounds.py``."""

import datetime
import io

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from dudao.attachments.models import Attachment
from dudao.inspections import workflows
from dudao.inspections.models import RegularVisit
from dudao.inspections.tests.helpers import advance
from dudao.testing.inspections_factories import post, setting, special_task
from dudao.testing.ledger_factories import item, ledger_world
from dudao.testing.matrix import api_client, ui_client

from . import corpus

pytestmark = pytest.mark.django_db
API = "/api/v1/attachments"


@pytest.fixture
def world(tree):
    return ledger_world(tree)


def _upload(user, it, name, content, purpose="plan"):
    return api_client(user).post(API, data={"owner": "ledger.item", "owner_id": it.pk, "purpose": purpose,
                                            "file": corpus.upload(name, content)})


def _stored(att_id) -> bytes:
    with Attachment.objects.get(pk=att_id).file.open("rb") as fh:
        return fh.read()


def _message(r) -> str:
    return r.content.decode()


# ---- mislabelled, script-bearing, executable -----------------------------------------------------

@pytest.mark.parametrize("name,content", [
    ("照片.jpg", corpus.HTML), ("方案.pdf", corpus.HTML), ("照片.png", corpus.SVG_SCRIPT),
    ("图.svg", corpus.SVG_SCRIPT), ("照片.png", corpus.EXE), ("方案.pdf", corpus.EXE), ("run.exe", corpus.EXE),
    ("方案.docx", corpus.PDF), ("照片.jpg", corpus.random_bytes(4096)),
])
def test_mislabelled_and_script_files_are_refused(world, name, content):
    r = _upload(world["respondent"], item(world), name, content)
    assert r.status_code == 422 and ("拒绝" in _message(r) or "不支持" in _message(r)), _message(r)
    assert not Attachment.objects.exists()


def test_a_polyglot_jpeg_is_stored_as_pixels_only(world):
    """A real JPEG carrying an HTML page (in a comment and after the end marker): accepted as a
    photo, stored re-encoded — the script is not in what we keep or serve."""
    data = corpus.polyglot_jpeg()
    assert b"<script>" in data
    r = _upload(world["respondent"], item(world), "现场.jpg", data)
    assert r.status_code == 201, r.content
    stored = _stored(r.json()["id"])
    assert stored.startswith(b"\xff\xd8") and b"<script" not in stored and b"<html" not in stored
    assert r.json()["sha256"] != __import__("hashlib").sha256(data).hexdigest()  # the hash is of what we keep


def test_a_decompression_bomb_image_is_refused(world):
    r = _upload(world["respondent"], item(world), "大图.png", corpus.huge_png_header())
    assert r.status_code == 422 and "像素尺寸过大" in _message(r)
    assert not Attachment.objects.exists()


def test_heic_is_refused_because_it_cannot_be_cleaned(world):
    r = _upload(world["respondent"], item(world), "IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
    assert r.status_code == 422 and "HEIC" in _message(r)


# ---- EXIF: GPS gone, capture time kept, orientation applied ---------------------------------------

def _exif(data: bytes):
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    return img, img.getexif()


def test_gps_and_camera_facts_are_stripped_and_the_photo_is_upright(world):
    data = corpus.jpeg_with_gps(size=(80, 40), orientation=6)
    _img, before = _exif(data)
    assert before.get_ifd(0x8825) and before[0x010F] == "DudaoCam"
    r = _upload(world["respondent"], item(world), "整改照片.jpg", data)
    assert r.status_code == 201, r.content
    img, after = _exif(_stored(r.json()["id"]))
    assert not after.get_ifd(0x8825) and 0x8825 not in after  # no GPS position
    assert 0x010F not in after and 0x0112 not in after  # no camera make, no orientation tag left
    assert after.get(0x0132) == "2025:09:01 10:20:30"  # the capture time is kept
    assert img.size == (40, 80)  # orientation 6 applied to the pixels


def test_visit_photos_from_the_phone_page_lose_their_gps(tree):
    w = setting(tree)
    post(w["inspectors"][0], w["schools"][0])
    client = ui_client(w["inspectors"][0].user)
    r = client.post("/inspections/visits/new/", {
        "school": w["schools"][0].pk, "visited_on": datetime.date.today().isoformat(), "duration_minutes": 60,
        "methods": ["lesson"], "photos": [corpus.upload("camera.jpg", corpus.jpeg_with_gps(), "image/jpeg")]})
    assert r.status_code == 302, r.content.decode()[:500]
    photo = Attachment.objects.get(purpose="visit_photo")
    _img, exif = _exif(_stored(photo.pk))
    assert 0x8825 not in exif and exif.get(0x0132) == "2025:09:01 10:20:30"


# ---- sizes ----------------------------------------------------------------------------------------

@override_settings(DUDAO_MAX_FILE_MB=1)
def test_an_oversize_file_is_refused_while_it_streams_in(world):
    """Above DUDAO_MAX_FILE_MB the parse stops (413): nothing reaches the service or storage."""
    r = _upload(world["respondent"], item(world), "大文件.pdf", corpus.random_bytes(2 * corpus.MB, corpus.PDF))
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert not Attachment.objects.exists()


@override_settings(DUDAO_MAX_UPLOAD_MB=1)
def test_a_whole_request_over_the_upload_maximum_is_refused(world):
    r = _upload(world["respondent"], item(world), "大文件.pdf", corpus.random_bytes(2 * corpus.MB, corpus.PDF))
    assert r.status_code == 413
    assert not Attachment.objects.exists()


@override_settings(DUDAO_MAX_FILE_MB=1)
def test_an_oversize_visit_photo_on_the_page_is_refused(tree):
    w = setting(tree)
    post(w["inspectors"][0], w["schools"][0])
    r = ui_client(w["inspectors"][0].user).post("/inspections/visits/new/", {
        "school": w["schools"][0].pk, "visited_on": datetime.date.today().isoformat(), "duration_minutes": 60,
        "methods": ["lesson"], "photos": [corpus.upload("camera.jpg", corpus.random_bytes(2 * corpus.MB, b"\xff\xd8\xff"))]})
    assert r.status_code in (400, 413)
    assert not RegularVisit.objects.exists() and not Attachment.objects.exists()


def _on_site_team(tree):
    w = setting(tree)
    task = advance(special_task(w, framework=False), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    return task, api_client(w["inspectors"][0].user)


def test_task_files_respect_the_size_limit_and_the_photo_allow_list(tree):
    task, team = _on_site_team(tree)
    url = f"/api/v1/inspections/tasks/{task.pk}/files"
    # 25 MB that looks like an MP4: over the 20 MB document limit (本地设置)
    r = team.post(url, {"file": corpus.upload("现场.mp4", corpus.fake_mp4(21 * corpus.MB)), "kind": "file"})
    assert r.status_code == 422 and "超过大小上限 20 MB" in _message(r)
    # a PDF is not a 现场照片
    r = team.post(url, {"file": corpus.upload("照片.pdf", corpus.PDF), "kind": "photo"})
    assert r.status_code == 422 and "只接受" in _message(r)
    assert not Attachment.objects.exists()
    row = team.post(url, {"file": corpus.upload("说明.pdf", corpus.PDF), "kind": "file"}).json()
    d = team.get(f"{url}/{row['id']}")
    assert d.status_code == 200 and d["X-Content-Type-Options"] == "nosniff"
    assert d["Content-Disposition"].startswith("attachment;") and "sandbox" in d["Content-Security-Policy"]


# ---- archives -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_bomb():
    return corpus.zip_bomb(300 * corpus.MB, ooxml="docx")


def test_zip_bombs_are_refused(world, docx_bomb):
    assert len(docx_bomb) < 2 * corpus.MB
    it = item(world)
    r = _upload(world["respondent"], it, "方案.docx", docx_bomb)
    assert r.status_code == 422 and "已拒绝" in _message(r) and "压缩" in _message(r), _message(r)
    r = _upload(world["respondent"], it, "表.xlsx", corpus.zip_bomb(5 * corpus.MB, ooxml="xlsx"))
    assert r.status_code == 422 and "压缩比异常" in _message(r)
    r = _upload(world["respondent"], it, "包.zip", corpus.zip_bomb(5 * corpus.MB))
    assert r.status_code == 422 and "不支持" in _message(r)
    assert not Attachment.objects.exists()


@override_settings(DUDAO_ZIP_MAX_UNZIPPED_MB=1, DUDAO_ZIP_MAX_RATIO=100000)
def test_the_unzipped_size_of_an_office_file_is_a_setting(world):
    r = _upload(world["respondent"], item(world), "方案.docx", corpus.zip_bomb(2 * corpus.MB, ooxml="docx"))
    assert r.status_code == 422 and "解压后超过 1 MB" in _message(r)


def test_a_template_zip_bomb_is_refused_before_word_opens_it(tree, docx_bomb):
    from dudao.accounts.roles import RoleCode
    from dudao.testing import schools_factories as sf
    from dudao.testing.factories import user_with_role

    office = sf.office(tree["nanan"])
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    r = api_client(admin).post("/api/v1/documents/templates", {
        "office_id": office.pk, "kind": "rectification_notice", "file": corpus.upload("模板.docx", docx_bomb)})
    assert r.status_code == 422 and "压缩" in _message(r), _message(r)


# ---- names and downloads --------------------------------------------------------------------------

def test_file_names_are_metadata_never_paths_and_are_safe_in_headers(world):
    name = "..\\..\\etc/整改\u202eFDP.exe\t.pdf"
    r = _upload(world["respondent"], item(world), name, corpus.PDF)
    assert r.status_code == 201, r.content
    att = Attachment.objects.get(pk=r.json()["id"])
    assert att.name == "整改FDP.exe.pdf" and "\u202e" not in att.name
    assert att.file.name.startswith("attachments/") and "整改" not in att.file.name and ".." not in att.file.name
    d = ui_client(world["respondent"]).get(f"/files/{att.pk}/")
    assert d["Content-Disposition"].startswith("attachment;") and "%E2%80%AE" not in d["Content-Disposition"]
    assert d["X-Content-Type-Options"] == "nosniff"


def test_there_is_no_media_url():
    from django.conf import settings

    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}attachments/2025/09/x.pdf")
