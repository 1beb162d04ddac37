"""Zip-bomb guard for the ZIP packages we open (.xlsx imports, uploaded .docx/.xlsx): the central
directory's declared sizes are checked before any member is decompressed. Python's ``zipfile``
never yields more bytes than a member declares (it stops there and fails the CRC), so the sum of
the declared sizes bounds what any later reader (openpyxl, python-docx) can inflate."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
#: A member smaller than this is never judged by its ratio (tiny XML parts compress very well).
RATIO_FLOOR = 1 * MB


class ArchiveRefused(ValueError):
    """The package is not a readable ZIP, or it would inflate beyond the limits; ``str()`` is the
    Chinese message for the user."""


class ArchiveInvalid(ArchiveRefused):
    """Not a ZIP package at all."""


@dataclass(frozen=True)
class ZipLimits:
    max_total: int
    max_ratio: int
    max_members: int = 2000

    @classmethod
    def for_uploads(cls) -> ZipLimits:
        return cls(max_total=settings.DUDAO_ZIP_MAX_UNZIPPED_MB * MB, max_ratio=settings.DUDAO_ZIP_MAX_RATIO)

    @classmethod
    def for_imports(cls) -> ZipLimits:
        return cls(max_total=settings.DUDAO_IMPORT_MAX_UNZIPPED_MB * MB, max_ratio=settings.DUDAO_ZIP_MAX_RATIO)


def check_zip(fileobj, limits: ZipLimits, *, name: str = "") -> list[str]:
    """The member names of the ZIP package ``fileobj`` (rewound afterwards) when its declared
    uncompressed size, its members' compression ratios and its member count are within
    ``limits``; ``ArchiveRefused`` otherwise. Nothing is decompressed."""
    label = name or _("该文件")
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveInvalid(_("“%(n)s”不是有效的压缩包（Office 文件）") % {"n": label}) from exc
    finally:
        try:
            fileobj.seek(0)
        except (OSError, ValueError):
            pass
    if len(infos) > limits.max_members:
        raise ArchiveRefused(_("“%(n)s”包含的部件过多（超过 %(m)s 个），已拒绝") % {"n": label, "m": limits.max_members})
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ArchiveRefused(_("“%(n)s”的压缩比异常（可能是压缩炸弹），已拒绝") % {"n": label})
    if total > limits.max_total:
        raise ArchiveRefused(_("“%(n)s”解压后超过 %(m)s MB，已拒绝") % {"n": label, "m": limits.max_total // MB})
    return [i.filename for i in infos]
