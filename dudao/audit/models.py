"""The generic change log: every create, update, delete and login, through UI, API or command.

Entries are append-only: the model refuses updates and deletes, database triggers refuse them too
(``guard.py``), and each entry is chained to the one before by a hash (``chain.py``).
"""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出登录")
    EXPORT = "export", _("导出")
    OVERRIDE = "override", _("越权覆盖")


class ImmutableError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("审计日志不可修改")

    def delete(self):
        raise ImmutableError("审计日志不可删除")

    def for_user(self, user, action="view"):
        # The audit log is not region data: only a system-wide audit administrator reads it.
        from dudao.common.scoping import ALL, scope_predicate

        predicate = scope_predicate(user, f"audit.{action}_auditentry", {})
        return self.all() if predicate is ALL else self.none()


class AuditEntry(models.Model):
    timestamp = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.DO_NOTHING,
        related_name="+", db_constraint=False,
    )
    actor_username = models.CharField(_("操作账户"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    request_id = models.CharField(_("请求ID"), max_length=64, blank=True, db_index=True)
    channel = models.CharField(_("渠道"), max_length=8, blank=True)
    note = models.TextField(_("说明"), blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("审计日志不可修改")
        from . import chain

        using = kwargs.get("using") or "default"
        with transaction.atomic(using=using):
            chain.lock(transaction.get_connection(using))
            self.timestamp = timezone.now()
            self.ip = chain.normalise_ip(self.ip)
            self.prev_hash = (AuditEntry.objects.using(using).order_by("-id").values_list("hash", flat=True)
                              .first() or "")
            self.hash = chain.entry_hash(self.prev_hash, {f: getattr(self, f) for f in chain.FIELDS})
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("audit:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ImmutableError("审计日志不可删除")

    @classmethod
    def append_many(cls, entries: list, using: str = "default") -> list:
        """Append ``entries`` (unsaved) in one insert, chained in list order as ``save`` would chain
        them one by one (the ids follow the list: the chain lock keeps other writers out)."""
        from . import chain

        with transaction.atomic(using=using):
            chain.lock(transaction.get_connection(using))
            prev = AuditEntry.objects.using(using).order_by("-id").values_list("hash", flat=True).first() or ""
            for entry in entries:
                entry.timestamp = timezone.now()
                entry.ip = chain.normalise_ip(entry.ip)
                entry.prev_hash = prev
                entry.hash = prev = chain.entry_hash(prev, {f: getattr(entry, f) for f in chain.FIELDS})
            return AuditEntry.objects.using(using).bulk_create(entries, batch_size=1000)
