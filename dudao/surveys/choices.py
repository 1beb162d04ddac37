from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("开放作答")
    CLOSED = "closed", _("已结束")


class SurveyPurpose(models.TextChoices):
    BALANCE = "balance", _("义务教育优质均衡·社会认可度")
    PRESCHOOL = "preschool", _("学前教育普及普惠·社会认可度")
    TASK = "task", _("督导任务问卷")
    OTHER = "other", _("其他调查")


#: Purposes whose answers feed the county's 社会认可度 (``selectors.recognition_rate``).
RECOGNITION_PURPOSES = (SurveyPurpose.BALANCE, SurveyPurpose.PRESCHOOL)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTI = "multi", _("多选")
    LIKERT = "likert", _("五级满意度")
    TEXT = "text", _("填空")


class Audience(models.TextChoices):
    """《县域义务教育优质均衡发展督导评估办法》社会认可度 调查对象 (standards.md §5.4, [U] list)."""

    STUDENT = "student", _("学生")
    PARENT = "parent", _("家长")
    TEACHER = "teacher", _("教师")
    PRINCIPAL = "principal", _("校长")
    NPC = "npc", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    PUBLIC = "public", _("群众")


class Likert(models.IntegerChoices):
    """The five levels of a 满意度 item; the stored value is the number (5 = 满意)."""

    VERY = 5, _("满意")
    RATHER = 4, _("比较满意")
    NEUTRAL = 3, _("一般")
    RATHER_NOT = 2, _("不太满意")
    NOT = 1, _("不满意")
