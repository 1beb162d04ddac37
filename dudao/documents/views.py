"""Pages of the documents module: issued documents, issuing (with preview), the number register,
office templates and batches (with an htmx progress bar)."""

import json
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common import exports
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_has_perm
from dudao.common.views import ObjectListView
from dudao.orgs.models import Unit

from . import services
from .choices import BatchStatus, DocumentKind
from .fieldforms import context_form_class, initial_from_context
from .forms import BatchForm, DocumentFilterForm, IssueForm, OfficeProfileForm, TemplateUploadForm, VoidForm
from .kinds import KINDS, kind_spec, placeholder_names
from .models import DocumentBatch, DocumentDelivery, DocumentNumber, DocumentTemplate, IssuedDocument
from .rendering.pdf import PdfUnavailable
from .samples import sample
from .selectors import offices_for
from .subjects import draft_context, kinds_for
from .subjects import registry as subject_registry

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class DocumentListView(ObjectListView):
    """已发文书: every stored document of the user's scope (E1, F1)."""

    model = IssuedDocument
    title = gettext_lazy("已发文书")
    filter_form = DocumentFilterForm
    export_name = "已发文书"
    template_name = "documents/document_list.html"
    columns = [
        (gettext_lazy("标题"), "title"),
        (gettext_lazy("发文字号"), "number_text"),
        (gettext_lazy("文书类型"), "get_kind_display"),
        (gettext_lazy("发文督导室"), "office.name"),
        (gettext_lazy("签发人"), lambda d: d.issued_by.real_name if d.issued_by else _("系统")),
        (gettext_lazy("签发时间"), lambda d: d.issued_at.strftime("%Y-%m-%d %H:%M")),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("office", "issued_by", "number")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_issue"] = user_has_perm(self.request.user, "documents.add_issueddocument")
        return ctx


@login_required
def kind_list(request):
    """Choose a kind to issue or to preview with its sample data."""
    if not user_has_perm(request.user, "documents.add_issueddocument"):
        raise PermissionDenied
    kinds = [{"kind": s.kind, "label": s.label, "red_header": s.red_header, "numbered": s.numbered} for s in KINDS.values()]
    return render(request, "documents/kind_list.html", {"title": _("签发文书"), "kinds": kinds})


def _issue_or_preview(request, *, office, kind, context, subject=None):
    """Preview (a 样稿 .docx, no number) or issue; returns a response, or raises ValidationError."""
    spec = kind_spec(kind)
    if request.POST.get("action") == "preview":
        blob = services.document_preview(actor=request.user, office=office, kind=kind, context=context,
                                         template=services.active_template(office, kind))
        return attachment(blob, f"{spec.label}（样稿）.docx", DOCX)
    if subject is not None:
        doc = services.document_issue_for(actor=request.user, subject=subject, kind=kind, overrides=context)
    else:
        doc = services.document_issue(actor=request.user, office=office, kind=kind, context=context)
    messages.success(request, _("已签发：%(title)s %(number)s") % {"title": doc.title, "number": doc.number_text})
    return redirect(doc)


@ui_action(api="dudao_documents_api_issue_document")
@login_required
def issue(request, kind):
    """签发 one document: fill in its named fields (no sample data, no JSON), preview as Word, issue."""
    if kind not in KINDS:
        raise Http404
    if not user_has_perm(request.user, "documents.add_issueddocument"):
        raise PermissionDenied
    spec = kind_spec(kind)
    form = IssueForm(request.POST or None, user=request.user)
    fields = context_form_class(kind)(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and all([form.is_valid(), fields.is_valid()]):
        try:
            return _issue_or_preview(request, office=form.cleaned_data["office"], kind=kind, context=fields.context())
        except ValidationError as exc:
            fields.add_context_errors(exc)
    return render(request, "documents/issue.html", {
        "title": _("签发：%(kind)s") % {"kind": spec.label}, "form": form, "fields": fields, "spec": spec})


def _subject(request, ct: str, pk: str):
    from django.contrib.contenttypes.models import ContentType

    try:
        app_label, model = ct.split(".", 1)
        model_cls = ContentType.objects.get(app_label=app_label, model=model).model_class()
    except (ValueError, ContentType.DoesNotExist):
        raise Http404 from None
    if model_cls is None or subject_spec_for_model(model_cls) is None:
        raise Http404
    return get_for_user_or_404(model_cls, request.user, "view", pk=pk)


@ui_action(api="dudao_documents_api_subject_issue")
@login_required
def issue_for_subject(request, ct, pk, kind):
    """签发 a document about a subject (ledger item, 督办, task, target): the fields come filled from
    the subject; the clerk edits them, previews and issues. The document is linked to the subject
    and delivered to its unit(s)."""
    subject = _subject(request, ct, pk)
    spec = subject_spec_for_model(type(subject))
    if kind not in kinds_for(subject):
        raise Http404
    office = spec.office(subject)
    if office is None or not region_in_scope(request.user, "documents.add_issueddocument", office.region):
        raise PermissionDenied
    if spec.may_issue is not None and not spec.may_issue(request.user, subject):
        raise PermissionDenied
    kspec = kind_spec(kind)
    form_class = context_form_class(kind)
    if request.method == "POST":
        fields = form_class(request.POST)
        if fields.is_valid():
            try:
                return _issue_or_preview(request, office=office, kind=kind, context=fields.context(), subject=subject)
            except ValidationError as exc:
                fields.add_context_errors(exc)
    else:
        fields = form_class(initial=initial_from_context(kind, draft_context(subject, kind)))
    return render(request, "documents/issue.html", {
        "title": _("签发：%(kind)s") % {"kind": kspec.label}, "form": None, "fields": fields, "spec": kspec,
        "subject": subject, "office": office,
        "recipients": spec.recipients(subject, kind, {k: v for k, v in fields.initial.items()})})


@login_required
def document_detail(request, pk):
    doc = get_for_user_or_404(IssuedDocument.objects.select_related("office", "issued_by", "number", "template"),
                              request.user, "view", pk=pk)
    if user_has_perm(request.user, "documents.read_documentdelivery"):
        services.delivery_mark_read(actor=request.user, document=doc, quiet=True)
    return render(request, "documents/document_detail.html", {
        "doc": doc, "title": doc.title,
        "deliveries": DocumentDelivery.objects.for_user(request.user, "view").filter(document=doc)
        .select_related("unit", "read_by"),
        "subject": doc.related if doc.content_type_id else None,
        "can_void": doc.number and doc.number.status == "issued" and region_in_scope(
            request.user, "documents.void_documentnumber", doc.office.region),
        "void_form": VoidForm(),
        "context_rows": context_rows(doc.kind, doc.context),
    })


@login_required
def document_download(request, pk, fmt):
    doc = get_for_user_or_404(IssuedDocument, request.user, "view", pk=pk)
    stem = doc.number_text or doc.title
    if fmt == "docx":
        return FileResponse(doc.docx_file.open("rb"), as_attachment=True, filename=f"{stem}.docx", content_type=DOCX)
    if fmt != "pdf":
        raise Http404
    try:
        data = services.document_pdf(document=doc)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(doc)
    return attachment(data, f"{stem}.pdf", "application/pdf")


@ui_action(api="dudao_documents_api_void_number")
@login_required
@require_POST
def number_void(request, pk):
    number = get_for_user_or_404(DocumentNumber, request.user, "view", pk=pk)
    form = VoidForm(request.POST)
    target = getattr(number, "document", None)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": _("请填写作废原因")})
        services.number_void(actor=request.user, number=number, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已作废发文字号：%(n)s（该字号不会再被使用）") % {"n": number.text})
    return redirect(target or "documents:number_list")


class NumberListView(ObjectListView):
    """发文字号登记簿, including voided numbers."""

    model = DocumentNumber
    title = gettext_lazy("发文字号登记")
    export_name = "发文字号登记"
    columns = [
        (gettext_lazy("发文字号"), "text"),
        (gettext_lazy("文书类型"), "get_kind_display"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("作废原因"), "void_reason"),
        (gettext_lazy("取号时间"), lambda n: n.created_at.strftime("%Y-%m-%d %H:%M")),
    ]


@ui_action(api="dudao_documents_api_upload_template")
@login_required
def template_list(request):
    if not user_has_perm(request.user, "documents.view_documenttemplate"):
        raise PermissionDenied
    templates = DocumentTemplate.objects.for_user(request.user, "view").select_related("office", "uploaded_by")
    form = TemplateUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if not user_has_perm(request.user, "documents.add_documenttemplate"):
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                tpl = services.template_upload(actor=request.user, office=d["office"], kind=d["kind"],
                                               data=d["file"].read(), filename=d["file"].name, note=d["note"])
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已上传模板：%(t)s，当前启用") % {"t": tpl})
                return redirect("documents:template_list")
    names = {k: sorted(placeholder_names(k)) for k in KINDS}
    return render(request, "documents/template_list.html", {
        "title": _("文书模板"), "templates": templates, "form": form, "placeholder_names": names,
        "kinds": DocumentKind.choices})


@login_required
def template_preview(request, pk):
    """The template filled with the kind's demo data (no number taken)."""
    tpl = get_for_user_or_404(DocumentTemplate.objects.select_related("office"), request.user, "view", pk=pk)
    try:
        blob = services.document_preview(actor=None, office=tpl.office, kind=tpl.kind, context=sample(tpl.kind),
                                         template=tpl)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("documents:template_list")
    return attachment(blob, f"{tpl}（预览）.docx", DOCX)


@ui_action(api="dudao_documents_api_set_template_active")
@login_required
@require_POST
def template_toggle(request, pk):
    tpl = get_for_user_or_404(DocumentTemplate, request.user, "change", pk=pk)
    services.template_set_active(actor=request.user, template=tpl, active=not tpl.is_active)
    messages.success(request, _("已启用模板 %(t)s") % {"t": tpl} if tpl.is_active else _("已停用模板 %(t)s，恢复使用内置格式") % {"t": tpl})
    return redirect("documents:template_list")


@login_required
def batch_list(request):
    if not user_has_perm(request.user, "documents.view_documentbatch"):
        raise PermissionDenied
    batches = DocumentBatch.objects.for_user(request.user, "view").select_related("office", "created_by")[:100]
    return render(request, "documents/batch_list.html", {"title": _("批量生成"), "batches": batches})


def sample_batch(kind: str, office, count: int = 5) -> list[dict]:
    """Demo batch: the kind's sample data for ``count`` schools of the office's region."""
    from dudao.orgs.choices import SCHOOL_KINDS

    schools = list(Unit.objects.filter(kind__in=SCHOOL_KINDS, region_path__startswith=office.region_path)
                   .order_by("name").values_list("name", flat=True)[:count]) if office else []
    items = []
    for name in schools or [f"示例学校{i}" for i in range(1, count + 1)]:
        item = sample(kind)
        for key in ("recipient", "school", "unit"):
            if key in item:
                item[key] = name
        item["label"] = name
        items.append(item)
    return items


@ui_action(api="dudao_documents_api_create_batch")
@login_required
def batch_new(request):
    if not user_has_perm(request.user, "documents.add_documentbatch"):
        raise PermissionDenied
    kind = request.GET.get("kind") or DocumentKind.RECTIFICATION_NOTICE
    if kind not in KINDS:
        raise Http404
    offices = offices_for(request.user, "documents.add_documentbatch")
    initial = {"kind": kind, "items": json.dumps(sample_batch(kind, offices.first()), ensure_ascii=False, indent=2)}
    form = BatchForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            batch = services.batch_create(actor=request.user, office=d["office"], kind=d["kind"], items=d["items"],
                                          title=d["title"], with_pdf=d["with_pdf"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect(batch)
    return render(request, "documents/batch_new.html", {"title": _("新建批量生成"), "form": form,
                                                        "kinds": DocumentKind.choices, "kind": kind})


@login_required
def batch_detail(request, pk):
    batch = get_for_user_or_404(DocumentBatch.objects.select_related("office", "created_by"), request.user, "view", pk=pk)
    ctx = {"batch": batch, "title": batch.title, "running": batch.status in (BatchStatus.PENDING, BatchStatus.RUNNING)}
    if request.headers.get("HX-Request"):
        return render(request, "documents/_batch_progress.html", ctx)
    return render(request, "documents/batch_detail.html", ctx)


@login_required
def batch_download(request, pk):
    batch = get_for_user_or_404(DocumentBatch, request.user, "view", pk=pk)
    if not batch.zip_file:
        raise Http404
    exports.exported(name=batch.title, object_type="documents.documentbatch", rows=batch.done,
                     filters={"batch": batch.pk}, fmt="zip")
    return FileResponse(batch.zip_file.open("rb"), as_attachment=True, filename=f"{batch.title}.zip",
                        content_type="application/zip")


@ui_action(api="dudao_documents_api_set_office_profile")
@login_required
def office_settings(request):
    """发文设置 of the offices in the user's scope (字号前缀, 发文机关标志)."""
    offices = list(offices_for(request.user, "documents.change_officeprofile"))
    if not offices:
        raise PermissionDenied
    rows = []
    for office in offices:
        profile = services.office_profile(office)
        prefix = f"o{office.pk}"
        form = OfficeProfileForm(request.POST if request.POST.get("office") == str(office.pk) else None, prefix=prefix,
                                 initial={"number_prefix": profile.number_prefix, "issuing_mark": profile.issuing_mark})
        if form.is_bound and form.is_valid():
            try:
                services.office_profile_update(actor=request.user, office=office, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已保存 %(o)s 的发文设置") % {"o": office.name})
                return redirect("documents:office_settings")
        rows.append({"office": office, "form": form, "example": services.format_number(profile.number_prefix, 2025, 12)})
    return render(request, "documents/office_settings.html", {"title": _("发文设置"), "rows": rows})


def context_rows(kind: str, context: dict) -> list[tuple[str, str]]:
    """The document's data as (label, text) rows for the detail page (lists one item per line)."""
    model = KINDS[kind].context if kind in KINDS else None
    rows = []
    for name, value in context.items():
        if value in ("", [], None) or name == "label":
            continue
        info = model.model_fields.get(name) if model else None
        label = (info.description if info and info.description else name)
        if isinstance(value, list):
            value = "\n".join(
                "\n".join([v.get("heading", ""), *v.get("paragraphs", [])]) if isinstance(v, dict) else str(v)
                for v in value)
        rows.append((label, str(value)))
    return rows


def subject_spec_for_model(model_cls):
    return subject_registry().get(model_cls._meta.concrete_model)


class InboxView(ObjectListView):
    """收文: the documents delivered to the user's unit(s), unread first marked."""

    model = DocumentDelivery
    action = "read"
    title = gettext_lazy("收文")
    export_name = "收文"
    template_name = "documents/inbox.html"
    columns = [
        (gettext_lazy("标题"), "document.title"),
        (gettext_lazy("发文字号"), "document.number_text"),
        (gettext_lazy("收文单位"), "unit.name"),
        (gettext_lazy("发文督导室"), "document.office.name"),
        (gettext_lazy("送达时间"), lambda d: d.delivered_at.strftime("%Y-%m-%d %H:%M")),
        (gettext_lazy("阅读时间"), lambda d: d.read_at.strftime("%Y-%m-%d %H:%M") if d.read_at else _("未读")),
    ]

    def get_queryset(self):
        qs = super().get_queryset().select_related("document__office", "unit", "read_by")
        if self.request.GET.get("unread") == "1":
            qs = qs.filter(read_at__isnull=True)
        return qs.order_by("read_at", "-delivered_at", "-id") if self.request.GET.get("unread") != "0" else qs


@ui_action(api="dudao_documents_api_read_document")
@login_required
@require_POST
def document_read(request, pk):
    """标为已读 (the deliveries of the document to the user's units)."""
    doc = get_for_user_or_404(IssuedDocument, request.user, "view", pk=pk)
    try:
        services.delivery_mark_read(actor=request.user, document=doc)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("已标为已读"))
    return redirect("documents:inbox")
