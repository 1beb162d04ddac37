"""What the office makes public (E2, E4, E9): a ``Publication`` derived from a supervision report,
a unit's rectification result, or a decided accountability case — or a unit's own rectification
statement (整改情况说明) approved by the office. Its text and attachments are redacted before they
are stored (``dudao.common.redaction``); only ``workflows`` assigns ``Publication.status``. Its
files are ``dudao.attachments`` rows (owner type ``portal.publication``, ``files.py``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import PublicationKind, PublicationStatus

#: The types a publication's file may be (a .docx is redacted; the others need confirmation).
ATTACHMENT_TYPES = ["pdf", "docx", "jpg", "jpeg", "png"]


class PublicationQuerySet(ScopedQuerySet):
    """Offices see their region's publications; a unit's respondents see those about their unit."""

    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "unit_id"}

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)


class Publication(models.Model):
    """One item of the public portal. ``region`` places it (the task's region for a report, the
    unit's otherwise) for scoping and for the portal's region filter. The source links say what it
    was derived from; the public sees only ``title``, ``body`` and the attachments, once published."""

    kind = models.CharField(_("类型"), max_length=16, choices=PublicationKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT, editable=False)
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = ("unit", "task", "region")  # where the path is copied from (common/fields.py)
    office = models.ForeignKey("orgs.Unit", verbose_name=_("发布机构"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("相关单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey("inspections.SupervisionTask", verbose_name=_("督导任务"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.IssuedDocument", verbose_name=_("督导报告文书"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    ledger_item = models.ForeignKey("ledger.LedgerItem", verbose_name=_("台账问题"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("accountability.AccountabilityCase", verbose_name=_("问责案件"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    review_note = models.TextField(_("审核意见"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["region_path", "-created_at", "-id"], name="portal_pub_scope_order"),
            models.Index(fields=["status", "region_path", "-published_at"], name="portal_pub_public"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(kind=PublicationKind.REPORT) | Q(task__isnull=False),
                                   name="portal_report_has_task"),
            models.CheckConstraint(condition=~Q(kind=PublicationKind.RECTIFICATION)
                                   | Q(ledger_item__isnull=False) | (Q(task__isnull=False) & Q(unit__isnull=False)),
                                   name="portal_rectification_has_source"),
            models.CheckConstraint(condition=~Q(kind=PublicationKind.ACCOUNTABILITY) | Q(case__isnull=False),
                                   name="portal_accountability_has_case"),
            models.CheckConstraint(condition=~Q(kind=PublicationKind.STATEMENT) | Q(unit__isnull=False),
                                   name="portal_statement_has_unit"),
            models.CheckConstraint(condition=~Q(status=PublicationStatus.PUBLISHED) | Q(published_at__isnull=False),
                                   name="portal_published_has_time"),
        ]
        permissions = [("publish_publication", "Can publish to the public portal (office)"),
                       ("respond_publication", "Can draft and submit the unit's own statement")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:detail", args=[self.pk])

    def get_public_url(self):
        return reverse("portal_public:publication", args=[self.pk])


#: Labels of history lines that are not transitions.
EVENT_LABELS = {
    "create": _("起草"),
    "edit": _("修改内容"),
    "attach": _("添加附件"),
    "detach": _("删除附件"),
}


class PublicationEvent(HistoryEvent):
    """One line of a publication's history: every transition and edit. Append-only."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=PublicationStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=PublicationStatus.choices, blank=True)

    class Meta:
        verbose_name = _("公开记录")
        verbose_name_plural = _("公开记录")
        ordering = ["publication", "created_at", "id"]
        indexes = [models.Index(fields=["publication", "created_at", "id"], name="portal_event_order")]

    def __str__(self):
        return f"{self.publication_id} {self.action}"

    EVENT_LABELS = EVENT_LABELS

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import WORKFLOW

        return WORKFLOW.labels()
