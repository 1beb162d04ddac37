"""The page model every built-in document kind composes into, and the renderers consume.

A ``Layout`` is the 公文 structure of GB/T 9704-2012 (standards §8): 版头 (issuing-body mark,
发文字号, red separator), 主体 (title, 主送机关, 正文 with four heading levels, 附件说明, 署名,
成文日期, 附注) and 版记 (抄送, 印发). Cards and signs use their own small layouts.
"""

import re
from dataclasses import dataclass, field
from datetime import date

CN_DIGITS = "零一二三四五六七八九"

HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^（\d+）")),
)


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (enough for headings)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def heading_level(text: str) -> int:
    """0 for a plain paragraph, else the GB/T 9704 level of its numbering prefix."""
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(text):
            return level
    return 0


def cn_date(d: date | None) -> str:
    """成文日期: Arabic numerals, full year, no leading zeros (2025年4月27日)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def numbered(items, level: int) -> list[str]:
    """Prefix items with the numbering of ``level`` (1 一、 2 （一） 3 1. 4 （1）)."""
    out = []
    for i, item in enumerate(items, start=1):
        if heading_level(str(item).strip()):  # already numbered by the author
            out.append(str(item).strip())
            continue
        prefix = {1: f"{cn_number(i)}、", 2: f"（{cn_number(i)}）", 3: f"{i}.", 4: f"（{i}）"}[level]
        out.append(prefix + str(item).strip())
    return out


@dataclass
class DataTable:
    """A table of a report (e.g. a county's 差异系数 per 学段): a caption, a header row, rows of text."""

    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Layout:
    """One 公文-typographic document, ready to render."""

    title: str
    body: list[str]
    red_header: bool = False
    issuing_mark: str = ""
    doc_number: str = ""
    upward: bool = False  # 上行文: 发文字号 居左, 签发人 居右 on its line
    signer: str = ""  # 签发人 of a 上行文
    recipients: str = ""
    record_rows: list[tuple[str, str]] = field(default_factory=list)  # 记录类: label/value table
    #: data tables after the 正文 (a report's 附表): ``DataTable`` rows, each with its caption
    tables: list["DataTable"] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature: str = ""
    signed_on: date | None = None
    note: str = ""
    cc: list[str] = field(default_factory=list)
    printed_by: str = ""
    printed_on: date | None = None
    preview: bool = False


@dataclass
class CardLayout:
    """督学证: two sides of an ID-1 card (85.6 × 54 mm)."""

    front_title: str
    holder: list[tuple[str, str]]
    issuer: str
    back_title: str
    back_lines: list[str]
    card_number: str


@dataclass
class SignLayout:
    """挂牌公示牌 at the school gate, with a QR code to the public inspector page (F8)."""

    title: str
    school: str
    rows: list[tuple[str, str]]
    duties: list[str]
    qr_payload: str
    issuer: str
    footer: str = ""
    #: The inspector's photo (image bytes), shown beside the name (挂牌督导办法 Art. 1).
    photo: bytes | None = None
