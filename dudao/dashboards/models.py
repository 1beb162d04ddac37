"""The dashboards' own tables: rollups of the rows below, kept current by the services that change
those rows (``rollup.py``), so that a province's dashboard reads thousands of rollup rows instead
of millions of items."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet

#: "Not applicable" in a date column of a rollup key (a key column is never NULL, so that one
#: unique constraint covers the key on every database).
NO_DATE = datetime.date(1, 1, 1)


class LedgerStage(models.TextChoices):
    """Where a binding ledger item stands (drafts are not counted)."""

    OWED = "owed", _("待单位整改")
    RECHECK = "recheck", _("待复查")
    CLOSED = "closed", _("已销号")


class LedgerRollupQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id"}


class LedgerRollup(models.Model):
    """问题台账汇总: the number of binding ledger items per region (the unit's), month of
    registration, category, source, stage, rebound or not, deadline (items still owed only: the
    overdue count is read at any date) and month of closure, with the sum of their days to close.
    Kept current by ``dashboards.rollup`` (item saved or deleted, unit moved); ``manage.py
    rebuild_rollups`` recomputes it from the items."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区域"), on_delete=models.CASCADE, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    month = models.DateField(_("登记月份"))
    category = models.CharField(_("问题类别"), max_length=32)
    source = models.CharField(_("问题来源"), max_length=16)
    stage = models.CharField(_("办理阶段"), max_length=8, choices=LedgerStage.choices)
    rebound = models.BooleanField(_("反弹"))
    deadline = models.DateField(_("整改期限"), help_text=_("待单位整改的问题；其他为 0001-01-01"))
    closed_month = models.DateField(_("销号月份"), help_text=_("已销号的问题；其他为 0001-01-01"))
    on_time = models.BooleanField(_("按期销号"))
    n = models.PositiveIntegerField(_("问题数"), default=0)
    close_days = models.PositiveBigIntegerField(_("整改天数合计"), default=0)

    objects = LedgerRollupQuerySet.as_manager()

    KEY = ("region_id", "region_path", "month", "category", "source", "stage", "rebound", "deadline",
           "closed_month", "on_time")

    class Meta:
        verbose_name = _("问题台账汇总")
        verbose_name_plural = _("问题台账汇总")
        ordering = ["region_path", "month"]
        indexes = [models.Index(fields=["region_path", "month"], name="dash_ledger_scope_month")]
        constraints = [
            models.UniqueConstraint(fields=["region", "month", "category", "source", "stage", "rebound", "deadline",
                                            "closed_month", "on_time"], name="dash_ledger_one_row_per_key"),
            models.CheckConstraint(condition=Q(stage="owed") | Q(deadline=NO_DATE), name="dash_ledger_deadline_owed"),
        ]

    def __str__(self):
        return f"{self.region_path} {self.month:%Y-%m} {self.stage} {self.n}"


class IndexKind(models.TextChoices):
    """The two national county evaluations (``monitoring.indices``)."""

    BALANCE = "balance", _("县域义务教育优质均衡")
    PRESCHOOL = "preschool", _("县域学前教育普及普惠")


class IndexResultQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id"}


class IndexResult(models.Model):
    """监测指数结果: a county's 优质均衡 or 普及普惠 figures in a year, as ``monitoring.indices``
    computed them (each indicator's value, threshold, 待核实, met; the verdict), stored so that a
    province's dashboard reads 2 rows per county instead of recomputing every county. ``basis`` is
    the fingerprint of what the computation read (the county's counted submissions, its settings,
    its 社会认可度): ``dashboards.index_results`` recomputes a county whose fingerprint changed."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区县"), on_delete=models.CASCADE, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("指数"), max_length=16, choices=IndexKind.choices)
    verdict = models.CharField(_("结论"), max_length=16)
    figures = models.JSONField(_("各项指标"), default=list)
    basis = models.CharField(_("计算依据指纹"), max_length=64)
    computed_at = models.DateTimeField(_("计算时间"))

    objects = IndexResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测指数结果")
        verbose_name_plural = _("监测指数结果")
        ordering = ["region_path", "year", "kind"]
        indexes = [models.Index(fields=["region_path", "year", "kind"], name="dash_index_scope_year")]
        constraints = [models.UniqueConstraint(fields=["region", "year", "kind"], name="dash_index_one_per_county")]

    def __str__(self):
        return f"{self.region_path} {self.year} {self.kind} {self.verdict}"
