"""Choices of creation campaigns (创建, B4) and monitoring programmes (G1, C6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    BALANCE = "balance", _("义务教育优质均衡发展县创建")
    PRESCHOOL = "preschool", _("学前教育普及普惠县创建")


class CampaignStatus(models.TextChoices):
    """The stage the campaign is at: each of the four steps is in progress until it passes."""

    COUNTY = "county", _("县级自评")
    CITY = "city", _("市级复核")
    PROVINCE = "province", _("省级评估")
    NATIONAL = "national", _("国家认定")
    RECOGNISED = "recognised", _("已通过国家认定")
    REVOKED = "revoked", _("已撤销")


class Stage(models.TextChoices):
    """The four milestones of a campaign (standards §5.5 process)."""

    COUNTY = "county", _("县级自评")
    CITY = "city", _("市级复核")
    PROVINCE = "province", _("省级评估")
    NATIONAL = "national", _("国家认定")


STAGE_ORDER = (Stage.COUNTY, Stage.CITY, Stage.PROVINCE, Stage.NATIONAL)


class ProgrammeKind(models.TextChoices):
    KINDERGARTEN_CONDUCT = "kindergarten_conduct", _("幼儿园办园行为督导评估")
    COMPULSORY_QUALITY = "compulsory_quality", _("义务教育质量评价")
    HIGHSCHOOL_QUALITY = "highschool_quality", _("普通高中办学质量评价")
    PHYSICAL_HEALTH = "physical_health", _("学生体质健康监测")
    VOCATIONAL_CAPACITY = "vocational_capacity", _("中等职业学校办学能力评估")


class RoundStatus(models.TextChoices):
    """A kindergarten conduct round (C6): self-evaluation → full-coverage county evaluation → the
    city's spot-check → closed."""

    SELF = "self", _("园所自评")
    COUNTY = "county", _("县级全覆盖评估")
    CITY = "city", _("市级抽查")
    CLOSED = "closed", _("已完成")


class Conclusion(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
