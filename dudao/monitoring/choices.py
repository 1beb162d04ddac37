from django.db import models
from django.utils.translation import gettext_lazy as _


class CollectionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class ValueType(models.TextChoices):
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("小数")
    TEXT = "text", _("文本")
    BOOLEAN = "boolean", _("是/否")
    CHOICE = "choice", _("选项")


#: Value types stored in ``DataValue.number`` (a boolean as 1/0); the rest go to ``DataValue.text``.
NUMERIC_TYPES = (ValueType.INTEGER, ValueType.DECIMAL, ValueType.BOOLEAN)


class Operator(models.TextChoices):
    LT = "<", "<"
    LE = "<=", "≤"
    EQ = "==", "="
    GE = ">=", "≥"
    GT = ">", ">"
    NE = "!=", "≠"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已上报")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("县级已审核（锁定）")
    ACCEPTED = "accepted", _("市级已接收")


#: States in which a unit may still change its values.
EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
#: States that count as "submitted" on a completeness page.
DONE = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED, SubmissionStatus.ACCEPTED)
