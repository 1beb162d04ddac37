"""An inspector's photo and a training's 结业证书 are attachments (``files.py``): uploaded with the
roster forms or through ``/api/v1/corps/inspectors/{id}/photo`` and ``…/training/{id}/certificate``
(an upload replaces the file), fetched through ``/files/<id>/`` by whoever may view the inspector
(another district's office: 404; anonymous: the login page), shown as a thumbnail on the card, and
the current responsible inspector's photo on the public school page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dudao.accounts.roles import RoleCode
from dudao.attachments.models import Attachment
from dudao.attachments.services import for_owner
from dudao.inspectors.models import Inspector, TrainingRecord
from dudao.inspectors.postings import posting_create
from dudao.testing import file_factories as ff
from dudao.testing import schools_factories as sf
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
API = "/api/v1/corps/inspectors"


@pytest.fixture
def world(tree):
    office = sf.office(tree["nanan"])
    return {
        "office": office,
        "admin": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "inspector": sf.inspector(office, name="杨志强"),
    }


def _photos(insp):
    return list(for_owner(insp, "photo"))


def _denied(world, url):
    assert ui_client(world["sibling"]).get(url).status_code == 404
    r = Client().get(url)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_the_roster_form_keeps_the_photo_as_an_attachment(world):
    office_client = ui_client(world["admin"])
    r = office_client.post(reverse("inspectors:inspector_add"), {
        "office": world["office"].pk, "name": "陈晓梅", "kind": "part_time", "focus": "school",
        "education": "bachelor", "years_in_education": 12, "photo": ff.photo("证件照.png")})
    assert r.status_code == 302, r.content.decode()[:2000]
    insp = Inspector.objects.get(name="陈晓梅")
    [photo] = _photos(insp)
    assert (photo.name, photo.mime_type, photo.uploaded_by_id) == ("证件照.png", "image/png", world["admin"].pk)
    assert photo.thumbnail and photo.region_path == insp.region_path

    card = office_client.get(insp.get_absolute_url()).content.decode()
    assert f"/files/{photo.pk}/thumb/" in card and "/media/" not in card
    r = office_client.get(f"/files/{photo.pk}/thumb/")
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert office_client.get(f"/files/{photo.pk}/").status_code == 200
    _denied(world, f"/files/{photo.pk}/")
    _denied(world, f"/files/{photo.pk}/thumb/")

    edit = reverse("inspectors:inspector_edit", args=[insp.pk])
    assert f'href="/files/{photo.pk}/"' in office_client.get(edit).content.decode()
    base = {"name": "陈晓梅", "kind": "part_time", "focus": "school", "education": "bachelor", "years_in_education": 12}
    r = office_client.post(edit, {**base, "photo": ff.upload("新照片.jpg", ff.jpeg_bytes(), "image/jpeg")})
    assert r.status_code == 302
    [new] = _photos(insp)  # replaced, not added
    assert new.pk != photo.pk and new.mime_type == "image/jpeg"
    assert not Attachment.objects.filter(pk=photo.pk).exists()

    r = office_client.post(edit, {**base, "photo": ff.pdf("不是照片.pdf")})
    assert r.status_code == 200 and "照片只能是 JPG 或 PNG 图片" in r.content.decode()
    assert _photos(insp) == [new]
    r = office_client.post(edit, {**base, "photo-clear": "on"})
    assert r.status_code == 302 and _photos(insp) == []


def test_the_photo_through_the_api(world):
    insp = world["inspector"]
    office = api_client(world["admin"])
    r = office.post(f"{API}/{insp.pk}/photo", {"file": ff.photo("接口照片.png")})
    assert r.status_code == 201, r.content
    first = r.json()
    assert (first["owner"], first["owner_id"], first["purpose"], first["mime"]) == (
        "inspectors.inspector", insp.pk, "photo", "image/png")
    assert first["thumb_url"] == f"/files/{first['id']}/thumb/"
    second = office.post(f"{API}/{insp.pk}/photo", {"file": ff.photo("换一张.png")}).json()
    assert [a.pk for a in _photos(insp)] == [second["id"]]
    assert office.get(f"{API}/{insp.pk}").json()["photo_url"] == f"/files/{second['id']}/"
    listed = office.get(f"/api/v1/attachments?owner=inspectors.inspector&owner_id={insp.pk}").json()
    assert [a["id"] for a in listed] == [second["id"]]
    assert office.get(f"/api/v1/attachments/{second['id']}/download").status_code == 200

    sibling = api_client(world["sibling"])
    assert sibling.post(f"{API}/{insp.pk}/photo", {"file": ff.photo()}).status_code == 404
    assert sibling.get(f"/api/v1/attachments/{second['id']}/download").status_code == 404
    assert Client().post(f"{API}/{insp.pk}/photo", {"file": ff.photo()}).status_code == 401
    bad = office.post(f"{API}/{insp.pk}/photo", {"file": ff.upload("伪装.png", ff.SVG, "image/png")})
    assert bad.status_code == 422
    # the generic upload and delete may not bypass "one photo"
    generic = office.post("/api/v1/attachments", {"owner": "inspectors.inspector", "owner_id": insp.pk,
                                                  "purpose": "photo", "file": ff.photo()})
    assert generic.status_code == 403
    assert office.delete(f"/api/v1/attachments/{second['id']}").status_code == 403

    assert sibling.delete(f"{API}/{insp.pk}/photo").status_code == 404
    assert office.delete(f"{API}/{insp.pk}/photo").status_code == 204
    assert _photos(insp) == []


def test_the_public_page_shows_the_responsible_inspectors_photo(world, tree):
    insp = world["inspector"]
    school = sf.school(tree["nanan"], name="南岸区照片小学")
    posting_create(actor=None, inspector=insp, school=school, start_date=datetime.date(2025, 9, 1))
    url = reverse("public:photo", args=[school.school_profile.school_code])
    assert Client().get(url).status_code == 404
    api_client(world["admin"]).post(f"{API}/{insp.pk}/photo", {"file": ff.photo()})
    r = Client().get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and r["X-Content-Type-Options"] == "nosniff"
    page = Client().get(reverse("public:school", args=[school.school_profile.school_code])).content.decode()
    assert url in page


def test_training_certificates(world):
    insp = world["inspector"]
    office_client = ui_client(world["admin"])
    r = office_client.post(insp.get_absolute_url(), {
        "form": "training", "training-course": "责任督学能力提升培训", "training-kind": "centralised",
        "training-hours": "8", "training-date": "2025-05-01", "training-certificate": ff.pdf("结业证书.pdf")})
    assert r.status_code == 302
    record = TrainingRecord.objects.get(course="责任督学能力提升培训")
    [cert] = for_owner(record, "certificate")
    assert (cert.name, cert.mime_type) == ("结业证书.pdf", "application/pdf")
    assert f"/files/{cert.pk}/" in office_client.get(insp.get_absolute_url()).content.decode()
    r = office_client.get(f"/files/{cert.pk}/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;")
    _denied(world, f"/files/{cert.pk}/")

    office = api_client(world["admin"])
    url = f"{API}/{insp.pk}/training/{record.pk}/certificate"
    r = office.post(url, {"file": ff.upload("证书扫描.jpg", ff.jpeg_bytes(), "image/jpeg")})
    assert r.status_code == 201 and r.json()["owner"] == "inspectors.training"
    assert [a.pk for a in for_owner(record, "certificate")] == [r.json()["id"]]
    training = office.get(f"{API}/{insp.pk}/training").json()
    assert {t["id"]: t["certificate_url"] for t in training}[record.pk] == f"/files/{r.json()['id']}/"
    word = ff.upload("证书.docx", b"PK\x03\x04" + b"\x00" * 40, "application/octet-stream")
    assert office.post(url, {"file": word}).status_code == 422
    assert api_client(world["sibling"]).post(url, {"file": ff.pdf()}).status_code == 404
    other = sf.inspector(world["office"], name="别的督学")
    assert office.post(f"{API}/{other.pk}/training/{record.pk}/certificate", {"file": ff.pdf()}).status_code == 404
