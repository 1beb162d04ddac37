"""Writes audit entries. Model changes are captured by signals on every model of the ``dudao``
apps (so nothing written through the ORM escapes), logins by the auth service, and bulk writes
by ``record()`` calls in the services that do them."""

import hashlib

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from dudao.common import context
from dudao.common.crypto import BlindIndexField, EncryptedCharField, blind_index

from .models import AuditAction, AuditEntry

#: Fields never written to the log in clear.
MASKED_FIELDS = {"password", "key_hash"}
#: Fields whose changes alone are not worth an entry (bookkeeping, logged elsewhere).
IGNORED_FIELDS = {"last_login", "last_used_at", "failed_login_count", "locked_until", "updated_at", "search_key",
                  "region_path", "path"}
#: Models not logged through signals (password hashes and session keys are bookkeeping of the login service).
EXCLUDED_MODELS = {"audit.auditentry", "accounts.passwordhistory", "accounts.loginsession",
                   "monitoring.schoolsectiontotals"}  # derived from audited values (monitoring/indices/stored.py)


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _json_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | dict):
        return value
    return str(value)


def snapshot(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        name = field.attname
        if field.name in MASKED_FIELDS:
            # A short fingerprint of the stored hash shows *that* it changed, never the value.
            raw = getattr(instance, name) or ""
            data[field.name] = "******#" + hashlib.sha256(str(raw).encode()).hexdigest()[:6] if raw else ""
            continue
        if isinstance(field, EncryptedCharField):
            # Personal data encrypted at rest stays out of the log: a fingerprint shows that it changed.
            raw = getattr(instance, name) or ""
            data[field.name] = "******#" + blind_index(raw)[:6] if raw else ""
            continue
        if isinstance(field, BlindIndexField):
            continue
        data[name] = _json_value(getattr(instance, name))
    return data


def record(*, action, instance=None, object_type="", object_id="", object_repr="", before=None, after=None,
           note="", actor=None, actor_username=None) -> AuditEntry:
    ctx = context.current()
    actor = actor or ctx.user
    if instance is not None:
        object_type = object_type or _label(instance)
        object_id = object_id or str(instance.pk or "")
        object_repr = object_repr or str(instance)[:255]
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=actor_username if actor_username is not None else (actor.get_username() if actor else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:255],
        before=before,
        after=after,
        ip=ctx.ip,
        request_id=ctx.request_id,
        channel=ctx.channel,
        note=note,
    )


def record_created_many(model, instances) -> list[AuditEntry]:
    """The ``create`` entries ``post_save`` would have written for ``instances`` (rows a service
    created with ``bulk_create`` and announced through ``common.bulk``), appended in one insert."""
    if not _tracked(model) or not instances:
        return []
    ctx = context.current()
    actor = ctx.user
    username = actor.get_username() if actor else ""
    label = _label(model)
    entries = [AuditEntry(actor=actor, actor_username=username, action=AuditAction.CREATE, object_type=label,
                          object_id=str(instance.pk or ""), object_repr=str(instance)[:255], after=snapshot(instance),
                          ip=ctx.ip, request_id=ctx.request_id, channel=ctx.channel, note="")
               for instance in instances]
    return AuditEntry.append_many(entries)


def record_export(*, name, object_type, rows, filters, fmt) -> AuditEntry:
    """One ``export`` entry per export or bulk download (the listener of ``common.exports``)."""
    return record(action=AuditAction.EXPORT, object_type=object_type, object_repr=f"导出：{name}"[:255],
                  after={"filter": filters, "rows": rows, "format": fmt})


def _tracked(sender) -> bool:
    return (
        sender.__module__.startswith("dudao.")
        and _label(sender) not in EXCLUDED_MODELS
        and not sender._meta.auto_created
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not _tracked(sender) or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _tracked(sender):
        return
    after = snapshot(instance)
    if created:
        record(action=AuditAction.CREATE, instance=instance, after=after)
        return
    before = getattr(instance, "_audit_before", None) or {}
    changed = {k for k, v in after.items() if before.get(k) != v and k not in IGNORED_FIELDS}
    if not changed:
        return
    record(
        action=AuditAction.UPDATE,
        instance=instance,
        before={k: before.get(k) for k in sorted(changed)},
        after={k: after[k] for k in sorted(changed)},
    )


def _post_delete(sender, instance, **kwargs):
    if not _tracked(sender):
        return
    record(action=AuditAction.DELETE, instance=instance, before=snapshot(instance))


def connect():
    pre_save.connect(_pre_save, dispatch_uid="audit_pre_save")
    post_save.connect(_post_save, dispatch_uid="audit_post_save")
    post_delete.connect(_post_delete, dispatch_uid="audit_post_delete")


__all__ = ["record", "record_created_many", "snapshot", "connect", "models"]
