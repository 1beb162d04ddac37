"""/api/v1/finance: budgets (lines with used/remaining, spending), part-time inspectors' expense
claims (compute, approve/return/resubmit, the finance office's Excel of approved claims). Rows come
through ``for_user``; ``services`` and ``workflows`` hold the rules. Money is a decimal string."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

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
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, user_has_perm
from dudao.inspectors.models import Inspector
from dudao.orgs.models import Unit

from . import services, workflows
from .choices import BudgetLineKind, ClaimStatus
from .models import Budget, ExpenseClaim, Spending

router = Router(tags=["督导经费"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Money = Field(..., ge=0, le=Decimal("999999999999.99"), decimal_places=2)


# ---- schemas ----------------------------------------------------------------------------------------
class BudgetLineOut(Schema):
    kind: str
    label: str
    planned: Decimal
    used: Decimal
    remaining: Decimal


class SpendingOut(Schema):
    id: int
    kind: str
    spent_on: datetime.date
    amount: Decimal
    purpose: str
    payee: str
    claim_id: Id | None = None

    @staticmethod
    def resolve_kind(obj):
        return obj.line.kind


class BudgetOut(Schema):
    id: int
    office_id: Id
    office_name: str
    year: int
    note: str
    planned: Decimal
    used: Decimal
    remaining: Decimal

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_planned(obj):
        return services.budget_totals(services.line_figures(obj))["planned"]

    @staticmethod
    def resolve_used(obj):
        return services.budget_totals(services.line_figures(obj))["used"]

    @staticmethod
    def resolve_remaining(obj):
        return services.budget_totals(services.line_figures(obj))["remaining"]


class BudgetDetailOut(BudgetOut):
    lines: list[BudgetLineOut]
    spendings: list[SpendingOut]

    @staticmethod
    def resolve_lines(obj):
        return [{k: f[k] for k in ("kind", "label", "planned", "used", "remaining")} for f in services.line_figures(obj)]

    @staticmethod
    def resolve_spendings(obj):
        return list(Spending.objects.filter(line__budget=obj).select_related("line").order_by("-spent_on", "-id"))


class BudgetPlannedIn(StrictSchema):
    evaluation: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)
    acceptance: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)
    monitoring: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)
    training: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)
    research: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)
    platform: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)


class BudgetIn(StrictSchema):
    office_id: Id
    year: int = Field(..., ge=2000, le=2100)
    planned: BudgetPlannedIn = Field(..., description="各经费项目预算金额（元）：督导评估、检查验收、质量监测、学习培训、课题研究、信息平台建设和维护")
    note: str = Field("", max_length=2000)


class BudgetPatch(StrictSchema):
    planned: BudgetPlannedIn | None = None
    note: str | None = Field(None, max_length=2000)


class SpendingIn(StrictSchema):
    kind: BudgetLineKind
    spent_on: StrictDate
    amount: Decimal = Field(..., gt=0, le=Decimal("999999999999.99"), decimal_places=2)
    purpose: str = Field(..., max_length=200)
    payee: str = Field("", max_length=100)


class ExpenseLineOut(Schema):
    kind: str
    basis: str
    quantity: int
    rate: Decimal
    amount: Decimal
    setting_key: str
    sources: list[dict]


class ClaimOut(Schema):
    id: int
    inspector_id: Id
    inspector_name: str
    office_id: Id
    period_from: datetime.date
    period_to: datetime.date
    status: str
    visits: int
    task_days: int
    communication: Decimal
    transport: Decimal
    board: Decimal
    labour: Decimal
    total: Decimal
    approved_at: datetime.datetime | None = None

    @staticmethod
    def resolve_inspector_name(obj):
        return obj.inspector.name


class ClaimEventOut(HistoryLineFields):
    pass


class ClaimDetailOut(ClaimOut):
    lines: list[ExpenseLineOut]
    events: list[ClaimEventOut]
    available: list[str]

    @staticmethod
    def resolve_lines(obj):
        return list(obj.lines.all())

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class ClaimIn(StrictSchema):
    inspector_id: Id
    period_from: StrictDate
    period_to: StrictDate


class ClaimNoteIn(NoteFields, StrictSchema):
    pass


# ---- budgets ---------------------------------------------------------------------------------------
def _budgets(user, action="view"):
    return Budget.objects.for_user(user, action).select_related("office")


def _planned(schema) -> dict:
    return {k: v for k, v in (schema.model_dump() if schema else {}).items() if v is not None}


@router.get("/budgets", response={200: list[BudgetOut], **ERRORS}, summary="督导经费预算（year 筛选）")
@paginate(BoundedPagination)
def list_budgets(request, year: Year | None = None):
    qs = _budgets(request.auth)
    return qs.filter(year=year) if year else qs


@router.get("/budgets/{int:budget_id}", response={200: BudgetDetailOut, **ERRORS},
            summary="预算详情：各经费项目的预算、已使用、结余和支出明细")
def get_budget(request, budget_id: Id):
    return get_for_user_or_404(_budgets(request.auth), request.auth, "view", pk=budget_id)


@router.post("/budgets", response={201: BudgetDetailOut, **ERRORS}, summary="编制年度督导经费预算")
def create_budget(request, payload: BudgetIn):
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=payload.office_id)
    budget = services.budget_create(actor=request.auth, office=office, year=payload.year,
                                    planned=_planned(payload.planned), note=payload.note)
    return Status(201, _budgets(request.auth).get(pk=budget.pk))


@router.patch("/budgets/{int:budget_id}", response={200: BudgetDetailOut, **ERRORS}, summary="调整预算金额和说明")
def update_budget(request, budget_id: Id, payload: BudgetPatch):
    budget = get_for_user_or_404(_budgets(request.auth), request.auth, "change", pk=budget_id)
    services.budget_update(actor=request.auth, budget=budget, planned=_planned(payload.planned), note=payload.note)
    return _budgets(request.auth).get(pk=budget.pk)


@router.post("/budgets/{int:budget_id}/spendings", response={201: SpendingOut, **ERRORS},
             summary="登记支出（票据凭证用 /api/v1/attachments 上传，owner=finance.spending, purpose=voucher）")
def add_spending(request, budget_id: Id, payload: SpendingIn):
    budget = get_for_user_or_404(_budgets(request.auth), request.auth, "view", pk=budget_id)
    spending = services.spending_add(actor=request.auth, budget=budget, **payload.model_dump())
    return Status(201, Spending.objects.select_related("line").get(pk=spending.pk))


# ---- expense claims --------------------------------------------------------------------------------
def _claims(user):
    return ExpenseClaim.objects.for_user(user, "view").select_related("inspector")


def _claim_detail(user, claim):
    claim = _claims(user).get(pk=claim.pk)
    claim.available = [t.name for t in workflows.available(user, claim)]
    return claim


@router.get("/claims", response={200: list[ClaimOut], **ERRORS}, summary="兼职督学经费申报（status、inspector_id、year 筛选）")
@paginate(BoundedPagination)
def list_claims(request, status: ClaimStatus | None = None, inspector_id: Id | None = None, year: Year | None = None):
    qs = _claims(request.auth)
    if status:
        qs = qs.filter(status=status)
    if inspector_id:
        qs = qs.filter(inspector_id=inspector_id)
    if year:
        qs = qs.filter(period_to__year=year)
    return qs


@router.get("/claims/export", response={200: None, **ERRORS},
            summary="已审核的兼职督学经费申报（Excel，供财务部门；year 或期间止筛选）")
def export_claims(request, year: Year | None = None, period_from: datetime.date | None = None,
                  period_to: datetime.date | None = None):
    if not user_has_perm(request.auth, "finance.view_expenseclaim"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return services.export_claims(services.approved_claims(request.auth, year=year, period_from=period_from,
                                                           period_to=period_to))


@router.get("/claims/{int:claim_id}", response={200: ClaimDetailOut, **ERRORS},
            summary="经费申报详情：按经费标准计算的明细（每行列出所依据的督导活动）和办理记录")
def get_claim(request, claim_id: Id):
    return _claim_detail(request.auth, get_for_user_or_404(_claims(request.auth), request.auth, "view", pk=claim_id))


@router.post("/claims", response={201: ClaimDetailOut, **ERRORS},
             summary="按经费标准计算兼职督学某期间的费用并提交审核（来自经常性督导记录和督导任务天数）")
def create_claim(request, payload: ClaimIn):
    inspector = get_for_user_or_invalid(Inspector, request.auth, "inspector_id", pk=payload.inspector_id)
    claim = services.claim_create(actor=request.auth, inspector=inspector, period_from=payload.period_from,
                                  period_to=payload.period_to)
    return Status(201, _claim_detail(request.auth, claim))


@router.post("/claims/{int:claim_id}/transitions/{name}", response={200: ClaimDetailOut, **ERRORS},
             summary="审核通过（approve）、退回（return，须写理由）或重新计算并提交（resubmit）")
def run_claim_transition(request, claim_id: Id, name: str, payload: ClaimNoteIn | None = None):
    claim = get_for_user_or_404(_claims(request.auth), request.auth, "view", pk=claim_id)
    if name not in workflows.SERVICES:
        raise Http404
    claim = workflows.SERVICES[name](actor=request.auth, claim=claim, note=payload.note if payload else "")
    return _claim_detail(request.auth, claim)
