"""/api/v1/attachments — files of any registered owner (``ledger.item``, ``inspections.visit`` …):
upload (multipart), list an owner's files, download, delete. The owner's view right governs
reading (else 404); the owner type's upload rule governs adding (else 403); a file whose content
does not match its name, or that is too large, is 422 with a Chinese message."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from dudao.common.schemas import ErrorOut, Id

from . import selectors, services
from .views import file_response

router = Router(tags=["附件"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class FileAttachmentOut(Schema):
    id: int
    owner: str
    owner_id: Id
    purpose: str
    name: str
    caption: str = ""
    size: int
    mime: str
    sha256: str
    url: str
    thumb_url: str
    uploaded_by_id: Id | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_owner(obj):
        otype = selectors.owner_type_for(obj)
        return otype.code if otype else ""

    @staticmethod
    def resolve_owner_id(obj):
        return obj.object_id

    @staticmethod
    def resolve_mime(obj):
        return obj.mime_type

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_thumb_url(obj):
        return obj.get_thumb_url()


@router.post("", response={201: FileAttachmentOut, **ERRORS},
             summary="上传附件（multipart：owner 对象类型如 ledger.item、owner_id、purpose 用途、file 文件；"
                     "按内容识别类型，与扩展名不符或超过大小上限的拒绝）")
def upload(request, owner: Form[str], owner_id: Form[Id], purpose: Form[str], file: File[UploadedFile]):
    otype, obj = selectors.owner_for_user_or_404(request.auth, owner, owner_id)
    if purpose not in otype.purposes:
        raise ValidationError({"purpose": _("该对象不接受此用途的附件：%(p)s") % {"p": purpose}})
    return Status(201, services.attachment_add(actor=request.auth, owner=obj, purpose=purpose, file=file))


@router.get("", response={200: list[FileAttachmentOut], **ERRORS},
            summary="对象的附件（owner=ledger.item&owner_id=N；可按 purpose 筛选）")
def list_attachments(request, owner: str, owner_id: Id, purpose: str | None = None):
    _otype, obj = selectors.owner_for_user_or_404(request.auth, owner, owner_id)
    return list(services.for_owner(obj, purpose).select_related("content_type"))


@router.get("/{int:attachment_id}", response={200: FileAttachmentOut, **ERRORS}, summary="附件信息")
def get_attachment(request, attachment_id: Id):
    return selectors.attachment_for_user_or_404(request.auth, attachment_id)


@router.get("/{int:attachment_id}/download", response={200: None, **ERRORS},
            summary="下载附件（图片直接显示，其他文件下载；原文件名）")
def download(request, attachment_id: Id):
    att = selectors.attachment_for_user_or_404(request.auth, attachment_id)
    return file_response(att.file, att.name, att.mime_type)


@router.delete("/{int:attachment_id}", response={204: None, **ERRORS},
               summary="删除附件（上传人或督导室；该环节办理后不能删除）")
def delete(request, attachment_id: Id):
    att = selectors.attachment_for_user_or_404(request.auth, attachment_id)
    services.attachment_delete(actor=request.auth, attachment=att)
    return Status(204, None)


