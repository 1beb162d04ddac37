"""Findings (问题) from tasks and regular visits, with their rectification requirements (C1, E12).
The rectification itself is the next module's."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.accounts.scoping import ScopedQuerySet
from dudao.common.fields import RegionPathField

from ..choices import FindingCategory, Routing, Severity


class FindingQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}


class Finding(models.Model):
    """A problem found at a unit, from a task target or a regular visit. ``region_path`` is the
    unit's, so the unit's office and the offices above see it; the unit's users see their own."""

    task = models.ForeignKey("inspections.SupervisionTask", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="findings")
    visit = models.ForeignKey("inspections.RegularVisit", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="findings")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    description = models.TextField(_("问题描述"))
    indicator_code = models.CharField(_("对应指标"), max_length=64, blank=True)
    category = models.CharField(_("问题类别"), max_length=16, choices=FindingCategory.choices)
    severity = models.CharField(_("严重程度"), max_length=16, choices=Severity.choices, default=Severity.MINOR)
    evidence = models.TextField(_("证据"), blank=True)
    responsible_unit = models.ForeignKey("orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT,
                                         related_name="+")
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    routing = models.CharField(_("办理分类"), max_length=8, choices=Routing.choices, default=Routing.SMALL)
    departments = models.ManyToManyField("orgs.Unit", verbose_name=_("联动部门"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导发现问题")
        verbose_name_plural = _("督导发现问题")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="finding_scope_order")]
        constraints = [models.CheckConstraint(condition=Q(task__isnull=False) | Q(visit__isnull=False),
                                              name="finding_has_source")]

    def __str__(self):
        return self.description[:40]
