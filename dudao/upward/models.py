"""The upper level's evaluation of our government (B3, A3) and 备案 upward (A5, 条例 Art. 23).

- ``UpperEvaluation``: the office above (the city) evaluates a county's government on a framework
  version for a year; the county office splits the indicators among its committee's member units
  (``IndicatorAssignment``), compiles their self-checks into a package and submits it; the city's
  findings (``UpperFinding``) become ledger items of the responsible units. History:
  ``EvaluationEvent`` (the assignments' steps are written there too).
- ``Filing``: a result or major matter of a lower office filed with the office above, which
  acknowledges or returns it. History: ``FilingEvent``.

Only ``upward.workflows`` assigns the ``status`` fields."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import AssignmentStatus, EvaluationStatus, FilingKind, UpwardFilingStatus


class RegionQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class UnitRowQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}


class UpperEvaluation(models.Model):
    """The office above evaluates the government of ``region`` (a county) on ``version`` for
    ``year``; the county submits its package by ``deadline``."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("被评估地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    title = models.CharField(_("评估名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("评估年度"))
    version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        verbose_name=_("评估指标体系"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("报送截止日期"))
    requirements = models.TextField(_("评估要求"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.ANNOUNCED,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    conclusion = models.TextField(_("上级评估意见"), blank=True)
    grade = models.CharField(_("评估等次"), max_length=32, blank=True)
    reviewed_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("部署时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("上级评估")
        verbose_name_plural = _("上级评估")
        ordering = ["region_path", "-year", "-id"]
        indexes = [models.Index(fields=["region_path", "-year", "-id"], name="upward_eval_scope_order")]
        constraints = [
            models.UniqueConstraint(fields=["region", "version", "year"], name="upward_eval_once_a_year")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("upward:evaluation_detail", args=[self.pk])


class IndicatorAssignment(models.Model):
    """One indicator of an evaluation given to one member unit, with its deadline, the unit's
    self-check (answer, score, evidence files) and the county office's review."""

    evaluation = models.ForeignKey(
        UpperEvaluation, verbose_name=_("上级评估"), on_delete=models.CASCADE, related_name="assignments"
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任成员单位"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    deadline = models.DateField(_("自查截止日期"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
        editable=False,
    )
    answer = models.TextField(_("自查情况"), blank=True)
    score = models.DecimalField(_("自评分"), max_digits=7, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    late = models.BooleanField(_("逾期提交"), default=False)
    return_reason = models.TextField(_("退回理由"), blank=True)
    created_at = models.DateTimeField(_("分解时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = UnitRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标分解")
        verbose_name_plural = _("指标分解")
        ordering = ["region_path", "evaluation", "deadline", "id"]
        indexes = [
            models.Index(fields=["region_path", "evaluation", "deadline", "id"], name="upward_assign_order")
        ]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="upward_indicator_once")
        ]

    def __str__(self):
        return f"{self.indicator} → {self.unit}"

    def get_absolute_url(self):
        return reverse("upward:assignment_detail", args=[self.pk])


class UpperFinding(models.Model):
    """A finding of the office above on an evaluation, for one responsible member unit; it is the
    ledger item ``ledger_item`` (整改 and 复查 run there)."""

    evaluation = models.ForeignKey(
        UpperEvaluation, verbose_name=_("上级评估"), on_delete=models.CASCADE, related_name="findings"
    )
    assignment = models.ForeignKey(
        IndicatorAssignment,
        verbose_name=_("相关指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任成员单位"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    ledger_item = models.OneToOneField(
        "ledger.LedgerItem",
        verbose_name=_("问题台账"),
        on_delete=models.PROTECT,
        related_name="upper_finding",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("反馈时间"), auto_now_add=True)

    objects = UnitRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("上级反馈问题")
        verbose_name_plural = _("上级反馈问题")
        ordering = ["region_path", "evaluation", "id"]
        indexes = [models.Index(fields=["region_path", "evaluation", "id"], name="upward_finding_order")]

    def __str__(self):
        return f"{self.unit} {self.ledger_item_id}"


EVALUATION_EVENT_LABELS = {
    "announce": _("部署上级评估"),
    "assign": _("分解指标"),
    "compile": _("汇编自评材料"),
    "finding": _("上级反馈问题"),
    "remind": _("自查期限提醒"),
}


class EvaluationEvent(HistoryEvent):
    """One line of an evaluation's history (its assignments' steps included). Append-only."""

    evaluation = models.ForeignKey(UpperEvaluation, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=EvaluationStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=EvaluationStatus.choices, blank=True)

    EVENT_LABELS = EVALUATION_EVENT_LABELS

    class Meta:
        verbose_name = _("上级评估记录")
        verbose_name_plural = _("上级评估记录")
        ordering = ["evaluation", "created_at", "id"]
        indexes = [models.Index(fields=["evaluation", "created_at", "id"], name="upward_eval_event_order")]

    def __str__(self):
        return f"{self.evaluation_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import ASSIGNMENT, WORKFLOW

        return {**WORKFLOW.labels(), **ASSIGNMENT.event_labels()}


class Filing(models.Model):
    """备案 (A5; 《教育督导条例》第二十三条): a lower office (``region``) files a result or a major
    matter with the office above (``to_region``), which acknowledges it (or returns it with a
    reason) within the region's setting ``upward.filing_ack_days``."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("报备地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    to_region = models.ForeignKey(
        "regions.Region", verbose_name=_("备案机关所在地区"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("备案类别"), max_length=24, choices=FilingKind.choices)
    title = models.CharField(_("备案事项"), max_length=200)
    summary = models.TextField(_("情况说明"), blank=True)
    task = models.ForeignKey(
        "inspections.SupervisionTask",
        verbose_name=_("督导任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluation = models.ForeignKey(
        UpperEvaluation,
        verbose_name=_("上级评估"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
    )
    #: A 问责 decision (the accountability app's case), named by content type and id: that app sits
    #: beside this one and is not imported.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=UpwardFilingStatus.choices, default=UpwardFilingStatus.FILED, editable=False
    )
    filed_at = models.DateTimeField(_("报备时间"), null=True, blank=True)
    due_on = models.DateField(_("应确认日期"))
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("备案")
        verbose_name_plural = _("备案")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["region_path", "-created_at", "-id"], name="upward_filing_scope_order"),
            models.Index(fields=["to_region", "status", "due_on"], name="upward_filing_inbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=FilingKind.TASK_REPORT) | Q(task__isnull=False),
                name="upward_filing_task_named",
            ),
            models.CheckConstraint(
                condition=~Q(kind=FilingKind.EVALUATION_PACKAGE) | Q(evaluation__isnull=False),
                name="upward_filing_package_named",
            ),
            models.CheckConstraint(
                condition=~Q(kind=FilingKind.CASE_DECISION) | Q(subject_id__isnull=False),
                name="upward_filing_case_named",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("upward:filing_detail", args=[self.pk])

    @property
    def subject(self):
        if self.subject_type_id is None:
            return None
        return self.subject_type.model_class()._base_manager.filter(pk=self.subject_id).first()


class FilingEvent(HistoryEvent):
    """One line of a filing's history. Append-only."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=UpwardFilingStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=UpwardFilingStatus.choices, blank=True)

    EVENT_LABELS = {"file": _("报上一级备案")}

    class Meta:
        verbose_name = _("备案记录")
        verbose_name_plural = _("备案记录")
        ordering = ["filing", "created_at", "id"]
        indexes = [models.Index(fields=["filing", "created_at", "id"], name="upward_filing_event_order")]

    def __str__(self):
        return f"{self.filing_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import FILING

        return FILING.labels()
