"""评估监测 data collection (issue 12, G1–G4, H3): the DHIS2 shape.

- ``Collection`` (数据采集表): a versioned form an office defines — ``DataElement`` rows (typed,
  with unit, bounds, per 学段 or not, prefilled from 学籍 where it says so) and cross-field
  ``ValidationRule`` rows. A published version is immutable; a change is a new version.
- ``CollectionRound``: a collection opened for a year in a region; opening it creates one
  ``Submission`` per unit of the collection's kinds in the region's subtree.
- ``Submission``: one unit's answer, approved bottom-up (填报中 → 已上报 → 县级已审核（锁定）→ 市级已接收,
  or 已退回 with a reason; 重新打开 back to 填报中, recorded) by ``workflows.SUBMISSION``.
- ``DataValue``: one cell (element × 学段) of a submission: a number or a text.

Indices are database aggregates over ``DataValue`` joined to its submission, round and collection by
``Collection.code`` and ``DataElement.code`` — the codes of the shipped collections
(``data/*.yaml``) are a contract.

Collections, their elements and rules are read by every office below and above their region (a
national form is read by a county), so their queryset adds the user's ancestor paths to the usual
subtree scope."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ALL, ScopedQuerySet, scope_predicate, user_assignments

from .choices import CollectionStatus, Operator, SubmissionStatus, ValueType

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def _ancestor_paths(path: str) -> list[str]:
    """``/500000/500108/`` → ``["/500000/", "/500000/500108/"]``."""
    codes = [c for c in path.strip("/").split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


class AncestorVisibleQuerySet(ScopedQuerySet):
    """Published rows placed in a region are visible (``view``) to users whose scope is below it as
    well as above it: a county office and a school read the city's and the nation's published forms.
    A draft is the defining office's work (subtree scope only); other actions keep the subtree
    scope."""

    ancestor_lookup = "region_path"
    ancestor_status = "status"

    def for_user(self, user, action: str = "view"):
        qs = super().for_user(user, action)
        if action != "view" or user is None:
            return qs
        meta = self.model._meta
        perm = f"{meta.app_label}.{action}_{meta.model_name}"
        if scope_predicate(user, perm, self.scope_lookups) is ALL:
            return qs
        from dudao.common.scoping import _grants

        paths: set[str] = set()
        for a in user_assignments(user):
            if not _grants(a.role, perm):
                continue
            if a.unit_id is not None:
                paths.update(_ancestor_paths(a.unit.region_path))
            elif a.region_id is not None:
                paths.update(_ancestor_paths(a.region.path))
        if not paths:
            return qs
        upward = self.filter(**{f"{self.ancestor_lookup}__in": sorted(paths),
                                f"{self.ancestor_status}__in": (CollectionStatus.PUBLISHED, CollectionStatus.RETIRED)})
        return (qs | upward).distinct()


class CollectionQuerySet(AncestorVisibleQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class Collection(models.Model):
    """数据采集表: one version of a form. ``(region, code, version)`` is unique; the indices find the
    shipped forms by ``code``."""

    code = models.SlugField(_("代码"), max_length=64)
    version = models.PositiveIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    source = models.TextField(_("依据"), blank=True, help_text=_("本表实施的文件及条款"))
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    unit_kinds = models.JSONField(_("填报单位类型"), default=list, blank=True)
    sections = models.JSONField(_("学段"), default=list, blank=True, help_text=_("为空表示不分学段"))
    status = models.CharField(_("状态"), max_length=16, choices=CollectionStatus.choices,
                              default=CollectionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据采集表")
        verbose_name_plural = _("数据采集表")
        ordering = ["region_path", "code", "-version"]
        indexes = [models.Index(fields=["region_path", "code", "-version"], name="collection_scope_order"),
                   models.Index(fields=["code", "status"], name="collection_code_status")]
        constraints = [
            models.UniqueConstraint(fields=["region", "code", "version"], name="collection_unique_version"),
        ]

    def __str__(self):
        return f"{self.name}（v{self.version}）"

    def get_absolute_url(self):
        return reverse("monitoring:collection_detail", args=[self.pk])


#: Labels of a collection's history lines that are not transitions.
COLLECTION_EVENT_LABELS = {"create": _("创建"), "version": _("新建版本"), "change": _("修改")}


class CollectionEvent(HistoryEvent):
    """One line of a collection's history: created, new version, published, retired."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=CollectionStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CollectionStatus.choices, blank=True)

    EVENT_LABELS = COLLECTION_EVENT_LABELS

    class Meta:
        verbose_name = _("数据采集表记录")
        verbose_name_plural = _("数据采集表记录")
        ordering = ["collection", "created_at", "id"]
        indexes = [models.Index(fields=["collection", "created_at", "id"], name="collection_event_order")]

    def __str__(self):
        return f"{self.collection_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import COLLECTION

        return COLLECTION.labels()


class ElementQuerySet(AncestorVisibleQuerySet):
    scope_lookups = {"path": "collection__region_path", "region": "collection__region_id", "unit": None}
    ancestor_lookup = "collection__region_path"
    ancestor_status = "collection__status"


class DataElement(models.Model):
    """One data element (指标项) of a collection: typed, with its unit, bounds and source."""

    collection = models.ForeignKey(Collection, verbose_name=_("数据采集表"), on_delete=models.CASCADE,
                                   related_name="elements")
    code = models.SlugField(_("代码"), max_length=64)
    name = models.CharField(_("名称"), max_length=200)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    value_type = models.CharField(_("数据类型"), max_length=16, choices=ValueType.choices, default=ValueType.INTEGER)
    choices = models.JSONField(_("选项"), default=list, blank=True,
                               help_text=_("选项类型：[[代码, 名称], …]"))
    minimum = models.DecimalField(_("最小值"), max_digits=18, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(_("最大值"), max_digits=18, decimal_places=4, null=True, blank=True)
    per_section = models.BooleanField(_("分学段填报"), default=False)
    required = models.BooleanField(_("必填"), default=True)
    basis = models.TextField(_("依据"), blank=True)
    pending_verification = models.BooleanField(_("待核实"), default=False)
    prefill = models.CharField(_("预填来源"), max_length=64, blank=True,
                               help_text=_("例如 enrolment.students：取学籍在校生数"))
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = ElementQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据元素")
        verbose_name_plural = _("数据元素")
        ordering = ["collection", "order", "id"]
        indexes = [models.Index(fields=["collection", "order", "id"], name="element_order")]
        constraints = [
            models.UniqueConstraint(fields=["collection", "code"], name="element_unique_code"),
            models.CheckConstraint(condition=Q(minimum__isnull=True) | Q(maximum__isnull=True)
                                   | Q(minimum__lte=models.F("maximum")), name="element_bounds_ordered"),
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def is_numeric(self) -> bool:
        return self.value_type in (ValueType.INTEGER, ValueType.DECIMAL, ValueType.BOOLEAN)


class RuleQuerySet(AncestorVisibleQuerySet):
    scope_lookups = {"path": "collection__region_path", "region": "collection__region_id", "unit": None}
    ancestor_lookup = "collection__region_path"
    ancestor_status = "collection__status"


class ValidationRule(models.Model):
    """A cross-field check: ``left operator right``, each side arithmetic over element codes and
    numbers (``pe_teachers + music_teachers <= teachers``), evaluated by ``expressions`` (never eval)."""

    collection = models.ForeignKey(Collection, verbose_name=_("数据采集表"), on_delete=models.CASCADE,
                                   related_name="rules")
    code = models.SlugField(_("代码"), max_length=64)
    name = models.CharField(_("名称"), max_length=200)
    left = models.CharField(_("左式"), max_length=500)
    operator = models.CharField(_("关系"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("右式"), max_length=500)
    message = models.CharField(_("提示"), max_length=300)
    per_section = models.BooleanField(_("分学段校验"), default=False)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("校验规则")
        verbose_name_plural = _("校验规则")
        ordering = ["collection", "order", "id"]
        indexes = [models.Index(fields=["collection", "order", "id"], name="rule_order")]
        constraints = [models.UniqueConstraint(fields=["collection", "code"], name="rule_unique_code")]

    def __str__(self):
        return f"{self.left} {self.operator} {self.right}"


class RoundQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class CollectionRound(models.Model):
    """A collection opened for a year in a region (填报批次)."""

    collection = models.ForeignKey(Collection, verbose_name=_("数据采集表"), on_delete=models.PROTECT,
                                   related_name="rounds")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    region = models.ForeignKey("regions.Region", verbose_name=_("填报区域"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    deadline = models.DateField(_("截止日期"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("填报批次")
        verbose_name_plural = _("填报批次")
        ordering = ["region_path", "-year", "collection_id"]
        indexes = [models.Index(fields=["region_path", "-year"], name="round_scope_order")]
        constraints = [
            models.UniqueConstraint(fields=["collection", "year", "region"], name="round_unique"),
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2100), name="round_year_range"),
        ]

    def __str__(self):
        return f"{self.year}年 {self.collection.name} · {self.region}"

    def get_absolute_url(self):
        return reverse("monitoring:round_detail", args=[self.pk])


class SubmissionQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}


class Submission(models.Model):
    """One unit's answer to a round. Status only through ``workflows.SUBMISSION``."""

    round = models.ForeignKey(CollectionRound, verbose_name=_("填报批次"), on_delete=models.CASCADE,
                              related_name="submissions")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    status = models.CharField(_("状态"), max_length=16, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT)
    #: The 学段 this unit fills (the collection's 学段 the school runs: a 九年一贯制 school both 小学 and
    #: 初中, a 小学 only 小学); empty for a collection not per 学段.
    sections = models.JSONField(_("填报学段"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    reminded_at = models.DateTimeField(_("最近催报时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("填报")
        verbose_name_plural = _("填报")
        ordering = ["region_path", "round_id", "unit_id"]
        indexes = [models.Index(fields=["region_path", "round", "unit"], name="submission_scope_order"),
                   models.Index(fields=["round", "status"], name="submission_round_status")]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="submission_unique")]

    def __str__(self):
        return f"{self.unit} · {self.round}"

    def get_absolute_url(self):
        return reverse("monitoring:submission_detail", args=[self.pk])


#: Labels of a submission's history lines that are not transitions.
SUBMISSION_EVENT_LABELS = {"save": _("保存数据"), "import": _("Excel导入"), "remind": _("催报")}


class SubmissionEvent(HistoryEvent):
    """One line of a submission's history (填报记录): saves, submissions, returns, approvals, reopenings."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=SubmissionStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=SubmissionStatus.choices, blank=True)

    EVENT_LABELS = SUBMISSION_EVENT_LABELS

    class Meta:
        verbose_name = _("填报记录")
        verbose_name_plural = _("填报记录")
        ordering = ["submission", "created_at", "id"]
        indexes = [models.Index(fields=["submission", "created_at", "id"], name="submission_event_order")]

    def __str__(self):
        return f"{self.submission_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import SUBMISSION

        return SUBMISSION.labels()


class DataValueQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "submission__region_path", "region": "submission__unit__region_id",
                     "unit": "submission__unit_id"}


class DataValue(models.Model):
    """One cell of a submission: element × 学段 (``section`` is "" for an element not per 学段).
    Numbers (and booleans as 1/0) in ``number``; texts and choice codes in ``text``."""

    submission = models.ForeignKey(Submission, verbose_name=_("填报"), on_delete=models.CASCADE,
                                   related_name="values")
    element = models.ForeignKey(DataElement, verbose_name=_("数据元素"), on_delete=models.PROTECT,
                                related_name="values")
    section = models.CharField(_("学段"), max_length=16, blank=True)
    number = models.DecimalField(_("数值"), max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.CharField(_("文本"), max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DataValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据值")
        verbose_name_plural = _("数据值")
        ordering = ["submission", "element", "section"]
        indexes = [models.Index(fields=["element", "section"], name="datavalue_element_section")]
        constraints = [models.UniqueConstraint(fields=["submission", "element", "section"], name="datavalue_unique")]

    def __str__(self):
        return f"{self.element.code}[{self.section}]={self.display}"

    @property
    def display(self) -> str:
        if self.number is not None:
            return format(self.number.normalize(), "f")
        return self.text



def _total_field(label):
    return models.DecimalField(label, max_digits=24, decimal_places=4, null=True, blank=True)


class SchoolSectionTotals(models.Model):
    """One school's (one submission's) 学段 of the 优质均衡 school form, added up once: the enrolment
    ``P_i`` and the seven resource totals ``R_i`` the indices read (``indices.balance.INDICATOR_ELEMENTS``)
    — what grouping the submission's data values by 学段 gives, stored so a national run aggregates
    500,000 narrow rows instead of regrouping 7.7 million cells (docs/monitoring-indices.md).

    Derived, never edited: a row exists exactly for each submission of the form in a state whose
    values are locked and may count (已上报, 县级已审核, 市级已接收: ``indices.common.PREVIEW``) and each
    学段 it has values in; every transition of the submission rewrites or removes its rows
    (``indices.stored.refresh``, connected in ``workflows``), the migration that made the table filled
    it, and ``manage.py rebuild_balance_totals`` rebuilds it. A total is empty when the school
    reported none of its elements (like the sum it stands for). The school's name, region, stage and
    教学点 flag are read live from its unit, not copied."""

    submission = models.ForeignKey(Submission, verbose_name=_("填报"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("填报单位"), on_delete=models.CASCADE, related_name="+")
    section = models.CharField(_("学段"), max_length=16)
    students = _total_field(_("在校生数"))
    r_degree = _total_field(_("高于规定学历教师数"))
    r_backbone = _total_field(_("县级以上骨干教师数"))
    r_pe_art = _total_field(_("体育、艺术专任教师数"))
    r_teaching_area = _total_field(_("教学及辅助用房面积"))
    r_sports_area = _total_field(_("体育运动场馆面积"))
    r_equipment = _total_field(_("教学仪器设备值"))
    r_multimedia = _total_field(_("网络多媒体教室数"))

    class Meta:
        verbose_name = _("学校学段资源合计")
        verbose_name_plural = _("学校学段资源合计")
        ordering = ["submission", "section"]
        constraints = [models.UniqueConstraint(fields=["submission", "section"], name="section_totals_unique")]

    def __str__(self):
        return f"{self.submission_id}[{self.section}]"


from .campaign_models import *  # noqa: E402,F403  creation campaigns and programmes (B4, G1, C6)
from .quality_models import *  # noqa: E402,F403  — 质量监测结果 (quality_models.py)
