"""行政区划 — the administrative-division tree every scoped row hangs from (A5, H3)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import ORIGIN, RegionPathField
from dudao.common.scoping import ScopedQuerySet

from .choices import RegionLevel


class RegionQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "path", "region": "id", "unit": None}

    def subtree(self, region: "Region"):
        """This region and everything under it: one indexed prefix predicate on ``path``."""
        return self.filter(path__startswith=region.path)


class Region(models.Model):
    """A node of the 行政区划 tree (省 / 市 / 县(区) by GB/T 2260; 乡镇(街道) by the 9-digit 统计用区划代码).

    ``path`` is the materialised path of codes, e.g. ``/500000/500108/`` for 南岸区, so that
    "a region and all of its descendants" is ``path LIKE '/500000/500108/%'`` — one predicate on
    an index, never a list of ids collected in Python.
    """

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级别"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = RegionPathField(_("路径"), unique=True, editable=False)
    region_path_source = ORIGIN  # where the path is copied from (common/fields.py)
    search_key = models.CharField(_("拼音检索"), max_length=255, blank=True, editable=False)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="region_level_range"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:detail", args=[self.code])

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestors(self):
        """Root-first list of ancestors (without self), from the path — one query."""
        codes = [c for c in self.path.strip("/").split("/")[:-1]]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def full_name(self) -> str:
        return "".join(r.name for r in self.ancestors()) + self.name
