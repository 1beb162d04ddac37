from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintKind(models.TextChoices):
    PROBLEM = "problem", _("反映学校问题")
    INSPECTOR = "inspector", _("投诉责任督学")


class ComplaintSource(models.TextChoices):
    """How a report or complaint reached the office: the public page (or its QR code), or entered by
    office staff from the 12345 hotline, the media or an upper level's feedback (E11)."""

    PUBLIC_PAGE = "public_page", _("公示页面")
    QR = "qr", _("扫码提交")
    HOTLINE = "hotline", _("12345热线")
    MEDIA = "media", _("媒体反映")
    UPPER_FEEDBACK = "upper_feedback", _("上级反馈")


#: Sources office staff register by hand (the public sources come from the public page).
STAFF_SOURCES = (ComplaintSource.HOTLINE, ComplaintSource.MEDIA, ComplaintSource.UPPER_FEEDBACK)


class ComplaintStatus(models.TextChoices):
    NEW = "new", _("未处理")
    HANDLED = "handled", _("已处理")


class TriageDecision(models.TextChoices):
    """What the office did with a public complaint or hotline entry (E11)."""

    ACCEPTED = "accepted", _("已受理，纳入问题台账")
    DISMISSED = "dismissed", _("不予受理")
