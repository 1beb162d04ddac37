"""An inspector's photo (``Inspector.photo``) and a training record's 结业证书
(``TrainingRecord.certificate``) become attachments: owner the inspector (purpose ``photo``) or the
training record (purpose ``certificate``). The stored file stays where it is (its path is copied;
no bytes are moved); size, MIME type, sha256 and an image's thumbnail are computed as on upload
when the file is there (``dudao.attachments.copying``); a missing file still gets its row. The
fields go in 0005."""

from django.db import migrations

from dudao.attachments.copying import file_facts, save_thumbnail


def forward(apps, schema_editor):
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Inspector = apps.get_model("inspectors", "Inspector")
    TrainingRecord = apps.get_model("inspectors", "TrainingRecord")
    ct = {m: ContentType.objects.get_or_create(app_label="inspectors", model=m)[0]
          for m in ("inspector", "trainingrecord")}
    for inspector in Inspector.objects.exclude(photo="").order_by("id"):
        facts = file_facts(inspector.photo)
        att = Attachment.objects.create(
            content_type=ct["inspector"], object_id=inspector.pk, purpose="photo", file=inspector.photo.name,
            name=facts.name, size=facts.size, mime_type=facts.mime, sha256=facts.sha256,
            region_path=inspector.region_path)
        save_thumbnail(att, facts)
    for row in TrainingRecord.objects.exclude(certificate="").order_by("id"):
        facts = file_facts(row.certificate)
        att = Attachment.objects.create(
            content_type=ct["trainingrecord"], object_id=row.pk, purpose="certificate", file=row.certificate.name,
            name=facts.name, size=facts.size, mime_type=facts.mime, sha256=facts.sha256, region_path="")
        save_thumbnail(att, facts)


def backward(apps, schema_editor):
    """Back to the two fields (the files stay where they are; thumbnails are removed)."""
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Inspector = apps.get_model("inspectors", "Inspector")
    TrainingRecord = apps.get_model("inspectors", "TrainingRecord")
    ct = {c.model: c.pk for c in ContentType.objects.filter(app_label="inspectors",
                                                           model__in=("inspector", "trainingrecord"))}
    for model, code, purpose, field in ((Inspector, "inspector", "photo", "photo"),
                                        (TrainingRecord, "trainingrecord", "certificate", "certificate")):
        for att in Attachment.objects.filter(content_type_id=ct.get(code), purpose=purpose).order_by("id"):
            model.objects.filter(pk=att.object_id).update(**{field: att.file.name})  # the newest wins
            if att.thumbnail:
                att.thumbnail.storage.delete(att.thumbnail.name)
            att.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspectors", "0004_complaint_moved_out"),
        ("attachments", "0003_attachment_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
