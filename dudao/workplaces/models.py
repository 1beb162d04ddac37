"""Places (H2), research (H4), regional cooperation (H5) and school self-supervision (C3).

- **Place**: a 督学之家, 督学工作室 (with its 共建单位 partners, S4 #14), work station (S4 #8), or a
  school's own 学校督导室 / a group's 集团督评中心 (C3, S4 #6), hosted by a unit; **PlaceMember**s
  (members, or a self-supervision body's staff); **Activity** rows (date, title, participants,
  files) of a place or of a cooperation agreement.
- **ResearchTopic** (课题: lead, members; 申报 → 在研 → 结题/终止 on the kernel, ``workflows``).
- **SelectionRound** (the yearly selection of cases or papers) with its **SelectionEntry** rows
  (已报送 → 入围 → 入选/未入选 on the kernel).
- **Agreement**: a regional cooperation agreement (成渝, 成德眉资 …: partners, scope, term); its
  activities are ``Activity`` rows (joint monitoring among them).
- **SelfInspection**: a self-supervision body's own inspection record; what it finds goes to the
  ledger as small matters (``small_matters``, E12) through ``ledger.services.ledger_item_create``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import ActivityKind, Circle, EntryStatus, MemberRole, PlaceKind, RoundKind, TopicStatus


class OfficeQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "office_id"}


class PlaceQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "unit_id"}


class Place(models.Model):
    kind = models.CharField(_("类别"), max_length=16, choices=PlaceKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    partners = models.CharField(_("共建单位"), max_length=500, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    description = models.TextField(_("简介与职责"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导阵地")
        verbose_name_plural = _("督导阵地")
        ordering = ["region_path", "kind", "name", "id"]
        indexes = [models.Index(fields=["region_path", "kind", "name", "id"], name="wpplace_scope_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workplaces:place_detail", args=[self.pk])


class PlaceChildQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "place__region_path", "region": "place__region_id", "unit": "place__unit_id"}


class PlaceMember(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职责"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("督学"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(_("工作单位"), max_length=200, blank=True)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)

    objects = PlaceChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("阵地成员")
        verbose_name_plural = _("阵地成员")
        ordering = ["place", "role", "id"]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class ActivityQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "place__unit_id"}


class Activity(models.Model):
    """An activity of a place or of a cooperation agreement (a joint monitoring among them)."""

    place = models.ForeignKey(Place, verbose_name=_("督导阵地"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="activities")
    agreement = models.ForeignKey("workplaces.Agreement", verbose_name=_("合作协议"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="activities")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = ("place", "agreement")  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("类型"), max_length=16, choices=ActivityKind.choices, default=ActivityKind.ACTIVITY)
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("主题"), max_length=200)
    participants = models.TextField(_("参加人员"), blank=True)
    participant_count = models.PositiveIntegerField(_("参加人数"), default=0)
    summary = models.TextField(_("内容纪要"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["region_path", "-held_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-held_on", "-id"], name="wpactivity_scope_order")]
        constraints = [models.CheckConstraint(condition=Q(place__isnull=False, agreement__isnull=True)
                                              | Q(place__isnull=True, agreement__isnull=False),
                                              name="activity_one_owner")]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self):
        owner = self.place or self.agreement
        return owner.get_absolute_url() + f"#activity-{self.pk}"


class ResearchTopic(models.Model):
    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    title = models.CharField(_("课题名称"), max_length=200)
    lead = models.CharField(_("主持人"), max_length=50)
    lead_inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("主持督学"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    members = models.TextField(_("课题组成员"), blank=True)
    level = models.CharField(_("级别"), max_length=50, blank=True)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    due_on = models.DateField(_("计划结题"), null=True, blank=True)
    summary = models.TextField(_("研究内容"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=TopicStatus.choices, default=TopicStatus.PROPOSED,
                              editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("研究课题")
        verbose_name_plural = _("研究课题")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="wptopic_scope_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplaces:topic_detail", args=[self.pk])


class TopicEvent(HistoryEvent):
    topic = models.ForeignKey(ResearchTopic, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=TopicStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=TopicStatus.choices, blank=True)

    class Meta:
        verbose_name = _("课题记录")
        verbose_name_plural = _("课题记录")
        ordering = ["topic", "created_at", "id"]
        indexes = [models.Index(fields=["topic", "created_at", "id"], name="wptopic_event_order")]

    def __str__(self):
        return f"{self.topic_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import EVENT_LABELS, TOPIC_WORKFLOW

        return {**EVENT_LABELS, **TOPIC_WORKFLOW.labels()}


class SelectionRound(models.Model):
    """The yearly selection (评选) of 典型案例 or 研究论文 (S4 #14)."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    year = models.PositiveIntegerField(_("年度"))
    kind = models.CharField(_("评选类别"), max_length=16, choices=RoundKind.choices)
    title = models.CharField(_("评选名称"), max_length=200)
    deadline = models.DateField(_("报送截止"))
    note = models.TextField(_("评选要求"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("案例论文评选")
        verbose_name_plural = _("案例论文评选")
        ordering = ["region_path", "-year", "-id"]
        indexes = [models.Index(fields=["region_path", "-year", "-id"], name="selround_scope_order")]
        constraints = [models.UniqueConstraint(fields=["office", "year", "kind"], name="round_one_per_year_kind",
                                               violation_error_message=_("该督导室本年度已有同类评选"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplaces:round_detail", args=[self.pk])


class EntryQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "round__region_path", "region": "round__region_id", "unit": "round__office_id"}


class SelectionEntry(models.Model):
    round = models.ForeignKey(SelectionRound, verbose_name=_("评选"), on_delete=models.CASCADE, related_name="entries")
    title = models.CharField(_("题目"), max_length=200)
    authors = models.CharField(_("作者"), max_length=200)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("作者单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    abstract = models.TextField(_("摘要"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED,
                              editable=False)
    submitted_on = models.DateField(_("报送日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("评选作品")
        verbose_name_plural = _("评选作品")
        ordering = ["round", "id"]
        permissions = [("review_selectionentry", "Can shortlist and select entries")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplaces:round_detail", args=[self.round_id]) + f"#entry-{self.pk}"

    @property
    def region_path(self) -> str:
        """The round's path: the entry's files (attachments) are scoped like its round."""
        return self.round.region_path


class EntryEvent(HistoryEvent):
    entry = models.ForeignKey(SelectionEntry, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=EntryStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=EntryStatus.choices, blank=True)

    class Meta:
        verbose_name = _("评选记录")
        verbose_name_plural = _("评选记录")
        ordering = ["entry", "created_at", "id"]
        indexes = [models.Index(fields=["entry", "created_at", "id"], name="wpentry_event_order")]

    def __str__(self):
        return f"{self.entry_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import ENTRY_WORKFLOW, EVENT_LABELS

        return {**EVENT_LABELS, **ENTRY_WORKFLOW.labels()}


class Agreement(models.Model):
    """A regional cooperation agreement (H5: 成渝, 成德眉资 …) and its term."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    title = models.CharField(_("协议名称"), max_length=200)
    circle = models.CharField(_("合作区域"), max_length=16, choices=Circle.choices)
    partners = models.CharField(_("合作方"), max_length=500)
    scope = models.TextField(_("合作内容"))
    signed_on = models.DateField(_("签订日期"))
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("截止日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("区域合作协议")
        verbose_name_plural = _("区域合作协议")
        ordering = ["region_path", "-signed_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-signed_on", "-id"], name="agreement_scope_order")]
        constraints = [models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                              name="agreement_term_ordered")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplaces:agreement_detail", args=[self.pk])


class SelfInspectionQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "place__unit_id"}


class SelfInspection(models.Model):
    """A 学校督导室's (or 集团督评中心's) own inspection of its school (or a member school)."""

    place = models.ForeignKey(Place, verbose_name=_("自我督导机构"), on_delete=models.PROTECT,
                              related_name="inspections")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("被督导学校"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    inspected_on = models.DateField(_("督导日期"))
    title = models.CharField(_("督导事项"), max_length=200)
    inspectors = models.CharField(_("督导人员"), max_length=300)
    findings = models.TextField(_("督导情况"), blank=True)
    small_matters = models.ManyToManyField("ledger.LedgerItem", verbose_name=_("小事（台账问题）"), blank=True,
                                           related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = SelfInspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("学校自我督导记录")
        verbose_name_plural = _("学校自我督导记录")
        ordering = ["region_path", "-inspected_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-inspected_on", "-id"], name="selfinspection_scope_order")]

    def __str__(self):
        return f"{self.inspected_on} {self.title}"

    def get_absolute_url(self):
        return reverse("workplaces:selfinspection_detail", args=[self.pk])

