"""Statuses and kinds of the problem ledger (E4, E11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerStatus(models.TextChoices):
    """The rectification procedure of one problem (E11): see ``workflows``."""

    ISSUED = "issued", _("已下达整改")
    PLAN_SUBMITTED = "plan_submitted", _("已报整改方案")
    IN_PROGRESS = "in_progress", _("整改中")
    REPORTED = "reported", _("已报整改结果")
    RECHECKING = "rechecking", _("复查中")
    CLOSED = "closed", _("已销号")


#: States in which the unit still owes the rectification (deadline applies; extension possible).
OPEN_STATUSES = (LedgerStatus.ISSUED, LedgerStatus.PLAN_SUBMITTED, LedgerStatus.IN_PROGRESS)


class LedgerSource(models.TextChoices):
    """Where the problem came from (E11)."""

    VISIT = "visit", _("经常性督导")
    TASK = "task", _("督导任务")
    MONITORING = "monitoring", _("监测评估")
    COMPLAINT = "complaint", _("群众投诉")
    HOTLINE = "hotline", _("12345热线")
    MEDIA = "media", _("媒体反映")
    UPPER_FEEDBACK = "upper_feedback", _("上级反馈")
    RECHECK = "recheck", _("复查/回头看发现反弹")


class RecheckMethod(models.TextChoices):
    """How a re-check (复查) is done (E11)."""

    UNANNOUNCED = "unannounced", _("暗访")
    SAMPLING = "sampling", _("抽查")
    ON_SITE = "on_site", _("实地查看")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("不同意")


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("整改期限提醒")
    SUPERVISION = "supervision", _("逾期督办")
    ESCALATION = "escalation", _("再次逾期升级督办")


class OrderStatus(models.TextChoices):
    """A 督办 drafted by the daily job, issued by the office (E4)."""

    DRAFT = "draft", _("待签发")
    ISSUED = "issued", _("已签发")
