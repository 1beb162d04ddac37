"""Three-way routing (E12, E13): a 大事 creates linked actions for the named departments (and the
教育纠纷调解 station when it is a dispute), each with its own deadline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.common.scoping import ScopedQuerySet

from ..choices import ActionKind, ActionStatus


class DepartmentActionQuerySet(ScopedQuerySet):
    """Offices (and leaders) see the actions of the items in their regions; a department's own
    users (assigned on the department unit) see and complete the actions given to it."""

    scope_lookups = {"path": "item__region_path", "region": "item__unit__region_id", "unit": "department_id"}


class DepartmentAction(models.Model):
    """One department's (or the mediation station's) part in resolving a ledger item."""

    item = models.ForeignKey("ledger.LedgerItem", on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("类型"), max_length=16, choices=ActionKind.choices, default=ActionKind.DEPARTMENT)
    department = models.ForeignKey("orgs.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    task = models.TextField(_("承办事项"))
    deadline = models.DateField(_("办理期限"))
    status = models.CharField(_("状态"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN,
                              editable=False)
    result = models.TextField(_("办理结果"), blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = DepartmentActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("联动办理")
        verbose_name_plural = _("联动办理")
        ordering = ["item", "deadline", "id"]
        indexes = [models.Index(fields=["item", "deadline", "id"], name="ledger_action_order")]
        constraints = [models.UniqueConstraint(fields=["item", "department", "kind"], name="ledger_action_once")]

    def __str__(self):
        return f"{self.item_id} → {self.department_id}"
