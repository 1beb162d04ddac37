"""For data migrations that turn another app's stored file into an ``Attachment`` row: the facts the
attachments app computes on upload (name, MIME type from the content, size, sha256, a thumbnail of
an image), read from the file where it already is — no bytes are moved. A file missing on disk (or
unreadable) gives size 0, no sha256, the MIME type its extension suggests and no thumbnail, so the
migration still runs (the download is a 404 until somebody uploads the file again).

Only model-free helpers are used (``sniff``, ``thumbs``), so the historical models of a migration
can be passed in."""

from __future__ import annotations

import hashlib
import io
import mimetypes
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from .sniff import TYPES, extension, is_image, sniff
from .thumbs import make_thumbnail


@dataclass
class Facts:
    name: str
    mime: str
    size: int
    sha256: str
    thumbnail: ContentFile | None


def file_facts(f, name: str = "") -> Facts:
    """The facts of the stored file ``f`` (a FieldFile); ``name`` is the file's name for people
    (default: the stored name's last part)."""
    name = (name or f.name.rsplit("/", 1)[-1])[:200]
    guessed = TYPES.get(extension(name)) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        with f.storage.open(f.name, "rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return Facts(name, guessed, 0, "", None)
    try:
        mime = sniff(name, data[:8192], io.BytesIO(data))
    except ValidationError:  # accepted before the attachments app checked content: keep it as it is
        mime = guessed
    thumb = make_thumbnail(io.BytesIO(data)) if is_image(mime) else None
    return Facts(name, mime, len(data), hashlib.sha256(data).hexdigest(), thumb)


def save_thumbnail(att, facts: Facts) -> None:
    """Store the thumbnail on the (historical) attachment row ``att`` and save it."""
    if facts.thumbnail is not None and facts.sha256:
        att.thumbnail.save(f"{facts.sha256[:16]}.jpg", facts.thumbnail, save=False)
        att.save(update_fields=["thumbnail"])
