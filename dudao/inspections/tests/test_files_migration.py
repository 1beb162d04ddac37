"""The data migration of "one attachment model" (attachments 0002, inspections 0007–0008): every
``VisitPhoto`` and ``TaskFile`` becomes an attachment of the visit, the task's target (when the file
has one) or the task, with the kind as purpose, the caption and uploader kept, the stored file left
where it is (its sha256 when it is there); migrating back restores the rows."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dudao.testing import file_factories as ff
from dudao.testing.migrations import leaf_nodes, migrate_to

pytestmark = pytest.mark.migration_walk

BEFORE = [("inspections", "0006_delete_finding"), ("attachments", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_visit_photos_and_task_files_become_attachments():
    old = migrate_to(BEFORE)
    Region = old.get_model("regions", "Region")
    Unit = old.get_model("orgs", "Unit")
    User = old.get_model("accounts", "User")
    Task = old.get_model("inspections", "SupervisionTask")
    Target = old.get_model("inspections", "TaskTarget")
    Visit = old.get_model("inspections", "RegularVisit")
    Inspector = old.get_model("inspectors", "Inspector")
    VisitPhoto = old.get_model("inspections", "VisitPhoto")
    TaskFile = old.get_model("inspections", "TaskFile")

    region = Region.objects.create(code="990109", name="附件迁移区", level=1, path="/990109/")
    office = Unit.objects.create(name="附件迁移督导室", kind="office", region=region, region_path=region.path)
    school = Unit.objects.create(name="附件迁移学校", kind="school", region=region, region_path=region.path)
    user = User.objects.create(username="migrator")
    task = Task.objects.create(office=office, region=region, region_path=region.path, kind="special",
                               title="附件迁移任务", status="on_site")
    target = Target.objects.create(task=task, unit=school)
    inspector = Inspector.objects.create(name="迁移督学", office=office, region_path=region.path, kind="full_time")
    visit = Visit.objects.create(school=school, region_path=region.path, inspector=inspector, created_by=user,
                                 visited_on=datetime.date(2025, 10, 1), duration_minutes=60, methods=["lesson"])
    png = ff.png_bytes()
    photo_path = default_storage.save("inspections/visits/2025/10/camera.png", ContentFile(png))
    pdf_path = default_storage.save("inspections/files/2025/10/report.pdf", ContentFile(ff.PDF))
    VisitPhoto.objects.create(visit=visit, file=photo_path)
    TaskFile.objects.create(task=task, target=target, kind="photo", file="inspections/files/2025/10/gone.jpg",
                            caption="现场照片一", uploaded_by=user)
    TaskFile.objects.create(task=task, kind="self_evaluation", file=pdf_path, caption="自评报告")

    apps = migrate_to(leaf_nodes())
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct = {c.model: c.pk for c in ContentType.objects.filter(app_label="inspections")}
    assert Attachment.objects.count() == 3
    p = Attachment.objects.get(purpose="visit_photo")
    assert (p.content_type_id, p.object_id, p.file.name, p.name) == (
        ct["regularvisit"], visit.pk, photo_path, photo_path.rsplit("/", 1)[-1])
    assert (p.mime_type, p.size, p.sha256, p.region_path, p.uploaded_by_id) == (
        "image/png", len(png), hashlib.sha256(png).hexdigest(), region.path, user.pk)
    t = Attachment.objects.get(purpose="photo")  # of the target; its file is missing: no sha
    assert (t.content_type_id, t.object_id, t.caption, t.uploaded_by_id, t.sha256, t.mime_type) == (
        ct["tasktarget"], target.pk, "现场照片一", user.pk, "", "image/jpeg")
    r = Attachment.objects.get(purpose="self_evaluation")  # task-wide
    assert (r.content_type_id, r.object_id, r.caption, r.mime_type, r.region_path) == (
        ct["supervisiontask"], task.pk, "自评报告", "application/pdf", region.path)
    assert r.sha256 == hashlib.sha256(ff.PDF).hexdigest()
    for name in ("VisitPhoto", "TaskFile"):
        with pytest.raises(LookupError):
            apps.get_model("inspections", name)

    back = migrate_to(BEFORE)  # and back: the rows again, pointing at the same files
    assert back.get_model("inspections", "VisitPhoto").objects.get().file.name == photo_path
    files = back.get_model("inspections", "TaskFile").objects.order_by("kind")
    assert [(f.kind, f.target_id, f.caption) for f in files] == [
        ("photo", target.pk, "现场照片一"), ("self_evaluation", None, "自评报告")]
    assert not back.get_model("attachments", "Attachment").objects.exists()
    migrate_to(leaf_nodes())
