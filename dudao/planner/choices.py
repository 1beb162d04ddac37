from django.db import models
from django.utils.translation import gettext_lazy as _

from . import problem


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")


class VisitKind(models.TextChoices):
    REGULAR = problem.REGULAR, _("经常性督导")
    TENURE_END = problem.TENURE_END, _("校长任期结束督导")
    COMPREHENSIVE = problem.COMPREHENSIVE, _("综合督导")
    REVISIT = problem.REVISIT, _("回头看")
    SPECIAL = problem.SPECIAL, _("专项督导")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("节假日")
    EXAM = "exam", _("考试周")


class BlockReason(models.TextChoices):
    TRAINING = "training", _("培训")
    LEAVE = "leave", _("请假")
    MEETING = "meeting", _("会议")
    OTHER = "other", _("其他")


class SolveStatus(models.TextChoices):
    OPTIMAL = problem.OPTIMAL, _("最优")
    FEASIBLE = problem.FEASIBLE, _("可行")
    INFEASIBLE = problem.INFEASIBLE, _("无法满足底线")
    UNKNOWN = problem.UNKNOWN, _("未求得")
