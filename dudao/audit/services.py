"""Retention of the audit log (等保 安全审计 d; 网络安全法 第二十一条: 留存不少于六个月)."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .guard import LEGAL_MIN_DAYS
from .models import AuditAction, AuditEntry


def retention_days() -> int:
    """``DUDAO_AUDIT_RETENTION_DAYS``, never below the legal floor."""
    return max(int(getattr(settings, "DUDAO_AUDIT_RETENTION_DAYS", LEGAL_MIN_DAYS)), LEGAL_MIN_DAYS)


def purge(*, now=None) -> int:
    """Delete entries older than the retention period (a prefix of the chain) and log it with the
    new anchor hash. Younger entries are never touched — the database triggers refuse it anyway."""
    from .recorder import record

    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    with transaction.atomic():
        qs = AuditEntry.objects.filter(timestamp__lt=cutoff)
        last = qs.order_by("-id").values_list("id", flat=True).first()
        if last is None:
            return 0
        # a prefix of the chain, by id: the verify walk anchors on the first remaining entry
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id <= %s AND timestamp < %s", [last, cutoff])
            count = cursor.rowcount
        anchor = AuditEntry.objects.order_by("id").values_list("prev_hash", flat=True).first()
        record(action=AuditAction.DELETE, object_type="audit.auditentry", object_repr="审计日志到期清理",
               after={"deleted": count, "before": cutoff.isoformat(), "retention_days": retention_days(),
                      "anchor": anchor})
    return count
