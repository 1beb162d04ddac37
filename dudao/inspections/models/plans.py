"""Annual work plans (I2) and exemptions from supervision (D2, managed by the ledger module)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from ..choices import PlanStatus


class PlanQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "office_id"}


class WorkPlan(models.Model):
    """年度工作计划 / 工作要点 of an office, submitted to the office one level up (I2)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              editable=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度工作计划")
        verbose_name_plural = _("年度工作计划")
        ordering = ["region_path", "-year", "id"]
        indexes = [models.Index(fields=["region_path", "-year", "id"], name="workplan_scope_order")]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="workplan_one_per_office_year")]

    def __str__(self):
        return self.title


class WorkPlanEvent(HistoryEvent):
    """One step of a work plan (报送, 确认): the history shape of every workflow."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=PlanStatus.choices, blank=True)

    class Meta:
        verbose_name = _("工作计划记录")
        verbose_name_plural = _("工作计划记录")
        ordering = ["plan", "created_at", "id"]
        indexes = [models.Index(fields=["plan", "created_at", "id"], name="workplan_event_order")]

    def __str__(self):
        return f"{self.plan_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from dudao.inspections.workflows import WORK_PLAN

        return WORK_PLAN.labels()


class WorkPlanItem(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("序号"))
    content = models.TextField(_("工作内容"))
    lead_unit = models.CharField(_("牵头单位"), max_length=200, blank=True)
    responsible_units = models.CharField(_("责任单位"), max_length=255, blank=True)
    planned_month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True)

    class Meta:
        verbose_name = _("计划事项")
        verbose_name_plural = _("计划事项")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplan_item_number_unique"),
            models.CheckConstraint(condition=Q(planned_month__isnull=True) | Q(planned_month__range=(1, 12)),
                                   name="workplan_item_month_valid"),
        ]

    def __str__(self):
        return f"{self.number}. {self.content[:30]}"


class ExemptionQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}


class SupervisionExemption(models.Model):
    """免除督导: a unit is exempt from some task kinds for a period (set by the ledger module's
    incentives). Empty ``task_kinds`` means every kind except regular visits."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    task_kinds = models.JSONField(_("免除的督导类型"), default=list, blank=True)
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("截止日期"))
    reason = models.CharField(_("理由"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("免除督导")
        verbose_name_plural = _("免除督导")
        ordering = ["region_path", "-valid_to", "id"]
        indexes = [models.Index(fields=["unit", "valid_to"], name="exemption_unit_current")]
        constraints = [models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")),
                                              name="exemption_dates_ordered")]

    def __str__(self):
        return f"{self.unit} {self.valid_from}–{self.valid_to}"
