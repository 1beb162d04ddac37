"""Writes of the documents module: number allocation, issuing, voiding, templates, batches.

Each service is keyword-only, runs in one transaction and checks the actor's scope
(``actor=None`` is the system: batch jobs, commands)."""

import hashlib
import io
import uuid
import zipfile

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.archives import ArchiveInvalid, ArchiveRefused, ZipLimits, check_zip
from dudao.common.scoping import region_in_scope
from dudao.orgs.choices import UnitKind

from .choices import BatchStatus
from .kinds import IssueEnv, kind_spec, parse_context, placeholder_names
from .layout import cn_date
from .models import (
    DocumentBatch,
    DocumentDelivery,
    DocumentNumber,
    DocumentTemplate,
    IssuedDocument,
    NumberCounter,
    OfficeProfile,
)
from .rendering import render_builtin
from .rendering.pdf import docx_to_pdf
from .templating import fill_template, template_values, validate_template


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def format_number(prefix: str, year: int, number: int) -> str:
    """发文字号: prefix, full year in 六角括号〔〕, serial without leading zeros or 第, then 号."""
    return f"{prefix}〔{year}〕{number}号"


def _check(actor, perm: str, office):
    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"office": "发文机关必须是教育督导室"})
    if actor is not None and not region_in_scope(actor, perm, office.region):
        raise PermissionDenied("无权以该督导室名义操作")


def default_prefix(office) -> str:
    region_name = office.region.name
    for suffix in ("自治县", "区", "县", "市"):
        if region_name.endswith(suffix) and len(region_name) > len(suffix) + 1:
            region_name = region_name[: -len(suffix)]
            break
    return f"{region_name}教督"


def office_profile(office) -> OfficeProfile:
    """The office's 发文设置, created with sensible defaults on first use."""
    profile = OfficeProfile.objects.filter(office=office).first()
    if profile is None:
        profile, _ = OfficeProfile.objects.get_or_create(
            office=office, defaults={"region_path": office.region_path, "number_prefix": default_prefix(office),
                                     "issuing_mark": f"{office.name}文件"})
    return profile


def office_profile_update(*, actor, office, number_prefix: str, issuing_mark: str) -> OfficeProfile:
    _check(actor, "documents.change_officeprofile", office)
    number_prefix, issuing_mark = number_prefix.strip(), issuing_mark.strip()
    if not number_prefix:
        raise ValidationError({"number_prefix": "请填写发文字号前缀"})
    if not issuing_mark:
        raise ValidationError({"issuing_mark": "请填写发文机关标志"})
    with transaction.atomic():
        profile = office_profile(office)
        profile.number_prefix, profile.issuing_mark = number_prefix, issuing_mark
        profile.save(update_fields=["number_prefix", "issuing_mark"])
    return profile


def number_allocate(*, office, year: int, kind: str) -> DocumentNumber:
    """Take the next 发文字号 of ``office`` in ``year``. Must run inside the caller's transaction:
    the counter row stays locked until it commits, so concurrent issuers queue up; the unique
    constraint on (office, year, number) is the last line of defence."""
    counter = NumberCounter.objects.select_for_update().filter(office=office, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                NumberCounter.objects.create(office=office, year=year)
        except IntegrityError:
            pass  # another issuer created it first
        counter = NumberCounter.objects.select_for_update().get(office=office, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    profile = office_profile(office)
    return DocumentNumber.objects.create(
        office=office, region_path=office.region_path, year=year, number=counter.last_number, kind=kind,
        text=format_number(profile.number_prefix, year, counter.last_number),
    )


def number_void(*, actor, number: DocumentNumber, reason: str) -> DocumentNumber:
    """作废 a number: it stays in the register, marked voided, and is never given out again
    (``workflows.NUMBER_WORKFLOW``)."""
    from .workflows import NUMBER_WORKFLOW

    return NUMBER_WORKFLOW.apply(actor=actor, obj=number, name="void", data={"reason": reason})


def active_template(office, kind: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(office=office, kind=kind, is_active=True).first()


def render_document(*, office, kind: str, context, doc_number: str, template=None, preview=False) -> bytes:
    """The .docx bytes of a validated context: the office's template if given, else the built-in
    GB/T 9704 layout."""
    profile = office_profile(office)
    env = IssueEnv(office_name=office.name, issuing_mark=profile.issuing_mark, doc_number=doc_number,
                   preview=preview)
    if template is None:
        return render_builtin(kind, context, env)
    spec = kind_spec(kind)
    layout = spec.compose(context, env)
    system = {"doc_number": doc_number, "issuing_mark": profile.issuing_mark, "office_name": office.name,
              "signed_on_cn": cn_date(context.signed_on), "title": getattr(layout, "title", spec.label)}
    with template.file.open("rb") as fh:
        data = fh.read()
    return fill_template(data, template_values(context, system))


def preview_number(office, year: int) -> str:
    return format_number(office_profile(office).number_prefix, year, 0).replace("0号", "×号")


def document_preview(*, actor, office, kind: str, context: dict, template=None) -> bytes:
    """A draft (样稿) without taking a number."""
    _check(actor, "documents.add_issueddocument", office)
    ctx = parse_context(kind, context)
    number = preview_number(office, ctx.signed_on.year) if kind_spec(kind).numbered else ""
    return render_document(office=office, kind=kind, context=ctx, doc_number=number, template=template, preview=True)


def _title(kind, ctx, office):
    spec = kind_spec(kind)
    layout = spec.compose(ctx, IssueEnv(office_name=office.name))
    title = getattr(layout, "title", "") or spec.label
    subject = getattr(ctx, "recipient", "") or getattr(ctx, "name", "") or getattr(ctx, "school", "")
    title = title.replace("　", "")
    return f"{title}（{subject}）" if subject and subject not in title else title


def document_issue(*, actor, office, kind: str, context: dict, related=None, batch=None,
                   with_pdf: bool = False, use_template: bool = True, template=False,
                   recipients=None) -> IssuedDocument:
    """签发: validate the data, take a 发文字号 (numbered kinds), render and store the .docx with its
    checksum, link it to the related object (its subject) and deliver it to the addressed units
    (``recipients``; by default the subject's, see ``subjects``, or the unit named as the
    document's recipient in the office's region). All or nothing."""
    _check(actor, "documents.add_issueddocument", office)
    spec = kind_spec(kind)
    ctx = parse_context(kind, context)
    if template is False:  # not given by the caller (a batch looks it up once)
        template = active_template(office, kind) if use_template else None
    with transaction.atomic():
        number = number_allocate(office=office, year=ctx.signed_on.year, kind=kind) if spec.numbered else None
        number_text = number.text if number else ""
        data = render_document(office=office, kind=kind, context=ctx, doc_number=number_text, template=template)
        doc = IssuedDocument(
            office=office, region_path=office.region_path, kind=kind, title=_title(kind, ctx, office)[:300],
            number=number, number_text=number_text, context=ctx.model_dump(mode="json"), template=template,
            docx_sha256=sha256(data), issued_by=actor, batch=batch,
        )
        if related is not None:
            doc.content_type = ContentType.objects.get_for_model(related)
            doc.object_id = str(related.pk)
        stem = number_text or spec.label
        doc.docx_file.save(f"{stem}-{uuid.uuid4().hex[:8]}.docx", ContentFile(data), save=False)
        if with_pdf:
            pdf = docx_to_pdf(data)
            doc.pdf_sha256 = sha256(pdf)
            doc.pdf_file.save(f"{stem}-{uuid.uuid4().hex[:8]}.pdf", ContentFile(pdf), save=False)
        doc.save()
        if recipients is None:
            recipients = _default_recipients(office, kind, related, doc.context)
        deliver(document=doc, units=recipients)
    doc.docx_bytes = data  # callers that need the bytes (batches) need not read the file back
    return doc


def _default_recipients(office, kind, related, context: dict) -> list:
    from dudao.orgs.models import Unit

    from .subjects import spec_for

    spec = spec_for(related)
    if spec is not None:
        return list(spec.recipients(related, kind, context))
    name = (context.get("recipient") or "").strip()  # the addressee (主送), never e.g. a card holder's unit
    if not name:
        return []
    return list(Unit.objects.filter(name=name, is_active=True, region_path__startswith=office.region_path)
                .exclude(kind=UnitKind.OFFICE)[:1])


#: Called with the new delivery rows in ``deliver``'s transaction, filled by higher apps from their
#: ``AppConfig.ready`` (the ledger tells each unit in its inbox, ``ledger.unit_notices``):
#: ``(deliveries: list[DocumentDelivery]) -> None``.
DELIVERED: list = []


def deliver(*, document: IssuedDocument, units) -> list[DocumentDelivery]:
    """送达: one delivery row per addressed unit (a unit already served is skipped); ``DELIVERED``
    hooks hear of the new rows."""
    rows = []
    seen = set(document.deliveries.values_list("unit_id", flat=True)) if document.pk else set()
    for unit in units:
        if unit is None or unit.pk in seen:
            continue
        seen.add(unit.pk)
        rows.append(DocumentDelivery.objects.create(document=document, unit=unit, region_path=unit.region_path))
    if rows:
        for hook in DELIVERED:
            hook(rows)
    return rows


def delivery_mark_read(*, actor, document: IssuedDocument, quiet: bool = False) -> int:
    """The actor opened ``document``: its deliveries to the actor's units are read (for the whole
    unit, as with paper mail). Returns how many rows changed. A document not delivered to the
    actor's units is refused (``quiet``: nothing happens — opening it from the office's list)."""
    with transaction.atomic():
        qs = DocumentDelivery.objects.for_user(actor, "read").filter(document=document)
        if not qs.exists():
            if quiet:
                return 0
            raise PermissionDenied(_("该文书未送达您的单位"))
        return DocumentDelivery.objects.filter(pk__in=qs.filter(read_at__isnull=True).values("pk")).update(
            read_at=timezone.now(), read_by=actor)


def _overrides(kind: str, draft: dict, overrides: dict | None) -> dict:
    context = dict(draft)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        context[key] = value
    return context


def document_issue_for(*, actor, subject, kind: str, overrides: dict | None = None, with_pdf: bool = False,
                       today=None) -> IssuedDocument:
    """签发 ``kind`` about ``subject`` (a registered subject: ledger item, 督办, task, target …): the
    data are filled from the subject, then the clerk's ``overrides`` (field → value) replace what
    they name; the document is linked to the subject and delivered to the subject's units."""
    from .subjects import draft_context, spec_for

    spec = spec_for(subject)
    if spec is None:
        raise ValidationError({"subject": _("该对象不能签发文书")})
    draft = draft_context(subject, kind, today)
    office = spec.office(subject)
    if office is None:
        raise ValidationError({"office": _("未找到该对象所属的教育督导室")})
    if actor is not None and spec.may_issue is not None and not spec.may_issue(actor, subject):
        raise PermissionDenied(_("无权为该对象签发文书"))
    return document_issue(actor=actor, office=office, kind=kind, context=_overrides(kind, draft, overrides),
                          related=subject, with_pdf=with_pdf)


def document_pdf(*, document: IssuedDocument) -> bytes:
    """The PDF of an issued document, converted from its stored .docx on first request."""
    if document.pdf_file:
        with document.pdf_file.open("rb") as fh:
            return fh.read()
    with document.docx_file.open("rb") as fh:
        pdf = docx_to_pdf(fh.read())
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if not locked.pdf_file:
            locked.pdf_sha256 = sha256(pdf)
            locked.pdf_file.save(f"{locked.number_text or locked.kind}-{uuid.uuid4().hex[:8]}.pdf",
                                 ContentFile(pdf), save=False)
            locked.save(update_fields=["pdf_file", "pdf_sha256"])
        document.pdf_file, document.pdf_sha256 = locked.pdf_file, locked.pdf_sha256
    return pdf


TEMPLATE_MAX_BYTES = 10 * 1024 * 1024


def template_upload(*, actor, office, kind: str, data: bytes, filename: str = "", note: str = "") -> DocumentTemplate:
    """Upload a new version of an office template (a .docx of at most 10 MB); it becomes the active
    one. Unknown placeholders are rejected by name."""
    _check(actor, "documents.add_documenttemplate", office)
    kind_spec(kind)
    if filename and not filename.lower().endswith(".docx"):
        raise ValidationError({"file": _("请上传 .docx 文件")})
    if len(data) > TEMPLATE_MAX_BYTES:
        raise ValidationError({"file": _("模板文件不能超过 10 MB")})
    try:  # a small .docx whose parts inflate to gigabytes is refused before python-docx opens it
        check_zip(io.BytesIO(data), ZipLimits.for_uploads(), name=filename)
    except ArchiveInvalid as exc:
        raise ValidationError({"file": _("不是有效的 Word（.docx）文件")}) from exc
    except ArchiveRefused as exc:
        raise ValidationError({"file": str(exc)}) from exc
    names = validate_template(data, placeholder_names(kind))
    with transaction.atomic():
        last = (DocumentTemplate.objects.select_for_update().filter(office=office, kind=kind)
                .order_by("-version").first())
        DocumentTemplate.objects.filter(office=office, kind=kind, is_active=True).update(is_active=False)
        tpl = DocumentTemplate(office=office, region_path=office.region_path, kind=kind,
                               version=(last.version + 1) if last else 1, sha256=sha256(data),
                               placeholders=names, note=note[:200], uploaded_by=actor)
        tpl.file.save(f"{kind}-v{tpl.version}.docx", ContentFile(data), save=False)
        tpl.save()
    return tpl


def template_set_active(*, actor, template: DocumentTemplate, active: bool) -> DocumentTemplate:
    _check(actor, "documents.change_documenttemplate", template.office)
    with transaction.atomic():
        if active:
            DocumentTemplate.objects.filter(office=template.office, kind=template.kind, is_active=True).exclude(
                pk=template.pk).update(is_active=False)
        template.is_active = active
        template.save(update_fields=["is_active"])
    return template


def batch_create(*, actor, office, kind: str, items: list, title: str = "", with_pdf: bool = False) -> DocumentBatch:
    """Queue a batch; the Celery task ``run_document_batch`` does the work after commit."""
    from .tasks import run_document_batch

    _check(actor, "documents.add_documentbatch", office)
    spec = kind_spec(kind)
    if not isinstance(items, list) or not items:
        raise ValidationError({"items": "批量数据应为非空列表"})
    if len(items) > 5000:
        raise ValidationError({"items": "单批最多 5000 份"})
    with transaction.atomic():
        batch = DocumentBatch.objects.create(
            office=office, region_path=office.region_path, kind=kind, items=items, total=len(items),
            title=title or f"{spec.label}（{len(items)}份）", with_pdf=with_pdf, created_by=actor)
        transaction.on_commit(lambda: run_document_batch.delay(batch.pk))
    return batch


def _item_name(item, index: int) -> str:
    if isinstance(item, dict):
        for key in ("label", "recipient", "name", "school", "unit"):
            if item.get(key):
                return str(item[key])
    return f"第{index}份"


def batch_run(batch_id: int) -> DocumentBatch:
    """Issue every item; a failing item is recorded by name and the rest go on. Builds the ZIP.
    The system starts and finishes the batch (``workflows.BATCH_WORKFLOW``)."""
    from .workflows import BATCH_WORKFLOW

    batch = DocumentBatch.objects.select_related("office__region").get(pk=batch_id)
    if batch.status not in (BatchStatus.PENDING, BatchStatus.RUNNING):
        return batch
    batch = BATCH_WORKFLOW.apply(actor=None, obj=batch, name="start")
    actor = batch.created_by
    errors, done, failed = [], 0, 0
    buf = io.BytesIO()
    pdf_inputs = {}
    last_flush = timezone.now()
    template = active_template(batch.office, batch.kind)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # .docx is already deflated
        names = set()
        for index, item in enumerate(batch.items, start=1):
            name = _item_name(item, index)
            try:
                doc = document_issue(actor=actor, office=batch.office, kind=batch.kind,
                                     context=item if isinstance(item, dict) else {}, batch=batch, template=template)
                data = doc.docx_bytes
                arc = f"{index:04d}-{name}"[:80]
                while arc in names:
                    arc += "_"
                names.add(arc)
                zf.writestr(f"{arc}.docx", data)
                if batch.with_pdf:
                    pdf_inputs[arc] = data
            except (ValidationError, PermissionDenied) as exc:
                failed += 1
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                errors.append({"index": index, "name": name, "error": "；".join(messages)})
            except Exception as exc:  # one bad document must not lose the others
                failed += 1
                errors.append({"index": index, "name": name, "error": f"生成失败：{exc}"})
            done += 1
            now = timezone.now()
            if (now - last_flush).total_seconds() >= 0.5 or done == batch.total:
                DocumentBatch.objects.filter(pk=batch.pk).update(done=done, failed=failed, errors=errors)
                last_flush = now
        if pdf_inputs:
            from .rendering.pdf import docx_to_pdf_many

            try:
                for arc, pdf in docx_to_pdf_many(pdf_inputs).items():
                    zf.writestr(f"{arc}.pdf", pdf)
            except Exception as exc:
                errors.append({"index": 0, "name": "PDF", "error": f"PDF 转换失败：{exc}"})
        if errors:
            lines = ["序号\t名称\t原因"] + [f"{e['index']}\t{e['name']}\t{e['error']}" for e in errors]
            zf.writestr("失败清单.txt", "\n".join(lines))
    return BATCH_WORKFLOW.apply(actor=None, obj=batch, name="finish" if done > failed else "fail",
                                data={"done": done, "failed": failed, "errors": errors,
                                      "zip": ContentFile(buf.getvalue())})
