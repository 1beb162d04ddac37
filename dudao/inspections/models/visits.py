"""Regular visits (经常性督导) by a school's responsible inspector (C1, 挂牌督导办法)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet


class VisitQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "school__region_id", "unit": "school_id"}


class RegularVisit(models.Model):
    """One visit record: date, duration, methods, the 8-item checklist (item → note), problems,
    and an urgent hazard flagged to the office at once (Art. 5)."""

    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "school"  # where the path is copied from (common/fields.py)
    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("责任督学"), on_delete=models.PROTECT,
                                  related_name="+")
    visited_on = models.DateField(_("督导日期"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"))
    methods = models.JSONField(_("督导方式"), default=list)
    checklist = models.JSONField(_("八项督导内容"), default=dict, blank=True)
    problems = models.TextField(_("发现问题"), blank=True)
    hazard = models.TextField(_("紧急隐患"), blank=True)
    hazard_flagged_at = models.DateTimeField(_("隐患上报时间"), null=True, blank=True)
    hazard_handled_at = models.DateTimeField(_("隐患处理时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    #: The photos taken on site (attachments, purpose ``visit_photo``).
    photos = GenericRelation("attachments.Attachment")

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("经常性督导记录")
        verbose_name_plural = _("经常性督导记录")
        ordering = ["region_path", "-visited_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-visited_on", "-id"], name="visit_scope_order"),
                   models.Index(fields=["school", "visited_on"], name="visit_school_date"),
                   # a posting's visits in a semester (compliance, counted per posting in one grouped query)
                   models.Index(fields=["school", "inspector", "visited_on"], name="visit_pair_date"),
                   # the dashboards' grouped compliance: a region's visits in a semester by pair
                   # (index-only range scan; inspections.selectors.compliance_counts)
                   models.Index(fields=["region_path", "visited_on", "school", "inspector"], name="visit_path_date")]
        constraints = [models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="visit_duration_positive")]

    def __str__(self):
        return f"{self.school} {self.visited_on}"

    def get_absolute_url(self):
        return reverse("inspections:visit_detail", args=[self.pk])
