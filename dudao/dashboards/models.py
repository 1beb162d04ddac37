"""The dashboards' own tables: rollups of the rows below, kept current by the services that change
those rows (``rollup.py``), so that a province's dashboard reads a few hundred rollup rows (its own
and its child regions') instead of its hundreds of thousands of items."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet

#: The deepest region level that keeps the per-category and per-source rows (a county: its own
#: dashboard and its city's read them); a township's dashboard reads its few items instead.
DETAIL_LEVEL = 3


class LedgerStage(models.TextChoices):
    """Where a binding ledger item stands (drafts are not counted)."""

    OWED = "owed", _("待单位整改")
    RECHECK = "recheck", _("待复查")
    CLOSED = "closed", _("已销号")


class RollupDim(models.TextChoices):
    """What a rollup row breaks its region's items down by (besides the month)."""

    ALL = "all", _("全部")
    CATEGORY = "category", _("问题类别")
    SOURCE = "source", _("问题来源")


class LedgerRollupQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id"}


class LedgerRollupState(models.Model):
    """The day the rollup's ``overdue`` flags are as of (one row): items still owed whose deadline
    is before it are counted overdue. The ledger's daily job moves it to today
    (``rollup.advance_overdue``); ``rebuild`` sets it to today."""

    as_of = models.DateField(_("逾期计算日"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("问题台账汇总状态")
        verbose_name_plural = _("问题台账汇总状态")

    def __str__(self):
        return f"{self.as_of}"


class LedgerRollup(models.Model):
    """问题台账汇总: counts of the binding ledger items of a region's **whole subtree** (one set of
    rows per ancestor level: province, city, county, township), per month of registration and
    ``dim``/``value`` (all items; or one category, or one source — those two at county level and
    above), split by ``overdue``: still owed with a deadline before ``LedgerRollupState.as_of``,
    which the ledger's daily job moves forward (through the same upkeep). A dashboard asking for
    another day adds the items due between the two days (``rollup.overdue_correction``). Kept
    current by ``dashboards.rollup`` (item saved or deleted, unit moved, region moved, the day
    moved); ``manage.py rebuild_rollups`` recomputes it from the items."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区域"), on_delete=models.CASCADE, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    month = models.DateField(_("登记月份"))
    dim = models.CharField(_("分组"), max_length=8, choices=RollupDim.choices)
    value = models.CharField(_("分组值"), max_length=32, blank=True, help_text=_("问题类别或来源代码；全部为空"))
    overdue = models.BooleanField(_("逾期"), help_text=_("待单位整改且整改期限早于逾期计算日"))
    n = models.PositiveIntegerField(_("问题数"), default=0)
    open = models.PositiveIntegerField(_("未销号"), default=0)
    closed = models.PositiveIntegerField(_("已销号"), default=0)
    on_time = models.PositiveIntegerField(_("按期销号"), default=0)
    rebounds = models.PositiveIntegerField(_("反弹"), default=0)
    close_days = models.PositiveBigIntegerField(_("整改天数合计"), default=0)

    objects = LedgerRollupQuerySet.as_manager()

    KEY = ("region_id", "region_path", "month", "dim", "value", "overdue")
    COUNTERS = ("n", "open", "closed", "on_time", "rebounds", "close_days")

    class Meta:
        verbose_name = _("问题台账汇总")
        verbose_name_plural = _("问题台账汇总")
        ordering = ["region_path", "month"]
        indexes = [models.Index(fields=["region_path", "month"], name="dash_ledger_scope_month")]
        constraints = [
            models.UniqueConstraint(fields=["region", "dim", "month", "value", "overdue"],
                                    name="dash_ledger_one_row_per_key"),
            models.CheckConstraint(condition=Q(dim="all", value="") | (~Q(dim="all") & ~Q(value="")),
                                   name="dash_ledger_value_with_dim"),
        ]

    def __str__(self):
        return f"{self.region_path} {self.month:%Y-%m} {self.dim}={self.value} {self.n}"


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
