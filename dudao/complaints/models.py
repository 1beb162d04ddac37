"""Complaints (投诉/举报, E11, F8, F9): reports and complaints sent from a school's public page, or
entered by office staff from the 12345 hotline, the media or upper-level feedback; the office's
triage of them into the problem ledger (accepted, the complainant's contact never copied to the
ledger item, so the unit never sees it) or dismissal with a reason the complainant can read with a
lookup code; and the complaint's history.

The app sits above ``ledger`` and ``inspectors``: the two models kept their tables when they left
those apps (``inspectors_complaint``, ``ledger_complainttriage``). Complaints are scoped by the
school's region. Only ``complaints.workflows`` assigns ``Complaint.status``."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.crypto import EncryptedCharField
from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import ComplaintKind, ComplaintSource, ComplaintStatus, TriageDecision

#: Unambiguous characters for lookup codes read out over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_lookup_code() -> str:
    """12 random characters of 31: about 8×10^17 codes, so guessing one is hopeless."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


class ComplaintQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "school__region_id", "unit": None}


class Complaint(models.Model):
    """A report or complaint sent from a school's public page (F8, F9), or entered by office staff
    from the 12345 hotline, the media or upper-level feedback; lands in the office inbox. The
    complainant gets ``lookup_code`` to read the outcome on the public lookup page (E11)."""

    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.CASCADE, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "school"  # where the path is copied from (common/fields.py)
    inspector = models.ForeignKey("inspectors.Inspector", verbose_name=_("涉及督学"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="complaints")
    kind = models.CharField(_("类型"), max_length=16, choices=ComplaintKind.choices)
    content = models.TextField(_("内容"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedCharField(_("联系电话"), plain_max_length=32, blank=True)
    source = models.CharField(_("来源"), max_length=32, choices=ComplaintSource.choices,
                              default=ComplaintSource.PUBLIC_PAGE)
    reference = models.CharField(_("来源编号"), max_length=64, blank=True, help_text=_("如12345热线工单号"))
    lookup_code = models.CharField(_("查询码"), max_length=16, unique=True, default=new_lookup_code, editable=False)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.NEW)
    handled_note = models.TextField(_("处理说明"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        db_table = "inspectors_complaint"  # the table kept its name when the model left the inspectors app
        verbose_name = _("举报投诉")
        verbose_name_plural = _("举报投诉")
        ordering = ["region_path", "-created_at"]
        indexes = [models.Index(fields=["region_path", "-created_at"], name="complaint_scope_order")]

    def __str__(self):
        return f"{self.school} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("complaints:complaint_detail", args=[self.pk])


#: Labels of a complaint's history lines that are not transitions of ``workflows.WORKFLOW``.
COMPLAINT_EVENT_LABELS = {
    "submit": _("公开页面提交"),
    "register": _("登记"),
}


class ComplaintEvent(HistoryEvent):
    """One line of a complaint's history (办理记录): submitted or registered, handled, reopened,
    accepted into the ledger, dismissed. Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ComplaintStatus.choices, blank=True)

    EVENT_LABELS = COMPLAINT_EVENT_LABELS

    class Meta:
        verbose_name = _("举报投诉办理记录")
        verbose_name_plural = _("举报投诉办理记录")
        ordering = ["complaint", "created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at", "id"], name="complaint_event_order")]

    def __str__(self):
        return f"{self.complaint_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import WORKFLOW

        return WORKFLOW.labels()


class TriageQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "complaint__school__region_id", "unit": None}


class ComplaintTriage(models.Model):
    """The office's decision on one complaint. ``lookup_code`` is given to the complainant (by the
    contact they left) to read the outcome on the public lookup."""

    complaint = models.OneToOneField(Complaint, verbose_name=_("举报投诉"), on_delete=models.PROTECT,
                                     related_name="triage")
    region_path = RegionPathField(editable=False)
    region_path_source = "complaint"  # where the path is copied from (common/fields.py)
    decision = models.CharField(_("处理结果"), max_length=16, choices=TriageDecision.choices)
    reason = models.TextField(_("不予受理理由"), blank=True)
    ledger_item = models.OneToOneField("ledger.LedgerItem", verbose_name=_("台账问题"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="triage")
    lookup_code = models.CharField(_("查询码"), max_length=16, unique=True, default=new_lookup_code, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), auto_now_add=True)

    objects = TriageQuerySet.as_manager()

    class Meta:
        db_table = "ledger_complainttriage"  # the table kept its name when the model left the ledger
        verbose_name = _("投诉受理")
        verbose_name_plural = _("投诉受理")
        ordering = ["region_path", "-decided_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-decided_at", "-id"], name="ledger_triage_order")]
        constraints = [
            models.CheckConstraint(condition=Q(decision=TriageDecision.ACCEPTED, ledger_item__isnull=False)
                                   | Q(decision=TriageDecision.DISMISSED, ledger_item__isnull=True) & ~Q(reason=""),
                                   name="ledger_triage_consistent"),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.get_decision_display()}"
