"""Kinds and states of the supervision budget and the inspectors' expense claims (H1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BudgetLineKind(models.TextChoices):
    """The budget lines of S2 #16 (专项经费: 督导评估、检查验收、质量监测、学习培训、课题研究、信息平台建设和维护)."""

    EVALUATION = "evaluation", _("督导评估")
    ACCEPTANCE = "acceptance", _("检查验收")
    MONITORING = "monitoring", _("质量监测")
    TRAINING = "training", _("学习培训")
    RESEARCH = "research", _("课题研究")
    PLATFORM = "platform", _("信息平台建设和维护")


class ExpenseKind(models.TextChoices):
    """The costs of part-time inspectors' supervision work (S0 §18, S1 #18, S2 #16)."""

    COMMUNICATION = "communication", _("通讯费")
    TRANSPORT = "transport", _("交通费")
    BOARD = "board", _("食宿费")
    LABOUR = "labour", _("劳务费")


class ExpenseBasis(models.TextChoices):
    """What a claim line counts."""

    VISIT = "visit", _("经常性督导（次）")
    TASK_DAY = "task_day", _("督导任务（天）")
    MONTH = "month", _("履职月份（月）")


class ClaimStatus(models.TextChoices):
    """An expense claim: computed and submitted, then approved or returned by the office (``workflows``)."""

    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")
