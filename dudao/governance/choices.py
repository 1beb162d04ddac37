from django.db import models
from django.utils.translation import gettext_lazy as _


class SixOnes(models.TextChoices):
    """The "六个一" work system folded into every 督政清单 (S4 #4). The seed names the system, not its
    six items; these are the platform's reading of it (documented in docs/governance.md, 待核实)."""

    LEADER = "leader", _("一名分管领导")
    LIAISON = "liaison", _("一名联络员")
    DUTY_LIST = "duty_list", _("一份履职清单")
    STUDY = "study", _("一次专题研究")
    ACTIVITY = "activity", _("一次督导活动")
    REPORT = "report", _("一份年度履职报告")


class ItemKind(models.TextChoices):
    SIX_ONES = "six_ones", _("“六个一”工作制度")
    DUTY = "duty", _("部门履职事项")


class SelfCheckStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    VERIFIED = "verified", _("已核实")


class AnswerResult(models.TextChoices):
    DONE = "done", _("已落实")
    PARTIAL = "partial", _("部分落实")
    NOT_DONE = "not_done", _("未落实")
    NOT_APPLICABLE = "na", _("不适用")
