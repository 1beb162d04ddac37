"""Per-region parameter overrides (H3). Defaults live in code (``registry.SPECS``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet


class RegionSettingQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class RegionSetting(models.Model):
    """One region's value for a declared key; inherited by every region below it."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.CASCADE,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    key = models.CharField(_("参数"), max_length=64)
    value = models.DecimalField(_("取值"), max_digits=12, decimal_places=2)
    source = models.CharField(_("依据"), max_length=255, blank=True, help_text=_("本地文件名称和文号"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RegionSettingQuerySet.as_manager()

    class Meta:
        verbose_name = _("区域参数")
        verbose_name_plural = _("区域参数")
        ordering = ["region_path", "key"]
        indexes = [models.Index(fields=["region_path", "key"], name="regionsetting_path_key")]
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="regionsetting_region_key_unique")]

    def __str__(self):
        return f"{self.region} · {self.key} = {self.value}"
