"""Statuses and kinds of the problem ledger (E4, E11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerStatus(models.TextChoices):
    """The rectification procedure of one problem (E11): see ``workflows``. A task's problems are
    recorded as drafts (待下达: not yet binding, editable, invisible to the unit) and issued with the
    task's opinion letter (条例 Arts. 21–22); every other problem is issued on recording."""

    DRAFT = "draft", _("待下达")
    ISSUED = "issued", _("已下达整改")
    PLAN_SUBMITTED = "plan_submitted", _("已报整改方案")
    IN_PROGRESS = "in_progress", _("整改中")
    REPORTED = "reported", _("已报整改结果")
    RECHECKING = "rechecking", _("复查中")
    CLOSED = "closed", _("已销号")


#: States in which the unit still owes the rectification (deadline applies; extension possible).
OPEN_STATUSES = (LedgerStatus.ISSUED, LedgerStatus.PLAN_SUBMITTED, LedgerStatus.IN_PROGRESS)

#: What a 督办 level means (``deadlines``): lists show the label, never the bare number.
ORDER_LEVEL_LABELS = {
    1: _("一级督办（督办通知）"),
    2: _("二级督办（升级至主管部门）"),
}


def order_level_label(level) -> str:
    """The label of a 督办 level; "—" when there is none."""
    if not level:
        return "—"
    return str(ORDER_LEVEL_LABELS.get(level, _("第%(n)s级督办") % {"n": level}))


class LedgerSource(models.TextChoices):
    """Where the problem came from (E11)."""

    VISIT = "visit", _("经常性督导")
    TASK = "task", _("督导任务")
    MONITORING = "monitoring", _("监测评估")
    COMPLAINT = "complaint", _("群众投诉")
    HOTLINE = "hotline", _("12345热线")
    MEDIA = "media", _("媒体反映")
    UPPER_FEEDBACK = "upper_feedback", _("上级反馈")
    RECHECK = "recheck", _("复查/回头看发现反弹")
    SELF_SUPERVISION = "self_supervision", _("学校自我督导")


class RecheckMethod(models.TextChoices):
    """How a re-check (复查) is done (E11)."""

    UNANNOUNCED = "unannounced", _("暗访")
    SAMPLING = "sampling", _("抽查")
    ON_SITE = "on_site", _("实地查看")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("不同意")


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("整改期限提醒")
    SUPERVISION = "supervision", _("逾期督办")
    ESCALATION = "escalation", _("再次逾期升级督办")
    # messages to the unit for the events that ask something of it (``unit_notices``, issue 13)
    TASK_NOTICE = "task_notice", _("督导通知")
    OBJECTION = "objection", _("申辩期")
    NEW_ITEM = "new_item", _("新的整改问题")
    PLAN_DECISION = "plan_decision", _("整改方案审核")
    DOCUMENT = "document", _("收文")
    DEADLINE = "deadline", _("期限将至")


class OrderStatus(models.TextChoices):
    """A 督办 drafted by the daily job, issued by the office (E4)."""

    DRAFT = "draft", _("待签发")
    ISSUED = "issued", _("已签发")


# ---- accountability (E7–E9, 《教育督导问责办法》) ------------------------------------------------------
class SubjectKind(models.TextChoices):
    """The three classes held to account (问责办法), inspectors' misconduct (条例 Art. 26, F9) included."""

    GOVERNMENT = "government", _("地方政府及有关职能部门")
    SCHOOL = "school", _("学校和其他教育机构")
    PERSON = "person", _("有关工作人员")
    INSPECTOR = "inspector", _("督学、教育督导机构及其工作人员")


class Measure(models.TextChoices):
    """问责方式 (问责办法): on units and on responsible persons; the 民办学校/培训机构 extras; 撤换负责人
    and 吊销办学许可证 are not the office's own measures but referrals to the approving authority."""

    PUBLIC_CRITICISM = "public_criticism", _("公开批评")
    INTERVIEW = "interview", _("约谈")
    CIRCULAR = "circular", _("督导通报")
    RESOURCE_ADJUSTMENT = "resource_adjustment", _("资源调整")
    ADMIN_PENALTY = "admin_penalty", _("行政处罚")
    ORDER_EXAMINATION = "order_examination", _("责令检查")
    CRITICISM_CIRCULAR = "criticism_circular", _("通报批评")
    ORGANISATIONAL = "organisational", _("组织处理")
    DISCIPLINARY = "disciplinary", _("处分")
    REFERRAL = "referral", _("移交监察机关或司法机关")
    CONFISCATION = "confiscation", _("依法罚没违法所得")
    PRACTICE_BAN = "practice_ban", _("从业禁止")
    CREDIT_RECORD = "credit_record", _("纳入诚信记录")
    REPLACE_HEAD = "replace_head", _("撤换负责人（移送审批机关处理）")
    REVOKE_LICENCE = "revoke_licence", _("吊销办学许可证（移送审批机关处理）")
    CRITICISM_EDUCATION = "criticism_education", _("批评教育")
    REVOKE_APPOINTMENT = "revoke_appointment", _("取消任命或者聘任（督学）")


#: 被督导单位 (问责办法).
UNIT_MEASURES = (Measure.PUBLIC_CRITICISM, Measure.INTERVIEW, Measure.CIRCULAR, Measure.RESOURCE_ADJUSTMENT,
                 Measure.ADMIN_PENALTY)
#: 民办学校: referred to the approving authority (移送审批机关处理), not taken by the office itself.
APPROVAL_REFERRAL_MEASURES = (Measure.REPLACE_HEAD, Measure.REVOKE_LICENCE)
#: 责任人 (问责办法).
PERSON_MEASURES = (Measure.ORDER_EXAMINATION, Measure.INTERVIEW, Measure.CRITICISM_CIRCULAR, Measure.ORGANISATIONAL,
                   Measure.DISCIPLINARY, Measure.REFERRAL)
#: 民办学校、培训机构的责任人, in addition (问责办法).
PRIVATE_PERSON_MEASURES = (Measure.CONFISCATION, Measure.PRACTICE_BAN, Measure.CREDIT_RECORD)
#: 条例 Art. 26: 批评教育; if serious 处分 and 取消任命或者聘任; criminal matters referred.
INSPECTOR_MEASURES = (Measure.CRITICISM_EDUCATION, Measure.DISCIPLINARY, Measure.REVOKE_APPOINTMENT,
                      Measure.REFERRAL)


class CaseStatus(models.TextChoices):
    """The 问责 procedure (问责办法): see ``accountability``. A red supervision result (E10) opens a
    suggested case, which the office confirms (→ opened) or dismisses with its reason."""

    SUGGESTED = "suggested", _("建议问责（待确认）")
    DISMISSED = "dismissed", _("不予问责")
    OPENED = "opened", _("已立案")
    INVESTIGATING = "investigating", _("调查认定中")
    NOTIFIED = "notified", _("已书面告知")
    HEARD = "heard", _("已听取陈述申辩")
    APPROVED = "approved", _("已审定")
    DECIDED = "decided", _("已作出问责决定")


class ActionKind(models.TextChoices):
    """Who a linked action goes to under three-way routing (E12, E13)."""

    DEPARTMENT = "department", _("联动部门")
    MEDIATION = "mediation", _("教育纠纷调解站")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")
