"""Writes on the budget and the expense claims (H1). Claim transitions are in ``workflows``."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope

from . import fees
from .choices import BudgetLineKind, ClaimStatus, ExpenseKind
from .models import ZERO, Budget, BudgetLine, ExpenseClaim, ExpenseLine, Spending
from .workflows import WORKFLOW

ADD_BUDGET = "finance.add_budget"
ADD_CLAIM = "finance.add_expenseclaim"
MAX_AMOUNT = Decimal("999999999999.99")
#: The line an approved claim is charged to (part-time inspectors' costs of supervision work).
CLAIM_LINE = BudgetLineKind.EVALUATION


def _today(today):
    return today or timezone.localdate()


def money(value, field: str) -> Decimal:
    """``value`` as a non-negative amount in yuan with at most two decimals (never a float)."""
    if isinstance(value, float):
        value = str(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("请输入金额")}) from exc
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError({field: _("金额须为不小于0的数")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("金额最多保留两位小数")})
    return amount.quantize(Decimal("0.01"))


# ---- budgets ---------------------------------------------------------------------------------------
def _planned(planned: dict) -> dict:
    unknown = set(planned) - set(BudgetLineKind.values)
    if unknown:
        raise ValidationError({"planned": _("未知的经费项目：%(k)s") % {"k": sorted(unknown)[0]}})
    return {kind: money(value, f"planned_{kind}") for kind, value in planned.items() if value not in (None, "")}


@transaction.atomic
def budget_create(*, actor, office, year: int, planned: dict, note: str = "") -> Budget:
    """An office's budget for ``year`` with the planned amount of each line (S2 #16); a line not
    given is planned at 0."""
    from dudao.orgs.choices import UnitKind

    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"office": _("预算须属于教育督导室")})
    if actor is not None and not region_in_scope(actor, ADD_BUDGET, office.region):
        raise PermissionDenied(_("无权为该督导室编制预算"))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("请填写年度")})
    amounts = _planned(planned)
    if Budget.objects.filter(office=office, year=year).exists():
        raise ValidationError({"year": _("该督导室本年度已有预算")})
    budget = Budget.objects.create(office=office, region=office.region, region_path=office.region_path, year=year,
                                   note=(note or "").strip(), created_by=actor)
    BudgetLine.objects.bulk_create([BudgetLine(budget=budget, kind=kind, planned=amounts.get(kind, ZERO))
                                    for kind in BudgetLineKind.values])
    return budget


@transaction.atomic
def budget_update(*, actor, budget: Budget, planned: dict | None = None, note: str | None = None) -> Budget:
    """Change planned amounts (an adjustment of the budget) and the note."""
    budget = Budget.objects.select_for_update(of=("self",)).get(pk=budget.pk)
    if actor is not None and not Budget.objects.for_user(actor, "change").filter(pk=budget.pk).exists():
        raise PermissionDenied(_("无权修改该预算"))
    for kind, amount in _planned(planned or {}).items():
        BudgetLine.objects.filter(budget=budget, kind=kind).update(planned=amount)
    if note is not None:
        budget.note = note.strip()
    budget.save(update_fields=["note", "updated_at"])
    return budget


@transaction.atomic
def spending_add(*, actor, budget: Budget, kind: str, spent_on: datetime.date, amount, purpose: str,
                 payee: str = "", files=(), claim=None, today: datetime.date | None = None) -> Spending:
    """Charge an expense to a line of the budget (with its vouchers)."""
    from dudao.attachments.services import attachment_add_many

    if actor is not None and not Budget.objects.for_user(actor, "change").filter(pk=budget.pk).exists():
        raise PermissionDenied(_("无权登记该预算的支出"))
    errors = {}
    line = BudgetLine.objects.filter(budget=budget, kind=kind).first() if kind in BudgetLineKind.values else None
    if line is None:
        errors["kind"] = _("未知的经费项目")
    if not isinstance(spent_on, datetime.date):
        errors["spent_on"] = _("请填写支出日期")
    elif spent_on.year != budget.year:
        errors["spent_on"] = _("支出日期须在预算年度%(y)s年内") % {"y": budget.year}
    elif spent_on > _today(today):
        errors["spent_on"] = _("支出日期不能晚于今天")
    if not (purpose or "").strip():
        errors["purpose"] = _("请填写用途")
    try:
        amount = money(amount, "amount")
        if amount <= 0:
            errors["amount"] = _("金额须大于0")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    spending = Spending.objects.create(line=line, spent_on=spent_on, amount=amount, purpose=purpose.strip()[:200],
                                       payee=(payee or "").strip()[:100], claim=claim, created_by=actor)
    if files:
        attachment_add_many(actor=actor, owner=spending, purpose="voucher", files=files)
    return spending


def line_figures(budget: Budget) -> list[dict]:
    """Each line of the budget: planned, used (the sum of its spending), remaining, share used (%)."""
    used = dict(Spending.objects.filter(line__budget=budget).values_list("line_id").annotate(s=Sum("amount")))
    out = []
    for line in budget.lines.all():
        spent = used.get(line.pk) or ZERO
        percent = (spent * 100 / line.planned).quantize(Decimal("0.1")) if line.planned else None
        out.append({"line": line, "kind": line.kind, "label": line.get_kind_display(), "planned": line.planned,
                    "used": spent, "remaining": line.planned - spent, "percent": percent})
    return out


def budget_totals(figures: list[dict]) -> dict:
    planned = sum((f["planned"] for f in figures), ZERO)
    used = sum((f["used"] for f in figures), ZERO)
    return {"planned": planned, "used": used, "remaining": planned - used}


# ---- expense claims --------------------------------------------------------------------------------
def _write_lines(claim: ExpenseClaim, computed: fees.Computed) -> None:
    claim.lines.all().delete()
    ExpenseLine.objects.bulk_create([ExpenseLine(claim=claim, **line) for line in computed.lines])
    totals = computed.totals
    claim.visits, claim.task_days = len(computed.visits), len(computed.task_days)
    for kind in ExpenseKind.values:
        setattr(claim, kind, totals[kind])
    claim.total = totals["total"]
    claim.computed_at = timezone.now()


def _check_period(inspector, period_from, period_to, today, exclude=None) -> dict:
    errors = {}
    if not isinstance(period_from, datetime.date) or not isinstance(period_to, datetime.date):
        errors["period_to"] = _("请填写起止日期")
    elif period_to < period_from:
        errors["period_to"] = _("截止日期不能早于起始日期")
    elif period_to > today:
        errors["period_to"] = _("期间尚未结束：截止日期不能晚于今天")
    elif (period_to - period_from).days > 366:
        errors["period_to"] = _("一次申报的期间不能超过一年")
    else:
        overlap = ExpenseClaim.objects.filter(inspector=inspector, period_from__lte=period_to,
                                              period_to__gte=period_from)
        if exclude is not None:
            overlap = overlap.exclude(pk=exclude.pk)
        other = overlap.first()
        if other is not None:
            errors["period_from"] = _("该督学%(a)s至%(b)s已有经费申报，期间不能重叠") % {
                "a": other.period_from, "b": other.period_to}
    return errors


@transaction.atomic
def claim_create(*, actor, inspector, period_from: datetime.date, period_to: datetime.date,
                 today: datetime.date | None = None) -> ExpenseClaim:
    """Compute a part-time inspector's expenses for a period from the visits and task days recorded
    in it, by the fee standard of the office's region, and submit the claim for the office's review."""
    from dudao.inspectors.choices import InspectorKind

    today = _today(today)
    if actor is not None and not region_in_scope(actor, ADD_CLAIM, inspector.office.region):
        raise PermissionDenied(_("无权为该督学申报经费"))
    errors = {}
    if inspector.kind != InspectorKind.PART_TIME:
        errors["inspector"] = _("只有兼职督学按标准申报通讯、交通、食宿、劳务费用")
    errors.update(_check_period(inspector, period_from, period_to, today))
    if errors:
        raise ValidationError(errors)
    computed = fees.compute(inspector, period_from, period_to)
    if not computed.lines:
        raise ValidationError({"period_from": _("该期间没有可计算费用的经常性督导或督导任务")})
    claim = ExpenseClaim.objects.create(inspector=inspector, office=inspector.office,
                                        region_path=inspector.region_path, period_from=period_from,
                                        period_to=period_to, created_by=actor)
    _write_lines(claim, computed)
    claim.save()
    WORKFLOW.log(claim, "create", actor=actor, to_status=ClaimStatus.SUBMITTED,
                 data={"total": str(claim.total), "visits": claim.visits, "task_days": claim.task_days})
    return claim


def recompute_on_resubmit(claim: ExpenseClaim, step) -> None:
    """Hook of ``resubmit``: the lines again from what is recorded now."""
    computed = fees.compute(claim.inspector, claim.period_from, claim.period_to)
    if not computed.lines:
        raise ValidationError({"period_from": _("该期间没有可计算费用的经常性督导或督导任务")})
    _write_lines(claim, computed)
    claim.save(update_fields=["visits", "task_days", *ExpenseKind.values, "total", "computed_at", "updated_at"])
    step.event_data["total"] = str(claim.total)


def post_to_budget(claim: ExpenseClaim, step) -> None:
    """Hook of ``approve``: the claim is charged to the 督导评估 line of the office's budget for the
    year the period ends in, when there is one (otherwise the office records it later)."""
    line = BudgetLine.objects.filter(budget__office_id=claim.office_id, budget__year=claim.period_to.year,
                                     kind=CLAIM_LINE).first()
    if line is None or Spending.objects.filter(claim=claim).exists():
        return
    Spending.objects.create(line=line, spent_on=step.today if step.today.year == line.budget.year else claim.period_to,
                            amount=claim.total, purpose=_("兼职督学经费：%(n)s（%(a)s至%(b)s）") % {
                                "n": claim.inspector.name, "a": claim.period_from, "b": claim.period_to},
                            payee=claim.inspector.name, claim=claim, created_by=step.actor)
    step.event_data["budget_line"] = line.pk


def approved_claims(user, *, year: int | None = None, period_from=None, period_to=None):
    """Approved claims the user sees (the finance office's export), oldest period first."""
    qs = ExpenseClaim.objects.for_user(user, "view").filter(status=ClaimStatus.APPROVED).select_related(
        "inspector", "office")
    if year:
        qs = qs.filter(period_to__year=year)
    if period_from:
        qs = qs.filter(period_to__gte=period_from)
    if period_to:
        qs = qs.filter(period_to__lte=period_to)
    return qs.order_by("office__name", "period_from", "inspector__name", "id")


EXPORT_HEADERS = ("序号", "督学", "聘任督导机构", "期间起", "期间止", "经常性督导次数", "督导任务天数", "通讯费", "交通费",
                  "食宿费", "劳务费", "合计", "审核时间")


def export_rows(claims):
    for n, c in enumerate(claims, 1):
        yield [n, c.inspector.name, c.office.name, c.period_from, c.period_to, c.visits, c.task_days,
               str(c.communication), str(c.transport), str(c.board), str(c.labour), str(c.total),
               c.approved_at]


def export_claims(claims):
    """The approved claims as an Excel workbook for the finance office (amounts as text: exact)."""
    from dudao.common.excel import xlsx_response

    claims = list(claims)
    total = sum((c.total for c in claims), ZERO)
    rows = list(export_rows(claims)) + [["", _("合计"), "", "", "", sum(c.visits for c in claims),
                                         sum(c.task_days for c in claims),
                                         *[str(sum((getattr(c, k) for c in claims), ZERO)) for k in ExpenseKind.values],
                                         str(total), ""]]
    return xlsx_response(filename="兼职督学经费（已审核）", sheet_title="兼职督学经费", headers=EXPORT_HEADERS, rows=rows,
                         object_type="finance.expenseclaim")

