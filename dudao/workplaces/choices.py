"""Kinds and states of places, research, cooperation and school self-supervision (H2, H4, H5, C3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    HOME = "home", _("督学之家")
    STUDIO = "studio", _("督学工作室")
    STATION = "station", _("教育督导工作站")
    SCHOOL_OFFICE = "school_office", _("学校督导室")
    GROUP_CENTRE = "group_centre", _("集团督评中心")


#: The kinds that are a school's (or a school group's) own self-supervision body (C3).
SELF_SUPERVISION_KINDS = (PlaceKind.SCHOOL_OFFICE, PlaceKind.GROUP_CENTRE)


class MemberRole(models.TextChoices):
    HEAD = "head", _("负责人（主持人、主任）")
    MEMBER = "member", _("成员")
    FULL_TIME = "full_time", _("专职督学")
    PART_TIME = "part_time", _("兼职督学")


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("工作活动")
    TRAINING = "training", _("培训研讨")
    EXCHANGE = "exchange", _("交流考察")
    JOINT_MONITORING = "joint_monitoring", _("联合监测")


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("申报")
    ONGOING = "ongoing", _("在研")
    CONCLUDED = "concluded", _("已结题")
    TERMINATED = "terminated", _("已终止")


class RoundKind(models.TextChoices):
    CASE = "case", _("典型案例")
    PAPER = "paper", _("研究论文")


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送")
    SHORTLISTED = "shortlisted", _("入围")
    SELECTED = "selected", _("入选")
    NOT_SELECTED = "not_selected", _("未入选")


class Circle(models.TextChoices):
    CHENGYU = "chengyu", _("成渝地区双城经济圈")
    CDMZ = "cdmz", _("成德眉资")
    OTHER = "other", _("其他")
