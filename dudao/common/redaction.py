"""Redaction of personal data in text bound for the public or for a supervised unit (E2, E11).

``redact(text, names=…)`` masks what a reader outside the office must not see:

- mainland mobile numbers (11 digits starting 13–19, optionally ``+86``/``86`` and separated by
  spaces or hyphens, full-width digits too) keep their first 3 and last 4 digits: ``139****5678``;
- 18-digit resident identity card numbers (the last character a digit or ``X``, optionally written
  in groups 6-8-4 with spaces or hyphens) are masked entirely: ``******************``; so are the
  old 15-digit numbers (area, YYMMDD, sequence), still found on old papers;
- e-mail addresses keep the first character of the mailbox and the domain: ``z***@example.com``;
- the personal names given in ``names`` (complainants, persons held to account, responsible
  persons) become surname + 某: ``张某``, ``欧阳某``.

Landline numbers (``023-62888888``, the offices' public contacts) and 发文字号 are left alone.
The function is pure and idempotent: redacting redacted text changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable

D = "[0-9０-９]"
#: 11-digit mobile number, optional country code, optional separators after the 3rd and 7th digit.
MOBILE = re.compile(
    rf"(?<![0-9０-９])(?P<cc>(?:\+|＋)?(?:86|８６)[-\s－]?)?(?P<a>[1１][3-9３-９]{D})[-\s－]?(?P<b>{D}{{4}})[-\s－]?"
    rf"(?P<c>{D}{{4}})(?![0-9０-９])")
MONTH_DAY = (r"(?:0[1-9]|1[0-2]|０[１-９]|１[０-２])"
             r"(?:0[1-9]|[12][0-9]|3[01]|０[１-９]|[１２][０-９]|３[０１])")
SEP = r"[\s\-－]?"
#: 18-digit identity card number: area code, birth date 18xx–20xx, sequence, check digit or X —
#: or the old 15-digit one: area code, birth date YYMMDD, sequence.
ID_CARD = re.compile(
    rf"(?<![0-9０-９A-Za-z])[1-9１-９]{D}{{5}}(?:{SEP}(?:18|19|20|１８|１９|２０){D}{{2}}{MONTH_DAY}{SEP}"
    rf"{D}{{3}}[0-9０-９XxＸｘ]|{D}{{2}}{MONTH_DAY}{D}{{3}})(?![0-9０-９A-Za-z])")
#: ASCII look-arounds: Chinese text directly before or after an address (邮箱abc@qq.com。) is usual.
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?![A-Za-z0-9-])")

#: Two-character surnames (复姓) kept whole in ``欧阳某``.
COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 "
    "太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 "
    "漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 公户 公玉 公仪 梁丘 公仲 "
    "公上 公门 公山 公坚 左丘 公伯 西门 公祖 第五 公乘 贯丘 公皙 南荣 东里 东宫 仲长 子书 子桑 即墨 达奚 "
    "褚师".split())

ID_MASK = "*" * 18


def pseudonym(name: str) -> str:
    """张三 → 张某; 欧阳娜娜 → 欧阳某; a one-character name stays as it is."""
    name = (name or "").strip()
    if len(name) < 2:
        return name
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "某"
    return name[0] + "某"


def _mobile(match: re.Match) -> str:
    return f"{match['a']}****{match['c']}"


def _email(match: re.Match) -> str:
    return f"{match[1][0]}***@{match[2]}"


def _names(names: Iterable[str]) -> list[str]:
    seen = {n.strip() for n in names if n and len(n.strip()) >= 2 and pseudonym(n) != n.strip()}
    return sorted(seen, key=len, reverse=True)  # 张三丰 before 张三


def redact(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with mobile numbers, identity card numbers, e-mail addresses and ``names`` masked."""
    if not text:
        return text or ""
    out = ID_CARD.sub(ID_MASK, text)
    out = MOBILE.sub(_mobile, out)
    out = EMAIL.sub(_email, out)
    for name in _names(names):
        out = out.replace(name, pseudonym(name))
    return out


def personal_data_in(text: str, names: Iterable[str] = ()) -> list[str]:
    """What ``redact`` would mask in ``text`` (for warnings and tests): the matched strings."""
    found = [m.group(0) for m in ID_CARD.finditer(text or "")]
    rest = ID_CARD.sub(ID_MASK, text or "")
    found += [m.group(0) for m in MOBILE.finditer(rest)] + [m.group(0) for m in EMAIL.finditer(rest)]
    found += [n for n in _names(names) if n in rest]
    return found
