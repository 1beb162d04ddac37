"""Batches: a Celery task (eager here) with progress in the DB, a ZIP, and one bad record that is
reported by name without losing the others."""

import io
import zipfile

from dudao.documents.choices import BatchStatus
from dudao.documents.models import DocumentBatch, IssuedDocument
from dudao.documents.samples import sample
from dudao.documents.services import batch_create


def items(n=4, bad_at=2):
    out = []
    for i in range(1, n + 1):
        item = sample("rectification_notice")
        item["recipient"] = f"测试学校{i}"
        if i == bad_at:
            item["problems"] = []  # at least one problem is required
        out.append(item)
    return out


def test_batch_with_one_bad_record(nanan_office, nanan_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_create(actor=nanan_admin, office=nanan_office, kind="rectification_notice", items=items())
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.total, batch.done, batch.failed) == (4, 4, 1)
    assert batch.errors[0]["name"] == "测试学校2" and "存在的问题" in batch.errors[0]["error"]
    assert IssuedDocument.objects.filter(batch=batch).count() == 3
    numbers = sorted(IssuedDocument.objects.filter(batch=batch).values_list("number__number", flat=True))
    assert numbers == [1, 2, 3]  # the bad record took no number
    with batch.zip_file.open("rb") as fh:
        names = zipfile.ZipFile(io.BytesIO(fh.read())).namelist()
    assert sorted(n for n in names if n.endswith(".docx")) == ["0001-测试学校1.docx", "0003-测试学校3.docx",
                                                                "0004-测试学校4.docx"]
    assert "失败清单.txt" in names


def test_batch_page_shows_progress_and_failures(client, nanan_office, nanan_admin, django_capture_on_commit_callbacks):
    import json

    client.force_login(nanan_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/documents/batches/new/", {
            "office": nanan_office.pk, "kind": "rectification_notice", "title": "",
            "items": json.dumps(items(3, bad_at=3), ensure_ascii=False)})
    assert response.status_code == 302
    batch = DocumentBatch.objects.get()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "progress-bar" in page and "测试学校3" in page and "下载压缩包" in page
    partial = client.get(batch.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    zipped = client.get(f"/documents/batches/{batch.pk}/download/")
    assert zipped.status_code == 200


def test_running_batch_polls(client, nanan_office, nanan_admin):
    batch = DocumentBatch.objects.create(office=nanan_office, region_path=nanan_office.region_path,
                                         kind="rectification_notice", title="t", total=10, done=3)
    client.force_login(nanan_admin)
    html = client.get(batch.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html and "30%" in html
