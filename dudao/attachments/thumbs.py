"""Thumbnails of image attachments (Pillow): EXIF orientation applied so phone photos show upright,
at most 400 px on the long side, stored as JPEG. HEIC and images Pillow cannot open keep no
thumbnail (the page shows a file icon)."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile

THUMB_SIZE = (400, 400)


def make_thumbnail(f) -> ContentFile | None:
    try:
        from PIL import Image, ImageOps, UnidentifiedImageError
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return None
    try:
        f.seek(0)
        with Image.open(f) as img:
            img = ImageOps.exif_transpose(img)
            img.thumbnail(THUMB_SIZE)
            if img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            out = io.BytesIO()
            img.save(out, "JPEG", quality=80)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        f.seek(0)
    return ContentFile(out.getvalue())
