"""A publication's files are attachments (``dudao.attachments``, owner type ``portal.publication``,
purpose ``public``). What the portal knows about each file is in ``Attachment.data``:

- ``redacted`` (bool): a .docx redacted on the way in (``sources.redact_docx``);
- ``source_document`` (IssuedDocument id): the report it was derived from, if any;
- ``confirmed_by`` (user id): the office user who confirmed that a PDF or image holds no personal
  data (it cannot be redacted automatically).

A file is *cleared* when it is redacted or confirmed; a publication goes public only when all its
files are (``workflows._guard_publish``). Files of a published publication that are cleared may be
fetched by anyone (``public_file``: ``/files/<id>/`` and the public portal's own link), the rest by
whoever may view the publication (the office; a unit its own). Files are added and removed only by
``services.attachment_add`` / ``attachment_remove`` (``generic_writes=False``), which redact,
require the confirmation and write the history; the API twins are
``/api/v1/portal/publications/{id}/attachments``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dudao.attachments import registry
from dudao.attachments.models import Attachment
from dudao.attachments.services import for_owner

from .choices import OFFICE_KINDS, PublicationStatus
from .models import Publication

PURPOSE = "public"


def redacted(att: Attachment) -> bool:
    return bool((att.data or {}).get("redacted"))


def cleared(att: Attachment) -> bool:
    """Redacted automatically or confirmed by the office: may go public."""
    return redacted(att) or (att.data or {}).get("confirmed_by") is not None


def public_file(att: Attachment, pub: Publication) -> bool:
    return pub.status == PublicationStatus.PUBLISHED and att.purpose == PURPOSE and cleared(att)


def may_add(user, pub: Publication, purpose: str = PURPOSE) -> bool:
    from .workflows import may

    return pub.kind in OFFICE_KINDS and pub.status == PublicationStatus.DRAFT and may(user, pub, "change")


def register() -> None:
    """Called from ``PortalConfig.ready``."""
    registry.register(registry.OwnerType(
        code="portal.publication", model=Publication, purposes={PURPOSE: _("公开附件")}, may_add=may_add,
        step_key=lambda pub: pub.status, public_file=public_file, generic_writes=False))


def owner_of(att: Attachment) -> Publication | None:
    """The publication ``att`` is a public file of (None for any other attachment)."""
    from django.contrib.contenttypes.models import ContentType

    if att.purpose != PURPOSE or att.content_type_id != ContentType.objects.get_for_model(Publication).pk:
        return None
    return Publication.objects.filter(pk=att.object_id).first()


def files_of(pub: Publication) -> list[Attachment]:
    """The publication's files in upload order, each with ``redacted``, ``cleared`` and
    ``confirmed_by`` (the user, or None) set for pages and the API."""
    from dudao.accounts.models import User

    rows = list(for_owner(pub, PURPOSE).order_by("id"))
    ids = {a.data.get("confirmed_by") for a in rows if (a.data or {}).get("confirmed_by") is not None}
    users = User.objects.in_bulk(ids) if ids else {}
    for a in rows:
        a.redacted, a.cleared = redacted(a), cleared(a)
        a.confirmed_by = users.get((a.data or {}).get("confirmed_by"))
    return rows
