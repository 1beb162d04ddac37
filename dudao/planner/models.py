"""The supervision planner's data (issue 19): a region's semester calendar (school days, holidays and
exam weeks as rows), the inspectors' and schools' blocked dates and part-time days, and the plans —
a draft an office generates with the solver (``engine.solve``), reviews (move, lock, re-solve) and
publishes; a later plan of the same semester supersedes it. A plan's visits are ``PlanVisit`` rows
(one per job of the problem, ``job_key``), read by each inspector's calendar (web and .ics), each
school's home (never the 暗访) and the progress page. Only ``workflows.WORKFLOW`` assigns
``Plan.status``."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import BlockReason, DayKind, PlanStatus, SolveStatus, VisitKind


class OfficeQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "office_id"}


class Semester(models.Model):
    """A region's semester as its office plans it: first and last school day; its holidays and exam
    weeks are ``SemesterDay`` rows (weekends are never school days)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("学期名称"), max_length=100)
    start = models.DateField(_("开学日期"))
    end = models.DateField(_("结束日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("学期校历")
        verbose_name_plural = _("学期校历")
        ordering = ["region_path", "-start", "id"]
        indexes = [models.Index(fields=["region_path", "-start", "id"], name="planner_semester_order")]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="planner_semester_unique_name"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="planner_semester_ordered",
                                   violation_error_message=_("结束日期应晚于开学日期")),
        ]

    def __str__(self):
        return self.name


class SemesterDay(models.Model):
    """A holiday or an exam week of a semester (a date range)."""

    semester = models.ForeignKey(Semester, on_delete=models.CASCADE, related_name="days")
    kind = models.CharField(_("类别"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=50)
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))

    class Meta:
        verbose_name = _("校历节假日、考试周")
        verbose_name_plural = _("校历节假日、考试周")
        ordering = ["semester", "start", "id"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="planner_day_ordered")]

    def __str__(self):
        return f"{self.name} {self.start}—{self.end}"


class InspectorChildQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "inspector__region_path", "region": "inspector__office__region_id",
                     "unit": "inspector__office_id"}


class InspectorBlock(models.Model):
    """Dates an inspector cannot visit (training, leave, meetings)."""

    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("督学"), on_delete=models.CASCADE,
                                  related_name="+")
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))
    reason = models.CharField(_("原因"), max_length=16, choices=BlockReason.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = InspectorChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("督学不可安排日期")
        verbose_name_plural = _("督学不可安排日期")
        ordering = ["inspector", "start", "id"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")),
                                              name="planner_inspector_block_ordered")]

    def __str__(self):
        return f"{self.inspector} {self.start}—{self.end}"


class InspectorCalendar(models.Model):
    """An inspector's planning facts: working days a month (part-time inspectors) and the secret
    token of their .ics feed."""

    inspector = models.OneToOneField("inspectors.Inspector", verbose_name=_("督学"), on_delete=models.CASCADE,
                                     primary_key=True, related_name="planner_calendar")
    days_per_month = models.PositiveSmallIntegerField(_("每月可安排天数"), null=True, blank=True,
                                                      help_text=_("兼职督学每月可用于督导的天数；留空为不限"))
    feed_token = models.CharField(_("日历订阅令牌"), max_length=64, unique=True, default=secrets.token_urlsafe,
                                  editable=False)

    objects = InspectorChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("督学日程设置")
        verbose_name_plural = _("督学日程设置")
        ordering = ["inspector"]

    def __str__(self):
        return str(self.inspector)


class SchoolChildQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "school__region_path", "region": "school__region_id", "unit": "school_id"}


class SchoolBlock(models.Model):
    """Dates a school cannot receive visits (its own events, exams of its own)."""

    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))
    reason = models.CharField(_("原因"), max_length=200)

    objects = SchoolChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("学校不宜安排日期")
        verbose_name_plural = _("学校不宜安排日期")
        ordering = ["school", "start", "id"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")),
                                              name="planner_school_block_ordered")]

    def __str__(self):
        return f"{self.school} {self.start}—{self.end}"


class Plan(models.Model):
    """A semester's visit plan of an office: draft → published → superseded."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    semester = models.ForeignKey(Semester, verbose_name=_("学期"), on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("计划名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              editable=False)
    previous = models.ForeignKey("self", verbose_name=_("所依据的已发布计划"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    leaving = models.ForeignKey("inspectors.Inspector", verbose_name=_("调整原因：离开的督学"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    leaving_from = models.DateField(_("离开日期"), null=True, blank=True)
    # The last solve: what the solver said (status, gap, seconds, the collisions when infeasible).
    solve_status = models.CharField(_("求解结果"), max_length=16, choices=SolveStatus.choices, blank=True)
    solver = models.CharField(_("求解器"), max_length=16, blank=True)
    gap = models.FloatField(_("最优性差距"), null=True, blank=True)
    seconds = models.FloatField(_("求解用时（秒）"), null=True, blank=True)
    conflicts = models.JSONField(_("冲突说明"), default=list, blank=True)
    unplaced = models.JSONField(_("未安排的工作"), default=list, blank=True)
    solved_at = models.DateTimeField(_("求解时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导计划")
        verbose_name_plural = _("督导计划")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="planner_plan_order")]
        constraints = [models.UniqueConstraint(fields=["semester"], condition=Q(status=PlanStatus.PUBLISHED),
                                               name="planner_one_published_per_semester")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("planner:plan_detail", args=[self.pk])


class PlanEvent(HistoryEvent):
    """One line of a plan's history: created, generated, visits moved or locked, published, superseded."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=PlanStatus.choices, blank=True)

    EVENT_LABELS = {
        "create": _("创建"),
        "generate": _("生成计划"),
        "move": _("调整日期"),
        "lock": _("锁定"),
        "unlock": _("解除锁定"),
        "replan": _("督学离开，重新安排"),
    }

    class Meta:
        verbose_name = _("督导计划记录")
        verbose_name_plural = _("督导计划记录")
        ordering = ["plan", "created_at", "id"]
        indexes = [models.Index(fields=["plan", "created_at", "id"], name="planner_event_order")]

    def __str__(self):
        return f"{self.plan_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import WORKFLOW

        return WORKFLOW.labels()


class VisitQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "school__region_path", "region": "school__region_id", "unit": "school_id"}


class PlanVisit(models.Model):
    """One planned visit: a job of the plan's problem placed on a day with its inspectors."""

    plan = models.ForeignKey(Plan, verbose_name=_("督导计划"), on_delete=models.CASCADE, related_name="visits")
    job_key = models.CharField(_("工作编号"), max_length=64)
    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=16, choices=VisitKind.choices)
    inspectors = models.ManyToManyField("inspectors.Inspector", verbose_name=_("督学"), related_name="+")
    leader = models.ForeignKey("inspectors.Inspector", verbose_name=_("组长"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    locked = models.BooleanField(_("已锁定"), default=False)
    unannounced = models.BooleanField(_("暗访"), default=False)
    required = models.BooleanField(_("法定底线"), default=True)
    task = models.ForeignKey("inspections.SupervisionTask", verbose_name=_("督导任务"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    target = models.ForeignKey("inspections.TaskTarget", verbose_name=_("督导对象"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划督导")
        verbose_name_plural = _("计划督导")
        ordering = ["plan", "date", "school_id", "id"]
        indexes = [models.Index(fields=["plan", "date"], name="planner_visit_plan_date"),
                   models.Index(fields=["school", "date"], name="planner_visit_school_date")]
        constraints = [models.UniqueConstraint(fields=["plan", "job_key"], name="planner_visit_job_unique")]

    def __str__(self):
        return f"{self.school} {self.date} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("planner:plan_detail", args=[self.plan_id]) + f"#visit-{self.pk}"
