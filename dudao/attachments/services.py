"""Writes of attachments: add (size limit, content sniffing, sha256, thumbnail, the owner's region
path) and delete (the uploader — or the owner's office — while the owner is still at the step the
file was added in). Owner apps decide who may add for which purpose (``registry.OwnerType``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from . import registry
from .images import reencode
from .models import Attachment
from .sniff import NOT_REENCODABLE, TYPES, extension, is_image, read_head, sniff
from .thumbs import make_thumbnail

PHOTO_LIMIT_KEY = "attachments.max_photo_mb"
DOCUMENT_LIMIT_KEY = "attachments.max_document_mb"
MAX_FILES_PER_CALL = 20


def owner_type_of(owner) -> registry.OwnerType:
    t = registry.for_model(type(owner))
    if t is None:
        raise ValidationError({"owner": _("该对象不能添加附件")})
    return t


def _region(region_path: str):
    from dudao.regions.models import Region

    return Region.objects.filter(path=region_path).first() if region_path else None


def size_limit(owner, mime: str) -> int:
    """The byte limit for a file of ``mime`` on ``owner`` (本地设置 of the owner's region)."""
    from dudao.regionsettings.services import get_setting

    key = PHOTO_LIMIT_KEY if is_image(mime) else DOCUMENT_LIMIT_KEY
    return int(get_setting(_region(getattr(owner, "region_path", "")), key)) * 1024 * 1024


def _digest(f) -> str:
    h = hashlib.sha256()
    f.seek(0)
    for chunk in f.chunks() if hasattr(f, "chunks") else iter(lambda: f.read(65536), b""):
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()


#: Control characters and the bidirectional overrides that make "photo\u202egpj.exe" read as
#: "photoexe.jpg": never part of a stored name (nor of a Content-Disposition header).
_UNSAFE = {c: None for c in [*range(0x20), 0x7F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F]}


def _clean_name(raw: str) -> str:
    """The file's own name — metadata only, never a storage path — without any path, control or
    bidi characters, at most 200 characters, its extension kept."""
    name = raw.translate(_UNSAFE).rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip().lstrip(".")
    if len(name) > 200:
        ext = extension(name)[:20]
        name = f"{name[:199 - len(ext)]}.{ext}" if ext else name[:200]
    return name


def for_owner(owner, purpose: str | None = None):
    """The owner's attachments (optionally of one purpose), oldest first."""
    qs = Attachment.objects.filter(content_type=ContentType.objects.get_for_model(type(owner)), object_id=owner.pk)
    return qs.filter(purpose=purpose) if purpose else qs


@transaction.atomic
def attachment_add(*, actor, owner, purpose: str, file, may: Callable | None = None, caption: str = "",
                   data: dict | None = None) -> Attachment:
    """Attach ``file`` (an UploadedFile) to ``owner`` for ``purpose``. ``may(actor, owner, purpose)``
    replaces the owner type's own upload rule (a caller that has already checked more; the only
    way to add files to an owner type with ``generic_writes=False``). ``data``: the owner type's
    facts about the file (``Attachment.data``)."""
    otype = owner_type_of(owner)
    if purpose not in otype.purposes:
        raise ValidationError({"purpose": _("该对象不接受此用途的附件：%(p)s") % {"p": purpose}})
    check = may or (otype.may_add if otype.generic_writes else (lambda *args: False))
    if actor is not None and not check(actor, owner, purpose):
        raise PermissionDenied(_("无权在此添加附件"))
    name = _clean_name(getattr(file, "name", "") or "")
    if not name:
        raise ValidationError({"file": _("请选择文件")})
    if not file.size:
        raise ValidationError({"file": _("文件“%(n)s”是空文件") % {"n": name}})
    ext = extension(name)
    if ext in NOT_REENCODABLE:
        raise ValidationError({"file": _("不支持 HEIC 格式的照片“%(n)s”：请上传 JPG 或 PNG（手机相机可设为“兼容性最佳”）")
                               % {"n": name}})
    accepted = otype.accepted(purpose)
    if accepted is not None and ext not in accepted:
        raise ValidationError({"file": _("“%(p)s”只接受 %(t)s 文件，“%(n)s”已拒绝") % {
            "p": otype.purposes.get(purpose, purpose), "t": "、".join(sorted(e.upper() for e in accepted)),
            "n": name}})
    limit = size_limit(owner, TYPES.get(ext, ""))
    if file.size > limit:  # before the content is read at all
        raise ValidationError({"file": _("文件“%(n)s”超过大小上限 %(m)s MB（本地设置）") % {
            "n": name, "m": limit // (1024 * 1024)}})
    mime = sniff(name, read_head(file), file)
    if is_image(mime):
        # What is stored is what we encoded: no script, no GPS, upright (images.py).
        file = ContentFile(reencode(file, mime, name), name=name)
    att = Attachment(content_type=ContentType.objects.get_for_model(type(owner)), object_id=owner.pk,
                     purpose=purpose, name=name, caption=(caption or "").strip()[:200], size=file.size,
                     mime_type=mime, sha256=_digest(file),
                     region_path=getattr(owner, "region_path", "") or "", uploaded_by=actor,
                     step=str(otype.step_key(owner) or ""), data=dict(data or {}))
    # The stored name is ours (models._upload_to: month / sha256 prefix . sniffed extension).
    att.file.save(f"upload.{extension(name)}", file, save=False)
    if is_image(mime):
        thumb = make_thumbnail(file)
        if thumb is not None:
            att.thumbnail.save(f"{att.sha256[:16]}.jpg", thumb, save=False)
    try:
        att.save()
    except Exception:
        _remove_files(att)
        raise
    return att


def _remove_files(att: Attachment) -> None:
    for f in (att.file, att.thumbnail):
        if f:
            try:
                f.storage.delete(f.name)
            except OSError:
                pass


def attachment_add_many(*, actor, owner, purpose: str, files: Iterable, may: Callable | None = None
                        ) -> list[Attachment]:
    """Add several files for one purpose; all or none (the stored files are removed on error)."""
    files = list(files)
    if len(files) > MAX_FILES_PER_CALL:
        raise ValidationError({"file": _("一次最多上传 %(n)s 个文件") % {"n": MAX_FILES_PER_CALL}})
    added = []
    try:
        with transaction.atomic():
            for f in files:
                added.append(attachment_add(actor=actor, owner=owner, purpose=purpose, file=f, may=may))
    except Exception:
        for att in added:
            _remove_files(att)
        raise
    return added


def discard_files(attachments: Iterable[Attachment]) -> None:
    """Remove the stored files of attachments whose rows were rolled back."""
    for att in attachments:
        _remove_files(att)


def _may_remove(actor, att: Attachment, owner, otype) -> bool:
    if not otype.generic_writes:
        return False
    if att.uploaded_by_id is not None and att.uploaded_by_id == actor.pk and otype.can_view(actor, owner):
        return True
    return bool(otype.may_delete_any and otype.may_delete_any(actor, owner))


def may_delete(actor, att: Attachment, owner=None) -> bool:
    """The uploader or the owner's office, while the owner is at the step the file was added in."""
    owner = owner if owner is not None else att.owner
    if actor is None:
        return True
    if owner is None:
        return False
    otype = owner_type_of(owner)
    return str(otype.step_key(owner) or "") == att.step and _may_remove(actor, att, owner, otype)


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment, may: Callable | None = None) -> None:
    """The uploader (or the owner's office) removes a file while the owner's step is unchanged.
    ``may(actor, attachment, owner)`` replaces that rule (an owner app's service that has checked
    its own; the stored files go once the transaction commits)."""
    att = Attachment.objects.select_for_update().get(pk=attachment.pk)
    owner = att.owner
    if may is not None:
        if actor is not None and not may(actor, att, owner):
            raise PermissionDenied(_("无权删除该附件"))
    elif actor is not None and owner is not None and not may_delete(actor, att, owner):
        if _may_remove(actor, att, owner, owner_type_of(owner)):
            raise ValidationError({"attachment": _("该环节已办理，附件不能再删除")})
        raise PermissionDenied(_("无权删除该附件"))
    att.delete()
    transaction.on_commit(lambda: _remove_files(att))
