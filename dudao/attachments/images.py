"""Every uploaded image is decoded and re-encoded (Pillow) before it is stored, so that what we keep
is pixels we produced: anything riding along — a script in a comment segment or after the end
marker (polyglots), XMP, maker notes, an embedded thumbnail, the camera's serial number and **the
GPS position** — is gone. EXIF orientation is applied to the pixels (the photo is upright in every
viewer). The capture time (EXIF DateTime / DateTimeOriginal) is the one fact kept, for every
purpose: a visit photo or a rectification photo proves *when* (docs/security.md "Files"). No purpose
keeps the GPS position. An image whose header announces more than ``DUDAO_IMAGE_MAX_PIXELS`` is
refused before its pixels are decoded (decompression bomb)."""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Pillow's format and save options for each stored MIME type.
FORMATS = {"image/jpeg": ("JPEG", {"quality": 90}), "image/png": ("PNG", {}),
           "image/webp": ("WEBP", {"quality": 90})}
_DATETIME, _EXIF_IFD, _DATETIME_ORIGINAL = 0x0132, 0x8769, 0x9003


def _refuse(name: str, message: str):
    raise ValidationError({"file": message % {"n": name}})


def _time_only(exif) -> bytes:
    """An EXIF block holding only the capture time of ``exif`` (empty when it had none)."""
    from PIL import Image

    kept = Image.Exif()
    if exif.get(_DATETIME):
        kept[_DATETIME] = exif[_DATETIME]
    original = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL)
    if original:
        kept.get_ifd(_EXIF_IFD)[_DATETIME_ORIGINAL] = original
    return kept.tobytes() if len(kept) or original else b""


def reencode(f, mime: str, name: str) -> bytes:
    """The image in ``f`` decoded and encoded again as ``mime``, upright, with only its capture time
    as metadata; a ValidationError when it cannot be decoded or is too large."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    fmt, options = FORMATS[mime]
    f.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(f) as img:
                width, height = img.size
                if width * height > settings.DUDAO_IMAGE_MAX_PIXELS:
                    _refuse(name, _("图片“%(n)s”的像素尺寸过大，已拒绝"))
                exif = img.getexif()
                img.load()
                upright = ImageOps.exif_transpose(img).copy()
                upright.info = {}  # no comment, XMP, text chunks or EXIF carried over by Pillow
                if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                elif fmt != "JPEG" and upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                    upright = upright.convert("RGBA")
                out = io.BytesIO()
                extra = {"exif": _time_only(exif)} if fmt in ("JPEG", "WEBP") else {}
                if img.info.get("icc_profile"):
                    extra["icc_profile"] = img.info["icc_profile"]
                upright.save(out, fmt, **options, **extra)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError({"file": _("图片“%(n)s”的像素尺寸过大，已拒绝") % {"n": name}}) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError({"file": _("图片“%(n)s”已损坏或无法识别，已拒绝") % {"n": name}}) from exc
    finally:
        f.seek(0)
    return out.getvalue()
