"""/api/v1/governance: government leaders, 督政清单 (checklists, versioned per member department),
yearly self-checks with the office's verification, and the comparison of a 督政 task's government
targets (JSON and Excel). Rows come through ``for_user``; ``services`` and ``workflows`` hold the rules.
Evidence files of an answer go through the generic upload (``POST /api/v1/attachments`` with owner
``governance.answer``)."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.excel import xlsx_response
from dudao.common.schemas import (
    BoundedPagination,
    ErrorOut,
    HistoryLineFields,
    Id,
    NoteFields,
    StrictDate,
    StrictSchema,
    Year,
)
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.orgs.models import Unit

from . import selectors, services, workflows
from .choices import AnswerResult, SelfCheckStatus
from .models import Checklist, SelfCheck

router = Router(tags=["督政"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# ---- schemas ----------------------------------------------------------------------------------------
class GovLeaderOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    name: str
    post: str
    phone: str
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    sort_order: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class GovLeaderIn(StrictSchema):
    unit_id: Id = Field(..., description="区县人民政府、乡镇人民政府或街道办事处")
    name: str = Field(..., max_length=50)
    post: str = Field(..., max_length=100)
    phone: str = Field("", max_length=32)
    term_start: StrictDate | None = None
    term_end: StrictDate | None = None
    sort_order: int = Field(0, ge=0, le=1000)


class GovLeaderPatch(StrictSchema):
    name: str | None = Field(None, max_length=50)
    post: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=32)
    term_start: StrictDate | None = None
    term_end: StrictDate | None = None
    sort_order: int | None = Field(None, ge=0, le=1000)


class ChecklistItemOut(Schema):
    id: int
    number: int
    kind: str
    six_ones: str
    content: str
    standard: str
    evidence: str


class ChecklistOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    year: int
    version: int
    title: str
    basis: str
    derived_from_id: Id | None = None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class ChecklistDetailOut(ChecklistOut):
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class ChecklistItemIn(StrictSchema):
    content: str = Field(..., max_length=5000)
    standard: str = Field("", max_length=5000)
    evidence: str = Field("", max_length=500)


class ChecklistIn(StrictSchema):
    unit_id: Id = Field(..., description="督导委员会的成员单位（政府部门）")
    year: Year = Field(..., description="适用年度（起）")
    title: str = Field(..., max_length=200)
    basis: str = Field("", max_length=5000)
    items: list[ChecklistItemIn] = Field(
        ..., max_length=200, description="部门履职事项（“六个一”事项自动列在前面）"
    )
    derived_from_id: Id | None = Field(None, description="修订自（本单位的上一版清单）")


class SelfCheckAnswerOut(Schema):
    id: int
    item_id: Id
    number: int
    content: str
    result: str
    note: str
    files: list[int]

    @staticmethod
    def resolve_number(obj):
        return obj.item.number

    @staticmethod
    def resolve_content(obj):
        return obj.item.content

    @staticmethod
    def resolve_files(obj):
        return [f.pk for f in obj.files.all()]


class SelfCheckOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    checklist_id: Id
    checklist_version: int
    year: int
    status: str
    status_label: str
    summary: str
    submitted_at: datetime.datetime | None = None
    verified_at: datetime.datetime | None = None
    return_reason: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_checklist_version(obj):
        return obj.checklist.version

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


class SelfCheckEventOut(HistoryLineFields):
    pass


class SelfCheckDetailOut(SelfCheckOut):
    answers: list[SelfCheckAnswerOut]
    events: list[SelfCheckEventOut]
    available: list[str]

    @staticmethod
    def resolve_answers(obj):
        return selectors.self_check_lines(obj)

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class SelfCheckIn(StrictSchema):
    unit_id: Id = Field(..., description="成员单位")
    year: Year


class AnswerIn(StrictSchema):
    result: AnswerResult | None = None
    note: str | None = Field(None, max_length=5000)


class SelfCheckAnswersIn(StrictSchema):
    answers: dict[int, AnswerIn] = Field({}, description="清单事项序号 → 落实情况与说明")
    summary: str | None = Field(None, max_length=20000, description="自查报告")


class SelfCheckNoteIn(NoteFields, StrictSchema):
    pass


class ComparisonCellOut(Schema):
    detail: str
    percent: str
    met: bool | None = None


class ComparisonRowOut(Schema):
    code: str
    name: str
    depth: int
    cells: list[ComparisonCellOut]


class ComparisonTargetOut(Schema):
    target_id: Id
    unit_id: Id
    unit_name: str
    score: Decimal | None = None
    grade: str
    colour: str


class ComparisonOut(Schema):
    task_id: Id
    task_title: str
    targets: list[ComparisonTargetOut]
    rows: list[ComparisonRowOut]


# ---- leaders -----------------------------------------------------------------------------------------
@router.get(
    "/leaders", response={200: list[GovLeaderOut], **ERRORS}, summary="政府领导（区县、镇街人民政府）"
)
@paginate(BoundedPagination)
def list_leaders(request, unit_id: Id | None = None):
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=unit_id) if unit_id else None
    return selectors.leaders(request.auth, unit=unit)


@router.post("/leaders", response={201: GovLeaderOut, **ERRORS}, summary="登记政府领导")
def create_leader(request, payload: GovLeaderIn):
    data = payload.model_dump()
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=data.pop("unit_id"))
    return Status(201, services.leader_create(actor=request.auth, unit=unit, **data))


@router.patch("/leaders/{int:leader_id}", response={200: GovLeaderOut, **ERRORS}, summary="修改政府领导信息")
def update_leader(request, leader_id: Id, payload: GovLeaderPatch):
    leader = get_for_user_or_404(selectors.leaders(request.auth), request.auth, "change", pk=leader_id)
    return services.leader_update(actor=request.auth, leader=leader, **payload.model_dump(exclude_unset=True))


@router.delete("/leaders/{int:leader_id}", response={204: None, **ERRORS}, summary="删除政府领导")
def delete_leader(request, leader_id: Id):
    leader = get_for_user_or_404(selectors.leaders(request.auth), request.auth, "delete", pk=leader_id)
    services.leader_delete(actor=request.auth, leader=leader)
    return Status(204, None)


# ---- checklists --------------------------------------------------------------------------------------
@router.get("/checklists", response={200: list[ChecklistOut], **ERRORS}, summary="督政清单（各版本）")
@paginate(BoundedPagination)
def list_checklists(request, unit_id: Id | None = None):
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=unit_id) if unit_id else None
    return selectors.checklists(request.auth, unit=unit)


@router.get(
    "/checklists/{int:checklist_id}",
    response={200: ChecklistDetailOut, **ERRORS},
    summary="督政清单详情（事项）",
)
def get_checklist(request, checklist_id: Id):
    return get_for_user_or_404(
        Checklist.objects.select_related("unit"), request.auth, "view", pk=checklist_id
    )


@router.post(
    "/checklists",
    response={201: ChecklistDetailOut, **ERRORS},
    summary="新建督政清单版本（成员单位；“六个一”事项自动加入）",
)
def create_checklist(request, payload: ChecklistIn):
    data = payload.model_dump()
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=data.pop("unit_id"))
    source_id = data.pop("derived_from_id")
    source = (
        get_for_user_or_invalid(Checklist, request.auth, "derived_from_id", pk=source_id)
        if source_id
        else None
    )
    return Status(201, services.checklist_create(actor=request.auth, unit=unit, derived_from=source, **data))


# ---- self-checks -------------------------------------------------------------------------------------
def _detail(user, check):
    check = SelfCheck.objects.select_related("unit", "checklist").get(pk=check.pk)
    check.available = [t.name for t in workflows.WORKFLOW.available(user, check)]
    return check


def _self_check(request, pk):
    return get_for_user_or_404(
        SelfCheck.objects.select_related("unit", "checklist"), request.auth, "view", pk=pk
    )


@router.get(
    "/self-checks", response={200: list[SelfCheckOut], **ERRORS}, summary="督政清单自查（年度、状态筛选）"
)
@paginate(BoundedPagination)
def list_self_checks(
    request, year: Year | None = None, status: SelfCheckStatus | None = None, unit_id: Id | None = None
):
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=unit_id) if unit_id else None
    return selectors.self_checks(request.auth, unit=unit, year=year, status=status or "")


@router.get(
    "/self-checks/{int:self_check_id}",
    response={200: SelfCheckDetailOut, **ERRORS},
    summary="自查详情（逐项落实情况、佐证材料、办理记录）",
)
def get_self_check(request, self_check_id: Id):
    return _detail(request.auth, _self_check(request, self_check_id))


@router.post(
    "/self-checks",
    response={201: SelfCheckDetailOut, **ERRORS},
    summary="开始年度自查（按当年适用的督政清单）",
)
def create_self_check(request, payload: SelfCheckIn):
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=payload.unit_id)
    return Status(
        201,
        _detail(request.auth, services.self_check_create(actor=request.auth, unit=unit, year=payload.year)),
    )


@router.post(
    "/self-checks/{int:self_check_id}/answers",
    response={200: SelfCheckDetailOut, **ERRORS},
    summary="填写自查（逐项落实情况和自查报告；填报中或被退回时）",
)
def answer_self_check(request, self_check_id: Id, payload: SelfCheckAnswersIn):
    check = _self_check(request, self_check_id)
    answers = {n: a.model_dump(exclude_none=True) for n, a in payload.answers.items()}
    check = services.self_check_answer(
        actor=request.auth, self_check=check, answers=answers, summary=payload.summary
    )
    return _detail(request.auth, check)


@router.post(
    "/self-checks/{int:self_check_id}/transitions/{name}",
    response={200: SelfCheckDetailOut, **ERRORS},
    summary="提交（submit）、核实通过（verify）或退回（return，须写理由）自查",
)
def run_self_check_transition(request, self_check_id: Id, name: str, payload: SelfCheckNoteIn | None = None):
    check = _self_check(request, self_check_id)
    if name not in workflows.SERVICES:
        raise Http404
    check = workflows.SERVICES[name](
        actor=request.auth, self_check=check, note=payload.note if payload else ""
    )
    return _detail(request.auth, check)


@router.get(
    "/self-checks/{int:self_check_id}/export", response={200: None, **ERRORS}, summary="导出自查（Excel）"
)
def export_self_check(request, self_check_id: Id):
    check = _self_check(request, self_check_id)
    headers, rows = selectors.self_check_sheet(check)
    return xlsx_response(
        filename=str(check),
        sheet_title="自查",
        headers=headers,
        rows=rows,
        object_type="governance.selfcheck",
        filters={"self_check": check.pk},
    )


# ---- comparison --------------------------------------------------------------------------------------
def _task(request, task_id):
    return get_for_user_or_404(selectors.government_tasks(request.auth), request.auth, "view", pk=task_id)


@router.get(
    "/tasks/{int:task_id}/comparison",
    response={200: ComparisonOut, **ERRORS},
    summary="督政结果横向对比（镇街/区县逐项指标并列）",
)
def get_comparison(request, task_id: Id):
    comp = selectors.comparison(request.auth, _task(request, task_id))
    return {
        "task_id": comp.task.pk,
        "task_title": comp.task.title,
        "targets": [
            {
                "target_id": t.pk,
                "unit_id": t.unit_id,
                "unit_name": t.unit.name,
                "score": t.score,
                "grade": t.grade,
                "colour": t.colour,
            }
            for t in comp.targets
        ],
        "rows": [{"code": r.code, "name": r.name, "depth": r.depth, "cells": r.cells} for r in comp.rows],
    }


@router.get(
    "/tasks/{int:task_id}/comparison/export",
    response={200: None, **ERRORS},
    summary="导出督政结果横向对比（Excel）",
)
def export_comparison(request, task_id: Id):
    comp = selectors.comparison(request.auth, _task(request, task_id))
    headers, rows = selectors.comparison_sheet(comp)
    return xlsx_response(
        filename=f"{comp.task.title}-横向对比",
        sheet_title="横向对比",
        headers=headers,
        rows=rows,
        object_type="inspections.supervisiontask",
        filters={"task": comp.task.pk},
    )
