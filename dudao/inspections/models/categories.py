"""Problem categories (问题类别) as data: the national set (``region`` empty, shipped by a data
migration, never deleted) and the categories a region's office adds for itself, inherited by every
region below it like the region settings. A ledger item keeps the category's ``code``."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ALL, scope_predicate, user_has_perm


class CategoryQuerySet(models.QuerySet):
    """``for_user``: a region's own categories by the region-tree predicate; the national ones are
    seen by anyone holding ``inspections.view_problemcategory`` somewhere and changed by nobody but
    a system-wide assignment."""

    def for_user(self, user, action: str = "view"):
        perm = f"inspections.{action}_problemcategory"
        predicate = scope_predicate(user, perm, {"path": "region_path", "region": "region_id"})
        if predicate is ALL:
            return self.all()
        if action == "view" and user is not None and user_has_perm(user, perm):
            predicate = Q(region__isnull=True) if predicate is None else predicate | Q(region__isnull=True)
        if predicate is None:
            return self.none()
        return self.filter(predicate)


class ProblemCategory(models.Model):
    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区域"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+", help_text=_("为空表示国家（全国通用）类别"))
    region_path = RegionPathField(blank=True, default="", editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    basis = models.CharField(_("依据"), max_length=255, blank=True, help_text=_("法规条款或本地文件名称和文号"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["region_path", "order", "id"]
        indexes = [models.Index(fields=["region_path", "order", "id"], name="problemcategory_path_order")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=True) & Q(region_path="")) | (Q(region__isnull=False) & ~Q(region_path="")),
                name="problemcategory_region_path_consistent"),
            models.UniqueConstraint(fields=["region", "name"], name="problemcategory_region_name_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_national(self) -> bool:
        return self.region_id is None
