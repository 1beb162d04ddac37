"""Pinyin helpers so that users can find "南岸区…" by typing "naq" (initials) or "nanan"."""

from pypinyin import Style, lazy_pinyin


def initials(text: str) -> str:
    """First letters of each character's pinyin, lower case; non-Chinese characters kept as is."""
    return "".join(lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")).lower()


def full(text: str) -> str:
    """Full toneless pinyin without separators."""
    return "".join(lazy_pinyin(text or "", errors="default")).lower()


#: Administrative suffixes users often leave out when typing initials ("nakx" for 南岸区开心…).
ADMIN_SUFFIXES = "省市区县镇乡"


def search_key(text: str) -> str:
    """What we store to search on: the initials, the initials without administrative suffix
    characters, and the full pinyin, separated by spaces."""
    text = text or ""
    short = "".join(c for c in text if c not in ADMIN_SUFFIXES)
    return f"{initials(text)} {initials(short)} {full(text)}"[:255]
