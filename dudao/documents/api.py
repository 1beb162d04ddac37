"""REST API of issued documents (/api/v1/documents): list, detail, files, issuing, voiding,
batches, and each kind's data schema."""

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from dudao.common import exports
from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, region_in_scope, user_has_perm
from dudao.orgs.models import Unit

from . import services
from .choices import BatchStatus, DocumentKind, NumberStatus
from .kinds import KINDS, context_schema
from .models import DocumentBatch, DocumentDelivery, DocumentNumber, DocumentTemplate, IssuedDocument
from .rendering.pdf import PdfUnavailable
from .selectors import document_filter, offices_for

router = Router(tags=["公文文书"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class KindOut(Schema):
    kind: DocumentKind
    label: str
    red_header: bool
    numbered: bool
    context_schema: dict


class DocumentOut(Schema):
    id: int
    kind: DocumentKind
    kind_label: str
    title: str
    number: str
    number_status: NumberStatus | None = None
    office_id: Id
    office_name: str
    issued_by: str | None = None
    issued_at: datetime
    docx_sha256: str
    pdf_sha256: str
    related_type: str | None = None
    related_id: str | None = None
    docx_url: str
    pdf_url: str

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_number(obj):
        return obj.number_text

    @staticmethod
    def resolve_number_status(obj):
        return obj.number.status if obj.number_id else None

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_issued_by(obj):
        return obj.issued_by.username if obj.issued_by_id else None

    @staticmethod
    def resolve_related_type(obj):
        return f"{obj.content_type.app_label}.{obj.content_type.model}" if obj.content_type_id else None

    @staticmethod
    def resolve_related_id(obj):
        return obj.object_id or None

    @staticmethod
    def resolve_docx_url(obj):
        return f"/api/v1/documents/{obj.pk}/docx"

    @staticmethod
    def resolve_pdf_url(obj):
        return f"/api/v1/documents/{obj.pk}/pdf"


class DocumentDetailOut(DocumentOut):
    context: dict


class RelatedIn(StrictSchema):
    type: str = Field(..., max_length=100, description="关联对象类型，如 orgs.unit")
    id: str = Field(..., max_length=64)


class IssueIn(StrictSchema):
    kind: DocumentKind
    office_id: Id
    context: dict[str, Any] = Field(..., description="文书数据，结构见 GET /documents/kinds")
    related: RelatedIn | None = None


class SubjectIssueIn(StrictSchema):
    fields: dict[str, Any] = Field(default_factory=dict,
                                   description="修改的字段（字段名 → 值，日期为 YYYY-MM-DD，列表为字符串数组）；"
                                               "未给出的字段取自关联事项")
    with_pdf: bool = False


class DraftOut(Schema):
    kind: DocumentKind
    subject_type: str
    subject_id: str
    office_id: Id
    recipients: list[str]
    fields: dict[str, Any]


class DeliveryOut(Schema):
    id: int
    document: DocumentOut
    unit_id: Id
    unit_name: str
    delivered_at: datetime
    read_at: datetime | None = None
    read_by: str | None = None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_read_by(obj):
        return obj.read_by.username if obj.read_by_id else None


class ReadOut(Schema):
    document_id: Id
    marked: int


class VoidIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=200)


class NumberOut(Schema):
    id: int
    text: str
    year: int
    number: int
    status: NumberStatus
    void_reason: str


class BatchIn(StrictSchema):
    kind: DocumentKind
    office_id: Id
    items: list[dict[str, Any]] = Field(..., min_length=1, max_length=5000)
    title: str = Field("", max_length=200)
    with_pdf: bool = False


class BatchOut(Schema):
    id: int
    kind: DocumentKind
    title: str
    status: BatchStatus
    total: int
    done: int
    failed: int
    errors: list[dict]
    zip_url: str | None = None

    @staticmethod
    def resolve_zip_url(obj):
        return f"/api/v1/documents/batches/{obj.pk}/zip" if obj.zip_file else None


class TemplateOut(Schema):
    id: int
    office_id: Id
    office_name: str
    kind: DocumentKind
    version: int
    is_active: bool
    note: str
    placeholders: list[str]
    sha256: str
    uploaded_at: datetime

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name


class TemplateActiveIn(StrictSchema):
    active: bool = Field(..., description="true 启用（同类型的其他版本随之停用）；false 停用，恢复内置格式")


class OfficeProfileIn(StrictSchema):
    number_prefix: str = Field(..., min_length=1, max_length=20, description="发文字号前缀，如 南岸教督")
    issuing_mark: str = Field(..., min_length=1, max_length=60, description="发文机关标志，如 重庆市南岸区人民政府教育督导室文件")


class OfficeProfileOut(Schema):
    office_id: Id
    office_name: str
    number_prefix: str
    issuing_mark: str
    example: str

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_example(obj):
        return services.format_number(obj.number_prefix, 2025, 12)


def _subject(request, subject_type: str, subject_id: str):
    from .subjects import registry

    try:
        app_label, model = subject_type.split(".", 1)
        model_cls = ContentType.objects.get(app_label=app_label, model=model).model_class()
    except (ValueError, ContentType.DoesNotExist):
        raise Http404 from None
    if model_cls is None or model_cls._meta.concrete_model not in registry():
        raise Http404
    return get_for_user_or_404(model_cls, request.auth, "view", pk=subject_id)


def issue_for_subject(request, subject, kind: str, fields: dict, with_pdf: bool = False,
                      field_prefix: str = "fields"):
    """The API's 签发 about a subject (shared with the subject apps' own operations)."""
    from .subjects import kinds_for, spec_for

    if kind not in spec_for(subject).kinds:
        raise Http404
    if kind not in kinds_for(subject):
        raise ValidationError({"kind": "该事项当前不能签发此类文书"})
    office = spec_for(subject).office(subject)
    if office is None or not region_in_scope(request.auth, "documents.add_issueddocument", office.region):
        raise Http404
    try:
        doc = services.document_issue_for(actor=request.auth, subject=subject, kind=kind, overrides=fields,
                                          with_pdf=with_pdf)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        prefix = f"{field_prefix}." if field_prefix else ""
        raise ValidationError({prefix + key.removeprefix("context.") if key.startswith("context.") else key:
                               messages for key, messages in exc.message_dict.items()}) from exc
    return IssuedDocument.objects.select_related("office", "issued_by", "number", "content_type").get(pk=doc.pk)


def _related(request, related: RelatedIn | None):
    if related is None:
        return None
    try:
        app_label, model = related.type.split(".", 1)
        ct = ContentType.objects.get(app_label=app_label, model=model)
    except (ValueError, ContentType.DoesNotExist):
        raise ValidationError({"related.type": "未知的关联对象类型"}) from None
    model_cls = ct.model_class()
    manager = getattr(model_cls, "objects", None)
    if manager is None or not hasattr(manager, "for_user"):
        raise ValidationError({"related.type": "该类型不能关联文书"})
    return get_for_user_or_404(model_cls, request.auth, "view", pk=related.id)


@router.get("/kinds", response={200: list[KindOut], **ERRORS}, summary="文书类型及其数据结构（JSON Schema）")
def list_kinds(request):
    return [{"kind": s.kind, "label": s.label, "red_header": s.red_header, "numbered": s.numbered,
             "context_schema": context_schema(s.kind)} for s in KINDS.values()]


@router.get("", response={200: list[DocumentOut], **ERRORS}, summary="已发文书（本人范围；可按类型、督导室、关联对象筛选）")
@paginate(BoundedPagination)
def list_documents(request, kind: DocumentKind | None = None, office_id: Id | None = None, q: str = "",
                   related_type: str | None = None, related_id: str | None = None):
    qs = IssuedDocument.objects.for_user(request.auth, "view").select_related("office", "issued_by", "number",
                                                                              "content_type")
    if related_type and related_id:
        try:
            app_label, model = related_type.split(".", 1)
        except ValueError:
            raise ValidationError({"related_type": "格式应为 app_label.model"}) from None
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model, object_id=related_id)
    return document_filter(qs, kind=kind or "", q=q, office=None).filter(
        **({"office_id": office_id} if office_id else {}))


@router.get("/inbox", response={200: list[DeliveryOut], **ERRORS}, summary="收文：送达本人所在单位的文书（可只看未读）")
@paginate(BoundedPagination)
def inbox(request, unread: bool = False):
    qs = (DocumentDelivery.objects.for_user(request.auth, "read")
          .select_related("document__office", "document__issued_by", "document__number", "document__content_type",
                          "unit", "read_by").order_by("-delivered_at", "-id"))
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/{int:doc_id}/read", response={200: ReadOut, **ERRORS}, summary="标为已读（送达本人单位的文书）")
def read_document(request, doc_id: Id):
    doc = get_for_user_or_404(IssuedDocument, request.auth, "view", pk=doc_id)
    if not DocumentDelivery.objects.for_user(request.auth, "read").filter(document=doc).exists():
        raise Http404
    return {"document_id": doc.pk, "marked": services.delivery_mark_read(actor=request.auth, document=doc)}


@router.get("/subjects/{subject_type}/{subject_id}/{kind}", response={200: DraftOut, **ERRORS},
            summary="按关联事项生成的文书字段（签发前预填内容，如 ledger.ledgeritem 的整改通知书）")
def subject_draft(request, subject_type: str, subject_id: str, kind: DocumentKind):
    from .subjects import draft_context, spec_for

    subject = _subject(request, subject_type, subject_id)
    spec = spec_for(subject)
    if kind not in spec.kinds:
        raise Http404
    context = draft_context(subject, kind)
    office = spec.office(subject)
    if office is None:
        raise Http404
    return {"kind": kind, "subject_type": subject_type, "subject_id": str(subject.pk), "office_id": office.pk,
            "recipients": [u.name for u in spec.recipients(subject, kind, context)], "fields": context}


@router.post("/subjects/{subject_type}/{subject_id}/{kind}", response={201: DocumentDetailOut, **ERRORS},
             summary="按关联事项签发文书（内容取自事项，fields 覆盖所列字段；关联并送达事项单位）")
def subject_issue(request, subject_type: str, subject_id: str, kind: DocumentKind, payload: SubjectIssueIn):
    subject = _subject(request, subject_type, subject_id)
    return 201, issue_for_subject(request, subject, kind, payload.fields, payload.with_pdf)


@router.get("/{int:doc_id}", response={200: DocumentDetailOut, **ERRORS}, summary="文书详情")
def get_document(request, doc_id: Id):
    return get_for_user_or_404(IssuedDocument.objects.select_related("office", "issued_by", "number", "content_type"),
                               request.auth, "view", pk=doc_id)


@router.get("/{int:doc_id}/docx", response={200: None, **ERRORS}, summary="下载 Word 文件")
def get_docx(request, doc_id: Id):
    doc = get_for_user_or_404(IssuedDocument, request.auth, "view", pk=doc_id)
    return FileResponse(doc.docx_file.open("rb"), as_attachment=True, filename=f"{doc.number_text or doc.title}.docx",
                        content_type=DOCX)


@router.get("/{int:doc_id}/pdf", response={200: None, **ERRORS}, summary="下载 PDF 文件（首次请求时由 Word 文件转换）")
def get_pdf(request, doc_id: Id):
    doc = get_for_user_or_404(IssuedDocument, request.auth, "view", pk=doc_id)
    try:
        data = services.document_pdf(document=doc)
    except PdfUnavailable as exc:
        from ninja.errors import HttpError

        raise HttpError(503, str(exc)) from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = "attachment; filename=document.pdf"
    return response


@router.post("", response={201: DocumentDetailOut, **ERRORS}, summary="签发文书（编号类型自动取发文字号）")
def issue_document(request, payload: IssueIn):
    office = get_for_user_or_404(Unit, request.auth, "view", pk=payload.office_id)
    doc = services.document_issue(actor=request.auth, office=office, kind=payload.kind, context=payload.context,
                                  related=_related(request, payload.related))
    return 201, IssuedDocument.objects.select_related("office", "issued_by", "number", "content_type").get(pk=doc.pk)


@router.post("/numbers/{int:number_id}/void", response={200: NumberOut, **ERRORS}, summary="作废发文字号（保留登记，不再使用）")
def void_number(request, number_id: Id, payload: VoidIn):
    number = get_for_user_or_404(DocumentNumber, request.auth, "view", pk=number_id)
    return services.number_void(actor=request.auth, number=number, reason=payload.reason)


@router.post("/batches", response={201: BatchOut, **ERRORS}, summary="批量生成（后台任务，生成压缩包）")
def create_batch(request, payload: BatchIn):
    office = get_for_user_or_404(Unit, request.auth, "view", pk=payload.office_id)
    batch = services.batch_create(actor=request.auth, office=office, kind=payload.kind, items=payload.items,
                                  title=payload.title, with_pdf=payload.with_pdf)
    batch.refresh_from_db()
    return 201, batch


@router.get("/batches/{int:batch_id}", response={200: BatchOut, **ERRORS}, summary="批量生成进度")
def get_batch(request, batch_id: Id):
    return get_for_user_or_404(DocumentBatch, request.auth, "view", pk=batch_id)


@router.get("/batches/{int:batch_id}/zip", response={200: None, **ERRORS}, summary="下载批量生成的压缩包")
def get_batch_zip(request, batch_id: Id):
    batch = get_for_user_or_404(DocumentBatch, request.auth, "view", pk=batch_id)
    if not batch.zip_file:
        raise Http404
    exports.exported(name=batch.title, object_type="documents.documentbatch", rows=batch.done,
                     filters={"batch": batch.pk}, fmt="zip")
    return FileResponse(batch.zip_file.open("rb"), as_attachment=True, filename=f"batch-{batch.pk}.zip",
                        content_type="application/zip")


@router.post("/templates", response={201: TemplateOut, **ERRORS},
             summary="上传督导室文书模板（multipart：office_id、kind、file 为 .docx 不超过 10 MB、note；"
                     "未知占位符逐个列出；上传后即为该类型的启用版本）")
def upload_template(request, office_id: Form[Id], kind: Form[DocumentKind], file: File[UploadedFile],
                    note: str = Form("", max_length=200)):
    if not user_has_perm(request.auth, "documents.add_documenttemplate"):
        raise PermissionDenied
    office = get_for_user_or_invalid(offices_for(request.auth, "documents.add_documenttemplate"), request.auth,
                                     "office_id", pk=office_id)
    tpl = services.template_upload(actor=request.auth, office=office, kind=kind, data=file.read(),
                                   filename=file.name or "", note=note)
    return Status(201, tpl)


@router.post("/templates/{int:template_id}/active", response={200: TemplateOut, **ERRORS},
             summary="启用或停用文书模板（停用后该类型恢复使用内置格式）")
def set_template_active(request, template_id: Id, payload: TemplateActiveIn):
    tpl = get_for_user_or_404(DocumentTemplate.objects.select_related("office"), request.auth, "change",
                              pk=template_id)
    return services.template_set_active(actor=request.auth, template=tpl, active=payload.active)


@router.put("/offices/{int:office_id}/profile", response={200: OfficeProfileOut, **ERRORS},
            summary="设置督导室的发文设置（发文字号前缀、发文机关标志）")
def set_office_profile(request, office_id: Id, payload: OfficeProfileIn):
    office = get_for_user_or_404(offices_for(request.auth, "documents.change_officeprofile"), request.auth, "view",
                                 pk=office_id)
    return services.office_profile_update(actor=request.auth, office=office, number_prefix=payload.number_prefix,
                                          issuing_mark=payload.issuing_mark)
