"""Annual work plans (I2) and supervision exemptions (D2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import PlanStatus, TaskKind
from ..models import SupervisionExemption, WorkPlan, WorkPlanItem
from ._common import check_region, lock


@transaction.atomic
def work_plan_create(*, actor, office, year: int, title: str) -> WorkPlan:
    check_region(actor, "inspections.add_workplan", office.region)
    if WorkPlan.objects.filter(office=office, year=year).exists():
        raise ValidationError({"year": _("该年度的工作计划已存在")})
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写标题")})
    return WorkPlan.objects.create(region=office.region, region_path=office.region.path, office=office, year=year,
                                   title=title.strip())


@transaction.atomic
def work_plan_item_add(*, actor, plan: WorkPlan, content: str, lead_unit: str = "", responsible_units: str = "",
                       planned_month: int | None = None) -> WorkPlanItem:
    plan = lock(WorkPlan, plan.pk)
    check_region(actor, "inspections.change_workplan", plan.region)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError({"status": _("计划已报送，不能修改")})
    if planned_month is not None and not 1 <= int(planned_month) <= 12:
        raise ValidationError({"planned_month": _("月份应在1到12之间")})
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写工作内容")})
    number = (plan.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return WorkPlanItem.objects.create(plan=plan, number=number, content=content.strip(), lead_unit=lead_unit,
                                       responsible_units=responsible_units, planned_month=planned_month)


@transaction.atomic
def exemption_create(*, actor, unit, valid_from, valid_to, reason: str, task_kinds=()) -> SupervisionExemption:
    """免除督导 (the ledger module's incentives call this)."""
    check_region(actor, "inspections.add_supervisionexemption", unit.region)
    if valid_to < valid_from:
        raise ValidationError({"valid_to": _("截止日期不能早于起始日期")})
    if any(k not in TaskKind.values for k in task_kinds):
        raise ValidationError({"task_kinds": _("未知的督导类型")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写免除理由")})
    return SupervisionExemption.objects.create(unit=unit, region_path=unit.region_path, task_kinds=list(task_kinds),
                                               valid_from=valid_from, valid_to=valid_to, reason=reason.strip())
