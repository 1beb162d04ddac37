"""Incentives (E6, 条例 and the S0 §11 / S1 #11 / S2 #10 seeds): commendations of units and
inspectors, good-practice cases (典型经验) drawn from green supervision results, and the basis and
early end of exemptions from supervision (免除督导, ``inspections.SupervisionExemption``, which
the task service enforces). Only ``workflows`` assigns ``GoodPracticeCase.status``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import BasisKind, CommendationLevel, CommendationSubject, GoodPracticeStatus


class IncentiveQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "unit_id"}


class Commendation(models.Model):
    """表扬 or 表彰 of a unit or an inspector by an office, on a basis: a green result of a
    supervision task, exemplary rectification (a closed problem), or other deeds described.
    ``region`` is the subject's (a unit's region, an inspector's office's region)."""

    level = models.CharField(_("类别"), max_length=16, choices=CommendationLevel.choices,
                             default=CommendationLevel.PRAISE)
    subject_kind = models.CharField(_("对象类别"), max_length=16, choices=CommendationSubject.choices)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("受表彰单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("受表彰督学"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = ("unit", "inspector")  # where the path is copied from (common/fields.py)
    office = models.ForeignKey("orgs.Unit", verbose_name=_("表彰机构"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("表彰事项"), max_length=200)
    basis_kind = models.CharField(_("表彰依据"), max_length=16, choices=BasisKind.choices)
    basis_target = models.ForeignKey("inspections.TaskTarget", verbose_name=_("督导结果"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    basis_item = models.ForeignKey("ledger.LedgerItem", verbose_name=_("整改问题"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    basis_text = models.TextField(_("事迹说明"), blank=True)
    issued_on = models.DateField(_("表彰日期"))
    document = models.ForeignKey("documents.IssuedDocument", verbose_name=_("表彰文件"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = IncentiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("表彰表扬")
        verbose_name_plural = _("表彰表扬")
        ordering = ["region_path", "-issued_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-issued_on", "-id"], name="commendation_scope_order"),
                   models.Index(fields=["unit", "issued_on"], name="commendation_unit_date")]
        constraints = [
            models.CheckConstraint(condition=Q(subject_kind=CommendationSubject.UNIT, unit__isnull=False, inspector__isnull=True)
                                   | Q(subject_kind=CommendationSubject.INSPECTOR, inspector__isnull=False, unit__isnull=True),
                                   name="commendation_subject_named"),
            models.CheckConstraint(condition=~Q(basis_kind=BasisKind.GREEN_RESULT) | Q(basis_target__isnull=False),
                                   name="commendation_green_result_named"),
            models.CheckConstraint(condition=~Q(basis_kind=BasisKind.RECTIFICATION) | Q(basis_item__isnull=False),
                                   name="commendation_rectification_named"),
            models.CheckConstraint(condition=~Q(basis_kind=BasisKind.OTHER) | ~Q(basis_text=""),
                                   name="commendation_other_described"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("incentives:commendation_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return self.unit.name if self.unit_id else self.inspector.name


class GoodPracticeCase(models.Model):
    """典型经验 / 优秀案例 of a unit, from a green result of a supervision task (E6, E10 “绿色：经验
    推广”). Drafted, then published; ``publishable`` lets the public portal show it once published
    (``selectors.published_cases``)."""

    title = models.CharField(_("案例标题"), max_length=200)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    source_target = models.ForeignKey("inspections.TaskTarget", verbose_name=_("来源督导结果"),
                                      on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("经验摘要"))
    content = models.TextField(_("案例正文"), blank=True)
    publishable = models.BooleanField(_("公开到门户网站"), default=False,
                                      help_text=_("发布后在公众门户展示（不含个人信息）"))
    status = models.CharField(_("状态"), max_length=16, choices=GoodPracticeStatus.choices, default=GoodPracticeStatus.DRAFT,
                              editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = IncentiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("典型经验")
        verbose_name_plural = _("典型经验")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="goodcase_scope_order"),
                   models.Index(fields=["status", "publishable", "-published_at"], name="goodcase_published")]
        constraints = [models.CheckConstraint(condition=~Q(status=GoodPracticeStatus.PUBLISHED) | Q(published_at__isnull=False),
                                              name="goodcase_published_has_time")]
        permissions = [("publish_goodpracticecase", "Can publish or withdraw a good-practice case")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("incentives:case_detail", args=[self.pk])


class GoodPracticeEvent(HistoryEvent):
    """One line of a case's history (created, edited, published, withdrawn). Append-only."""

    case = models.ForeignKey(GoodPracticeCase, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=GoodPracticeStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=GoodPracticeStatus.choices, blank=True)

    class Meta:
        verbose_name = _("典型经验记录")
        verbose_name_plural = _("典型经验记录")
        ordering = ["case", "created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at", "id"], name="goodcase_event_order")]

    def __str__(self):
        return f"{self.case_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import EVENT_LABELS, WORKFLOW

        return {**EVENT_LABELS, **WORKFLOW.labels()}


class ExemptionRecord(models.Model):
    """The incentives side of a 免除督导 (``inspections.SupervisionExemption``): its basis (a
    commendation or a green result within ``incentives.exemption_basis_months``), who granted it,
    and an early end (the last day it applied, who ended it, why)."""

    exemption = models.OneToOneField("inspections.SupervisionExemption", on_delete=models.CASCADE,
                                     related_name="incentive")
    commendation = models.ForeignKey(Commendation, verbose_name=_("依据：表彰"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="exemptions")
    basis_target = models.ForeignKey("inspections.TaskTarget", verbose_name=_("依据：绿色督导结果"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    granted_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    original_valid_to = models.DateField(_("原截止日期"), null=True, blank=True)
    ended_on = models.DateField(_("提前结束于"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    end_reason = models.TextField(_("提前结束理由"), blank=True)

    class Meta:
        verbose_name = _("免除督导依据")
        verbose_name_plural = _("免除督导依据")
        ordering = ["exemption"]

    def __str__(self):
        return str(self.exemption)
