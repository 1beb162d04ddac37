"""/api/v1/inspections: the steps of the procedure between the transitions — the API twins of the
task and target pages (self-evaluation review, the team's written evaluation, 座谈/问卷 records,
task files, the office's 代录 of a unit's paper answer, the report summary). Each operation calls
the same service as its page (``services.tasks``); ``dudao.api`` mounts this router under
``/inspections`` next to ``inspections.api``."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field

from dudao.attachments.views import file_response
from dudao.common.schemas import Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.documents.api import DocumentOut

from . import documents, selectors, services
from .api import ERRORS, TargetOut, TaskDetailOut, _detail, _target, _task
from .choices import Colour, FileKind, ObjectionState, OpinionKind, SelfReviewDecision
from .models import OpinionRecord, TaskTarget, TeamMember

router = Router(tags=["督导工作"])


class SelfReviewIn(StrictSchema):
    decision: SelfReviewDecision = Field(..., description="approve 审核通过；return 退回修改（须写明理由）")
    reason: str = Field("", max_length=2000)


class TargetEvaluationIn(StrictSchema):
    evaluation: str = Field(..., description="督导组对该单位的书面评价（未使用指标体系时即督导结论）")
    colour: Colour | None = Field(None, description="三色（未使用指标体系时由督导组评定）")


class ReportSummaryIn(StrictSchema):
    summary: str = Field(..., description="督导报告概述（报告其余部分由任务数据生成）")


class ObjectionOnBehalfIn(StrictSchema):
    state: ObjectionState = Field(..., description="objection 提出申辩（须附意见）；waived 无异议")
    text: str = Field("", description="申辩意见（纸质申辩书的内容）")
    note: str = Field("", max_length=500, description="代录说明，如纸质材料的收文日期")


class OpinionRecordIn(StrictSchema):
    kind: OpinionKind
    held_on: StrictDate
    participants: int = Field(0, ge=0, le=100_000)
    satisfaction: Decimal | None = Field(None, ge=0, le=100, description="满意度（%）")
    summary: str


class OpinionRecordOut(Schema):
    id: int
    target_id: Id
    kind: str
    kind_label: str
    held_on: datetime.date
    participants: int
    satisfaction: Decimal | None = None
    summary: str
    recorded_by_id: Id | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())


class TaskFileOut(Schema):
    """A task file: an attachment of the task (``target_id`` null) or of one of its targets; the
    file itself is ``/files/{id}/`` (``thumb_url`` for a photo)."""

    id: int
    task_id: Id
    target_id: Id | None = None
    kind: str
    caption: str
    name: str
    size: int
    mime_type: str
    url: str
    thumb_url: str = ""
    uploaded_by_id: Id | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_thumb_url(obj):
        return obj.get_thumb_url()


def _files(request, task):
    return selectors.task_files(task, request.auth)


@router.delete("/targets/{int:target_id}", response={204: None, **ERRORS}, summary="移除被督导单位（草稿）")
def remove_target(request, target_id: Id):
    target = get_for_user_or_404(TaskTarget.objects.select_related("task"), request.auth, "change", pk=target_id)
    services.task_target_remove(actor=request.auth, target=target)
    return Status(204, None)


@router.delete("/team/{int:member_id}", response={204: None, **ERRORS}, summary="移出督导组（草稿）")
def remove_team_member(request, member_id: Id):
    member = get_for_user_or_404(TeamMember.objects.select_related("task"), request.auth, "change", pk=member_id)
    services.team_member_remove(actor=request.auth, member=member)
    return Status(204, None)


@router.post("/targets/{int:target_id}/self-evaluation/review", response={200: TargetOut, **ERRORS},
             summary="审核自评：通过或退回修改（督导组）")
def review_self_evaluation(request, target_id: Id, payload: SelfReviewIn):
    target = _target(request, target_id)
    return services.self_evaluation_review(actor=request.auth, target=target, decision=payload.decision,
                                           reason=payload.reason)


@router.put("/targets/{int:target_id}/evaluation", response={200: TargetOut, **ERRORS},
            summary="填写督导组对该单位的书面评价（及未用指标体系时的三色）")
def write_evaluation(request, target_id: Id, payload: TargetEvaluationIn):
    target = _target(request, target_id)
    return services.target_evaluate(actor=request.auth, target=target, evaluation=payload.evaluation,
                                    colour=payload.colour or "")


@router.post("/targets/{int:target_id}/objection/on-behalf", response={200: TargetOut, **ERRORS},
             summary="代录单位的纸质申辩或无异议（督导室，记录录入人）")
def record_objection_on_behalf(request, target_id: Id, payload: ObjectionOnBehalfIn):
    target = _target(request, target_id)
    return services.objection_record(actor=request.auth, target=target, state=payload.state, text=payload.text,
                                     note=payload.note)


@router.get("/targets/{int:target_id}/opinions", response={200: list[OpinionRecordOut], **ERRORS},
            summary="座谈会、问卷、访谈和听课记录")
def list_opinions(request, target_id: Id):
    return _target(request, target_id).opinions.all()


@router.post("/targets/{int:target_id}/opinions", response={201: OpinionRecordOut, **ERRORS},
             summary="记录座谈会、问卷、访谈或听课（督导组，实地督导阶段）")
def add_opinion(request, target_id: Id, payload: OpinionRecordIn):
    target = _target(request, target_id)
    return Status(201, services.opinion_record_add(actor=request.auth, target=target, **payload.model_dump()))


@router.delete("/opinions/{int:opinion_id}", response={204: None, **ERRORS}, summary="删除误录的座谈或问卷记录")
def delete_opinion(request, opinion_id: Id):
    record = OpinionRecord.objects.filter(pk=opinion_id).first()
    if record is None:
        raise Http404
    _target(request, record.target_id)  # scope: whoever may see the target
    services.opinion_record_delete(actor=request.auth, record=record)
    return Status(204, None)


@router.put("/tasks/{int:task_id}/report", response={200: TaskDetailOut, **ERRORS}, summary="填写督导报告概述")
def write_report_summary(request, task_id: Id, payload: ReportSummaryIn):
    task = _task(request, task_id, "change")
    return _detail(request, services.task_set_report(actor=request.auth, task=task, summary=payload.summary))


@router.post("/tasks/{int:task_id}/documents/{kind}/issue", response={201: list[DocumentOut], **ERRORS},
             summary="签发由任务数据生成的文书（notice、preliminary、letter、report；经文书模块编号）")
def issue_task_documents(request, task_id: Id, kind: str):
    task = _task(request, task_id, "change")
    if kind not in documents.KINDS:
        raise Http404
    return Status(201, documents.task_documents_issue(actor=request.auth, task=task, kind=kind))


@router.get("/tasks/{int:task_id}/files", response={200: list[TaskFileOut], **ERRORS},
            summary="任务材料（自评佐证、现场照片和文件）")
def list_task_files(request, task_id: Id):
    return _files(request, _task(request, task_id))


@router.post("/tasks/{int:task_id}/files", response={201: TaskFileOut, **ERRORS},
             summary="上传任务材料（multipart：file、kind、target_id、caption；督导组）")
def upload_task_file(request, task_id: Id, file: File[UploadedFile], kind: Form[FileKind] = FileKind.PHOTO,
                     target_id: Form[Id | None] = None, caption: Form[str] = ""):
    task = _task(request, task_id)
    target = None
    if target_id is not None:
        target = get_for_user_or_invalid(TaskTarget.objects.filter(task=task), request.auth, "target_id",
                                         pk=target_id)
    att = services.task_file_add(actor=request.auth, task=task, file=file, kind=kind, target=target, caption=caption)
    return Status(201, selectors.describe_task_file(att, task, target))


@router.get("/tasks/{int:task_id}/files/{int:file_id}", response={200: None, **ERRORS}, summary="下载任务材料")
def download_task_file(request, task_id: Id, file_id: Id):
    row = next((f for f in _files(request, _task(request, task_id)) if f.pk == file_id), None)
    if row is None:
        raise Http404
    return file_response(row.file, row.name, row.mime_type, inline=False)
