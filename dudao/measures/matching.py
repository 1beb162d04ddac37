"""Unit names of an imported table matched to real units (I1).

A plan's table names its units the way the region's documents do — 区教委, 市委编办, 各县（区）政府 —
not by their registered names. Each name is tried, in order:

1. **exact**: a unit's name or short name (简称), or a ``UnitAlias`` of the plan's region or a region
   above it (several alias rows of one name are a group: all its units);
2. **derived**: the forms a registered name is written in (``aliases_of``): without the region's
   name or with its level character instead (重庆市南岸区教育委员会 → 区教育委员会), without 中共, and
   with the usual abbreviations (教育委员会 → 教委, 人力资源和社会保障局 → 人力社保局 …);
3. **pinyin**: the same sound as one of those forms (a mistyped 同音字: 区财正局 → 区财政局), by
   ``pypinyin``;
4. **fuzzy**: the nearest forms by ``difflib`` (ratio ≥ 0.6): never taken on its own, offered as
   the likely unit for the user to confirm.

One unit found → matched; several or only fuzzy → ambiguous (the candidates are offered); none →
unmatched (the user picks from the region's units). The pool is the plan region's active units
that are not schools (departments, governments, offices, committees, agencies)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit

from .choices import MatchKind
from .models import UnitAlias

#: Abbreviations of unit names in Chinese official documents (full → short forms).
ABBREVIATIONS = [
    ("教育委员会", ("教委",)),
    ("教育和体育局", ("教体局", "教育体育局")),
    ("发展和改革委员会", ("发展改革委", "发改委")),
    ("人力资源和社会保障局", ("人力社保局", "人社局", "人力资源社会保障局")),
    ("住房和城乡建设委员会", ("住房城乡建委", "住建委")),
    ("住房和城乡建设局", ("住房城乡建设局", "住建局")),
    ("卫生健康委员会", ("卫生健康委", "卫健委")),
    ("机构编制委员会办公室", ("编办",)),
    ("经济和信息化委员会", ("经济信息委", "经信委")),
    ("经济和信息化局", ("经济信息局", "经信局")),
    ("规划和自然资源局", ("规划自然资源局",)),
    ("农业农村委员会", ("农业农村委",)),
    ("民族宗教事务委员会", ("民族宗教委",)),
    ("市场监督管理局", ("市场监管局",)),
    ("应急管理局", ("应急局",)),
    ("科学技术局", ("科技局",)),
    ("人民政府", ("政府",)),
]
SEPARATORS = re.compile(r"[、，,；;\n\r/]+")
_SPACES = re.compile(r"\s+")
_PARENS = str.maketrans({"（": "(", "）": ")"})


def normalise(name: str) -> str:
    """One spelling: no spaces, half-width parentheses, no trailing 等."""
    s = _SPACES.sub("", str(name or "")).translate(_PARENS)
    return s[:-1] if s.endswith("等") and len(s) > 2 else s


def split_names(cell: str) -> list[str]:
    """A 责任单位 cell of several names (、，, ; or new lines) → the names, in order, once each."""
    out = []
    for part in SEPARATORS.split(str(cell or "")):
        n = normalise(part)
        if n and n not in out:
            out.append(n)
    return out


def _region_names(unit: Unit, regions: dict) -> list[str]:
    names, region = [], regions.get(unit.region_id)
    while region is not None:
        names.append(region.name)
        region = regions.get(region.parent_id)
    return names


def aliases_of(name: str, region_names: list[str]) -> set[str]:
    """The forms ``name`` is written in (see the module doc)."""
    forms = {normalise(name)}
    for prefix in ("中共",):
        forms |= {f[len(prefix) :] for f in forms if f.startswith(prefix)}
    for _i in range(3):  # 重庆市南岸区… → 南岸区… → 区…
        more = set()
        for f in forms:
            for r in region_names:
                if f.startswith(r) and len(f) > len(r):
                    rest = f[len(r) :]
                    more |= {rest, r[-1] + rest}
        if more <= forms:
            break
        forms |= more
    for full, shorts in ABBREVIATIONS:
        forms |= {f.replace(full, s) for f in list(forms) if full in f for s in shorts}
    return {f for f in forms if len(f) >= 2}


def pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


@dataclass
class Match:
    name: str
    kind: str
    units: list[int] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    how: str = ""

    def as_json(self) -> dict:
        return {"kind": self.kind, "units": self.units, "candidates": self.candidates, "how": self.how}


class Matcher:
    """The unit pool of a region and its name forms, built once for a whole table."""

    def __init__(self, region, units=None):
        from dudao.regions.models import Region

        if units is None:
            units = (
                Unit.objects.filter(region_path__startswith=region.path, is_active=True)
                .exclude(kind__in=SCHOOL_KINDS)
                .only("id", "name", "short_name", "region_id")
            )
        self.units = {u.pk: u for u in units}
        ancestors = [p for p in self._prefixes(region.path)]
        regions = {r.pk: r for r in Region.objects.filter(path__startswith=region.path)}
        regions.update({r.pk: r for r in Region.objects.filter(path__in=ancestors)})
        self.exact: dict[str, set[int]] = {}
        self.derived: dict[str, set[int]] = {}
        for u in self.units.values():
            for n in (u.name, u.short_name):
                if n:
                    self.exact.setdefault(normalise(n), set()).add(u.pk)
            for form in aliases_of(u.name, _region_names(u, regions)):
                self.derived.setdefault(form, set()).add(u.pk)
        self.aliases: dict[str, set[int]] = {}
        for alias, unit_id in UnitAlias.objects.filter(region_path__in=ancestors).values_list(
            "alias", "unit_id"
        ):
            self.aliases.setdefault(normalise(alias), set()).add(unit_id)
        self.sounds: dict[str, set[int]] = {}
        for form, ids in self.derived.items():
            self.sounds.setdefault(pinyin(form), set()).update(ids)
        self.forms = list(self.derived)

    @staticmethod
    def _prefixes(path: str) -> list[str]:
        """The region paths from the root down to ``path`` (paths are '/'-separated codes)."""
        parts = [p for p in path.split("/") if p]
        return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)] + [path]

    def match(self, name: str) -> Match:
        n = normalise(name)
        if n in self.aliases:
            return self._found(n, sorted(self.aliases[n]), "alias", group=True)
        if n in self.exact:
            return self._found(n, sorted(self.exact[n]), "exact")
        if n in self.derived:
            return self._found(n, sorted(self.derived[n]), "derived")
        sound = pinyin(n)
        if sound in self.sounds:
            return self._found(n, sorted(self.sounds[sound]), "pinyin")
        close = difflib.get_close_matches(n, self.forms, n=5, cutoff=0.6)
        ids = []
        for form in close:
            ids.extend(i for i in sorted(self.derived[form]) if i not in ids)
        if ids:
            return Match(n, MatchKind.AMBIGUOUS, candidates=ids[:5], how="fuzzy")
        return Match(n, MatchKind.UNMATCHED)

    def _found(self, name, ids, how, group=False) -> Match:
        if len(ids) == 1 or group:  # an alias of several rows is a group (各县（区）政府)
            return Match(name, MatchKind.MATCHED, units=ids, how=how)
        return Match(name, MatchKind.AMBIGUOUS, candidates=ids, how=how)
