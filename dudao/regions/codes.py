"""Code rules: the level a code denotes and the prefix its descendants share. 省/市/县 codes are GB/T 2260
(6 digits); 乡镇/街道 codes are the 9-digit 统计用区划代码 of 国家统计局 (GB/T 2260 stops at the county)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import RegionLevel


def normalize_code(code: str) -> str:
    """Strip blanks; 12-digit statistical township codes (``…000``) become their 9-digit form."""
    code = (code or "").strip()
    if len(code) == 12 and code.isdigit() and code.endswith("000"):
        return code[:9]
    return code


def level_of(code: str) -> int:
    """The level a code denotes, or ValidationError for a malformed code."""
    if not code.isdigit():
        raise ValidationError(_("区划代码只能由数字组成：%(code)s") % {"code": code}, code="code_format")
    if len(code) == 9:
        return RegionLevel.TOWNSHIP
    if len(code) == 12:
        raise ValidationError(_("暂不支持村级区划代码：%(code)s") % {"code": code}, code="code_village")
    if len(code) != 6:
        raise ValidationError(
            _("区划代码应为6位（省、市、县，GB/T 2260）或9位（乡镇、街道，国家统计局统计用区划代码）：%(code)s") % {"code": code}, code="code_length"
        )
    if code.endswith("0000"):
        return RegionLevel.PROVINCE
    if code.endswith("00"):
        return RegionLevel.CITY
    return RegionLevel.COUNTY


def prefix_of(code: str, level: int) -> str:
    """The leading digits every descendant's code repeats."""
    return {RegionLevel.PROVINCE: code[:2], RegionLevel.CITY: code[:4]}.get(level, code[:6] if level == 3 else code)


def parent_candidates(code: str, level: int) -> list[str]:
    """Codes that may be the parent, nearest first (a county sits under its city, or directly under
    a municipality such as 重庆市)."""
    if level == RegionLevel.TOWNSHIP:
        return [code[:6], code[:4] + "00"]
    if level == RegionLevel.COUNTY:
        return [code[:4] + "00", code[:2] + "0000"]
    if level == RegionLevel.CITY:
        return [code[:2] + "0000"]
    return []


ALLOWED_PARENT_LEVELS = {
    RegionLevel.PROVINCE: set(),
    RegionLevel.CITY: {RegionLevel.PROVINCE},
    RegionLevel.COUNTY: {RegionLevel.CITY, RegionLevel.PROVINCE},
    RegionLevel.TOWNSHIP: {RegionLevel.COUNTY, RegionLevel.CITY},
}


def check_parent(code: str, level: int, parent_code: str | None, parent_level: int | None) -> None:
    """Raise ValidationError unless ``parent`` may hold a region with ``code``."""
    if level == RegionLevel.PROVINCE:
        if parent_code:
            raise ValidationError(_("省级区划不能有上级区划"), code="parent_level")
        return
    if not parent_code:
        raise ValidationError(_("缺少上级区划"), code="parent_missing")
    if parent_level not in ALLOWED_PARENT_LEVELS[level]:
        raise ValidationError(
            _("%(child)s级区划不能直接隶属于%(parent)s级区划")
            % {"child": RegionLevel(level).label, "parent": RegionLevel(parent_level).label},
            code="parent_level",
        )
    if not code.startswith(prefix_of(parent_code, parent_level)):
        raise ValidationError(
            _("区划代码 %(code)s 与上级区划代码 %(parent)s 不一致") % {"code": code, "parent": parent_code},
            code="parent_prefix",
        )
