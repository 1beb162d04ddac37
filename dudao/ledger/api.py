"""/api/v1/ledger: the problem ledger (E11) — list with filters, detail with the full history,
registration, and the rectification transitions. Rows come through ``for_user``; services and
``workflows`` hold the rules."""

import datetime

from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.attachments.api import FileAttachmentOut
from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.inspections.choices import Routing, Severity
from dudao.orgs.models import Unit

from . import item_files, report_api, selectors, services, workflows
from .choices import LedgerSource
from .models import LedgerItem
from .schemas import ActionOut, ExtensionOut, OrderOut, call_renamed

router = Router(tags=["问题台账"])
router.add_router("", report_api.router)
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ItemOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    source: str
    category: str
    category_label: str
    severity: str
    routing: str
    description: str
    requirement: str
    deadline: datetime.date
    original_deadline: datetime.date
    status: str
    rebound_of_id: Id | None = None
    task_id: Id | None = None
    target_id: Id | None = None
    visit_id: Id | None = None
    indicator_code: str
    found_evidence: str
    department_ids: list[Id]
    created_at: datetime.datetime

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_department_ids(obj):
        return sorted(d.pk for d in obj.departments.all())


class LedgerEventOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor_id: Id | None = None
    note: str
    data: dict
    created_at: datetime.datetime


class ItemDetailOut(ItemOut):
    plan: str
    report: str
    evidence: str
    recheck_method: str
    recheck_conclusion: str
    responsible_person: str
    events: list[LedgerEventOut]
    available: list[str]
    extensions: list[ExtensionOut]
    actions: list[ActionOut]
    orders: list[OrderOut]
    attachments: list[FileAttachmentOut]

    @staticmethod
    def resolve_attachments(obj):
        return item_files.for_owner(obj).select_related("content_type")

    @staticmethod
    def resolve_events(obj):
        return obj.events_list

    @staticmethod
    def resolve_extensions(obj):
        return obj.extensions.all()

    @staticmethod
    def resolve_actions(obj):
        return obj.actions.select_related("department")

    @staticmethod
    def resolve_orders(obj):
        return obj.orders.select_related("office", "document").prefetch_related("escalated_to")


class ItemIn(StrictSchema):
    unit_id: Id
    source: LedgerSource
    description: str = Field(..., max_length=5000)
    category: str = Field(..., max_length=32, description="问题类别代码（GET /api/v1/inspections/categories 列出单位所在区域可用的类别）")
    severity: Severity = Severity.MINOR
    routing: Routing = Routing.SMALL
    requirement: str = Field(..., max_length=5000)
    deadline: StrictDate
    responsible_person: str = Field("", max_length=100)
    source_reference: str = Field("", max_length=200)


class DraftProblemIn(StrictSchema):
    """Changes to a task's draft problem (only the fields given change)."""

    description: str | None = Field(None, max_length=5000)
    category: str | None = Field(None, max_length=32, description="问题类别代码")
    severity: Severity | None = None
    indicator_code: str | None = Field(None, max_length=64)
    found_evidence: str | None = Field(None, max_length=5000)
    responsible_unit_id: Id | None = None
    requirement: str | None = Field(None, max_length=5000)
    deadline: StrictDate | None = None
    routing: Routing | None = None
    department_ids: list[Id] | None = None


class LedgerTransitionIn(StrictSchema):
    note: str = Field("", max_length=2000)
    plan: str = Field("", max_length=10000)
    report: str = Field("", max_length=10000)
    evidence: str = Field("", max_length=10000)
    method: str = Field("", max_length=16)
    conclusion: str = Field("", max_length=5000)
    reason: str = Field("", max_length=5000)
    deadline: StrictDate | None = None
    #: Files uploaded beforehand (``POST /api/v1/attachments`` with owner ``ledger.item``, this item,
    #: the step's purpose: plan; report/evidence; recheck).
    attachment_ids: list[Id] = Field(default_factory=list, max_length=20)


class RecheckNoteIn(StrictSchema):
    note: str = Field("", max_length=5000)
    attachment_ids: list[Id] = Field(default_factory=list, max_length=20)


def _detail(request, item):
    item = LedgerItem.objects.select_related("unit").get(pk=item.pk)
    item.available = [t.name for t in workflows.available(request.auth, item)]
    item.events_list = selectors.item_history(item)
    return item


@router.get("/items", response={200: list[ItemOut], **ERRORS},
            summary="问题台账（按单位、区域、责任督学、状态、阶段、来源、类别、时长筛选；overdue=true 只列逾期）")
@paginate(BoundedPagination)
def list_items(request, filters: Query[report_api.LedgerFilters]):
    return report_api.filtered_items(request, filters).select_related("unit").prefetch_related("departments")


@router.get("/items/{int:item_id}", response={200: ItemDetailOut, **ERRORS}, summary="台账问题详情（含全部办理记录）")
def get_item(request, item_id: Id):
    return _detail(request, get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id))


@router.post("/items", response={201: ItemOut, **ERRORS},
             summary="登记问题（监测、投诉、热线、媒体、上级反馈；督导任务和经常性督导的问题在 /inspections 登记）")
def create_item(request, payload: ItemIn):
    data = payload.model_dump()
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=data.pop("unit_id"))
    return Status(201, services.ledger_item_create(actor=request.auth, unit=unit, **data))


@router.patch("/items/{int:item_id}", response={200: ItemOut, **ERRORS},
              summary="修改督导任务的待下达问题（督导室或督导组，督导意见书下达前）")
def update_draft_problem(request, item_id: Id, payload: DraftProblemIn):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "responsible_unit_id" in data:
        data["responsible_unit"] = get_for_user_or_invalid(Unit, request.auth, "responsible_unit_id",
                                                           pk=data.pop("responsible_unit_id"))
    if "department_ids" in data:
        data["departments"] = [get_for_user_or_invalid(Unit, request.auth, "department_ids", pk=pk)
                               for pk in data.pop("department_ids")]
    item = call_renamed(services.problem_update, {"departments": "department_ids",
                                                  "responsible_unit": "responsible_unit_id"},
                        actor=request.auth, item=item, **data)
    return LedgerItem.objects.select_related("unit").prefetch_related("departments").get(pk=item.pk)


@router.delete("/items/{int:item_id}", response={204: None, **ERRORS},
               summary="删除督导任务的待下达问题（督导室或督导组，督导意见书下达前）")
def delete_draft_problem(request, item_id: Id):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    services.problem_delete(actor=request.auth, item=item)
    return Status(204, None)


@router.post("/items/{int:item_id}/transitions/{name}", response={200: ItemDetailOut, **ERRORS},
             summary="办理整改程序的一步（submit_plan、accept_plan、return_plan 退回方案须写 reason、report、"
                     "begin_recheck、close、return；任务的待下达问题随督导意见书 issue）；attachment_ids：事先上传的本环节附件")
def run_transition(request, item_id: Id, name: str, payload: LedgerTransitionIn | None = None):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    if name not in workflows.SERVICES:
        raise Http404
    data = {k: v for k, v in (payload.model_dump() if payload else {}).items() if v not in ("", None, [])}
    note = data.pop("note", "")
    item = item_files.item_step(actor=request.auth, item=item, name=name, note=note, **data)
    return _detail(request, item)


@router.post("/items/{int:item_id}/recheck-notes", response={201: LedgerEventOut, **ERRORS},
             summary="复查记录（复查中：督学或督导室记录复查情况和照片；文字或至少一个附件）")
def recheck_note(request, item_id: Id, payload: RecheckNoteIn):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    event = item_files.item_step(actor=request.auth, item=item, name=item_files.RECHECK_NOTE, note=payload.note,
                                 attachment_ids=payload.attachment_ids)
    return Status(201, event)


# 回头看 (E5): /api/v1/ledger/followups
from .followup_api import router as followup_router  # noqa: E402

router.add_router("/followups", followup_router)
