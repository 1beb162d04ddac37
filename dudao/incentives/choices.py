"""Kinds and states of the incentives (E6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommendationLevel(models.TextChoices):
    PRAISE = "praise", _("表扬")
    HONOUR = "honour", _("表彰")


class CommendationSubject(models.TextChoices):
    """Who is commended: a unit (a school, a government or department) or an inspector."""

    UNIT = "unit", _("单位")
    INSPECTOR = "inspector", _("督学")


class BasisKind(models.TextChoices):
    """What a commendation rests on."""

    GREEN_RESULT = "green_result", _("督导结果为绿色")
    RECTIFICATION = "rectification", _("整改成效突出")
    OTHER = "other", _("其他先进事迹")


class GoodPracticeStatus(models.TextChoices):
    """A good-practice case (典型经验) is drafted, then published (see ``workflows``)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class ExemptionState(models.TextChoices):
    """Where an exemption from supervision stands on a given day (computed, not stored)."""

    UPCOMING = "upcoming", _("未生效")
    CURRENT = "current", _("生效中")
    EXPIRED = "expired", _("已到期")
