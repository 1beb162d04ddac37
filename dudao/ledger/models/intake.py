"""Complaint intake (E11, F8): the office triages public complaints and hotline entries from the
inspectors app's public page — accepted into the ledger (the complainant's contact never copied
to the ledger item, so the unit never sees it) or dismissed with a reason the complainant can read
with a lookup code."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet

from ..choices import TriageDecision

#: Unambiguous characters for codes read out over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_lookup_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


class TriageQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "complaint__school__region_id", "unit": None}


class ComplaintTriage(models.Model):
    """The office's decision on one complaint. ``lookup_code`` is given to the complainant (by the
    contact they left) to read the outcome on the public lookup."""

    complaint = models.OneToOneField("inspectors.Complaint", verbose_name=_("举报投诉"), on_delete=models.PROTECT,
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
