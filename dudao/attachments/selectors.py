"""Reads of attachments: a file is visible exactly when its owner is (the owner type's ``may_view``,
by default the owner model's ``objects.for_user(user, "view")``), or when its owner type makes it
public (``public_file``: anyone, also anonymous); anything else looks like a missing file (404)."""

from __future__ import annotations

from django.http import Http404

from . import registry
from .models import Attachment


def owner_type_for(att: Attachment) -> registry.OwnerType | None:
    return registry.for_model(att.content_type.model_class())


def attachment_for_user_or_404(user, pk) -> Attachment:
    try:
        att = Attachment.objects.select_related("content_type", "uploaded_by").get(pk=int(pk))
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    otype = owner_type_for(att)
    owner = att.owner if otype is not None else None
    if owner is None:
        raise Http404
    if otype.public_file is not None and otype.public_file(att, owner):
        return att
    if not getattr(user, "is_authenticated", False) or not otype.can_view(user, owner):
        raise Http404
    return att


def owner_for_user_or_404(user, code: str, owner_id):
    """The owner ``code``/``owner_id`` if the user may view it."""
    otype = registry.get(code)
    if otype is None:
        raise Http404
    try:
        obj = otype.visible(user).filter(pk=int(owner_id)).first()
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if obj is None:
        raise Http404
    return otype, obj


def by_purpose(owner) -> dict[str, list[Attachment]]:
    """The owner's files grouped by purpose (in upload order)."""
    from .services import for_owner

    out: dict[str, list[Attachment]] = {}
    for att in for_owner(owner).select_related("uploaded_by"):
        out.setdefault(att.purpose, []).append(att)
    return out
