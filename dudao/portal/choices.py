"""Kinds and states of what is published on the public portal (E2, E4, E9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationKind(models.TextChoices):
    REPORT = "report", _("督导报告")
    RECTIFICATION = "rectification", _("整改结果")
    ACCOUNTABILITY = "accountability", _("问责结果")
    STATEMENT = "statement", _("整改情况说明")


#: Kinds the office derives from a source and publishes itself.
OFFICE_KINDS = (PublicationKind.REPORT, PublicationKind.RECTIFICATION, PublicationKind.ACCOUNTABILITY)


class PublicationStatus(models.TextChoices):
    """Office publications: draft → published → withdrawn. A unit's statement: draft → submitted →
    published (approved by the office) or returned → submitted again; published → withdrawn."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


#: States in which the text may still be edited (by the office, or by the unit for its statement).
EDITABLE = (PublicationStatus.DRAFT, PublicationStatus.RETURNED)
