"""A publication's files (``PublicationAttachment``) become attachments: owner the publication (owner
type ``portal.publication``), purpose ``public``, the portal's facts in ``Attachment.data``
(``redacted``, ``source_document``, ``confirmed_by``), the confirmer as uploader, the publication's
status as the step and the upload time kept. The stored file stays where it is (its path is
copied; no bytes are moved); size, MIME type, sha256 and an image's thumbnail are computed as on
upload when the file is there (``dudao.attachments.copying``; the row's own sha256 is kept when it
is not). The old model goes in 0005."""

from django.db import migrations

from dudao.attachments.copying import file_facts, save_thumbnail


def forward(apps, schema_editor):
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    PublicationAttachment = apps.get_model("portal", "PublicationAttachment")
    ct = ContentType.objects.get_or_create(app_label="portal", model="publication")[0]
    for row in PublicationAttachment.objects.select_related("publication").order_by("id"):
        facts = file_facts(row.file, row.name) if row.file else None
        data = {"redacted": row.redacted}
        if row.source_document_id:
            data["source_document"] = row.source_document_id
        if row.confirmed_by_id:
            data["confirmed_by"] = row.confirmed_by_id
        att = Attachment.objects.create(
            content_type=ct, object_id=row.publication_id, purpose="public", file=row.file.name or "",
            name=row.name[:200], size=facts.size if facts else 0,
            mime_type=facts.mime if facts else "application/octet-stream",
            sha256=(facts.sha256 if facts else "") or row.sha256, region_path=row.publication.region_path,
            uploaded_by_id=row.confirmed_by_id, step=row.publication.status, data=data)
        Attachment.objects.filter(pk=att.pk).update(created_at=row.created_at)
        if facts is not None:
            save_thumbnail(att, facts)


def backward(apps, schema_editor):
    """Back to the portal's own model (the files stay where they are; thumbnails are removed)."""
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    PublicationAttachment = apps.get_model("portal", "PublicationAttachment")
    ct = ContentType.objects.filter(app_label="portal", model="publication").first()
    if ct is None:
        return
    for att in Attachment.objects.filter(content_type=ct, purpose="public").order_by("id"):
        data = att.data or {}
        row = PublicationAttachment.objects.create(
            publication_id=att.object_id, name=att.name, file=att.file.name, sha256=att.sha256,
            source_document_id=data.get("source_document"), redacted=bool(data.get("redacted")),
            confirmed_by_id=data.get("confirmed_by"))
        PublicationAttachment.objects.filter(pk=row.pk).update(created_at=att.created_at)
        if att.thumbnail:
            att.thumbnail.storage.delete(att.thumbnail.name)
        att.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_case_in_accountability"),
        ("attachments", "0003_attachment_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
