"""Kinds and states of supervision work (C1, C4–C9, D1, E10, E12)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    REGULAR = "regular", _("经常性督导")
    SPECIAL = "special", _("专项督导")
    COMPREHENSIVE = "comprehensive", _("综合督导")
    EVALUATION = "evaluation", _("督导评估")
    PRINCIPAL_TENURE = "principal_tenure", _("校（园）长任期结束综合督导")
    GOVERNMENT = "government", _("履行教育职责评价（督政）")
    FOLLOW_UP = "follow_up", _("回头看")
    URGENT = "urgent", _("突发事件督导")


#: 条例 Art. 16: every 专项 and 综合 supervision needs a team of at least 3 inspectors — the 督政 of a
#: government (Art. 2 (1), Art. 14) and 督导评估 are 专项 or 综合 supervision too. The number is the
#: region setting ``inspection.min_team_size`` (a floor of 3: a region may only raise it).
TEAM_OF_THREE_KINDS = (TaskKind.SPECIAL, TaskKind.COMPREHENSIVE, TaskKind.PRINCIPAL_TENURE, TaskKind.GOVERNMENT,
                       TaskKind.EVALUATION)


class TaskStatus(models.TextChoices):
    """The statutory procedure (条例 Arts. 13–24)."""

    DRAFT = "draft", _("草稿")
    NOTIFIED = "notified", _("已通知")
    SELF_EVALUATION = "self_evaluation", _("自评")
    ON_SITE = "on_site", _("实地督导")
    PRELIMINARY_OPINION = "preliminary_opinion", _("初步意见")
    OBJECTION_WINDOW = "objection_window", _("申辩期")
    OPINION_LETTER = "opinion_letter", _("督导意见书")
    REPORT = "report", _("督导报告")
    PUBLISHED = "published", _("已公布")
    ARCHIVED = "archived", _("已归档")


#: A 暗访 task becomes visible to its targets once it has reached the report (D1).
REPORTED_STATUSES = (TaskStatus.REPORT, TaskStatus.PUBLISHED, TaskStatus.ARCHIVED)
#: Tasks that count as "had or planned" for burden control (D2).
ACTIVE_STATUSES = tuple(s for s in TaskStatus.values if s != TaskStatus.ARCHIVED)


class ScopeMode(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合")
    SPECIAL = "special", _("专项")


class TimingMode(models.TextChoices):
    PROCESS = "process", _("过程性")
    RESULT = "result", _("结果性")


class ScheduleMode(models.TextChoices):
    ROUTINE = "routine", _("日常")
    RANDOM = "random", _("随机")


class ChannelMode(models.TextChoices):
    ONLINE = "online", _("线上")
    OFFLINE = "offline", _("线下")


class SubjectMode(models.TextChoices):
    SELF = "self", _("自我")
    CROSS = "cross", _("交叉")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("组长")
    MEMBER = "member", _("组员")
    EXPERT = "expert", _("专家")


class Colour(models.TextChoices):
    """E10 three colours."""

    GREEN = "green", _("绿色（经验推广）")
    YELLOW = "yellow", _("黄色（预警，发督导意见书）")
    RED = "red", _("红色（问责）")


class OpinionKind(models.TextChoices):
    STUDENTS = "students", _("学生座谈会")
    PARENTS = "parents", _("家长座谈会")
    TEACHERS = "teachers", _("教师座谈会")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    INTERVIEW = "interview", _("个别访谈")
    LESSON = "lesson", _("听课")


class ObjectionState(models.TextChoices):
    """A target unit's answer to the preliminary opinion: none yet, an objection (申辩), or a
    waiver (无异议). Either answer counts as answered for the objection window."""

    NONE = "none", _("未答复")
    OBJECTION = "objection", _("提出申辩")
    WAIVED = "waived", _("无异议")


class SelfReviewDecision(models.TextChoices):
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回修改")


class FileKind(models.TextChoices):
    SELF_EVALUATION = "self_evaluation", _("自评报告")
    EVIDENCE = "evidence", _("佐证材料")
    PHOTO = "photo", _("现场照片")
    FILE = "file", _("现场文件")


class Severity(models.TextChoices):
    MINOR = "minor", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class Routing(models.TextChoices):
    """E12: who resolves a problem."""

    SMALL = "small", _("小事（学校自行解决）")
    HARD = "hard", _("难事（督导室协调）")
    MAJOR = "major", _("大事（多部门联动）")


class VisitMethod(models.TextChoices):
    LESSON = "lesson", _("随机听课")
    RECORDS = "records", _("查阅资料")
    MEETING = "meeting", _("列席会议")
    INTERVIEW = "interview", _("座谈走访")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")


class ChecklistItem(models.TextChoices):
    """The 8 items of 挂牌督导 (《中小学校责任督学挂牌督导办法》 Art. 4)."""

    GOVERNANCE = "governance", _("校务管理和制度执行")
    ENROLMENT = "enrolment", _("招生、收费、择校")
    TEACHING = "teaching", _("课程开设和课堂教学")
    BURDEN = "burden", _("学生学习、体育锻炼和课业负担")
    TEACHERS = "teachers", _("教师师德和专业发展")
    SAFETY = "safety", _("校园及周边安全")
    CANTEEN = "canteen", _("食堂和饮水卫生")
    MORAL = "moral", _("校风、教风和学风建设")


class FilingStatus(models.TextChoices):
    """条例 Art. 23: the report of a 县级以上地方 office is filed with the office one level up (备案)."""

    NONE = "none", _("未报备案")
    FILED = "filed", _("已报上级备案")
    ACKNOWLEDGED = "acknowledged", _("上级已确认备案")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    ACKNOWLEDGED = "acknowledged", _("已确认")
