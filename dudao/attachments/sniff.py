"""What a file really is: the content's magic bytes (puremagic) must match the name's extension.
A PNG that is really SVG or HTML, a PDF that is a script, an unknown type — all refused with a
Chinese message. ``TYPES`` is the list of accepted extensions and the MIME type stored."""

from __future__ import annotations

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dudao.common.archives import ArchiveInvalid, ArchiveRefused, ZipLimits, check_zip

IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
               "heic": "image/heic", "heif": "image/heif"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "mp4": "video/mp4",
}
TYPES = {**IMAGE_TYPES, **DOCUMENT_TYPES}
#: What the file input offers (``accept``): phones open the camera or gallery for image/*.
#: (iOS sends a HEIC photo as JPEG for ``image/*``; HEIC itself is refused, see NOT_REENCODABLE.)
ACCEPT = "image/*,application/pdf,.pdf,.doc,.docx,.xls,.xlsx,video/mp4,.mp4"
#: Images stored as uploaded (kept for files stored before uploads were re-encoded); a new upload
#: of these is refused, because it cannot be re-encoded here to drop its GPS position (images.py).
NOT_REENCODABLE = {"heic", "heif"}
#: The image extensions a new upload may have (a photo purpose accepts only these).
PHOTO_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}

# The extensions puremagic may report for each accepted extension.
_DETECTED = {
    "jpg": {".jpg", ".jpeg", ".jpe", ".jfif"}, "jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "png": {".png"}, "webp": {".webp"}, "heic": {".heic", ".heif", ".avif"}, "heif": {".heic", ".heif", ".avif"},
    "pdf": {".pdf"}, "doc": {".doc", ".xls", ".ppt", ".msg"}, "xls": {".doc", ".xls", ".ppt", ".msg"},
    "docx": {".docx", ".xlsx", ".pptx", ".zip"}, "xlsx": {".docx", ".xlsx", ".pptx", ".zip"},
    "mp4": {".mp4", ".m4v", ".mov", ".3gp"},
}
# The part an Office Open XML package must contain.
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_MARKUP = (b"<svg", b"<html", b"<!doctype", b"<script", b"<?xml", b"<body", b"<iframe")


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(name: str, head: bytes, whole=None) -> str:
    """The MIME type to store for a file called ``name`` whose first bytes are ``head``; a
    ValidationError when the type is not accepted or the content is not what the name says.
    ``whole`` (a file object) is read for Office Open XML packages."""
    ext = extension(name)
    if ext not in TYPES:
        raise ValidationError({"file": _("不支持的文件类型“%(e)s”：只能上传图片（JPG、PNG、WEBP、HEIC）、PDF、"
                                         "Word、Excel 或 MP4 视频") % {"e": ext or "—"}})
    stripped = head.lstrip().lower()
    if any(stripped.startswith(m) or m in stripped[:1024] for m in _MARKUP):
        raise ValidationError({"file": _("文件“%(n)s”的内容是网页或脚本，与扩展名不符，已拒绝") % {"n": name}})
    try:
        found = {m.extension.lower() for m in puremagic.magic_string(head)}
    except puremagic.PureError:
        found = set()
    if not found & _DETECTED[ext]:
        raise ValidationError({"file": _("文件“%(n)s”的内容与扩展名不符，已拒绝") % {"n": name}})
    if ext in _OOXML_PART:
        # A package is judged by its ZIP directory before anything is inflated: a small .docx whose
        # parts unzip to gigabytes (or with an absurd ratio) is refused here (common/archives.py).
        if whole is None:
            raise ValidationError({"file": _("文件“%(n)s”的内容与扩展名不符，已拒绝") % {"n": name}})
        try:
            members = check_zip(whole, ZipLimits.for_uploads(), name=name)
        except ArchiveInvalid as exc:
            raise ValidationError({"file": _("文件“%(n)s”的内容与扩展名不符，已拒绝") % {"n": name}}) from exc
        except ArchiveRefused as exc:
            raise ValidationError({"file": str(exc)}) from exc
        if _OOXML_PART[ext] not in members:
            raise ValidationError({"file": _("文件“%(n)s”的内容与扩展名不符，已拒绝") % {"n": name}})
    return TYPES[ext]


def is_image(mime: str) -> bool:
    return mime.startswith("image/")


def read_head(f, size: int = 8192) -> bytes:
    f.seek(0)
    head = f.read(size)
    f.seek(0)
    return head if isinstance(head, bytes) else bytes(head)


__all__ = ["ACCEPT", "NOT_REENCODABLE", "PHOTO_EXTENSIONS", "TYPES", "extension", "is_image", "read_head", "sniff"]
