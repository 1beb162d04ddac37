"""Supervision tasks of every kind (C4–C9, B1, D1, D3) and the rows the procedure collects."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet, user_assignments

from ..choices import (
    REPORTED_STATUSES,
    ChannelMode,
    Colour,
    FilingStatus,
    ObjectionState,
    OpinionKind,
    ScheduleMode,
    ScopeMode,
    SubjectMode,
    TaskKind,
    TaskStatus,
    TeamRole,
    TimingMode,
)

FILE_TYPES = ["jpg", "jpeg", "png", "heic", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "mp4"]


def _target_units(user) -> set:
    units = {a.unit_id for a in user_assignments(user) if a.unit_id}
    if getattr(user, "unit_id", None):
        units.add(user.unit_id)
    return units


class TaskQuerySet(ScopedQuerySet):
    """Offices see their region's tasks; a target unit's users see the tasks aimed at their unit —
    except 暗访 tasks before they are reported (D1)."""

    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "targets__unit_id"}

    def for_user(self, user, action: str = "view"):
        qs = super().for_user(user, action)
        if user is None:
            return qs
        units = _target_units(user)
        if units:
            hidden = TaskTarget.objects.filter(task=OuterRef("pk"), unit_id__in=units)
            qs = qs.exclude(Q(is_covert=True) & ~Q(status__in=REPORTED_STATUSES) & Exists(hidden))
        if any(a.unit_id for a in user_assignments(user)):
            qs = qs.distinct()
        return qs


class SupervisionTask(models.Model):
    """A 督导任务: who is supervised, by whom, against which framework version, in which modes,
    and where it stands in the statutory procedure. ``status`` is set only by ``workflows``."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    office = models.ForeignKey("orgs.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("督导类型"), max_length=24, choices=TaskKind.choices)
    title = models.CharField(_("任务名称"), max_length=200)
    topic = models.CharField(_("督导主题"), max_length=200, blank=True)
    framework_version = models.ForeignKey("frameworks.FrameworkVersion", verbose_name=_("指标体系版本"),
                                          null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scope_mode = models.CharField(_("综合/专项"), max_length=16, choices=ScopeMode.choices, default=ScopeMode.SPECIAL)
    timing_mode = models.CharField(_("过程性/结果性"), max_length=16, choices=TimingMode.choices,
                                   default=TimingMode.RESULT)
    schedule_mode = models.CharField(_("日常/随机"), max_length=16, choices=ScheduleMode.choices,
                                     default=ScheduleMode.ROUTINE)
    channel_mode = models.CharField(_("线上/线下"), max_length=16, choices=ChannelMode.choices,
                                    default=ChannelMode.OFFLINE)
    subject_mode = models.CharField(_("自我/交叉"), max_length=16, choices=SubjectMode.choices, default=SubjectMode.CROSS)
    is_covert = models.BooleanField(_("暗访"), default=False, help_text=_("暗访任务在形成报告前对被督导单位不可见"))
    requires_self_evaluation = models.BooleanField(_("需要自评"), default=False)
    agency = models.ForeignKey("orgs.Unit", verbose_name=_("第三方评估机构"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    experts = models.TextField(_("外聘专家"), blank=True)
    plan_item = models.ForeignKey("inspections.WorkPlanItem", verbose_name=_("年度计划事项"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="tasks")
    follows = models.ForeignKey("self", verbose_name=_("回头看的原任务"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="follow_ups")
    start_date = models.DateField(_("实地督导开始"), null=True, blank=True)
    end_date = models.DateField(_("实地督导结束"), null=True, blank=True)
    notice_date = models.DateField(_("通知日期"), null=True, blank=True)
    objection_deadline = models.DateField(_("申辩截止"), null=True, blank=True)
    report_summary = models.TextField(_("报告概述"), blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=TaskStatus.choices, default=TaskStatus.DRAFT,
                              editable=False)
    #: 条例 Art. 23 备案 with the office one level up (its own machine, ``workflows.FILING``).
    filing_status = models.CharField(_("报告备案"), max_length=16, choices=FilingStatus.choices,
                                     default=FilingStatus.NONE, editable=False)
    filed_at = models.DateTimeField(_("报备案时间"), null=True, blank=True, editable=False)
    filing_acknowledged_at = models.DateTimeField(_("上级确认备案时间"), null=True, blank=True, editable=False)
    filing_acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认备案人"), null=True,
                                               blank=True, on_delete=models.SET_NULL, related_name="+",
                                               editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导任务")
        verbose_name_plural = _("督导任务")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="task_scope_order"),
                   models.Index(fields=["status"], name="task_status")]
        constraints = [models.CheckConstraint(
            condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            name="task_dates_ordered", violation_error_message=_("结束日期不能早于开始日期"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:task_detail", args=[self.pk])

    @property
    def is_government(self) -> bool:
        return self.kind == TaskKind.GOVERNMENT


class TaskChildQuerySet(ScopedQuerySet):
    """Rows of a task are governed by the task's permissions (``inspections.<action>_supervisiontask``)
    and by its visibility (a hidden 暗访 task hides its rows too)."""

    scope_lookups = {"path": "task__region_path", "region": "task__region_id", "unit": "task__targets__unit_id"}

    def for_user(self, user, action: str = "view"):
        from dudao.common.scoping import ALL, scope_predicate

        predicate = scope_predicate(user, f"inspections.{action}_supervisiontask", self.scope_lookups)
        if predicate is None:
            return self.none()
        qs = self.all() if predicate is ALL else self.filter(predicate)
        if user is not None:
            qs = qs.filter(task__in=SupervisionTask.objects.for_user(user, "view").values("pk"))
            if any(a.unit_id for a in user_assignments(user)):
                qs = qs.distinct()
        return qs


class TargetQuerySet(TaskChildQuerySet):
    """A target unit's users see their own target row, not the other targets' results."""

    scope_lookups = {"path": "task__region_path", "region": "task__region_id", "unit": "unit_id"}


class TaskTarget(models.Model):
    """One supervised unit of a task, with its self-evaluation and its result (E10). The result
    keeps the framework version it was computed with."""

    task = models.ForeignKey(SupervisionTask, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("被督导单位"), on_delete=models.PROTECT, related_name="+")
    self_report = models.TextField(_("自评报告"), blank=True)
    self_submitted_at = models.DateTimeField(_("自评提交时间"), null=True, blank=True)
    self_reviewed_at = models.DateTimeField(_("自评审核时间"), null=True, blank=True)
    self_returned_at = models.DateTimeField(_("自评退回时间"), null=True, blank=True)
    self_return_reason = models.TextField(_("自评退回理由"), blank=True)
    objection_state = models.CharField(_("申辩答复"), max_length=16, choices=ObjectionState.choices,
                                       default=ObjectionState.NONE)
    objection = models.TextField(_("申辩意见"), blank=True)
    #: When the unit answered (objection or waiver); the objection window's guard reads it.
    objection_at = models.DateTimeField(_("申辩时间"), null=True, blank=True)
    objection_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申辩录入人"), null=True,
                                              blank=True, on_delete=models.SET_NULL, related_name="+")
    objection_on_behalf = models.BooleanField(_("督导室代录"), default=False,
                                              help_text=_("督导室根据单位的纸质答复代为录入"))
    evaluation = models.TextField(_("督导评价"), blank=True)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=32, blank=True)
    colour = models.CharField(_("三色"), max_length=8, choices=Colour.choices, blank=True)
    result_detail = models.JSONField(_("评分明细"), default=dict, blank=True)
    result_version = models.ForeignKey("frameworks.FrameworkVersion", verbose_name=_("计分所用版本"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(_("计分时间"), null=True, blank=True)

    #: The unit's own files of the task (attachments: self-evaluation evidence, on-site photos …).
    files = GenericRelation("attachments.Attachment")

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("被督导单位")
        verbose_name_plural = _("被督导单位")
        ordering = ["task_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="target_unique_per_task",
                                    violation_error_message=_("该单位已是本任务的督导对象")),
            models.CheckConstraint(
                condition=(Q(objection_state=ObjectionState.NONE) & Q(objection_at__isnull=True))
                | (~Q(objection_state=ObjectionState.NONE) & Q(objection_at__isnull=False)),
                name="target_objection_answered_at"),
            models.CheckConstraint(condition=~Q(objection_state=ObjectionState.OBJECTION) | ~Q(objection=""),
                                   name="target_objection_has_text"),
        ]

    def __str__(self):
        return f"{self.task} · {self.unit}"

    @property
    def region_path(self) -> str:
        """The task's path: the files of a target (attachments) are scoped like the task."""
        return self.task.region_path


class TeamMember(models.Model):
    """A member of the supervision team (督导组); recusal is checked when added (F6)."""

    task = models.ForeignKey(SupervisionTask, on_delete=models.CASCADE, related_name="team")
    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("督学"), on_delete=models.PROTECT,
                                  related_name="+")
    role = models.CharField(_("职责"), max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)
    override_reason = models.TextField(_("回避例外理由"), blank=True)

    objects = TaskChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导组成员")
        verbose_name_plural = _("督导组成员")
        ordering = ["task_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "inspector"], name="team_member_unique"),
            models.UniqueConstraint(fields=["task"], condition=Q(role=TeamRole.LEADER), name="team_one_leader",
                                    violation_error_message=_("督导组只能有一名组长")),
        ]

    def __str__(self):
        return f"{self.inspector}（{self.get_role_display()}）"


class TaskEvent(HistoryEvent):
    """One step of the procedure: from, to, who, when, note (the history users see)."""

    task = models.ForeignKey(SupervisionTask, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=24, choices=TaskStatus.choices + FilingStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("新状态"), max_length=24, choices=TaskStatus.choices + FilingStatus.choices,
                                 blank=True)

    #: The procedure's steps that are not transitions of the task (a target's answers and reviews).
    EVENT_LABELS = {
        "self_evaluation_approved": _("自评审核通过"),
        "self_evaluation_returned": _("自评退回修改"),
        "objection": _("提出申辩"),
        "objection_waived": _("无异议"),
    }

    objects = TaskChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务流转记录")
        verbose_name_plural = _("任务流转记录")
        ordering = ["task_id", "created_at", "id"]
        indexes = [models.Index(fields=["task", "created_at", "id"], name="taskevent_order")]

    def __str__(self):
        return f"{self.task}: {self.from_status} → {self.to_status}"

    @classmethod
    def transition_labels(cls) -> dict:
        from dudao.inspections.workflows import FILING, WORKFLOW

        return {**WORKFLOW.labels(), **FILING.labels()}


class IndicatorScore(models.Model):
    """The team's result on one indicator (leaf code) for one target, as the engine reads it."""

    target = models.ForeignKey(TaskTarget, on_delete=models.CASCADE, related_name="scores")
    code = models.CharField(_("指标编码"), max_length=64)
    value = models.JSONField(_("评定结果"), null=True, blank=True)
    note = models.TextField(_("评价说明"), blank=True)
    self_value = models.JSONField(_("自评结果"), null=True, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("指标评分")
        verbose_name_plural = _("指标评分")
        ordering = ["target_id", "code"]
        constraints = [models.UniqueConstraint(fields=["target", "code"], name="score_unique_per_indicator")]

    def __str__(self):
        return f"{self.target} {self.code}"


class OpinionRecord(models.Model):
    """A public-opinion record: 座谈会 with students, parents or teachers, or a questionnaire."""

    target = models.ForeignKey(TaskTarget, on_delete=models.CASCADE, related_name="opinions")
    kind = models.CharField(_("类别"), max_length=16, choices=OpinionKind.choices)
    held_on = models.DateField(_("日期"))
    participants = models.PositiveIntegerField(_("参与人数"), default=0)
    satisfaction = models.DecimalField(_("满意度（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    summary = models.TextField(_("主要意见"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("民意调查记录")
        verbose_name_plural = _("民意调查记录")
        ordering = ["target_id", "held_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"
