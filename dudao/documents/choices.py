from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The supervision documents the platform issues (E1, E3, E4, E7–E9, F1, F8, I2)."""

    INSPECTION_NOTICE = "inspection_notice", _("督导通知书")
    PRELIMINARY_OPINION = "preliminary_opinion", _("初步督导意见")
    OPINION_LETTER = "opinion_letter", _("督导意见书")
    REPORT = "report", _("督导报告")
    RECTIFICATION_NOTICE = "rectification_notice", _("整改通知书")
    SUPERVISION_NOTICE = "supervision_notice", _("督办通知")
    RECHECK_OPINION = "recheck_opinion", _("复查意见")
    INTERVIEW_RECORD = "interview_record", _("约谈记录")
    CIRCULAR = "circular", _("督导通报")
    ACCOUNTABILITY_DECISION = "accountability_decision", _("问责决定书")
    APPOINTMENT_LETTER = "appointment_letter", _("聘书")
    INSPECTOR_CARD = "inspector_card", _("督学证")
    SCHOOL_SIGN = "school_sign", _("挂牌公示牌")
    ANNUAL_PLAN = "annual_plan", _("年度工作计划")
    ANNUAL_SUMMARY = "annual_summary", _("年度工作总结")


class NumberStatus(models.TextChoices):
    ISSUED = "issued", _("已使用")
    VOIDED = "voided", _("已作废")


class FileFormat(models.TextChoices):
    DOCX = "docx", _("Word")
    PDF = "pdf", _("PDF")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
