"""Choices of the committee app (A1–A4): meetings, attendance, decisions' actions, rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("全体会议")
    TOPIC = "topic", _("专题会议")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("计划召开")
    HELD = "held", _("已召开")
    APPROVED = "approved", _("纪要已审定")


class Presence(models.TextChoices):
    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")
    REPRESENTED = "represented", _("委托出席")


class CommitteeActionStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    REPORTED = "reported", _("已报办结")
    ACCEPTED = "accepted", _("已确认办结")
    RETURNED = "returned", _("退回继续办理")


#: The states in which an action is still owed by its owner (overdue counts only these).
OWED = (CommitteeActionStatus.OPEN, CommitteeActionStatus.RETURNED)


class RuleKind(models.TextChoices):
    PROCEDURE = "procedure", _("议事规则")
    WORK_RULES = "work_rules", _("工作规程")


class ParticipationKind(models.TextChoices):
    GOVERNMENT = "government", _("参加督政（对下级政府、部门履职评价）")
    JOINT_CHECK = "joint_check", _("联合督导检查")
    SPECIAL = "special", _("专项督导")
    OTHER = "other", _("其他教育督导活动")
