"""Writes on the portal other than the transitions (those are in ``workflows``): the office creates a
draft from a source, edits it, adds and removes attachments; a unit drafts its own rectification
statement. Text is redacted on every save, with the names listed on the publication's sources."""

from __future__ import annotations

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from dudao.attachments import services as attachments
from dudao.common.redaction import redact
from dudao.common.scoping import ALL, region_in_scope, scope_predicate

from . import files, sources
from .choices import EDITABLE, OFFICE_KINDS, PublicationKind, PublicationStatus
from .models import ATTACHMENT_TYPES, Publication
from .workflows import log, may

ADD = "portal.add_publication"
RESPOND = "portal.respond_publication"
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: How each accepted type begins (a renamed executable or a web page is refused).
SIGNATURES = {"pdf": (b"%PDF-",), "docx": (b"PK\x03\x04",), "png": (b"\x89PNG\r\n\x1a\n",),
              "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",)}


def unit_in_scope(user, perm: str, unit) -> bool:
    """May ``user`` exercise ``perm`` for ``unit`` (an assignment on the unit or a region above it)?"""
    from dudao.orgs.models import Unit

    predicate = scope_predicate(user, perm, {"path": "region_path", "region": "region_id", "unit": "id"})
    if predicate is None:
        return False
    qs = Unit.objects.filter(pk=unit.pk)
    return qs.exists() if predicate is ALL else qs.filter(predicate).exists()


def _duplicate(kind, derived) -> bool:
    qs = Publication.objects.filter(kind=kind).exclude(status=PublicationStatus.WITHDRAWN)
    if derived.case is not None:
        return qs.filter(case=derived.case).exists()
    if derived.ledger_item is not None:
        return qs.filter(ledger_item=derived.ledger_item).exists()
    if kind == PublicationKind.RECTIFICATION:
        return qs.filter(task=derived.task, unit=derived.unit, ledger_item__isnull=True).exists()
    return qs.filter(task=derived.task).exists()


@transaction.atomic
def publication_create(*, actor, kind: str, task=None, unit=None, ledger_item=None, case=None) -> Publication:
    """The office drafts a publication from its source: a report (``task``), a rectification
    result (``ledger_item``, or ``task`` + ``unit`` for all of the unit's problems from the task) or
    an accountability outcome (``case``). Title, body and the report's document are derived and
    redacted; the office edits and publishes."""
    if kind not in OFFICE_KINDS:
        raise ValidationError({"kind": _("未知的公开类型")})
    derived = sources.derive(kind, task=task, unit=unit, ledger_item=ledger_item, case=case)
    if actor is not None and not region_in_scope(actor, ADD, derived.region):
        raise PermissionDenied(_("无权公开该区域的信息"))
    if _duplicate(kind, derived):
        raise ValidationError({"source": _("该来源已有未撤回的公开信息")})
    pub = Publication.objects.create(
        kind=kind, region=derived.region, region_path=derived.region.path, office=derived.office, unit=derived.unit,
        task=derived.task, document=derived.document, ledger_item=derived.ledger_item, case=derived.case,
        title=derived.title, body=derived.body, created_by=actor)
    if derived.document is not None:
        _attach_document(pub, derived.document, derived.names)
    log(publication=pub, action="create", actor=actor, to_status=pub.status)
    return pub


def _attach_document(pub, document, names):
    with document.docx_file.open("rb") as fh:
        data = sources.redact_docx(fh.read(), names)
    stem = redact(document.number_text or document.title, names).replace("/", "／")
    name = f"{stem}"[:195] + ".docx"
    attachments.attachment_add(actor=None, owner=pub, purpose=files.PURPOSE, file=ContentFile(data, name=name),
                               data={"redacted": True, "source_document": document.pk})


def _lock_editable(actor, publication) -> Publication:
    """The row, locked, if ``actor`` may edit it now: the office its own drafts, a unit its
    statement while draft or returned."""
    pub = Publication.objects.select_for_update(of=("self",)).get(pk=publication.pk)
    action = "respond" if pub.kind == PublicationKind.STATEMENT else "change"
    if actor is not None and not may(actor, pub, action):
        raise PermissionDenied(_("无权修改该公开信息"))
    editable = EDITABLE if pub.kind == PublicationKind.STATEMENT else (PublicationStatus.DRAFT,)
    if pub.status not in editable:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能修改") % {"s": pub.get_status_display()}})
    return pub


def _check_text(title, body):
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写标题")
    elif len(title.strip()) > 200:
        errors["title"] = _("标题不超过200字")
    if not (body or "").strip():
        errors["body"] = _("请填写正文")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publication_update(*, actor, publication, title: str, body: str) -> Publication:
    """Edit the text (redacted again: a phone number or a listed name typed in is masked)."""
    pub = _lock_editable(actor, publication)
    _check_text(title, body)
    names = sources.names_for(pub)
    pub.title, pub.body = redact(title.strip(), names), redact(body.strip(), names)
    pub.save(update_fields=["title", "body", "updated_at"])
    log(publication=pub, action="edit", actor=actor)
    return pub


@transaction.atomic
def attachment_add(*, actor, publication, upload, confirmed: bool = False):
    """The office attaches a file to its draft: a .docx is redacted on the way in; a PDF or image
    cannot be, so the office confirms it holds no personal data (``confirmed``). Returns the
    ``Attachment`` (owner type ``portal.publication``; the facts in its ``data``, see ``files``)."""
    pub = Publication.objects.select_for_update(of=("self",)).get(pk=publication.pk)
    if actor is not None and not may(actor, pub, "change"):
        raise PermissionDenied(_("无权修改该公开信息"))
    if pub.kind not in OFFICE_KINDS or pub.status != PublicationStatus.DRAFT:
        raise ValidationError({"status": _("只能在草稿中添加附件")})
    names = sources.names_for(pub)
    # the file name is public too (the list of attachments, the download): a phone number or a
    # listed name in it is masked like the text
    name = redact(os.path.basename((upload.name or "").replace("\\", "/")), names)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(name) > 200:
        name = name[:200 - len(ext) - 1] + "." + ext
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("只能上传 %(t)s 文件") % {"t": "、".join(ATTACHMENT_TYPES)}})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("文件不能超过20MB")})
    data = upload.read()
    if not data.startswith(SIGNATURES[ext]):
        raise ValidationError({"file": _("文件内容与扩展名不符，请上传真实的 %(e)s 文件") % {"e": ext.upper()}})
    is_redacted = ext == "docx"
    if is_redacted:
        try:
            data = sources.redact_docx(data, names)
        except Exception as exc:  # not a readable .docx
            raise ValidationError({"file": _("无法读取该 Word 文件")}) from exc
    elif not confirmed:
        raise ValidationError({"confirmed": _("PDF 和图片无法自动脱敏，请核对后勾选“已确认不含个人信息”")})
    facts = {"redacted": True} if is_redacted else {"redacted": False, "confirmed_by": getattr(actor, "pk", None)}
    att = attachments.attachment_add(actor=actor, owner=pub, purpose=files.PURPOSE,
                                     file=ContentFile(data, name=name), may=lambda *args: True, data=facts)
    log(publication=pub, action="attach", actor=actor, note=name)
    return att


@transaction.atomic
def attachment_remove(*, actor, attachment) -> None:
    """The office removes a file from its draft (the stored file goes once the transaction commits)."""
    if files.owner_of(attachment) is None:
        raise ValidationError({"attachment": _("该附件不属于公开信息")})
    pub = Publication.objects.select_for_update(of=("self",)).get(pk=attachment.object_id)
    if actor is not None and not may(actor, pub, "change"):
        raise PermissionDenied(_("无权修改该公开信息"))
    if pub.status != PublicationStatus.DRAFT:
        raise ValidationError({"status": _("只能在草稿中删除附件")})
    name = attachment.name
    attachments.attachment_delete(actor=actor, attachment=attachment, may=lambda *args: True)
    log(publication=pub, action="detach", actor=actor, note=name)


@transaction.atomic
def statement_create(*, actor, unit, title: str, body: str, task=None) -> Publication:
    """A unit drafts its own 整改情况说明 (E4); it goes public only after the office approves it."""
    if actor is not None and not unit_in_scope(actor, RESPOND, unit):
        raise PermissionDenied(_("只能为本单位起草整改情况说明"))
    _check_text(title, body)
    if task is not None and not task.targets.filter(unit=unit).exists():
        raise ValidationError({"task": _("该督导任务不涉及本单位")})
    names = sources.unit_names(unit)
    from dudao.inspectors.public import covering_office

    pub = Publication.objects.create(
        kind=PublicationKind.STATEMENT, region=unit.region, region_path=unit.region_path,
        office=covering_office(unit), unit=unit, task=task, title=redact(title.strip(), names),
        body=redact(body.strip(), names), created_by=actor)
    log(publication=pub, action="create", actor=actor, to_status=pub.status)
    return pub
