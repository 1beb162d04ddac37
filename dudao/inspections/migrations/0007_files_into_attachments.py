"""Visit photos (``VisitPhoto``) and task files (``TaskFile``) become attachments: owner the visit
(purpose ``visit_photo``), or the task's target when the file has one and else the task (purpose the
file's kind), the caption and uploader kept. The stored file stays where it is (its path is copied;
no bytes are moved); the sha256 is computed when the file is there. The old rows go in 0008."""

import hashlib
import mimetypes

from django.db import migrations

MIME = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "heic": "image/heic",
        "pdf": "application/pdf"}


def _facts(f):
    name = f.name.rsplit("/", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    mime = MIME.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    size, digest = 0, ""
    try:
        h = hashlib.sha256()
        with f.storage.open(f.name, "rb") as fh:
            for chunk in iter(lambda: fh.read(65536), b""):
                h.update(chunk)
                size += len(chunk)
        digest = h.hexdigest()
    except (OSError, ValueError):
        size = 0
    return name, mime, size, digest


def forward(apps, schema_editor):
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    VisitPhoto = apps.get_model("inspections", "VisitPhoto")
    TaskFile = apps.get_model("inspections", "TaskFile")
    ct = {m: ContentType.objects.get_or_create(app_label="inspections", model=m)[0]
          for m in ("regularvisit", "supervisiontask", "tasktarget")}
    for photo in VisitPhoto.objects.select_related("visit").order_by("id"):
        if not photo.file:
            continue
        name, mime, size, digest = _facts(photo.file)
        att = Attachment.objects.create(
            content_type=ct["regularvisit"], object_id=photo.visit_id, purpose="visit_photo", file=photo.file.name,
            name=name, size=size, mime_type=mime, sha256=digest, region_path=photo.visit.region_path,
            uploaded_by_id=photo.visit.created_by_id)
        Attachment.objects.filter(pk=att.pk).update(created_at=photo.created_at)
    for row in TaskFile.objects.select_related("task").order_by("id"):
        if not row.file:
            continue
        name, mime, size, digest = _facts(row.file)
        owner_ct, owner_id = ((ct["tasktarget"], row.target_id) if row.target_id
                              else (ct["supervisiontask"], row.task_id))
        att = Attachment.objects.create(
            content_type=owner_ct, object_id=owner_id, purpose=row.kind, file=row.file.name, name=name,
            caption=row.caption, size=size, mime_type=mime, sha256=digest, region_path=row.task.region_path,
            uploaded_by_id=row.uploaded_by_id, step=row.task.status)
        Attachment.objects.filter(pk=att.pk).update(created_at=row.created_at)


def backward(apps, schema_editor):
    """Back to the two models (the files stay where they are)."""
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    VisitPhoto = apps.get_model("inspections", "VisitPhoto")
    TaskFile = apps.get_model("inspections", "TaskFile")
    TaskTarget = apps.get_model("inspections", "TaskTarget")
    ct = {c.model: c.pk for c in ContentType.objects.filter(
        app_label="inspections", model__in=("regularvisit", "supervisiontask", "tasktarget"))}
    kinds = ("self_evaluation", "evidence", "photo", "file")
    for att in Attachment.objects.filter(content_type_id=ct.get("regularvisit"), purpose="visit_photo"):
        VisitPhoto.objects.create(visit_id=att.object_id, file=att.file.name)
        att.delete()
    for att in Attachment.objects.filter(content_type_id__in=[ct.get("supervisiontask"), ct.get("tasktarget")],
                                         purpose__in=kinds):
        if att.content_type_id == ct.get("tasktarget"):
            target = TaskTarget.objects.filter(pk=att.object_id).first()
            if target is None:
                continue
            task_id, target_id = target.task_id, target.pk
        else:
            task_id, target_id = att.object_id, None
        TaskFile.objects.create(task_id=task_id, target_id=target_id, kind=att.purpose, file=att.file.name,
                                caption=att.caption or att.name, uploaded_by_id=att.uploaded_by_id)
        att.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_delete_finding"),
        ("attachments", "0002_attachment_caption"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
