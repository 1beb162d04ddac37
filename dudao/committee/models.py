"""Committee operations (A1–A4): the committee's meetings (全体会议 at least once a year, 专题会议)
with agenda, attendance per member unit, minutes and decisions; each decision's actions with an
owner member unit, a deadline and progress reports; the rules of procedure and work rules as
versioned documents; the supervision activities member units took part in (A3: at least one a
year). Committees and member units stay in ``orgs`` (``Unit`` of kind committee, ``MemberUnit``).

Only ``committee.workflows`` assigns ``Meeting.status`` and ``Action.status``."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import CommitteeActionStatus, MeetingKind, MeetingStatus, ParticipationKind, Presence, RuleKind


class MeetingQuerySet(ScopedQuerySet):
    """Offices, leaders and inspectors by region; a member unit's liaison (assigned on the unit)
    sees the meetings its unit was invited to."""

    scope_lookups = {"path": "region_path", "region": "committee__region_id", "unit": "attendances__member__unit_id"}


class Meeting(models.Model):
    """A committee meeting: 全体会议 (plenary, at least once a year, reviews the year's major
    matters) or 专题会议 (topic)."""

    committee = models.ForeignKey("orgs.Unit", verbose_name=_("督导委员会"), on_delete=models.PROTECT,
                                  related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "committee"  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("会议类型"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    chair = models.CharField(_("主持人"), max_length=100, blank=True)
    agenda = models.TextField(_("会议议程"))
    minutes = models.TextField(_("会议纪要"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED, editable=False)
    files = GenericRelation("attachments.Attachment")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员会会议")
        verbose_name_plural = _("委员会会议")
        ordering = ["region_path", "-held_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-held_on", "-id"], name="committee_meeting_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committee:meeting_detail", args=[self.pk])


class MeetingEvent(HistoryEvent):
    """One line of a meeting's history."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=MeetingStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=MeetingStatus.choices, blank=True)

    EVENT_LABELS = {"create": _("安排会议"), "attendance": _("登记出席情况"), "minutes": _("记录会议纪要"),
                    "decision": _("记录会议决定")}

    class Meta:
        verbose_name = _("会议记录")
        verbose_name_plural = _("会议记录")
        ordering = ["meeting", "created_at", "id"]
        indexes = [models.Index(fields=["meeting", "created_at", "id"], name="committee_meeting_event_order")]

    def __str__(self):
        return f"{self.meeting_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import MEETING_WORKFLOW

        return MEETING_WORKFLOW.labels()


class Attendance(models.Model):
    """One member unit's attendance at a meeting (出席 / 缺席 / 委托出席 with the person sent).
    Read through its meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("orgs.MemberUnit", verbose_name=_("成员单位"), on_delete=models.PROTECT,
                               related_name="+")
    presence = models.CharField(_("出席情况"), max_length=16, choices=Presence.choices, default=Presence.ABSENT)
    attendee = models.CharField(_("出席人"), max_length=100, blank=True)
    represented_by = models.CharField(_("受委托出席人"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        ordering = ["meeting", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="committee_attendance_once"),
            models.CheckConstraint(condition=~Q(presence=Presence.REPRESENTED) | ~Q(represented_by=""),
                                   name="committee_represented_named"),
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.member_id} {self.presence}"


class DecisionQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "meeting__committee__region_id",
                     "unit": "meeting__attendances__member__unit_id"}


class Decision(models.Model):
    """A decision (议定事项) of a meeting; it becomes tracked actions."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="decisions")
    region_path = RegionPathField(editable=False)
    region_path_source = "meeting"  # where the path is copied from (common/fields.py)
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("议定事项"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议决定")
        verbose_name_plural = _("会议决定")
        ordering = ["meeting", "number"]
        indexes = [models.Index(fields=["region_path", "meeting", "number"], name="committee_decision_order")]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="committee_decision_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class ActionQuerySet(ScopedQuerySet):
    """Offices by region; a member unit's liaison (assigned on the unit) sees its unit's actions."""

    scope_lookups = {"path": "region_path", "region": "decision__meeting__committee__region_id",
                     "unit": "member__unit_id"}


class Action(models.Model):
    """A decision's tracked action: the member unit that owns it, the deadline, progress reports;
    open → reported done → accepted (or returned, and reported again). ``overdue`` is flagged by
    the daily job (``services.flag_overdue``)."""

    decision = models.ForeignKey(Decision, verbose_name=_("会议决定"), on_delete=models.CASCADE,
                                 related_name="actions")
    region_path = RegionPathField(editable=False)
    region_path_source = "decision"  # where the path is copied from (common/fields.py)
    member = models.ForeignKey("orgs.MemberUnit", verbose_name=_("责任成员单位"), on_delete=models.PROTECT,
                               related_name="+")
    task = models.TextField(_("落实事项"))
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=16, choices=CommitteeActionStatus.choices, default=CommitteeActionStatus.OPEN,
                              editable=False)
    overdue = models.BooleanField(_("逾期"), default=False, editable=False)
    reported_at = models.DateTimeField(_("报办结时间"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("确认办结时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("决定事项落实")
        verbose_name_plural = _("决定事项落实")
        ordering = ["region_path", "deadline", "id"]
        indexes = [models.Index(fields=["region_path", "deadline", "id"], name="committee_action_order"),
                   models.Index(fields=["status", "deadline"], name="committee_action_due")]

    def __str__(self):
        return self.task[:40]

    def get_absolute_url(self):
        return reverse("committee:action_detail", args=[self.pk])


class ActionEvent(HistoryEvent):
    """One line of an action's history (its transitions, progress reports, the overdue flag)."""

    action_row = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=CommitteeActionStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CommitteeActionStatus.choices, blank=True)

    EVENT_LABELS = {"create": _("分解落实"), "progress": _("报送进展"), "overdue": _("逾期未办结")}

    class Meta:
        verbose_name = _("落实记录")
        verbose_name_plural = _("落实记录")
        ordering = ["action_row", "created_at", "id"]
        indexes = [models.Index(fields=["action_row", "created_at", "id"], name="committee_action_event_order")]

    def __str__(self):
        return f"{self.action_row_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import ACTION_WORKFLOW

        return ACTION_WORKFLOW.labels()


class ActionReportQuerySet(ScopedQuerySet):
    """A report is governed by its action's rights (``committee.<action>_action``)."""

    scope_lookups = {"path": "action_row__region_path", "region": "action_row__decision__meeting__committee__region_id",
                     "unit": "action_row__member__unit_id"}

    def for_user(self, user, action: str = "view"):
        from dudao.common.scoping import ALL, scope_predicate

        predicate = scope_predicate(user, f"committee.{action}_action", self.scope_lookups)
        if predicate is None:
            return self.none()
        return self.all() if predicate is ALL else self.filter(predicate)


class ActionReport(models.Model):
    """A progress report (or the completion report) of an action, with its evidence files
    (attachments, owner type ``committee.report``). Read through its action."""

    action_row = models.ForeignKey(Action, verbose_name=_("落实事项"), on_delete=models.CASCADE,
                                   related_name="reports")
    text = models.TextField(_("进展情况"))
    final = models.BooleanField(_("办结报告"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    files = GenericRelation("attachments.Attachment")

    objects = ActionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("落实进展")
        verbose_name_plural = _("落实进展")
        ordering = ["action_row", "reported_at", "id"]
        indexes = [models.Index(fields=["action_row", "reported_at", "id"], name="committee_report_order")]

    def __str__(self):
        return f"{self.action_row_id} {self.reported_at:%Y-%m-%d}"

    @property
    def region_path(self) -> str:
        return self.action_row.region_path


class RuleQuerySet(ScopedQuerySet):
    """Offices by region; member units' liaisons read their committee's rules."""

    scope_lookups = {"path": "region_path", "region": "committee__region_id", "unit": "committee__member_units__unit_id"}


class RuleDocument(models.Model):
    """One version of the committee's 议事规则 or 工作规程: the text (and files), the date it takes
    effect; a later version supersedes it from its own effective date."""

    committee = models.ForeignKey("orgs.Unit", verbose_name=_("督导委员会"), on_delete=models.PROTECT,
                                  related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "committee"  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("制度类别"), max_length=16, choices=RuleKind.choices)
    version = models.PositiveSmallIntegerField(_("版本"))
    title = models.CharField(_("名称"), max_length=200)
    effective_on = models.DateField(_("施行日期"))
    text = models.TextField(_("正文"), blank=True)
    superseded_on = models.DateField(_("废止日期"), null=True, blank=True, editable=False)
    files = GenericRelation("attachments.Attachment")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员会制度")
        verbose_name_plural = _("委员会制度")
        ordering = ["region_path", "kind", "-version"]
        indexes = [models.Index(fields=["region_path", "kind", "-version"], name="committee_rule_order")]
        constraints = [models.UniqueConstraint(fields=["committee", "kind", "version"], name="committee_rule_version")]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"

    def get_absolute_url(self):
        return reverse("committee:rule_detail", args=[self.pk])


class ParticipationQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "committee__region_id", "unit": "member__unit_id"}


class ParticipationRecord(models.Model):
    """A supervision activity a member unit took part in that the platform does not otherwise see
    (a joint check led by the department, the city's 督政 the unit joined …), recorded by the
    office. Counted with the unit's team members and 联动办理 (``selectors.participation``)."""

    committee = models.ForeignKey("orgs.Unit", verbose_name=_("督导委员会"), on_delete=models.PROTECT,
                                  related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "committee"  # where the path is copied from (common/fields.py)
    member = models.ForeignKey("orgs.MemberUnit", verbose_name=_("成员单位"), on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField(_("活动类型"), max_length=16, choices=ParticipationKind.choices)
    activity = models.CharField(_("督导活动"), max_length=200)
    held_on = models.DateField(_("活动日期"))
    task = models.ForeignKey("inspections.SupervisionTask", verbose_name=_("督导任务"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("参与情况"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导活动参与记录")
        verbose_name_plural = _("督导活动参与记录")
        ordering = ["region_path", "-held_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-held_on", "-id"], name="committee_participation_order")]

    def __str__(self):
        return f"{self.member_id} {self.activity}"
