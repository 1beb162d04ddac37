"""回头看 (E5): the office samples a share of closed problems, by rule, into a follow-up task
(``inspections`` task of kind ``follow_up``) whose targets are the sampled problems' units. The
rule, the random seed and the pool drawn from are kept, so the draw can be repeated and checked."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet

from ..choices import LedgerSource


class FollowUpQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "office_id"}


class FollowUpSampling(models.Model):
    """One 回头看 draw: who, when, the rule (percentage, categories, source, region, units, units
    checked in full, closing window), the seed, the pool, the sampled problems and the task."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    task = models.OneToOneField("inspections.SupervisionTask", verbose_name=_("回头看任务"), on_delete=models.PROTECT,
                                related_name="follow_up_sampling")
    percentage = models.PositiveSmallIntegerField(_("抽查比例（%）"))
    categories = models.JSONField(_("问题类别"), default=list, blank=True)
    source = models.CharField(_("问题来源"), max_length=16, choices=LedgerSource.choices, blank=True)
    rule_region = models.ForeignKey("regions.Region", verbose_name=_("限定区域"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField("orgs.Unit", verbose_name=_("限定单位"), blank=True, related_name="+")
    include_units = models.ManyToManyField("orgs.Unit", verbose_name=_("全部抽查的单位"), blank=True,
                                           related_name="+")
    closed_from = models.DateField(_("销号日期自"), null=True, blank=True)
    closed_to = models.DateField(_("销号日期至"), null=True, blank=True)
    seed = models.BigIntegerField(_("随机种子"))
    pool_ids = models.JSONField(_("随机抽取范围"), default=list, blank=True,
                                help_text=_("参与随机抽取的问题编号（升序），用于复核抽样结果"))
    matched_count = models.PositiveIntegerField(_("符合条件的问题数"), default=0)
    exempt_count = models.PositiveIntegerField(_("因免除督导排除的问题数"), default=0)
    items = models.ManyToManyField("ledger.LedgerItem", through="ledger.FollowUpSample", verbose_name=_("抽中的问题"),
                                   related_name="follow_up_samplings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("回头看抽查")
        verbose_name_plural = _("回头看抽查")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="ledger_followup_order")]
        constraints = [
            models.CheckConstraint(condition=Q(percentage__gte=1) & Q(percentage__lte=100),
                                   name="ledger_followup_percentage"),
            models.CheckConstraint(condition=Q(closed_from__isnull=True) | Q(closed_to__isnull=True)
                                   | Q(closed_to__gte=models.F("closed_from")), name="ledger_followup_window"),
        ]

    def __str__(self):
        return self.task.title if self.task_id else f"{self.percentage}%"

    def get_absolute_url(self):
        return reverse("ledger:followup_detail", args=[self.pk])

    def get_categories_display(self) -> str:
        from dudao.inspections.categories import category_label

        return "、".join(category_label(c) for c in self.categories)


class FollowUpSample(models.Model):
    """One sampled problem of a draw; ``forced`` when its unit is checked in full."""

    sampling = models.ForeignKey(FollowUpSampling, on_delete=models.CASCADE, related_name="samples")
    item = models.ForeignKey("ledger.LedgerItem", verbose_name=_("台账问题"), on_delete=models.PROTECT,
                             related_name="follow_up_samples")
    forced = models.BooleanField(_("单位全部抽查"), default=False)

    class Meta:
        verbose_name = _("回头看抽中问题")
        verbose_name_plural = _("回头看抽中问题")
        ordering = ["sampling", "id"]
        constraints = [models.UniqueConstraint(fields=["sampling", "item"], name="ledger_followup_item_once")]

    def __str__(self):
        return f"{self.sampling_id} {self.item_id}"
