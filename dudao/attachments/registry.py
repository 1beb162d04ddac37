"""Owner types of attachments: ``code`` (``ledger.item``) → model, the purposes files may serve on
it, and who may view / add / delete. Apps above this one register from ``AppConfig.ready`` so that
``attachments`` imports none of them.

``may_view(user, owner)`` defaults to ``model.objects.for_user(user, "view")``; ``may_add(user,
owner, purpose)`` says whether the user may attach a file for ``purpose`` now (the owner's step is
open and the user is the one to act on it); ``step_key(owner)`` names the owner's current step —
an uploader may delete their file only while it is unchanged (e.g. the item's status).

``public_file(att, owner)`` says that anyone — signed in or not — may fetch this file (a published
publication's cleared file on the public portal). ``generic_writes=False``: files are added and
removed only by the owner app's own service (which checks its rules and calls ``attachment_add`` /
``attachment_delete`` with ``may=``), e.g. an inspector's one photo that an upload replaces, or a
portal file that is redacted on the way in; the generic upload and delete refuse them (403)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class OwnerType:
    code: str
    model: Any
    #: {purpose code: label}
    purposes: dict
    may_add: Callable
    may_view: Callable | None = None
    step_key: Callable = field(default=lambda owner: "")
    #: ``may_delete_any(user, owner)``: the office may remove any file while the step is open.
    may_delete_any: Callable | None = None
    #: ``public_file(att, owner)``: anyone, also anonymous, may fetch this file.
    public_file: Callable | None = None
    #: False: only the owner app's service adds and removes files (see the module docstring).
    generic_writes: bool = True
    #: {purpose: extensions it accepts} — the allow-list of a purpose narrower than every accepted
    #: type (``sniff.TYPES``), e.g. a photo purpose takes images only; checked against the sniffed
    #: content, not only the name.
    accepts: dict = field(default_factory=dict)

    def accepted(self, purpose: str) -> set | None:
        """The extensions ``purpose`` accepts (None: every type ``sniff`` accepts)."""
        return self.accepts.get(purpose)

    def visible(self, user):
        """The owner rows ``user`` may view (a queryset)."""
        return self.model.objects.for_user(user, "view")

    def can_view(self, user, owner) -> bool:
        if self.may_view is not None:
            return bool(self.may_view(user, owner))
        return self.visible(user).filter(pk=owner.pk).exists()


OWNER_TYPES: dict[str, OwnerType] = {}


def register(owner_type: OwnerType) -> None:
    existing = OWNER_TYPES.get(owner_type.code)
    if existing is not None and existing.model is not owner_type.model:
        raise ImproperlyConfigured(f"attachment owner type {owner_type.code} registered twice")
    OWNER_TYPES[owner_type.code] = owner_type


def get(code: str) -> OwnerType | None:
    return OWNER_TYPES.get(code)


def for_model(model) -> OwnerType | None:
    model = getattr(model, "_meta", None) and model._meta.concrete_model
    for t in OWNER_TYPES.values():
        if t.model is model:
            return t
    return None
