from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkKind(models.TextChoices):
    """What a framework is used for (督学 / 督政 / 评估监测 / 专项督导)."""

    SCHOOL_SUPERVISION = "school_supervision", _("督学（学校督导）")
    GOVERNMENT_SUPERVISION = "government_supervision", _("督政（履行教育职责）")
    EVALUATION = "evaluation", _("评估监测")
    SPECIAL = "special", _("专项督导")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class ScoringMethod(models.TextChoices):
    """How one indicator's recorded result becomes a score (see ``scoring.py``)."""

    LEVELS = "levels", _("等级评定")
    POINTS = "points", _("赋分")
    YES_NO = "yes_no", _("是否达标")
    QUANTITATIVE = "quantitative", _("定量指标")
    NONE = "none", _("不计分（汇总项）")


class Direction(models.TextChoices):
    AT_LEAST = "gte", _("不低于（≥）")
    AT_MOST = "lte", _("不高于（≤）")
    ABOVE = "gt", _("高于（＞）")
    BELOW = "lt", _("低于（＜）")


class Stage(models.TextChoices):
    """学段."""

    PRESCHOOL = "preschool", _("学前")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    SPECIAL = "special", _("特殊教育")
    VOCATIONAL = "vocational", _("中职")


class Colour(models.TextChoices):
    GREEN = "green", _("绿色")
    YELLOW = "yellow", _("黄色")
    RED = "red", _("红色")
