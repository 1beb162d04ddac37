"""Office templates: upload with validation (unknown placeholders reported by name), versioning,
filling (also placeholders split across Word runs), preview with demo data."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from dudao.documents.models import DocumentTemplate
from dudao.documents.samples import sample
from dudao.documents.services import document_issue, template_upload
from dudao.documents.templating import scan_placeholders

from .docx_inspect import open_docx


def make_template(*lines, split: str | None = None) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    if split:  # a placeholder Word has broken into three runs
        p = doc.add_paragraph("期限：")
        for part in ("{{", split, "}}"):
            p.add_run(part)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


GOOD = make_template("{{doc_number}}", "{{recipient}}：", "问题：{{problems}}", split="deadline")


def test_scan_finds_placeholders_even_split_across_runs():
    assert scan_placeholders(GOOD) == ["doc_number", "recipient", "problems", "deadline"]


def test_unknown_placeholders_are_reported_by_name(nanan_office, nanan_admin):
    data = make_template("{{recipient}}", "{{schoool_name}}", "{{ deadline_x }}")
    with pytest.raises(ValidationError) as exc:
        template_upload(actor=nanan_admin, office=nanan_office, kind="rectification_notice", data=data)
    message = "".join(exc.value.messages)
    assert "{{schoool_name}}" in message and "{{deadline_x}}" in message and "{{recipient}}" not in message.split("可用")[0]
    assert not DocumentTemplate.objects.exists()


def test_not_a_docx_is_refused(nanan_office, nanan_admin):
    with pytest.raises(ValidationError):
        template_upload(actor=nanan_admin, office=nanan_office, kind="rectification_notice", data=b"not a zip")


def test_versions_and_issue_uses_the_active_template(nanan_office, nanan_admin):
    v1 = template_upload(actor=nanan_admin, office=nanan_office, kind="rectification_notice", data=GOOD)
    v2 = template_upload(actor=nanan_admin, office=nanan_office, kind="rectification_notice", data=GOOD, note="第二版")
    v1.refresh_from_db()
    assert (v1.version, v2.version, v1.is_active, v2.is_active) == (1, 2, False, True)
    doc = document_issue(actor=nanan_admin, office=nanan_office, kind="rectification_notice",
                         context=sample("rectification_notice"))
    assert doc.template == v2
    with doc.docx_file.open("rb") as fh:
        text = "\n".join(p.text for p in open_docx(fh.read()).paragraphs)
    assert "南岸教督〔2025〕1号" in text
    assert "重庆市南岸区珊瑚实验小学：" in text
    assert "1.课后服务收费公示不规范" in text
    assert "期限：2025年6月6日" in text
    assert "{{" not in text


def test_upload_and_preview_through_the_ui(client, nanan_office, nanan_admin):
    client.force_login(nanan_admin)
    bad = SimpleUploadedFile("t.docx", make_template("{{nope}}"))
    response = client.post("/documents/templates/", {"office": nanan_office.pk, "kind": "rectification_notice",
                                                      "file": bad})
    assert response.status_code == 200
    assert "未知占位符" in response.content.decode() and "{{nope}}" in response.content.decode()
    good = SimpleUploadedFile("t.docx", GOOD)
    response = client.post("/documents/templates/", {"office": nanan_office.pk, "kind": "rectification_notice",
                                                      "file": good})
    assert response.status_code == 302
    tpl = DocumentTemplate.objects.get()
    response = client.get(f"/documents/templates/{tpl.pk}/preview/")
    assert response.status_code == 200
    text = "\n".join(p.text for p in open_docx(response.content).paragraphs)
    assert "南岸教督〔2025〕×号" in text and "重庆市南岸区珊瑚实验小学" in text
