"""Accountability (E7–E9, 《教育督导问责办法》, 条例 Art. 26): 约谈 records, 通报, and 问责 cases on the
catalogue of triggering situations. Only ``accountability`` workflows assign ``AccountabilityCase.status``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet
from dudao.ledger.choices import CaseStatus, SubjectKind

from .choices import AggravationKind


class TriggerSituation(models.Model):
    """One 问责情形 of the catalogue: the national list (``region`` empty) extended per province
    (``region`` = the province) as data."""

    code = models.CharField(_("编号"), max_length=32, unique=True)
    subject = models.CharField(_("问责对象类别"), max_length=16, choices=SubjectKind.choices)
    title = models.TextField(_("问责情形"))
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("适用省份（空为全国）"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("有效"), default=True)
    #: A [U] item (standards.md): wording recalled, not checked against the official text.
    unverified = models.BooleanField(_("待核实"), default=False,
                                     help_text=_("条文未经官方文本核实，使用前请核对"))

    class Meta:
        db_table = "ledger_triggersituation"  # the table kept its name when the model left the ledger
        verbose_name = _("问责情形")
        verbose_name_plural = _("问责情形目录")
        ordering = ["subject", "code"]
        indexes = [models.Index(fields=["subject", "code"], name="ledger_situation_order")]

    def __str__(self):
        return f"{self.code} {self.title[:30]}"


class RegionRowQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}


class AccountabilityCase(models.Model):
    """A 问责 case against a unit or a person (an inspector's misconduct included, F9). The
    investigation group must be formed within 60 days of the supervision's end; the decision is
    approved by the committee's 主任 or 副主任 and states facts, basis, measures and effective
    date; 从重 applies when the same subject (the unit, the responsible person, the inspector) was
    held to account within the year before."""

    subject_kind = models.CharField(_("问责对象类别"), max_length=16, choices=SubjectKind.choices)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("被问责单位（或责任人所在单位）"), on_delete=models.PROTECT,
                             related_name="+")
    person_name = models.CharField(_("被问责人"), max_length=50, blank=True)
    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("督学"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    title = models.CharField(_("案由"), max_length=200)
    task = models.ForeignKey("inspections.SupervisionTask", verbose_name=_("督导任务"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    source_target = models.ForeignKey("inspections.TaskTarget", verbose_name=_("红色督导结果"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      help_text=_("督导结果为红色时系统建议问责"))
    dismissal_reason = models.TextField(_("不予问责理由"), blank=True)
    supervision_end = models.DateField(_("督导工作结束日期"))
    situations = models.ManyToManyField(TriggerSituation, verbose_name=_("问责情形"), related_name="cases")
    ledger_items = models.ManyToManyField("ledger.LedgerItem", verbose_name=_("相关问题"), blank=True,
                                          related_name="cases")
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPENED,
                              editable=False)
    group_members = models.TextField(_("调查认定工作组成员"), blank=True)
    group_formed_on = models.DateField(_("工作组组成日期"), null=True, blank=True)
    facts = models.TextField(_("认定事实"), blank=True)
    notice_sent_on = models.DateField(_("书面告知日期"), null=True, blank=True)
    statement = models.TextField(_("陈述申辩"), blank=True)
    measures = models.JSONField(_("问责方式"), default=list, blank=True)
    approved_by = models.ForeignKey("orgs.CommitteeMember", verbose_name=_("审定人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField(_("审定日期"), null=True, blank=True)
    basis = models.TextField(_("问责依据"), blank=True)
    effective_date = models.DateField(_("生效时间"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    aggravated = models.BooleanField(_("从重处理"), default=False)
    aggravation_reason = models.CharField(_("从重理由"), max_length=200, blank=True)
    referred_to = models.CharField(_("移交接收机关"), max_length=200, blank=True)
    referred_on = models.DateField(_("移交日期"), null=True, blank=True)
    approval_authority = models.CharField(_("审批机关"), max_length=200, blank=True,
                                          help_text=_("撤换负责人、吊销办学许可证移送审批机关处理"))
    approval_referred_on = models.DateField(_("移送审批机关日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("立案时间"), auto_now_add=True)

    objects = RegionRowQuerySet.as_manager()

    class Meta:
        db_table = "ledger_accountabilitycase"  # the table kept its name when the model left the ledger
        verbose_name = _("问责案件")
        verbose_name_plural = _("问责案件")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="ledger_case_scope_order"),
                   models.Index(fields=["unit", "decided_on"], name="ledger_case_unit_decided")]
        constraints = [
            models.CheckConstraint(condition=~Q(status=CaseStatus.DECIDED)
                                   | (Q(decided_on__isnull=False) & Q(effective_date__isnull=False)),
                                   name="ledger_case_decided_dates"),
            models.CheckConstraint(condition=~Q(subject_kind=SubjectKind.INSPECTOR) | Q(inspector__isnull=False),
                                   name="ledger_case_inspector_named"),
            models.UniqueConstraint(fields=["source_target"], condition=Q(source_target__isnull=False),
                                    name="acc_case_one_suggestion_per_target"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accountability:case_detail", args=[self.pk])


#: History lines of a case that are not transitions of ``workflows.CASE_TRANSITIONS``.
CASE_EVENT_LABELS = {
    "open": _("立案"),
    "suggest": _("督导结果为红色，建议问责"),
    "refer": _("移交"),
    "aggravation": _("记录从重情节"),
    "approval_referral": _("移送审批机关处理"),
    "window_warning": _("问责调查时限提醒"),
}


class CaseEvent(HistoryEvent):
    """One line of a case's history. Append-only."""

    case = models.ForeignKey(AccountabilityCase, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CaseStatus.choices, blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        db_table = "ledger_caseevent"  # the table kept its name when the model left the ledger
        verbose_name = _("问责记录")
        verbose_name_plural = _("问责记录")
        ordering = ["case", "created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at", "id"], name="ledger_case_event_order")]

    def __str__(self):
        return f"{self.case_id} {self.action}"

    EVENT_LABELS = CASE_EVENT_LABELS

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import WORKFLOW

        return WORKFLOW.labels()


class CaseAggravation(models.Model):
    """A 从重处理 situation the office recorded on a case (问责办法: 隐瞒、阻挠 …, 打击报复, 问责后仍
    不纠正, 其他), with who recorded it and the facts; read through its case (no scope of its own)."""

    case = models.ForeignKey(AccountabilityCase, verbose_name=_("问责案件"), on_delete=models.CASCADE,
                             related_name="aggravations")
    kind = models.CharField(_("从重情形"), max_length=16, choices=AggravationKind.choices)
    note = models.TextField(_("情况说明"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("从重情节")
        verbose_name_plural = _("从重情节")
        ordering = ["case", "recorded_at", "id"]
        indexes = [models.Index(fields=["case", "recorded_at", "id"], name="acc_aggravation_order")]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="acc_aggravation_once")]

    def __str__(self):
        return f"{self.case_id} {self.kind}"


class Interview(models.Model):
    """约谈 record (E7): date, participants, unit leaders present, content, commitments, and where
    it was filed (party committee, government, competent department)."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("被约谈单位"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    held_on = models.DateField(_("约谈日期"))
    participants = models.TextField(_("约谈人"))
    leaders_present = models.TextField(_("被约谈单位负责人"))
    content = models.TextField(_("约谈内容"))
    commitments = models.TextField(_("整改承诺"), blank=True)
    filed_with = models.JSONField(_("报送备案"), default=list, blank=True)
    ledger_items = models.ManyToManyField("ledger.LedgerItem", verbose_name=_("相关问题"), blank=True,
                                          related_name="interviews")
    case = models.ForeignKey(AccountabilityCase, verbose_name=_("问责案件"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="interviews")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RegionRowQuerySet.as_manager()

    class Meta:
        db_table = "ledger_interview"  # the table kept its name when the model left the ledger
        verbose_name = _("约谈记录")
        verbose_name_plural = _("约谈记录")
        ordering = ["region_path", "-held_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-held_on", "-id"], name="ledger_interview_order")]

    def __str__(self):
        return f"{self.unit_id} {self.held_on}"

    def get_absolute_url(self):
        return reverse("accountability:interview_detail", args=[self.pk])


class Circular(models.Model):
    """督导通报 (E8): circulated criticism with the recommendation on the leadership's commendation
    and promotion."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("被通报单位"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    issued_on = models.DateField(_("通报日期"))
    content = models.TextField(_("通报内容"))
    recommendation = models.TextField(_("对领导班子评优评先、提拔任用的建议"))
    ledger_items = models.ManyToManyField("ledger.LedgerItem", verbose_name=_("相关问题"), blank=True,
                                          related_name="circulars")
    case = models.ForeignKey(AccountabilityCase, verbose_name=_("问责案件"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="circulars")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RegionRowQuerySet.as_manager()

    class Meta:
        db_table = "ledger_circular"  # the table kept its name when the model left the ledger
        verbose_name = _("督导通报")
        verbose_name_plural = _("督导通报")
        ordering = ["region_path", "-issued_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-issued_on", "-id"], name="ledger_circular_order")]

    def __str__(self):
        return f"{self.unit_id} {self.issued_on}"

    def get_absolute_url(self):
        return reverse("accountability:circular_detail", args=[self.pk])
