from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectorKind(models.TextChoices):
    FULL_TIME = "full_time", _("专职督学")
    PART_TIME = "part_time", _("兼职督学")
    SPECIAL = "special", _("特约教育督导员")
    VOLUNTEER = "volunteer", _("志愿教育督导员")
    ASSISTANT = "assistant", _("督学助理")


#: Kinds bound by the "at most 3 consecutive terms" rule (条例 Art. 6 applies it to 兼职督学).
TERM_LIMITED_KINDS = (InspectorKind.PART_TIME,)


class Focus(models.TextChoices):
    GOVERNMENT = "government", _("督政")
    SCHOOL = "school", _("督学")
    MONITORING = "monitoring", _("评估监测")


class Expertise(models.TextChoices):
    PRESCHOOL = "preschool", _("学前教育")
    COMPULSORY = "compulsory", _("义务教育")
    HIGH_SCHOOL = "high_school", _("普通高中")
    VOCATIONAL = "vocational", _("中职教育")
    PRIVATE = "private", _("民办教育")
    SPECIAL = "special", _("特殊教育")


class Education(models.TextChoices):
    BELOW_COLLEGE = "below_college", _("大专以下")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


BACHELOR_OR_ABOVE = (Education.BACHELOR, Education.MASTER, Education.DOCTOR)


class InspectorStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    EXITED = "exited", _("已退出")


class AppointmentStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("推荐")
    REVIEWED = "reviewed", _("审核通过")
    PUBLICISED = "publicised", _("公示")
    APPOINTED = "appointed", _("聘任")
    REJECTED = "rejected", _("未通过")
    ENDED = "ended", _("任期结束")


class ConflictKind(models.TextChoices):
    CLOSE_RELATIVE = "close_relative", _("近亲属任该单位主要负责人")
    OTHER = "other", _("其他利害关系")


class TrainingKind(models.TextChoices):
    CENTRALISED = "centralised", _("集中培训")
    ONLINE = "online", _("网络学习")
    SELF_STUDY = "self_study", _("个人自学")


class TrainingCategory(models.TextChoices):
    """What a training was about (《督学管理暂行办法》 培训内容: 政策理论、督导业务、现代信息技术、案例 …)."""

    POLICY = "policy", _("政策法规")
    THEORY = "theory", _("督导理论")
    PRACTICE = "practice", _("督导业务")
    ICT = "ict", _("现代信息技术")
    CASES = "cases", _("案例研讨")
    ETHICS = "ethics", _("师德与廉洁")
    OTHER = "other", _("其他")


class TrainingResult(models.TextChoices):
    """The training's assessment (结业考核); a failed one earns no hours."""

    NONE = "", _("未考核")
    EXCELLENT = "excellent", _("优秀")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


#: The training kinds a region may count towards the yearly minimum besides 集中培训 (region settings).
TRAINING_KIND_SETTINGS = {"online": "training.counts_online", "self_study": "training.counts_self_study"}


class AppraisalGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    FAILED = "failed", _("不合格")


class ExitReason(models.TextChoices):
    APPRAISAL_FAILED = "appraisal_failed", _("考核不合格")
    DUTIES_NOT_PERFORMED = "duties_not_performed", _("不履行职责")
    MISCONDUCT = "misconduct", _("违纪违规")
    OWN_REQUEST = "own_request", _("本人申请")
    HEALTH = "health", _("身体原因")


class ContactKind(models.TextChoices):
    """Fixed contacts (C10, S2 #6): a city inspector's 定点联系县, a school's 视导员."""

    COUNTY = "county", _("市督学定点联系县（区）")
    SCHOOL = "school", _("学校视导员")
