"""Personal data encrypted at rest (等保 数据保密性, PIPL 第五十一条): 身份证号 and phone numbers are
stored as Fernet tokens (AES-128-CBC + HMAC-SHA256, ``cryptography``), never in clear, and found
again through a keyed blind index (HMAC-SHA256) where the system has to look a value up or keep it
unique (login by mobile, one 身份证号 per office).

Keys come from the environment (docs/configuration.md, docs/security.md):

- ``DUDAO_FIELD_KEYS``: comma-separated Fernet keys (``Fernet.generate_key()``); the first
  encrypts, every one decrypts — rotate by putting a new key first and running
  ``manage.py reencrypt_personal_data``.
- ``DUDAO_BLIND_INDEX_KEY``: the HMAC key of the blind indexes (changing it means re-running the
  same command).

Without them (development, tests, the demo) both are derived from ``SECRET_KEY`` with HKDF, so the
embedded default works out of the box; ``check --deploy`` warns (``dudao.W001``) when production
runs on the derived keys.

A field declares its blind index by name: ``mobile = EncryptedCharField(..., blind_index="mobile_index")``
next to ``mobile_index = BlindIndexField(source="mobile")``. The index column is computed from the
source whenever the row is written (``pre_save``: ``save()``, ``bulk_create``), and a
``save(update_fields=[…, "mobile"])`` adds the index column itself (``EncryptedFieldsMixin``).
Look rows up with ``Model.objects.filter(mobile_index=blind_index(value))``.

Values written before encryption (plain text) still read back (a stored value without the
``enc1:`` prefix is returned as it is) until the data migration or the command rewrites them;
``tests/test_personal_data.py`` checks the columns hold no clear text."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "enc1:"


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"dudao-field-crypto", info=purpose).derive(
        settings.SECRET_KEY.encode())


def keys_configured() -> bool:
    """Whether production keys are set (``check --deploy`` warns otherwise)."""
    return bool(os.environ.get("DUDAO_FIELD_KEYS", "").strip()) and bool(
        os.environ.get("DUDAO_BLIND_INDEX_KEY", "").strip())


@functools.cache
def _fernet() -> MultiFernet:
    raw = [k.strip() for k in os.environ.get("DUDAO_FIELD_KEYS", "").split(",") if k.strip()]
    keys = [Fernet(k.encode()) for k in raw] or [Fernet(base64.urlsafe_b64encode(_derive(b"field-encryption")))]
    return MultiFernet(keys)


@functools.cache
def _index_key() -> bytes:
    raw = os.environ.get("DUDAO_BLIND_INDEX_KEY", "").strip()
    return raw.encode() if raw else _derive(b"blind-index")


def reset_keys() -> None:
    """Forget the cached keys (tests that change the environment, key rotation)."""
    _fernet.cache_clear()
    _index_key.cache_clear()


def encrypt(value: str) -> str:
    if not value:
        return value
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(stored: str | None) -> str | None:
    if not stored or not stored.startswith(PREFIX):
        return stored  # empty, or clear text written before encryption (rewritten by the migration)
    try:
        return _fernet().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as exc:  # a key was removed before the rows were re-encrypted
        raise ValueError("个人信息解密失败：加密密钥（DUDAO_FIELD_KEYS）缺少写入时使用的密钥") from exc


def rotate(stored: str | None) -> str | None:
    """The value re-encrypted with the first key (after a key rotation)."""
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + _fernet().rotate(stored[len(PREFIX):].encode()).decode()


def normalise(value: str | None) -> str:
    """What the blind index compares: no spaces, no dashes, upper-case (a 身份证号's x)."""
    return "".join((value or "").split()).replace("-", "").upper()


def blind_index(value: str | None) -> str:
    """The keyed digest stored beside an encrypted value; ``""`` for an empty value."""
    value = normalise(value)
    if not value:
        return ""
    return hmac.new(_index_key(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.CharField):
    """A short personal value (身份证号, phone) stored encrypted. Only ``isnull`` and comparisons with
    ``""`` make sense in queries; look values up through the blind index."""

    description = "Encrypted text (Fernet)"

    def __init__(self, *args, blind_index: str = "", plain_max_length: int | None = None, **kwargs):
        self.blind_index = blind_index
        #: The longest clear value accepted (the form and the validators see this one).
        self.plain_max_length = plain_max_length or kwargs.get("max_length") or 32
        kwargs["max_length"] = 255
        super().__init__(*args, **kwargs)
        # Validate the clear value's length, not the token's.
        from django.core.validators import MaxLengthValidator

        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.validators.append(MaxLengthValidator(self.plain_max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        kwargs["plain_max_length"] = self.plain_max_length
        if self.blind_index:
            kwargs["blind_index"] = self.blind_index
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or (isinstance(value, str) and value.startswith(PREFIX)):
            return value
        return encrypt(str(value))

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", self.plain_max_length)
        return super().formfield(**kwargs)


class BlindIndexField(models.CharField):
    """The HMAC digest of another field's clear value, computed on every write of the row."""

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, db_index=self.db_index, editable=self.editable)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        digest = blind_index(getattr(model_instance, self.source, ""))
        value = digest or (None if self.null else "")
        setattr(model_instance, self.attname, value)
        return value


class EncryptedFieldsMixin:
    """Keeps the blind index in step when a service saves only some fields, and checks the
    uniqueness kept by a blind index (``full_clean``) against the clear field the user typed."""

    def _index_pairs(self) -> dict[str, str]:
        """``{index field name: source field name}``."""
        return {f.name: f.source for f in self._meta.concrete_fields if isinstance(f, BlindIndexField)}

    def _prepare_index_check(self, exclude):
        pairs = self._index_pairs()
        for name in pairs:
            field = self._meta.get_field(name)
            setattr(self, field.attname, field.pre_save(self, False))
        if exclude:
            exclude = {e for e in exclude if not (e in pairs and pairs[e] not in exclude)}
        return pairs, exclude

    def _errors_on_source(self, error, pairs):
        from django.core.exceptions import ValidationError

        if not hasattr(error, "error_dict"):
            raise error
        moved = {}
        for name, errors in error.error_dict.items():
            moved.setdefault(pairs.get(name, name), []).extend(errors)
        raise ValidationError(moved) from None

    def validate_unique(self, exclude=None):
        from django.core.exceptions import ValidationError

        pairs, exclude = self._prepare_index_check(exclude)
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as error:
            self._errors_on_source(error, pairs)

    def validate_constraints(self, exclude=None):
        from django.core.exceptions import ValidationError

        pairs, exclude = self._prepare_index_check(exclude)
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._errors_on_source(error, pairs)

    def unique_error_message(self, model_class, unique_check):
        pairs = self._index_pairs()
        if len(unique_check) == 1 and unique_check[0] in pairs:
            from django.core.exceptions import ValidationError
            from django.utils.translation import gettext as _

            source = self._meta.get_field(pairs[unique_check[0]])
            return ValidationError(_("%(field)s已被使用") % {"field": source.verbose_name}, code="unique")
        return super().unique_error_message(model_class, unique_check)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = [f.blind_index for f in self._meta.concrete_fields
                     if isinstance(f, EncryptedCharField) and f.blind_index and f.name in update_fields
                     and f.blind_index not in update_fields]
            if extra:
                kwargs["update_fields"] = [*update_fields, *extra]
        return super().save(*args, **kwargs)


def encrypted_fields(model) -> list[EncryptedCharField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def encrypt_existing_rows(app_label: str, model_name: str):
    """A data migration's pair of functions: rewrite a model's clear-text personal values encrypted
    and fill their blind indexes (forward); write them back in clear (backward)."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        fields = encrypted_fields(model)
        indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        names = [f.name for f in fields] + [f.name for f in indexes]
        batch = []
        for obj in model._base_manager.only("pk", *names).iterator(chunk_size=2000):
            for f in indexes:
                setattr(obj, f.attname, blind_index(getattr(obj, f.source)) or (None if f.null else ""))
            batch.append(obj)
            if len(batch) >= 1000:
                model._base_manager.bulk_update(batch, names)
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, names)

    def backward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        fields = encrypted_fields(model)
        table = schema_editor.quote_name(model._meta.db_table)
        pk = schema_editor.quote_name(model._meta.pk.column)
        with schema_editor.connection.cursor() as cursor:
            for obj in model._base_manager.only("pk", *[f.name for f in fields]).iterator(chunk_size=2000):
                for f in fields:
                    cursor.execute(f"UPDATE {table} SET {schema_editor.quote_name(f.column)} = %s WHERE {pk} = %s",
                                   [getattr(obj, f.attname), obj.pk])

    return forward, backward
