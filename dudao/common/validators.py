"""Validators for Chinese identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Raise ValidationError unless ``value`` is a well-formed 统一社会信用代码 with a correct check digit."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位") % {"n": len(code)}, code="length")
    bad = [c for c in code if c not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有非法字符：%(chars)s") % {"chars": "".join(sorted(set(bad)))}, code="charset"
        )
    if not code[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码第3-8位应为行政区划代码（数字）"), code="region")
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位错误"), code="checksum")


def validate_mobile(value: str) -> None:
    """Mainland mobile number: 11 digits starting with 1."""
    if not (value and len(value) == 11 and value.isdigit() and value[0] == "1"):
        raise ValidationError(_("手机号码应为以1开头的11位数字"), code="mobile")


def organization_code_check_char(first8: str) -> str:
    """GB 11714 组织机构代码 check character for 8 digits."""
    total = sum(int(c) * w for c, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(region_code: str, serial: int, *, prefix: str = "12") -> str:
    """A well-formed 统一社会信用代码 (for demo data and tests): ``prefix`` (12 = 机构编制/事业单位),
    the 6-digit region code, a 9-character organisation code and the check character."""
    org = f"{serial % 10**8:08d}"
    first17 = f"{prefix}{region_code[:6]}{org}{organization_code_check_char(org)}"
    return first17 + credit_code_check_char(first17)
