"""Personal data shown to people who do not need it in full (等保 个人信息保护): masked in lists and
exports — 身份证号 5001**********1234, phone numbers 139****5678."""


def mask_id_number(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
