"""States and kinds of the upper level's evaluation and of 备案."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationStatus(models.TextChoices):
    """An upper-level evaluation of a county's government (B3): the city announces it, the county
    office splits the indicators and its member units check themselves, the county submits the
    package, the city reviews it (its findings land on the units' ledgers)."""

    ANNOUNCED = "announced", _("已部署，待分解指标")
    SELF_CHECK = "self_check", _("成员单位自查中")
    SUBMITTED = "submitted", _("已报送上级")
    REVIEWED = "reviewed", _("上级已评估反馈")


class AssignmentStatus(models.TextChoices):
    """One indicator given to one member unit: its self-check and the county office's review."""

    PENDING = "pending", _("待自查")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已审核")


#: States in which the member unit still owes its self-check (the deadline applies).
OPEN_ASSIGNMENT = (AssignmentStatus.PENDING, AssignmentStatus.RETURNED)


class FilingKind(models.TextChoices):
    """What a lower office files with the office above (A5; 《教育督导条例》第二十三条)."""

    TASK_REPORT = "task_report", _("督导报告")
    CASE_DECISION = "case_decision", _("问责决定")
    EVALUATION_PACKAGE = "evaluation_package", _("上级评估自评材料")
    MATTER = "matter", _("重大事项")


class UpwardFilingStatus(models.TextChoices):
    FILED = "filed", _("待确认")
    ACKNOWLEDGED = "acknowledged", _("已确认备案")
    RETURNED = "returned", _("已退回")
