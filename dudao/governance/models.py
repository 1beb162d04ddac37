"""督政 records (B1, B2; S1 #5, S2 #5, S4 #4).

- ``GovernmentLeader``: the leaders of a government the offices evaluate (区县人民政府, 乡镇人民政府,
  街道办事处) — name, post, phone, term — shown with its 督政 results.
- ``Checklist`` (督政清单): one versioned checklist per member department (a ``department`` unit),
  applying from ``year``; its ``ChecklistItem``s are the "六个一" work items and the department's own
  duty items. A checklist a self-check uses is fixed: a change is a new version.
- ``SelfCheck``: a department's yearly self-check against its checklist (one ``SelfCheckAnswer`` per
  item, evidence files on the answers through ``dudao.attachments``), and the office's verification
  on the workflow kernel (``workflows.WORKFLOW``). Only the workflow assigns ``SelfCheck.status``.

Every row is placed where its unit is: ``region_path`` is copied from the unit (``region_path_source``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import AnswerResult, ItemKind, SelfCheckStatus, SixOnes


class UnitScopedQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}


class GovernmentLeader(models.Model):
    """A leader (区长, 分管副区长, 镇长, 街道办事处主任 …) of a government unit, with the term."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("人民政府"), on_delete=models.CASCADE, related_name="government_leaders"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100, help_text=_("例如：区长、分管教育副区长、镇长"))
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    term_start = models.DateField(_("任职起始"), null=True, blank=True)
    term_end = models.DateField(_("任职截止"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府领导")
        verbose_name_plural = _("政府领导")
        ordering = ["region_path", "unit_id", "sort_order", "id"]
        indexes = [
            models.Index(fields=["region_path", "unit", "sort_order", "id"], name="govleader_scope_order")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="govleader_term_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.post}）"


class Checklist(models.Model):
    """督政清单: one version of a member department's checklist, applying from ``year``."""

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("成员单位"),
        on_delete=models.PROTECT,
        related_name="governance_checklists",
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("适用年度"))
    version = models.PositiveSmallIntegerField(_("版本号"), default=1)
    title = models.CharField(_("名称"), max_length=200)
    basis = models.TextField(_("依据"), blank=True)
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("修订自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("督政清单")
        verbose_name_plural = _("督政清单")
        ordering = ["region_path", "unit_id", "-year", "-version"]
        indexes = [
            models.Index(fields=["region_path", "unit", "-year", "-version"], name="checklist_scope_order")
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "version"], name="checklist_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="checklist_version_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="checklist_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.version}.0版）"

    def get_absolute_url(self):
        return reverse("governance:checklist_detail", args=[self.pk])


class ChecklistItemQuerySet(ScopedQuerySet):
    scope_lookups = {
        "path": "checklist__region_path",
        "region": "checklist__unit__region_id",
        "unit": "checklist__unit_id",
    }


class ChecklistItem(models.Model):
    """One item of a checklist: a "六个一" work item or one of the department's duties, with what is
    checked (评价要点) and the evidence expected."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    six_ones = models.CharField(_("“六个一”事项"), max_length=16, choices=SixOnes.choices, blank=True)
    content = models.TextField(_("履职内容"))
    standard = models.TextField(_("评价要点"), blank=True)
    evidence = models.CharField(_("佐证材料"), max_length=500, blank=True)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("督政清单事项")
        verbose_name_plural = _("督政清单事项")
        ordering = ["checklist_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="checklistitem_number_unique"),
            models.CheckConstraint(
                condition=Q(kind=ItemKind.SIX_ONES, six_ones__gt="") | Q(kind=ItemKind.DUTY, six_ones=""),
                name="checklistitem_kind_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.content[:40]}"


class SelfCheck(models.Model):
    """A member department's self-check of one year against its checklist, verified by the office."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("督政清单"), on_delete=models.PROTECT, related_name="self_checks"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=SelfCheckStatus.choices,
        default=SelfCheckStatus.DRAFT,
        editable=False,
    )
    summary = models.TextField(_("自查报告"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
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

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("督政清单自查")
        verbose_name_plural = _("督政清单自查")
        ordering = ["region_path", "-year", "unit_id"]
        indexes = [models.Index(fields=["region_path", "-year", "unit"], name="selfcheck_scope_order")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="selfcheck_one_per_year"),
            models.CheckConstraint(
                condition=~Q(status=SelfCheckStatus.VERIFIED) | Q(verified_at__isnull=False),
                name="selfcheck_verified_has_time",
            ),
        ]
        permissions = [
            ("fill_selfcheck", "Can fill in a self-check"),
            ("submit_selfcheck", "Can submit a self-check"),
            ("verify_selfcheck", "Can verify or return a self-check"),
        ]

    def __str__(self):
        return f"{self.unit}{self.year}年督政清单自查"

    def get_absolute_url(self):
        return reverse("governance:selfcheck_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in (SelfCheckStatus.DRAFT, SelfCheckStatus.RETURNED)


class AnswerQuerySet(ScopedQuerySet):
    scope_lookups = {
        "path": "self_check__region_path",
        "region": "self_check__unit__region_id",
        "unit": "self_check__unit_id",
    }


class SelfCheckAnswer(models.Model):
    """The department's answer to one checklist item, with its evidence files (attachments)."""

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("落实情况"), max_length=16, choices=AnswerResult.choices, blank=True)
    note = models.TextField(_("情况说明"), blank=True)
    files = GenericRelation("attachments.Attachment")

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("自查事项")
        verbose_name_plural = _("自查事项")
        ordering = ["self_check_id", "item__number"]
        constraints = [models.UniqueConstraint(fields=["self_check", "item"], name="answer_unique_per_item")]

    def __str__(self):
        return f"{self.self_check_id} · {self.item.number}"

    @property
    def region_path(self) -> str:
        """The self-check's path: the answer's files (attachments) are scoped like the self-check."""
        return self.self_check.region_path


class SelfCheckEvent(HistoryEvent):
    """One line of a self-check's history (created, answers saved, submitted, returned, verified)."""

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=SelfCheckStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=SelfCheckStatus.choices, blank=True)

    class Meta:
        verbose_name = _("自查办理记录")
        verbose_name_plural = _("自查办理记录")
        ordering = ["self_check", "created_at", "id"]
        indexes = [models.Index(fields=["self_check", "created_at", "id"], name="selfcheck_event_order")]

    def __str__(self):
        return f"{self.self_check_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import EVENT_LABELS, WORKFLOW

        return {**EVENT_LABELS, **WORKFLOW.labels()}
