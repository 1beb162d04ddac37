"""Pinyin helpers so that users can find "南岸区…" by typing "naq" (initials) or "nanan"."""

from pypinyin import Style, lazy_pinyin


def initials(text: str) -> str:
    """First letters of each character's pinyin, lower case; non-Chinese characters kept as is."""
    return "".join(lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")).lower()


def full(text: str) -> str:
    """Full toneless pinyin without separators."""
    return "".join(lazy_pinyin(text or "", errors="default")).lower()


def search_key(text: str) -> str:
    """What we store to search on: initials and full pinyin, separated by a space."""
    return f"{initials(text)} {full(text)}"[:255]
