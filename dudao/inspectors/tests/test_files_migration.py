"""The data migration of the inspector's files (inspectors 0005–0006): ``Inspector.photo`` and
``TrainingRecord.certificate`` become attachments of the inspector (``photo``) and of the training
record (``certificate``), the stored file left where it is, with size, MIME type, sha256 and an
image's thumbnail as on upload; a file missing on disk still gets its row; migrating back restores
the fields."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dudao.testing import file_factories as ff
from dudao.testing.migrations import leaf_nodes, migrate_to

pytestmark = pytest.mark.migration_walk

BEFORE = [("inspectors", "0004_complaint_moved_out"), ("attachments", "0002_attachment_caption")]


@pytest.mark.django_db(transaction=True)
def test_photos_and_certificates_become_attachments():
    old = migrate_to(BEFORE)
    Region = old.get_model("regions", "Region")
    Unit = old.get_model("orgs", "Unit")
    Inspector = old.get_model("inspectors", "Inspector")
    TrainingRecord = old.get_model("inspectors", "TrainingRecord")

    region = Region.objects.create(code="990110", name="照片迁移区", level=1, path="/990110/")
    office = Unit.objects.create(name="照片迁移督导室", kind="office", region=region, region_path=region.path)
    png = ff.png_bytes()
    photo_path = default_storage.save("inspectors/photos/face.png", ContentFile(png))
    cert_path = default_storage.save("inspectors/certificates/cert.pdf", ContentFile(ff.PDF))
    with_photo = Inspector.objects.create(name="有照片", office=office, region_path=region.path, kind="full_time",
                                          photo=photo_path)
    gone = Inspector.objects.create(name="照片丢失", office=office, region_path=region.path, kind="full_time",
                                    photo="inspectors/photos/gone.jpg")
    Inspector.objects.create(name="无照片", office=office, region_path=region.path, kind="full_time")
    record = TrainingRecord.objects.create(inspector=with_photo, course="岗前培训", kind="centralised", hours=8,
                                           date="2025-05-01", certificate=cert_path)
    TrainingRecord.objects.create(inspector=with_photo, course="无证书", kind="online", hours=2, date="2025-06-01")

    apps = migrate_to(leaf_nodes())
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct = {c.model: c.pk for c in ContentType.objects.filter(app_label="inspectors")}
    assert Attachment.objects.count() == 3
    p = Attachment.objects.get(object_id=with_photo.pk, purpose="photo")
    assert (p.content_type_id, p.file.name, p.name, p.mime_type, p.size, p.sha256, p.region_path) == (
        ct["inspector"], photo_path, "face.png", "image/png", len(png), hashlib.sha256(png).hexdigest(), region.path)
    assert p.thumbnail and default_storage.exists(p.thumbnail.name)
    g = Attachment.objects.get(object_id=gone.pk, purpose="photo")  # missing on disk: a row, no facts
    assert (g.file.name, g.size, g.sha256, g.mime_type, bool(g.thumbnail)) == (
        "inspectors/photos/gone.jpg", 0, "", "image/jpeg", False)
    c = Attachment.objects.get(purpose="certificate")
    assert (c.content_type_id, c.object_id, c.file.name, c.mime_type, c.sha256) == (
        ct["trainingrecord"], record.pk, cert_path, "application/pdf", hashlib.sha256(ff.PDF).hexdigest())
    new_inspector = apps.get_model("inspectors", "Inspector")
    assert "photo" not in {f.name for f in new_inspector._meta.get_fields()}
    assert "certificate" not in {f.name for f in apps.get_model("inspectors", "TrainingRecord")._meta.get_fields()}

    back = migrate_to(BEFORE)  # and back: the fields again, pointing at the same files
    assert back.get_model("inspectors", "Inspector").objects.get(pk=with_photo.pk).photo.name == photo_path
    assert back.get_model("inspectors", "Inspector").objects.get(pk=gone.pk).photo.name == "inspectors/photos/gone.jpg"
    assert back.get_model("inspectors", "TrainingRecord").objects.get(pk=record.pk).certificate.name == cert_path
    assert not back.get_model("attachments", "Attachment").objects.exists()
    assert default_storage.exists(photo_path)
    migrate_to(leaf_nodes())
