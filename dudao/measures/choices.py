from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    """I1: a reform plan (实施方案/实施意见) of numbered measures; I2: the office's 年度工作要点."""

    REFORM = "reform", _("改革实施方案")
    ANNUAL = "annual", _("年度工作计划")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")


class MeasureStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("推进中")
    COMPLETED = "completed", _("已完成")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    COMMITTED = "committed", _("已导入")


class ProjectStatus(models.TextChoices):
    """I3: 申报 → 立项 (or 不予立项) → 过程督导 (progress notes while 已立项) → 结项."""

    APPLIED = "applied", _("已申报")
    APPROVED = "approved", _("已立项")
    REJECTED = "rejected", _("不予立项")
    COMPLETED = "completed", _("已结项")


class CharterStatus(models.TextChoices):
    """I4: a school's charter revision, filed (备案) by the county or returned for revision."""

    SUBMITTED = "submitted", _("待备案")
    FILED = "filed", _("已备案")
    RETURNED = "returned", _("已退回")


#: How a name of the imported table was matched to a unit (the confirmation page's groups).
class MatchKind(models.TextChoices):
    MATCHED = "matched", _("已匹配")
    AMBIGUOUS = "ambiguous", _("待确认")
    UNMATCHED = "unmatched", _("未匹配")
