"""The supervision budget (H1, S2 #16) and part-time inspectors' expense claims (S0 §18, S1 #18).

A **Budget** is one office's plan for a year, with one **BudgetLine** per line of S2 #16 (planned
amount) and the **Spending** entries charged to it (files through ``dudao.attachments``). An
**ExpenseClaim** is one part-time inspector's claim for a period: its **ExpenseLine**s are
computed from the inspector's regular visits and task days by the fee standard of the office's
region (``fees``), each naming the visits and days behind it. Money is ``Decimal`` throughout.
Only ``workflows`` assigns ``ExpenseClaim.status``."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import BudgetLineKind, ClaimStatus, ExpenseBasis, ExpenseKind

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class BudgetQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "office_id"}


class Budget(models.Model):
    """An office's supervision budget for a year (教育督导工作经费, 纳入本级财政预算)."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    year = models.PositiveIntegerField(_("年度"))
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导经费预算")
        verbose_name_plural = _("督导经费预算")
        ordering = ["region_path", "-year", "id"]
        indexes = [models.Index(fields=["region_path", "-year", "id"], name="budget_scope_order")]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="budget_one_per_office_year",
                                               violation_error_message=_("该督导室本年度已有预算"))]

    def __str__(self):
        return f"{self.office.name} {self.year}"

    def get_absolute_url(self):
        return reverse("finance:budget_detail", args=[self.pk])


class BudgetChildQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "budget__region_path", "region": "budget__region_id", "unit": "budget__office_id"}


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("经费项目"), max_length=16, choices=BudgetLineKind.choices)
    planned = models.DecimalField(_("预算金额（元）"), **MONEY, validators=[MinValueValidator(ZERO)])

    objects = BudgetChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算项目")
        verbose_name_plural = _("预算项目")
        ordering = ["budget", "id"]
        constraints = [models.UniqueConstraint(fields=["budget", "kind"], name="budgetline_one_per_kind"),
                       models.CheckConstraint(condition=Q(planned__gte=0), name="budgetline_planned_not_negative")]

    def __str__(self):
        return f"{self.budget} {self.get_kind_display()}"

    @property
    def region_path(self) -> str:
        return self.budget.region_path


class SpendingQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "line__budget__region_path", "region": "line__budget__region_id",
                     "unit": "line__budget__office_id"}


class Spending(models.Model):
    """One expense charged to a budget line (an approved expense claim posts one itself)."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("经费项目"), on_delete=models.PROTECT, related_name="spendings")
    spent_on = models.DateField(_("支出日期"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    purpose = models.CharField(_("用途"), max_length=200)
    payee = models.CharField(_("收款方"), max_length=100, blank=True)
    claim = models.OneToOneField("finance.ExpenseClaim", verbose_name=_("兼职督学经费申报"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="spending")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = SpendingQuerySet.as_manager()

    class Meta:
        verbose_name = _("经费支出")
        verbose_name_plural = _("经费支出")
        ordering = ["line", "-spent_on", "-id"]
        indexes = [models.Index(fields=["line", "-spent_on", "-id"], name="spending_line_order")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="spending_amount_positive")]

    def __str__(self):
        return f"{self.spent_on} {self.purpose}"

    def get_absolute_url(self):
        return reverse("finance:budget_detail", args=[self.line.budget_id]) + f"#spending-{self.pk}"

    @property
    def region_path(self) -> str:
        """The budget's path: the files of a spending (attachments) are scoped like its budget."""
        return self.line.budget.region_path


class ClaimQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "office__region_id", "unit": "office_id"}


class ExpenseClaim(models.Model):
    """A part-time inspector's expenses for a period, computed from the visits and task days
    recorded in that period (``fees.compute``); the office approves or returns it."""

    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("督学"), on_delete=models.PROTECT,
                                  related_name="+")
    office = models.ForeignKey("orgs.Unit", verbose_name=_("聘任督导机构"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "inspector"  # where the path is copied from (common/fields.py)
    period_from = models.DateField(_("期间起"))
    period_to = models.DateField(_("期间止"))
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED,
                              editable=False)
    visits = models.PositiveIntegerField(_("经常性督导次数"), default=0)
    task_days = models.PositiveIntegerField(_("督导任务天数"), default=0)
    communication = models.DecimalField(_("通讯费"), **MONEY, default=ZERO)
    transport = models.DecimalField(_("交通费"), **MONEY, default=ZERO)
    board = models.DecimalField(_("食宿费"), **MONEY, default=ZERO)
    labour = models.DecimalField(_("劳务费"), **MONEY, default=ZERO)
    total = models.DecimalField(_("合计"), **MONEY, default=ZERO)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("兼职督学经费申报")
        verbose_name_plural = _("兼职督学经费申报")
        ordering = ["region_path", "-period_to", "-id"]
        indexes = [models.Index(fields=["region_path", "-period_to", "-id"], name="claim_scope_order"),
                   models.Index(fields=["inspector", "period_from"], name="claim_inspector_period")]
        constraints = [models.CheckConstraint(condition=Q(period_from__lte=models.F("period_to")),
                                              name="claim_period_ordered"),
                       models.CheckConstraint(condition=Q(total__gte=0), name="claim_total_not_negative")]
        permissions = [("approve_expenseclaim", "Can approve or return an expense claim")]

    def __str__(self):
        return f"{self.inspector.name} {self.period_from}—{self.period_to}"

    def get_absolute_url(self):
        return reverse("finance:claim_detail", args=[self.pk])


class ClaimChildQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "claim__region_path", "region": "claim__office__region_id", "unit": "claim__office_id"}


class ExpenseLine(models.Model):
    """One computed line: ``quantity`` × ``rate`` = ``amount``; ``sources`` names what was counted
    ([{"kind": "visit"|"task_day", "id", "date", "label"}], the months for 通讯费)."""

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("费用类别"), max_length=16, choices=ExpenseKind.choices)
    basis = models.CharField(_("计算依据"), max_length=16, choices=ExpenseBasis.choices)
    quantity = models.PositiveIntegerField(_("数量"))
    rate = models.DecimalField(_("标准（元）"), **MONEY)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    setting_key = models.CharField(_("费用标准参数"), max_length=64)
    sources = models.JSONField(_("计算所依据的督导活动"), default=list)

    objects = ClaimChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("经费明细")
        verbose_name_plural = _("经费明细")
        ordering = ["claim", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class ClaimEvent(HistoryEvent):
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ClaimStatus.choices, blank=True)

    class Meta:
        verbose_name = _("经费申报记录")
        verbose_name_plural = _("经费申报记录")
        ordering = ["claim", "created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at", "id"], name="claim_event_order")]

    def __str__(self):
        return f"{self.claim_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import EVENT_LABELS, WORKFLOW

        return {**EVENT_LABELS, **WORKFLOW.labels()}
