"""The documents module's rows of the shared permission matrix (``tests/test_permission_matrix.py``;
semantics in ``dudao.testing.matrix``): every documents API operation and page as anonymous, no
role, in scope, child region, sibling region and parent region, the object under test belonging to
the 教育督导室 of 南岸区.

Reads act as the view-only roles (leader, inspector) where those roles may read; everything the
office alone may do (issue, void, templates, batches, 发文设置) acts as office_admin."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.documents.choices import NumberStatus
from dudao.documents.fieldforms import post_data
from dudao.documents.models import (
    DocumentBatch,
    DocumentDelivery,
    DocumentNumber,
    DocumentTemplate,
    IssuedDocument,
    OfficeProfile,
)
from dudao.documents.samples import sample
from dudao.documents.services import batch_create, batch_run, document_issue, template_upload
from dudao.testing.documents_factories import office
from dudao.testing.matrix import Endpoint

OFFICE, LEADER, INSPECTOR = RoleCode.OFFICE_ADMIN, RoleCode.LEADER, RoleCode.INSPECTOR
SCHOOL = RoleCode.UNIT_RESPONDENT


# ---- objects under test, all belonging to 南岸区's office ----

def nanan_office(tree):
    return office(tree["nanan"])


def issued(tree):
    """A numbered 督导意见书 (南岸教督〔2025〕1号) issued by the system."""
    return document_issue(actor=None, office=nanan_office(tree), kind="opinion_letter",
                          context=sample("opinion_letter"))


def number(tree):
    return issued(tree).number


def _template_docx() -> bytes:
    from docx import Document

    doc = Document()
    for line in ("{{doc_number}}", "{{recipient}}：", "问题：{{problems}}", "期限：{{deadline}}"):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def template(tree):
    """The office's active 整改通知书 template (v1)."""
    return template_upload(actor=None, office=nanan_office(tree), kind="rectification_notice",
                           data=_template_docx())


def _batch_items():
    return [sample("rectification_notice")]


def batch(tree):
    """A queued batch (its Celery task runs on commit, which never comes inside a test)."""
    return batch_create(actor=None, office=nanan_office(tree), kind="rectification_notice", items=_batch_items(),
                        title="矩阵批量")


def finished_batch(tree):
    """A batch that has run, with its ZIP."""
    return batch_run(batch(tree).pk)


def ledger_item(tree):
    """A 南岸区 school's ledger item (its office is 南岸区's)."""
    import datetime

    from dudao.ledger.services import ledger_item_create
    from dudao.testing.schools_factories import school

    nanan_office(tree)
    return ledger_item_create(actor=None, unit=school(tree["nanan"], name="矩阵收文学校"), source="media",
                              description="矩阵文书问题", category="safety", requirement="立即整改",
                              deadline=datetime.date(2030, 1, 1))


def delivered(tree):
    """A 整改通知书 issued from the item by the system and delivered to its school."""
    from dudao.documents.services import document_issue_for

    return document_issue_for(actor=None, subject=ledger_item(tree), kind="rectification_notice")


def notices_of(item):
    return IssuedDocument.objects.filter(object_id=str(item.pk), content_type__model="ledgeritem").exists()


def read(doc):
    return DocumentDelivery.objects.filter(document=doc, read_at__isnull=False).exists()


def subject_form(item, tree):
    from dudao.documents.subjects import draft_context

    return {**post_data("rectification_notice", draft_context(item, "rectification_notice")), "action": "issue"}


# ---- checks ----

def has_id(response, obj):
    return any(item["id"] == obj.pk for item in response.json()["items"])


def links_to(response, obj):
    return f'href="{obj.get_absolute_url()}"' in response.content.decode()


def shows_number(response, obj):
    return obj.text in response.content.decode()


def documents_of(o):
    return IssuedDocument.objects.filter(office=o).exists()


def batches_of(o):
    return DocumentBatch.objects.filter(office=o).exists()


def voided(o):
    return DocumentNumber.objects.filter(pk=o.pk, status=NumberStatus.VOIDED).exists()


# ---- payloads ----

def api_issue(o, t):
    return {"kind": "report", "office_id": o.pk, "context": sample("report")}


def ui_issue(o, t):
    return {"office": o.pk, **post_data("report", sample("report")), "action": "issue"}


def template_file(o, t):
    return {"office": o.pk, "kind": "rectification_notice", "note": "矩阵模板",
            "file": SimpleUploadedFile("矩阵模板.docx", _template_docx())}


def ui_batch(o, t):
    return {"office": o.pk, "kind": "rectification_notice", "title": "矩阵批量",
            "items": json.dumps(_batch_items(), ensure_ascii=False)}


def office_settings(o, t):
    return {"office": o.pk, f"o{o.pk}-number_prefix": "矩阵教督", f"o{o.pk}-issuing_mark": "矩阵督导室文件"}


ENDPOINTS = [
    # ---- API: issued documents ----
    Endpoint("api documents list", "api", "list", LEADER, issued, lambda o: "/api/v1/documents", listed=has_id),
    Endpoint("api documents filtered list", "api", "list", LEADER, issued,
             lambda o: "/api/v1/documents?kind=opinion_letter&q=南岸教督", listed=has_id),
    Endpoint("api document detail", "api", "detail", LEADER, issued, lambda o: f"/api/v1/documents/{o.pk}"),
    Endpoint("api document docx", "api", "detail", LEADER, issued, lambda o: f"/api/v1/documents/{o.pk}/docx"),
    Endpoint("api document pdf", "api", "detail", INSPECTOR, issued, lambda o: f"/api/v1/documents/{o.pk}/pdf"),
    Endpoint("api document issue", "api", "write", OFFICE, nanan_office, lambda o: "/api/v1/documents",
             method="post", payload=api_issue, ok=(201,), effect=documents_of),
    # ---- API: numbers ----
    Endpoint("api number void", "api", "write", OFFICE, number, lambda o: f"/api/v1/documents/numbers/{o.pk}/void",
             method="post", payload=lambda o, t: {"reason": "矩阵作废"}, effect=voided),
    # ---- API: batches ----
    Endpoint("api batch create", "api", "write", OFFICE, nanan_office, lambda o: "/api/v1/documents/batches",
             method="post", payload=lambda o, t: {"kind": "rectification_notice", "office_id": o.pk,
                                                  "items": _batch_items()},
             ok=(201,), effect=batches_of),
    Endpoint("api batch detail", "api", "detail", OFFICE, batch, lambda o: f"/api/v1/documents/batches/{o.pk}"),
    Endpoint("api batch zip", "api", "detail", OFFICE, finished_batch,
             lambda o: f"/api/v1/documents/batches/{o.pk}/zip"),
    # ---- UI: issued documents ----
    Endpoint("ui document list", "ui", "list", INSPECTOR, issued, lambda o: "/documents/", listed=links_to),
    Endpoint("ui document list filtered", "ui", "list", INSPECTOR, issued,
             lambda o: "/documents/?kind=opinion_letter&q=南岸教督", listed=links_to),
    Endpoint("ui document detail", "ui", "detail", INSPECTOR, issued, lambda o: f"/documents/{o.pk}/"),
    Endpoint("ui document docx", "ui", "detail", INSPECTOR, issued, lambda o: f"/documents/{o.pk}/download/docx/"),
    Endpoint("ui document pdf", "ui", "detail", LEADER, issued, lambda o: f"/documents/{o.pk}/download/pdf/"),
    Endpoint("ui issue", "ui", "write", OFFICE, nanan_office, lambda o: "/documents/issue/report/", method="post",
             payload=ui_issue, ok=(302,), effect=documents_of),
    # ---- UI: number register ----
    Endpoint("ui number list", "ui", "list", LEADER, number, lambda o: "/documents/numbers/", listed=shows_number),
    Endpoint("ui number void", "ui", "write", OFFICE, number, lambda o: f"/documents/numbers/{o.pk}/void/",
             method="post", payload=lambda o, t: {"reason": "矩阵作废"}, ok=(302,), effect=voided),
    # ---- UI: templates ----
    Endpoint("ui template upload", "ui", "write", OFFICE, nanan_office, lambda o: "/documents/templates/",
             method="post", payload=template_file, ok=(302,),
             effect=lambda o: DocumentTemplate.objects.filter(office=o).exists()),
    Endpoint("ui template preview", "ui", "detail", OFFICE, template, lambda o: f"/documents/templates/{o.pk}/preview/"),
    Endpoint("ui template toggle", "ui", "write", OFFICE, template, lambda o: f"/documents/templates/{o.pk}/toggle/",
             method="post", ok=(302,),
             effect=lambda o: DocumentTemplate.objects.filter(pk=o.pk, is_active=False).exists()),
    # ---- API: templates and 发文设置 ----
    Endpoint("api template upload", "api", "write", OFFICE, nanan_office, lambda o: "/api/v1/documents/templates",
             method="post", extra={"multipart": True}, ok=(201,),
             payload=lambda o, t: {"office_id": o.pk, "kind": "rectification_notice", "note": "接口模板",
                                   "file": SimpleUploadedFile("接口模板.docx", _template_docx())},
             effect=lambda o: DocumentTemplate.objects.filter(office=o, note="接口模板").exists()),
    Endpoint("api template active", "api", "write", OFFICE, template,
             lambda o: f"/api/v1/documents/templates/{o.pk}/active", method="post", payload=lambda o, t: {"active": False},
             effect=lambda o: DocumentTemplate.objects.filter(pk=o.pk, is_active=False).exists()),
    Endpoint("api office profile", "api", "write", OFFICE, nanan_office,
             lambda o: f"/api/v1/documents/offices/{o.pk}/profile", method="put",
             payload=lambda o, t: {"number_prefix": "接口教督", "issuing_mark": "接口督导室文件"},
             effect=lambda o: OfficeProfile.objects.filter(office=o, number_prefix="接口教督").exists()),
    # ---- UI: batches ----
    Endpoint("ui batch new", "ui", "write", OFFICE, nanan_office, lambda o: "/documents/batches/new/",
             method="post", payload=ui_batch, ok=(302,), effect=batches_of),
    Endpoint("ui batch list", "ui", "list", OFFICE, batch, lambda o: "/documents/batches/",
             listed=lambda r, o: f'href="/documents/batches/{o.pk}/"' in r.content.decode()),
    Endpoint("ui template list", "ui", "list", OFFICE, template, lambda o: "/documents/templates/",
             listed=lambda r, o: f"/documents/templates/{o.pk}/preview/" in r.content.decode()),
    Endpoint("ui batch detail", "ui", "detail", OFFICE, batch, lambda o: f"/documents/batches/{o.pk}/"),
    Endpoint("ui batch download", "ui", "detail", OFFICE, finished_batch,
             lambda o: f"/documents/batches/{o.pk}/download/"),
    # ---- documents about a subject (a ledger item), delivery and the inbox (收文) ----
    Endpoint("api subject draft", "api", "detail", OFFICE, ledger_item,
             lambda o: f"/api/v1/documents/subjects/ledger.ledgeritem/{o.pk}/rectification_notice"),
    Endpoint("api subject issue", "api", "write", OFFICE, ledger_item,
             lambda o: f"/api/v1/documents/subjects/ledger.ledgeritem/{o.pk}/rectification_notice",
             method="post", payload=lambda o, t: {"fields": {"contact": "何晓燕"}}, ok=(201,), effect=notices_of),
    Endpoint("api ledger item notice", "api", "write", OFFICE, ledger_item,
             lambda o: f"/api/v1/ledger/items/{o.pk}/notice", method="post",
             payload=lambda o, t: {"requirements": ["立即整改"]}, ok=(201,), effect=notices_of),
    Endpoint("api inbox", "api", "list", SCHOOL, delivered, lambda o: "/api/v1/documents/inbox",
             listed=lambda r, o: any(d["document"]["id"] == o.pk for d in r.json()["items"])),
    Endpoint("api document read", "api", "write", SCHOOL, delivered, lambda o: f"/api/v1/documents/{o.pk}/read",
             method="post", effect=read),
    Endpoint("ui subject issue form", "ui", "detail", OFFICE, ledger_item,
             lambda o: f"/documents/for/ledger.ledgeritem/{o.pk}/rectification_notice/"),
    Endpoint("ui subject issue", "ui", "write", OFFICE, ledger_item,
             lambda o: f"/documents/for/ledger.ledgeritem/{o.pk}/rectification_notice/", method="post",
             payload=subject_form, ok=(302,), effect=notices_of),
    Endpoint("ui inbox", "ui", "list", SCHOOL, delivered, lambda o: "/documents/inbox/", listed=links_to),
    Endpoint("ui document read", "ui", "write", SCHOOL, delivered, lambda o: f"/documents/{o.pk}/read/",
             method="post", ok=(302,), effect=read),
    # ---- UI: 发文设置 ----
    Endpoint("ui office settings", "ui", "write", OFFICE, nanan_office, lambda o: "/documents/settings/",
             method="post", payload=office_settings, ok=(302,),
             effect=lambda o: OfficeProfile.objects.filter(office=o, number_prefix="矩阵教督").exists()),
]

OWN_PATHS = {
    # The catalogue of kinds and their JSON schemas: the same for every caller, no region data.
    # Covered by documents/tests/test_api.py::test_kinds_publish_their_schema.
    "/api/v1/documents/kinds",
}

OWN_PAGES = {
    # The choice of kinds to issue: static, no region data (needs documents.add_issueddocument
    # somewhere). Covered by documents/tests/test_views.py::test_office_issues_opinion_letter_and_supervision_notice.
    "documents:kind_list",
}
