"""Choices of the accountability app (the case's states, subject kinds and measures stay in
``ledger.choices``, where they were before the app left the ledger)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AggravationKind(models.TextChoices):
    """从重处理的情形 (问责办法) that the office records on a case; the fifth, 一年内被教育督导问责
    两次及以上, is computed at the decision (``workflows.same_subject_cases``)."""

    CONCEALMENT = "concealment", _("隐瞒事实真相，阻挠、干扰或不配合教育督导工作")
    RETALIATION = "retaliation", _("对举报人、控告人、检举人和督学、教育督导机构工作人员威胁恐吓、打击报复")
    NOT_CORRECTED = "not_corrected", _("被问责后，仍不纠正错误或不落实整改任务")
    OTHER = "other", _("其他依规依纪依法应当从重处理的情形")
