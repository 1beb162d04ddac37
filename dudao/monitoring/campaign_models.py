"""Creation campaigns (创建, B4) and monitoring programmes (G1, C6).

A **campaign** (``Campaign``) is a county's plan to be recognised as a 义务教育优质均衡发展县 or a
学前教育普及普惠县 by a target year. It walks the four milestones of the national process (standards
§5.5: 县级自评 → 市级复核 → 省级评估 → 国家认定) on the workflow kernel (``campaign_workflows``), each
milestone (``CampaignMilestone``) with planned and actual dates and its evidence files
(``dudao.attachments``, owner type ``monitoring.milestone``); a return sends it back to the county's
self-evaluation, and a recognised county is 撤销 when the annual monitoring slides. Its work is
split into tasks (``CampaignTask``) with the member unit responsible and a deadline. Its live gap is
computed from the indices (``campaigns.gap``), never stored.

A **programme** (``Programme``) is a named monitoring programme with a cycle, linked to a data
collection and/or an indicator framework; its yearly **rounds** (``ProgrammeRound``) in a county
run the kindergarten conduct evaluation (幼儿园办园行为督导评估, 教督〔2017〕7号): every kindergarten's
self-evaluation, the county's full-coverage evaluation, the city's spot-check sample
(``RoundEvaluation`` per kindergarten). Only the two workflows assign ``status``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

__all__ = ["Campaign", "CampaignEvent", "CampaignMilestone", "CampaignTask", "Programme", "ProgrammeRound",
           "RoundEvaluation", "RoundEvent"]

from .campaign_choices import CampaignKind, CampaignStatus, Conclusion, ProgrammeKind, RoundStatus, Stage


class CampaignQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class Campaign(models.Model):
    """A county's 优质均衡 or 普及普惠 creation plan (B4)."""

    kind = models.CharField(_("创建类型"), max_length=16, choices=CampaignKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("创建县（区）"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    target_year = models.PositiveSmallIntegerField(_("目标年度"))
    basis_year = models.PositiveSmallIntegerField(
        _("通过基本均衡国家认定年度"), null=True, blank=True,
        help_text=_("优质均衡创建的申报条件：通过义务教育基本均衡发展国家认定满规定年限"))
    plan = models.TextField(_("创建方案"), blank=True)
    status = models.CharField(_("阶段"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.COUNTY)
    revoked_reason = models.TextField(_("撤销原因"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("创建计划")
        verbose_name_plural = _("创建计划")
        ordering = ["region_path", "kind", "-target_year"]
        indexes = [models.Index(fields=["region_path", "kind", "-target_year"], name="campaign_scope_order")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "region"], condition=~Q(status="revoked"),
                                    name="campaign_one_open_per_kind"),
            models.CheckConstraint(condition=Q(target_year__gte=2000, target_year__lte=2100), name="campaign_year_range"),
        ]

    def __str__(self):
        return f"{self.region.name} · {self.get_kind_display()}（{self.target_year}年）"

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.pk])


class MilestoneQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "campaign__region_id", "unit": None}


class CampaignMilestone(models.Model):
    """One of the four steps of a campaign: planned and actual date, conclusion, evidence files."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("创建计划"), on_delete=models.CASCADE,
                                 related_name="milestones")
    region_path = RegionPathField(editable=False)
    region_path_source = "campaign"  # where the path is copied from (common/fields.py)
    stage = models.CharField(_("环节"), max_length=16, choices=Stage.choices)
    planned_on = models.DateField(_("计划日期"), null=True, blank=True)
    actual_on = models.DateField(_("完成日期"), null=True, blank=True)
    conclusion = models.TextField(_("结论"), blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("创建环节")
        verbose_name_plural = _("创建环节")
        ordering = ["campaign", "id"]
        indexes = [models.Index(fields=["campaign", "id"], name="campaign_milestone_order")]
        constraints = [models.UniqueConstraint(fields=["campaign", "stage"], name="campaign_milestone_once")]

    def __str__(self):
        return f"{self.campaign} · {self.get_stage_display()}"

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.campaign_id]) + f"#milestone-{self.stage}"


class TaskQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "campaign__region_id", "unit": None}


class CampaignTask(models.Model):
    """A piece of the creation work given to a member unit (责任单位, by name) with a deadline."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("创建计划"), on_delete=models.CASCADE, related_name="tasks")
    region_path = RegionPathField(editable=False)
    region_path_source = "campaign"  # where the path is copied from (common/fields.py)
    title = models.CharField(_("任务"), max_length=200)
    owner = models.CharField(_("责任单位"), max_length=100)
    deadline = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("创建任务")
        verbose_name_plural = _("创建任务")
        ordering = ["campaign", "deadline", "id"]
        indexes = [models.Index(fields=["campaign", "deadline", "id"], name="campaign_task_order")]

    def __str__(self):
        return self.title


#: Labels of a campaign's history lines that are not transitions.
CAMPAIGN_EVENT_LABELS = {
    "create": _("制定创建计划"),
    "plan": _("修改环节计划"),
    "task": _("布置创建任务"),
    "task_done": _("任务完成"),
    "report": _("生成县级自评报告"),
}


class CampaignEvent(HistoryEvent):
    """One line of a campaign's history. Append-only."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=CampaignStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CampaignStatus.choices, blank=True)

    EVENT_LABELS = CAMPAIGN_EVENT_LABELS

    class Meta:
        verbose_name = _("创建计划记录")
        verbose_name_plural = _("创建计划记录")
        ordering = ["campaign", "created_at", "id"]
        indexes = [models.Index(fields=["campaign", "created_at", "id"], name="campaign_event_order")]

    def __str__(self):
        return f"{self.campaign_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .campaign_workflows import CAMPAIGN_WORKFLOW

        return CAMPAIGN_WORKFLOW.labels()


# ---- programmes ---------------------------------------------------------------------------------
class ProgrammeQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class Programme(models.Model):
    """A monitoring programme of an office (G1): kind, cycle, the collection and/or framework it
    uses; its rounds run per year and county."""

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=32, choices=ProgrammeKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("组织区域"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    cycle_years = models.PositiveSmallIntegerField(_("周期（年）"), default=1)
    collection = models.ForeignKey("monitoring.Collection", verbose_name=_("数据采集表"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey("frameworks.Framework", verbose_name=_("指标体系"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测项目")
        verbose_name_plural = _("监测项目")
        ordering = ["region_path", "kind", "name"]
        indexes = [models.Index(fields=["region_path", "kind", "name"], name="programme_scope_order")]
        constraints = [models.CheckConstraint(condition=Q(cycle_years__gte=1, cycle_years__lte=10),
                                              name="programme_cycle_range")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:programme_detail", args=[self.pk])


class ProgrammeRoundQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class ProgrammeRound(models.Model):
    """One year's round of a programme in a county; for kindergarten conduct: self-evaluation →
    full-coverage county evaluation → the city's spot-check (C6)."""

    programme = models.ForeignKey(Programme, verbose_name=_("监测项目"), on_delete=models.PROTECT, related_name="rounds")
    region = models.ForeignKey("regions.Region", verbose_name=_("县（区）"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.SELF)
    sample_percent = models.PositiveSmallIntegerField(_("市级抽查比例（%）"), null=True, blank=True)
    collection_round = models.ForeignKey("monitoring.CollectionRound", verbose_name=_("自评填报轮次"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProgrammeRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测轮次")
        verbose_name_plural = _("监测轮次")
        ordering = ["region_path", "-year", "id"]
        indexes = [models.Index(fields=["region_path", "-year", "id"], name="programme_round_order")]
        constraints = [models.UniqueConstraint(fields=["programme", "region", "year"], name="programme_round_once")]

    def __str__(self):
        return f"{self.programme.name} · {self.region.name} {self.year}年"

    def get_absolute_url(self):
        return reverse("campaigns:round_detail", args=[self.pk])


class EvaluationQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "round__region_id", "unit": None}


class RoundEvaluation(models.Model):
    """One kindergarten in a round: its self-evaluation, the county's evaluation and, if drawn,
    the city's spot-check."""

    round = models.ForeignKey(ProgrammeRound, verbose_name=_("监测轮次"), on_delete=models.CASCADE,
                              related_name="evaluations")
    kindergarten = models.ForeignKey("orgs.Unit", verbose_name=_("幼儿园"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "kindergarten"  # where the path is copied from (common/fields.py)
    self_on = models.DateField(_("自评完成日期"), null=True, blank=True)
    self_conclusion = models.CharField(_("自评结论"), max_length=16, choices=Conclusion.choices, blank=True)
    county_on = models.DateField(_("县级评估日期"), null=True, blank=True)
    county_conclusion = models.CharField(_("县级评估结论"), max_length=16, choices=Conclusion.choices, blank=True)
    county_note = models.TextField(_("县级评估意见"), blank=True)
    sampled = models.BooleanField(_("市级抽中"), default=False)
    city_on = models.DateField(_("市级抽查日期"), null=True, blank=True)
    city_conclusion = models.CharField(_("市级抽查结论"), max_length=16, choices=Conclusion.choices, blank=True)
    city_note = models.TextField(_("市级抽查意见"), blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("幼儿园评估记录")
        verbose_name_plural = _("幼儿园评估记录")
        ordering = ["round", "region_path", "kindergarten"]
        indexes = [models.Index(fields=["round", "region_path", "kindergarten"], name="round_evaluation_order")]
        constraints = [models.UniqueConstraint(fields=["round", "kindergarten"], name="round_evaluation_once")]

    def __str__(self):
        return f"{self.round} · {self.kindergarten.name}"


#: Labels of a round's history lines that are not transitions.
ROUND_EVENT_LABELS = {
    "create": _("启动评估轮次"),
    "sample": _("抽取市级抽查样本"),
    "evaluate": _("记录评估结果"),
    "self_open": _("开启园所自评填报"),
    "self_reopen": _("园所自评重新打开，撤回自评记录"),
}


class RoundEvent(HistoryEvent):
    """One line of a round's history. Append-only."""

    round = models.ForeignKey(ProgrammeRound, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=RoundStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=RoundStatus.choices, blank=True)

    EVENT_LABELS = ROUND_EVENT_LABELS

    class Meta:
        verbose_name = _("监测轮次记录")
        verbose_name_plural = _("监测轮次记录")
        ordering = ["round", "created_at", "id"]
        indexes = [models.Index(fields=["round", "created_at", "id"], name="round_event_order")]

    def __str__(self):
        return f"{self.round_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .campaign_workflows import ROUND_WORKFLOW

        return ROUND_WORKFLOW.labels()
