"""/api/v1/portal: publications to the public portal (E2, E4, E9) — list, detail with history and
the caller's transitions, a draft from a source (office), text edits, a draft's files (a .docx is
redacted on the way in, a PDF or image needs the office's confirmation), a unit's own statement,
and the transitions (publish, submit, approve, return, withdraw). Rows come through ``for_user``;
``services`` and ``workflows`` hold the rules. Files are attachments (``files.py``): downloaded
through ``/files/<id>/`` or ``/api/v1/attachments/{id}/download``."""

import datetime

from django.http import Http404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from dudao.attachments.selectors import attachment_for_user_or_404
from dudao.common.schemas import BoundedPagination, ErrorOut, HistoryLineFields, Id, NoteFields, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.orgs.models import Unit

from . import files, selectors, services, workflows
from .choices import PublicationKind, PublicationStatus
from .models import Publication

router = Router(tags=["公开门户"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PublicationOut(Schema):
    id: int
    kind: PublicationKind
    status: PublicationStatus
    region_code: str
    unit_id: Id | None = None
    task_id: Id | None = None
    ledger_item_id: Id | None = None
    case_id: Id | None = None
    title: str
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    mime: str
    redacted: bool
    cleared: bool
    confirmed_by_id: Id | None = None
    url: str

    @staticmethod
    def resolve_mime(obj):
        return obj.mime_type

    @staticmethod
    def resolve_redacted(obj):
        return files.redacted(obj)

    @staticmethod
    def resolve_cleared(obj):
        return files.cleared(obj)

    @staticmethod
    def resolve_confirmed_by_id(obj):
        return (obj.data or {}).get("confirmed_by")

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class EventOut(HistoryLineFields):
    pass


class PublicationDetailOut(PublicationOut):
    body: str
    review_note: str
    public_url: str | None = None
    attachments: list[AttachmentOut]
    events: list[EventOut]
    available: list[str]

    @staticmethod
    def resolve_attachments(obj):
        return obj.attachments_list

    @staticmethod
    def resolve_events(obj):
        return obj.events_list


class PublicationIn(StrictSchema):
    kind: PublicationKind = Field(..., description="report（task_id）、rectification（ledger_item_id，或 task_id + unit_id）"
                                                   "、accountability（case_id）")
    task_id: Id | None = None
    unit_id: Id | None = None
    ledger_item_id: Id | None = None
    case_id: Id | None = None


class PublicationPatch(StrictSchema):
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=50000)


class StatementIn(StrictSchema):
    unit_id: Id
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=50000)
    task_id: Id | None = None


class TransitionIn(NoteFields, StrictSchema):
    pass


def _detail(request, pub):
    pub = Publication.objects.select_related("region").get(pk=pub.pk)
    pub.attachments_list = files.files_of(pub)
    pub.events_list = list(selectors.history(pub))
    pub.available = [t.name for t in workflows.available(request.auth, pub)]
    pub.public_url = pub.get_public_url() if pub.status == PublicationStatus.PUBLISHED else None
    return pub


@router.get("/publications", response={200: list[PublicationOut], **ERRORS}, summary="公开信息（按类型、状态筛选）")
@paginate(BoundedPagination)
def list_publications(request, kind: PublicationKind | None = None, status: PublicationStatus | None = None):
    qs = Publication.objects.for_user(request.auth, "view").select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get("/publications/{int:publication_id}", response={200: PublicationDetailOut, **ERRORS},
            summary="公开信息详情（含附件、办理记录和可办理的操作）")
def get_publication(request, publication_id: Id):
    return _detail(request, get_for_user_or_404(Publication, request.auth, "view", pk=publication_id))


@router.post("/publications", response={201: PublicationDetailOut, **ERRORS},
             summary="从督导报告、整改结果或问责结果生成公开草稿（督导部门；个人信息自动隐去）")
def create_publication(request, payload: PublicationIn):
    from dudao.accountability.models import AccountabilityCase
    from dudao.inspections.models import SupervisionTask
    from dudao.ledger.models import LedgerItem

    data = payload.model_dump()
    refs = {"task": (SupervisionTask, "task_id"), "unit": (Unit, "unit_id"), "ledger_item": (LedgerItem, "ledger_item_id"),
            "case": (AccountabilityCase, "case_id")}
    args = {name: get_for_user_or_invalid(model, request.auth, field, pk=data[field])
            for name, (model, field) in refs.items() if data[field] is not None}
    return Status(201, _detail(request, services.publication_create(actor=request.auth, kind=data["kind"], **args)))


@router.patch("/publications/{int:publication_id}", response={200: PublicationDetailOut, **ERRORS},
              summary="修改草稿的标题和正文（保存时自动隐去个人信息）")
def update_publication(request, publication_id: Id, payload: PublicationPatch):
    pub = get_for_user_or_404(Publication, request.auth, "view", pk=publication_id)
    return _detail(request, services.publication_update(actor=request.auth, publication=pub, **payload.model_dump()))


@router.post("/statements", response={201: PublicationDetailOut, **ERRORS},
             summary="单位起草本单位的整改情况说明（经督导部门审核后公开）")
def create_statement(request, payload: StatementIn):
    from dudao.inspections.models import SupervisionTask

    data = payload.model_dump()
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=data.pop("unit_id"))
    task_id = data.pop("task_id")
    task = get_for_user_or_invalid(SupervisionTask, request.auth, "task_id", pk=task_id) if task_id else None
    return Status(201, _detail(request, services.statement_create(actor=request.auth, unit=unit, task=task, **data)))


@router.post("/publications/{int:publication_id}/transitions/{name}", response={200: PublicationDetailOut, **ERRORS},
             summary="办理一步（publish 公开发布、submit 提交审核、approve 审核通过并公开、return 退回、withdraw 撤回）")
def run_transition(request, publication_id: Id, name: str, payload: TransitionIn | None = None):
    pub = get_for_user_or_404(Publication, request.auth, "view", pk=publication_id)
    if name not in workflows.SERVICES:
        raise Http404
    pub = workflows.SERVICES[name](actor=request.auth, publication=pub, note=payload.note if payload else "")
    return _detail(request, pub)


@router.post("/publications/{int:publication_id}/attachments", response={201: AttachmentOut, **ERRORS},
             summary="为草稿添加附件（multipart：file；Word 文件自动脱敏，PDF 和图片须 confirmed=true 确认不含个人信息）")
def add_attachment(request, publication_id: Id, file: File[UploadedFile], confirmed: Form[bool] = False):
    pub = get_for_user_or_404(Publication, request.auth, "view", pk=publication_id)
    return Status(201, services.attachment_add(actor=request.auth, publication=pub, upload=file, confirmed=confirmed))


@router.delete("/publications/{int:publication_id}/attachments/{int:attachment_id}", response={204: None, **ERRORS},
               summary="删除草稿的附件")
def delete_attachment(request, publication_id: Id, attachment_id: Id):
    pub = get_for_user_or_404(Publication, request.auth, "view", pk=publication_id)
    att = attachment_for_user_or_404(request.auth, attachment_id)
    if files.owner_of(att) != pub:
        raise Http404
    services.attachment_remove(actor=request.auth, attachment=att)
    return Status(204, None)
