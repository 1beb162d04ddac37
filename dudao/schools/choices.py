from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolStage(models.TextChoices):
    """学段 of a school as a whole (its type by the stages it runs)."""

    KINDERGARTEN = "kindergarten", _("幼儿园")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    NINE_YEAR = "nine_year", _("九年一贯制")
    COMPLETE_SECONDARY = "complete_secondary", _("完全中学")
    SENIOR = "senior", _("高级中学")
    TWELVE_YEAR = "twelve_year", _("十二年一贯制")
    VOCATIONAL = "vocational", _("中等职业学校")
    SPECIAL = "special", _("特殊教育学校")


class Section(models.TextChoices):
    """A 学段 section for which enrolment and classes are counted."""

    PRESCHOOL = "preschool", _("学前")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("普通高中")
    VOCATIONAL = "vocational", _("中职")
    SPECIAL = "special", _("特殊教育")


class ManagementAuthority(models.TextChoices):
    """学校管理权限: who manages the school, and so which office runs its principal's tenure-end
    supervision (C5): the county's for county schools, the city's for the schools it runs directly."""

    COUNTY = "county", _("县（区）管理")
    CITY = "city", _("市直属")


class Ownership(models.TextChoices):
    """办学性质."""

    PUBLIC = "public", _("公办")
    PRIVATE = "private", _("民办")
    INCLUSIVE_PRIVATE = "inclusive_private", _("普惠性民办")
