"""Indicator frameworks (指标体系): versioned libraries of supervision standards (C2, C6, C7, B1, B2,
D4, G4).

A ``Framework`` is one stable key (URN) — e.g. the national 义务教育优质均衡 framework, or 南岸区's
own 立德树人指标体系. Each ``FrameworkVersion`` is an immutable-once-used snapshot with an
``Indicator`` tree. A local framework is derived from a version of another one
(``FrameworkVersion.derived_from``: the lineage).

Scoping: a framework with ``region`` empty is national and visible to everyone who may view
frameworks anywhere; a local one is placed in its owning region (``region_path`` is a copy of
``region.path``) and scoped by the one primitive. All three models use the permissions of
``Framework`` (``frameworks.<action>_framework``).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ALL, scope_predicate, user_has_perm
from dudao.orgs.choices import UnitKind

from .choices import Colour, Direction, FrameworkKind, ScoringMethod, Stage, VersionStatus

DIRECTION_SIGNS = {"gte": "≥", "lte": "≤", "gt": "＞", "lt": "＜"}


def plain_number(value) -> str:
    """``Decimal('0.1500')`` → ``'0.15'``, ``Decimal('100.0000')`` → ``'100'``; ``None`` → ``''``."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


class FrameworkScopedQuerySet(models.QuerySet):
    """``for_user(user, action)`` for frameworks and everything inside them.

    Local rows: the standard region-tree predicate on ``<prefix>region_path``. National rows
    (``region`` empty): visible to anyone holding ``frameworks.view_framework`` somewhere; for
    any other action only to a system-wide assignment (``ALL``).
    """

    prefix = ""

    def for_user(self, user, action: str = "view"):
        perm = f"frameworks.{action}_framework"
        p = self.prefix
        predicate = scope_predicate(user, perm, {"path": f"{p}region_path", "region": f"{p}region_id"})
        if predicate is ALL:
            return self.all()
        if action == "view" and user is not None and user_has_perm(user, perm):
            national = Q(**{f"{p}region__isnull": True})
            predicate = national if predicate is None else predicate | national
        if predicate is None:
            return self.none()
        return self.filter(predicate)


class FrameworkQuerySet(FrameworkScopedQuerySet):
    prefix = ""


class VersionQuerySet(FrameworkScopedQuerySet):
    prefix = "framework__"


class IndicatorQuerySet(FrameworkScopedQuerySet):
    prefix = "version__framework__"


class UsageQuerySet(models.QuerySet):
    """Uses are placed in the region of what uses the version (a 南岸区 task…), scoped by the same
    predicate with the framework permissions; uses without a region are visible like national rows."""

    def for_user(self, user, action: str = "view"):
        perm = f"frameworks.{action}_framework"
        predicate = scope_predicate(user, perm, {"path": "region_path", "region": "region_id"})
        if predicate is ALL:
            return self.all()
        if action == "view" and user is not None and user_has_perm(user, perm):
            predicate = Q(region__isnull=True) if predicate is None else predicate | Q(region__isnull=True)
        if predicate is None:
            return self.none()
        return self.filter(predicate)


class Framework(models.Model):
    """One indicator framework, identified by a stable key across its versions."""

    key = models.CharField(_("标识"), max_length=200, unique=True, help_text=_("稳定标识（URN），各版本相同"))
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=32, choices=FrameworkKind.choices)
    provider = models.CharField(_("发布机构"), max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="frameworks", help_text=_("为空表示国家（全国通用）指标体系"),
    )
    region_path = RegionPathField(blank=True, default="", editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    owner_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("编制单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标体系")
        verbose_name_plural = _("指标体系")
        ordering = ["region_path", "kind", "name"]
        indexes = [
            models.Index(fields=["region_path", "kind", "name"], name="framework_scope_order"),
            models.Index(fields=["region_path"], name="framework_path_prefix", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=True) & Q(region_path="")) | (Q(region__isnull=False) & ~Q(region_path="")),
                name="framework_region_path_consistent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("frameworks:framework_detail", args=[self.pk])

    @property
    def is_national(self) -> bool:
        return self.region_id is None


class FrameworkVersion(models.Model):
    """One version of a framework: its metadata, scoring rules and indicator tree.

    ``is_locked`` is set (for good) when anything uses the version — a supervision task, an
    evaluation round — through ``services.framework_version_mark_used``; a locked version's
    content can no longer change: editing means publishing a new version.
    """

    framework = models.ForeignKey(Framework, verbose_name=_("指标体系"), on_delete=models.CASCADE,
                                  related_name="versions")
    version = models.PositiveIntegerField(_("版本号"))
    name = models.CharField(_("名称"), max_length=200)
    locale = models.CharField(_("语言"), max_length=16, default="zh-hans")
    provider = models.CharField(_("发布机构"), max_length=200, blank=True)
    publication_date = models.DateField(_("发布日期"), null=True, blank=True)
    source = models.TextField(_("依据文件"), blank=True)
    description = models.TextField(_("说明"), blank=True)
    applicable_unit_kinds = models.JSONField(_("适用对象"), default=list, blank=True)
    scoring = models.JSONField(_("计分规则"), default=dict, blank=True,
                               help_text=_("满分、等级划分、三色预警规则"))
    status = models.CharField(_("状态"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    derived_from = models.ForeignKey(
        "self", verbose_name=_("派生自"), null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives",
    )
    content_hash = models.CharField(_("内容摘要"), max_length=64, editable=False)
    is_locked = models.BooleanField(_("已锁定（已被使用）"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标体系版本")
        verbose_name_plural = _("指标体系版本")
        ordering = ["framework_id", "-version"]
        indexes = [models.Index(fields=["framework", "-version"], name="fwversion_order")]
        constraints = [
            models.UniqueConstraint(fields=["framework", "version"], name="fwversion_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="fwversion_positive"),
        ]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"

    def get_absolute_url(self):
        return reverse("frameworks:version_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return not self.is_locked

    def applies_to(self, kind: str) -> bool:
        """Is a unit of ``kind`` among the version's 适用对象? An empty list applies to every kind."""
        return not self.applicable_unit_kinds or kind in self.applicable_unit_kinds

    def kind_refusal(self, unit) -> str | None:
        """The Chinese message refusing ``unit`` when the version does not apply to its kind, else None."""
        if self.applies_to(unit.kind):
            return None
        labels = dict(UnitKind.choices)
        return _("指标体系“%(f)s”只适用于%(kinds)s，%(u)s是%(k)s，不能用它督导评估") % {
            "f": self.name, "kinds": "、".join(str(labels.get(k, k)) for k in self.applicable_unit_kinds),
            "u": unit.name, "k": labels.get(unit.kind, unit.kind)}

    @property
    def colour_rules_display(self) -> list[tuple[str, str, str]]:
        """The three-colour rules in words: ``(colour code, colour label, condition)``."""
        labels = dict(Colour.choices)
        words = {
            "veto": lambda v: _("触发一票否决") if v else _("未触发一票否决"),
            "score_below": lambda v: _("得分低于 %(v)s") % {"v": v},
            "score_at_least": lambda v: _("得分不低于 %(v)s") % {"v": v},
            "failed_at_least": lambda v: _("不达标项不少于 %(v)s 项") % {"v": v},
            "not_assessed_at_least": lambda v: _("未评项不少于 %(v)s 项") % {"v": v},
        }
        out = []
        for rule in (self.scoring or {}).get("colours", []):
            when = rule.get("when") or {}
            text = "，且".join(str(words[k](v)) for k, v in when.items() if k in words) or str(_("其他情况"))
            out.append((rule["colour"], str(labels.get(rule["colour"], rule["colour"])), text))
        return out


class Indicator(models.Model):
    """One indicator (一级/二级/三级指标) of a framework version, with how it is scored."""

    version = models.ForeignKey(FrameworkVersion, verbose_name=_("版本"), on_delete=models.CASCADE,
                                related_name="indicators")
    parent = models.ForeignKey("self", verbose_name=_("上级指标"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    code = models.CharField(_("编号"), max_length=50)
    name = models.CharField(_("名称"), max_length=500)
    description = models.TextField(_("说明"), blank=True)
    basis = models.TextField(_("依据条款"), blank=True,
                             help_text=_("依据：文件名称及条款；为空时沿用上级指标的依据"))
    observation_points = models.JSONField(_("观测点"), default=list, blank=True)
    evidence = models.JSONField(_("佐证材料"), default=list, blank=True)
    unit_kinds = models.JSONField(_("适用单位类型"), default=list, blank=True)
    stages = models.JSONField(_("适用学段"), default=list, blank=True)
    assessable = models.BooleanField(_("参与评分"), default=True)
    weight = models.DecimalField(_("权重"), max_digits=9, decimal_places=4, default=1)
    method = models.CharField(_("计分方式"), max_length=16, choices=ScoringMethod.choices, default=ScoringMethod.NONE)
    levels = models.JSONField(_("等级"), default=list, blank=True)
    max_points = models.DecimalField(_("满分"), max_digits=9, decimal_places=4, null=True, blank=True)
    pass_points = models.DecimalField(_("合格分"), max_digits=9, decimal_places=4, null=True, blank=True)
    threshold = models.DecimalField(_("标准值"), max_digits=14, decimal_places=4, null=True, blank=True)
    thresholds = models.JSONField(_("分学段标准值"), default=dict, blank=True)
    direction = models.CharField(_("达标方向"), max_length=3, choices=Direction.choices, blank=True)
    unit = models.CharField(_("计量单位"), max_length=32, blank=True)
    formula = models.CharField(_("计算公式"), max_length=500, blank=True)
    inputs = models.JSONField(_("公式输入项"), default=list, blank=True)
    is_veto = models.BooleanField(_("一票否决"), default=False)
    depth = models.PositiveSmallIntegerField(_("层级"), default=1)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["version_id", "sort_order"]
        indexes = [models.Index(fields=["version", "sort_order"], name="indicator_order")]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicator_code_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_nonnegative"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def direction_sign(self) -> str:
        return DIRECTION_SIGNS.get(self.direction, "")

    @property
    def numbers_display(self) -> dict[str, str]:
        """Weight, max/pass points and threshold without trailing zeros, for pages."""
        return {name: plain_number(getattr(self, name))
                for name in ("weight", "max_points", "pass_points", "threshold")}

    @property
    def thresholds_display(self) -> list[tuple[str, str]]:
        """分学段标准值 with 学段 labels, for pages."""
        labels = dict(Stage.choices)
        return [(str(labels.get(stage, stage)), value) for stage, value in self.thresholds.items()]

    @property
    def stages_display(self) -> list[str]:
        labels = dict(Stage.choices)
        return [str(labels.get(stage, stage)) for stage in self.stages]


class FrameworkUsage(models.Model):
    """Something that uses a framework version (a supervision task, an evaluation round…).

    Rows are written by ``services.framework_version_mark_used``; the first one locks the version.
    ``object_type``/``object_id`` name the user generically so later apps need no schema change here.
    """

    version = models.ForeignKey(FrameworkVersion, verbose_name=_("版本"), on_delete=models.PROTECT,
                                related_name="usages")
    object_type = models.CharField(_("使用对象类型"), max_length=100)
    object_id = models.CharField(_("使用对象编号"), max_length=64)
    label = models.CharField(_("使用对象"), max_length=255)
    url = models.CharField(_("链接"), max_length=255, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("区域"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(blank=True, default="", editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    created_at = models.DateTimeField(_("使用时间"), auto_now_add=True)

    objects = UsageQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标体系使用记录")
        verbose_name_plural = _("指标体系使用记录")
        ordering = ["version_id", "-created_at"]
        indexes = [models.Index(fields=["version", "-created_at"], name="fwusage_order")]
        constraints = [
            models.UniqueConstraint(fields=["version", "object_type", "object_id"], name="fwusage_unique"),
        ]

    def __str__(self):
        return self.label


class FrameworkVersionEvent(HistoryEvent):
    """One step of a version's life cycle (发布, 停用): the history shape of every workflow."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=VersionStatus.choices, blank=True)

    class Meta:
        verbose_name = _("指标体系版本记录")
        verbose_name_plural = _("指标体系版本记录")
        ordering = ["version", "created_at", "id"]
        indexes = [models.Index(fields=["version", "created_at", "id"], name="fwversion_event_order")]

    def __str__(self):
        return f"{self.version_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from dudao.frameworks.workflows import WORKFLOW

        return WORKFLOW.labels()
