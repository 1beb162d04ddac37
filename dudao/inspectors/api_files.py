"""REST endpoints of the corps that take or make files (/api/v1/corps): the Excel imports (schools,
inspector roster, postings, training records) and the documents issued about the corps — a
school's 挂牌公示牌, an appointment's 聘书 and 督学证. The twins of the import, sign and appointment
document pages, calling the same services."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile

from dudao.common.api_errors import import_error_response
from dudao.common.schemas import ErrorOut, Id, ImportErrorOut
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.documents.api import DocumentDetailOut
from dudao.documents.models import IssuedDocument
from dudao.orgs.models import Unit

from .imports import import_file
from .models import Appointment
from .signs import appointment_document_issue, school_sign_issue, school_sign_path

router = Router(tags=["督学队伍"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CorpsImportOut(Schema):
    kind: str
    rows: int
    written: int


def _row_message(error) -> str:
    if not error.row:
        return error.message
    if error.column:
        return _("第%(row)d行「%(column)s」：%(message)s") % {"row": error.row, "column": error.column,
                                                       "message": error.message}
    return _("第%(row)d行：%(message)s") % {"row": error.row, "message": error.message}


@router.post("/imports/{kind}", response={200: CorpsImportOut, **ERRORS, 422: ImportErrorOut},
             summary="Excel 导入（multipart：file 为 .xlsx，模板见页面；kind：schools 学校、inspectors 督学名册"
                     "（须给 office_id 聘任督导机构）、postings 挂牌、training 培训记录）。全部行校验通过才写入，"
                     "否则 422 逐行列出错误（row 行号、field 列名）")
def import_rows(request, kind: Literal["schools", "inspectors", "postings", "training"], file: File[UploadedFile],
                office_id: Form[Id | None] = None):
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=office_id) if office_id else None
    result = import_file(actor=request.auth, kind=kind, file=file, office=office)
    if not result.ok:
        return import_error_response(request, [(e.row or None, e.column, _row_message(e)) for e in result.errors])
    return {"kind": kind, "rows": result.rows, "written": result.written}


def _document(doc) -> IssuedDocument:
    return IssuedDocument.objects.select_related("office", "issued_by", "number", "content_type").get(pk=doc.pk)


@router.post("/schools/{int:unit_id}/sign", response={201: DocumentDetailOut, **ERRORS},
             summary="生成学校挂牌公示牌（以覆盖该校的督导室名义签发；须有在岗责任督学及其公开电话）")
def issue_school_sign(request, unit_id: Id):
    school = get_for_user_or_404(Unit.objects.select_related("region", "school_profile"), request.auth, "view",
                                 pk=unit_id)
    if getattr(school, "school_profile", None) is None:
        raise Http404
    try:
        doc = school_sign_issue(actor=request.auth, school=school,
                                public_url=request.build_absolute_uri(school_sign_path(school)))
    except PermissionDenied:
        raise Http404 from None
    return Status(201, _document(doc))


@router.post("/appointments/{int:appointment_id}/documents/{kind}", response={201: DocumentDetailOut, **ERRORS},
             summary="生成聘书（appointment_letter）或督学证（inspector_card）：以聘任督导室名义签发，仅限已聘任")
def issue_appointment_document(request, appointment_id: Id, kind: Literal["appointment_letter", "inspector_card"]):
    appointment = get_for_user_or_404(
        Appointment.objects.select_related("inspector__employer", "session__office"), request.auth, "view",
        pk=appointment_id)
    try:
        doc = appointment_document_issue(actor=request.auth, appointment=appointment, kind=kind)
    except PermissionDenied:
        raise Http404 from None
    return Status(201, _document(doc))
