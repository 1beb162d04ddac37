"""The data migration of the portal's files (portal 0004–0005): every ``PublicationAttachment`` becomes
an attachment of its publication (owner type ``portal.publication``, purpose ``public``) with the
portal's facts in ``data``, the confirmer as uploader, the stored file left where it is (size, MIME
type and sha256 as on upload when it is there; a missing file keeps its row); migrating back
restores the rows."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from dudao.testing import file_factories as ff
from dudao.testing.migrations import leaf_nodes, migrate_to

pytestmark = pytest.mark.migration_walk

BEFORE = [("portal", "0003_case_in_accountability"), ("attachments", "0003_attachment_data")]


@pytest.mark.django_db(transaction=True)
def test_publication_attachments_become_attachments():
    old = migrate_to(BEFORE)
    Region = old.get_model("regions", "Region")
    Unit = old.get_model("orgs", "Unit")
    User = old.get_model("accounts", "User")
    Publication = old.get_model("portal", "Publication")
    PublicationAttachment = old.get_model("portal", "PublicationAttachment")

    region = Region.objects.create(code="990111", name="公开迁移区", level=1, path="/990111/")
    school = Unit.objects.create(name="公开迁移学校", kind="school", region=region, region_path=region.path)
    confirmer = User.objects.create(username="confirmer")
    pub = Publication.objects.create(kind="statement", region=region, region_path=region.path, unit=school,
                                     title="整改情况说明", body="正文", status="published",
                                     published_at=timezone.now())
    pdf_path = default_storage.save("portal/2025/10/photo.pdf", ContentFile(ff.PDF))
    docx_path = default_storage.save("portal/2025/10/report.docx", ContentFile(b"PK\x03\x04 stored"))
    confirmed = PublicationAttachment.objects.create(publication=pub, name="整改照片.pdf", file=pdf_path,
                                                     sha256="0" * 64, confirmed_by=confirmer)
    created = timezone.make_aware(datetime.datetime(2025, 10, 1, 9, 0))
    PublicationAttachment.objects.filter(pk=confirmed.pk).update(created_at=created)
    PublicationAttachment.objects.create(publication=pub, name="督导报告.docx", file=docx_path, sha256="1" * 64,
                                         redacted=True)
    PublicationAttachment.objects.create(publication=pub, name="丢失.jpg", file="portal/2025/10/gone.jpg",
                                         sha256="2" * 64)

    apps = migrate_to(leaf_nodes())
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct = ContentType.objects.get(app_label="portal", model="publication")
    rows = {a.name: a for a in Attachment.objects.filter(content_type=ct, object_id=pub.pk)}
    assert set(rows) == {"整改照片.pdf", "督导报告.docx", "丢失.jpg"}
    p = rows["整改照片.pdf"]
    assert (p.purpose, p.file.name, p.mime_type, p.size, p.sha256, p.region_path, p.step, p.uploaded_by_id) == (
        "public", pdf_path, "application/pdf", len(ff.PDF), hashlib.sha256(ff.PDF).hexdigest(), region.path,
        "published", confirmer.pk)
    assert p.data == {"redacted": False, "confirmed_by": confirmer.pk} and p.created_at == created
    d = rows["督导报告.docx"]  # not a readable .docx to the sniffer: the type its name says
    assert d.data == {"redacted": True} and d.size == len(b"PK\x03\x04 stored") and d.mime_type.endswith(
        "wordprocessingml.document")
    g = rows["丢失.jpg"]  # missing on disk: the row's own sha256, size 0
    assert (g.size, g.sha256, g.mime_type, g.data) == (0, "2" * 64, "image/jpeg", {"redacted": False})
    with pytest.raises(LookupError):
        apps.get_model("portal", "PublicationAttachment")

    back = migrate_to(BEFORE)  # and back: the rows again, pointing at the same files
    restored = back.get_model("portal", "PublicationAttachment").objects.order_by("name")
    assert [(r.name, r.file.name, r.redacted, r.confirmed_by_id) for r in restored] == sorted([
        ("整改照片.pdf", pdf_path, False, confirmer.pk), ("督导报告.docx", docx_path, True, None),
        ("丢失.jpg", "portal/2025/10/gone.jpg", False, None)])
    assert not back.get_model("attachments", "Attachment").objects.exists()
    migrate_to(leaf_nodes())
