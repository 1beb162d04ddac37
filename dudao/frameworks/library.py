"""The library format (docs/frameworks.md): validate a parsed YAML/Excel library as a whole and
normalise it. No database access here — ``services.library_load`` imports what this accepts.

Every problem is reported with its path, e.g. ``indicators[3].children[1].weight: 必须为非负数``
(for Excel the path starts with the row: ``第5行（A1-2）.weight: …``). All problems of a file are
collected, not just the first.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from decimal import Decimal, InvalidOperation

import yaml
from django.core.exceptions import ValidationError

from dudao.orgs.choices import UnitKind

from .choices import Direction, FrameworkKind, ScoringMethod, Stage
from .scoring import ScoringError, formula_names

URN_RE = re.compile(r"^urn:[a-z0-9][a-z0-9._:-]*$")
CODE_RE = re.compile(r"^[A-Za-z0-9一-龥][A-Za-z0-9一-龥._\-（）()]*$")
MAX_DEPTH = 5
COLOURS = ("green", "yellow", "red")
COLOUR_CONDITIONS = ("veto", "score_below", "score_at_least", "failed_at_least", "not_assessed_at_least")

TOP_KEYS = {"urn", "version", "name", "kind", "locale", "provider", "publication_date", "source", "description",
            "applicable_unit_kinds", "scoring", "indicators"}
INDICATOR_KEYS = {"code", "name", "description", "basis", "observation_points", "evidence", "unit_kinds", "stages",
                  "assessable", "weight", "method", "levels", "max_points", "pass_points", "threshold",
                  "thresholds", "direction", "unit", "formula", "inputs", "veto", "children", "_row"}


class LibraryError(ValidationError):
    """A library file is malformed; ``errors`` lists ``"path: 消息"`` strings."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        by_path: dict[str, list[str]] = {}
        for error in errors:
            path, _sep, message = error.partition(": ")
            by_path.setdefault(path, []).append(message or error)
        super().__init__(by_path)  # the API reports each path as the error's field


def parse_yaml(text: str | bytes) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else "文件"
        raise LibraryError([f"{where}: YAML 格式错误（{getattr(exc, 'problem', '') or exc}）"]) from exc
    if not isinstance(data, dict):
        raise LibraryError(["(根): 必须是映射（键: 值）"])
    return data


class _Checker:
    def __init__(self):
        self.errors: list[str] = []

    def err(self, path: str, msg: str):
        self.errors.append(f"{path}: {msg}")

    def text(self, obj, key, path, *, required=False, max_length=None):
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.err(f"{path}{key}", "必填")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.err(f"{path}{key}", "必须为文本")
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.err(f"{path}{key}", f"不能超过 {max_length} 个字符")
        return value

    def number(self, obj, key, path, *, required=False, nonnegative=True, positive=False):
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.err(f"{path}{key}", "必填")
            return None
        if isinstance(value, bool):
            self.err(f"{path}{key}", "必须为数值")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.err(f"{path}{key}", "必须为数值")
            return None
        if not number.is_finite():
            self.err(f"{path}{key}", "必须为数值")
            return None
        if positive and number <= 0:
            self.err(f"{path}{key}", "必须为正数")
            return None
        if nonnegative and number < 0:
            self.err(f"{path}{key}", "必须为非负数")
            return None
        return number

    def boolean(self, obj, key, path, default):
        value = obj.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.err(f"{path}{key}", "必须为 true 或 false")
            return default
        return value

    def text_list(self, obj, key, path):
        value = obj.get(key)
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            self.err(f"{path}{key}", "必须为文本列表")
            return []
        return [str(v).strip() for v in value if str(v).strip()]

    def choice_list(self, obj, key, path, choices):
        values = self.text_list(obj, key, path)
        for i, v in enumerate(values):
            if v not in choices:
                self.err(f"{path}{key}[{i}]", f"无效取值“{v}”，可选：{'、'.join(choices)}")
        return values


def _num(d: Decimal | None) -> str | None:
    return None if d is None else format(d.normalize(), "f")


def validate_library(data: dict) -> dict:
    """Check a whole library; return its normalised form or raise ``LibraryError``."""
    c = _Checker()
    if not isinstance(data, dict):
        raise LibraryError(["(根): 必须是映射（键: 值）"])
    for key in sorted(set(data) - TOP_KEYS):
        c.err(str(key), "未知字段")
    urn = c.text(data, "urn", "", required=True, max_length=200)
    if urn and not URN_RE.match(urn):
        c.err("urn", "格式应为 urn:…（小写字母、数字和 . _ : -）")
    version = data.get("version")
    if version is None:
        c.err("version", "必填")
    elif isinstance(version, bool) or not isinstance(version, int) or version < 1:
        c.err("version", "必须为正整数")
    kind = c.text(data, "kind", "", required=True)
    if kind and kind not in FrameworkKind.values:
        c.err("kind", f"无效取值“{kind}”，可选：{'、'.join(FrameworkKind.values)}")
    pub = data.get("publication_date")
    if isinstance(pub, datetime.datetime):
        pub = pub.date()
    if isinstance(pub, str) and pub.strip():
        try:
            pub = datetime.date.fromisoformat(pub.strip())
        except ValueError:
            c.err("publication_date", "日期格式应为 YYYY-MM-DD")
            pub = None
    elif pub in (None, ""):
        pub = None
    elif not isinstance(pub, datetime.date):
        c.err("publication_date", "日期格式应为 YYYY-MM-DD")
        pub = None
    out = {
        "urn": urn,
        "version": version if isinstance(version, int) and not isinstance(version, bool) else None,
        "name": c.text(data, "name", "", required=True, max_length=200),
        "kind": kind,
        "locale": c.text(data, "locale", "") or "zh-hans",
        "provider": c.text(data, "provider", "", max_length=200),
        "publication_date": pub.isoformat() if pub else None,
        "source": c.text(data, "source", "", required=True),
        "description": c.text(data, "description", ""),
        "applicable_unit_kinds": c.choice_list(data, "applicable_unit_kinds", "", UnitKind.values),
        "scoring": _validate_scoring(c, data.get("scoring")),
    }
    indicators = data.get("indicators")
    codes: dict[str, str] = {}
    if not isinstance(indicators, list) or not indicators:
        c.err("indicators", "必须为非空列表")
        out["indicators"] = []
    else:
        out["indicators"] = [_validate_indicator(c, ind, f"indicators[{i}]", 1, codes)
                             for i, ind in enumerate(indicators)]
    if c.errors:
        raise LibraryError(c.errors)
    return out


def _validate_scoring(c: _Checker, scoring) -> dict:
    out = {"max_score": "100", "grades": [], "colours": [], "veto_grade": None}
    if scoring in (None, ""):
        return out
    if not isinstance(scoring, dict):
        c.err("scoring", "必须为映射")
        return out
    for key in sorted(set(scoring) - {"max_score", "grades", "colours", "veto_grade"}):
        c.err(f"scoring.{key}", "未知字段")
    max_score = c.number(scoring, "max_score", "scoring.", positive=True)
    if max_score is not None:
        out["max_score"] = _num(max_score)
    grades = scoring.get("grades") or []
    if not isinstance(grades, list):
        c.err("scoring.grades", "必须为列表")
        grades = []
    previous = None
    for i, g in enumerate(grades):
        path = f"scoring.grades[{i}]."
        if not isinstance(g, dict):
            c.err(path[:-1], "必须为映射（name, min）")
            continue
        for key in sorted(set(g) - {"name", "min"}):
            c.err(f"{path}{key}", "未知字段")
        name = c.text(g, "name", path, required=True)
        low = c.number(g, "min", path, required=True)
        if low is not None and previous is not None and low >= previous:
            c.err(f"{path}min", "等级须按分数线从高到低排列")
        if low is not None:
            previous = low
        out["grades"].append({"name": name, "min": _num(low)})
    names = [g["name"] for g in out["grades"]]
    veto_grade = c.text(scoring, "veto_grade", "scoring.")
    if veto_grade and veto_grade not in names:
        c.err("scoring.veto_grade", "必须是 grades 中的一个等级")
    out["veto_grade"] = veto_grade or None
    colours = scoring.get("colours") or []
    if not isinstance(colours, list):
        c.err("scoring.colours", "必须为列表")
        colours = []
    for i, rule in enumerate(colours):
        path = f"scoring.colours[{i}]."
        if not isinstance(rule, dict):
            c.err(path[:-1], "必须为映射（colour, when）")
            continue
        for key in sorted(set(rule) - {"colour", "when"}):
            c.err(f"{path}{key}", "未知字段")
        colour = c.text(rule, "colour", path, required=True)
        if colour and colour not in COLOURS:
            c.err(f"{path}colour", "必须为 green、yellow 或 red")
        when = rule.get("when") or {}
        if not isinstance(when, dict):
            c.err(f"{path}when", "必须为映射")
            when = {}
        clean = {}
        for key in when:
            if key not in COLOUR_CONDITIONS:
                c.err(f"{path}when.{key}", f"未知条件，可选：{'、'.join(COLOUR_CONDITIONS)}")
            elif key == "veto":
                clean[key] = c.boolean(when, key, f"{path}when.", False)
            else:
                number = c.number(when, key, f"{path}when.")
                clean[key] = _num(number)
        out["colours"].append({"colour": colour, "when": clean})
    return out


def _validate_indicator(c: _Checker, ind, path: str, depth: int, codes: dict) -> dict:
    if not isinstance(ind, dict):
        c.err(path, "必须为映射")
        return {}
    if "_row" in ind:  # from Excel: name the row, not the position in the tree
        path = f"第{ind['_row']}行（{ind.get('code') or '?'}）"
    p = f"{path}."
    for key in sorted(set(ind) - INDICATOR_KEYS, key=str):
        c.err(f"{p}{key}", "未知字段")
    code = c.text(ind, "code", p, required=True, max_length=50)
    if code:
        if not CODE_RE.match(code):
            c.err(f"{p}code", "只能包含字母、数字、汉字和 . _ - ( )")
        elif code in codes:
            c.err(f"{p}code", f"编号“{code}”与 {codes[code]} 重复")
        else:
            codes[code] = path
    weight = c.number(ind, "weight", p)
    children = ind.get("children") or []
    if not isinstance(children, list):
        c.err(f"{p}children", "必须为列表")
        children = []
    if depth >= MAX_DEPTH and children:
        c.err(f"{p}children", f"指标层级不能超过 {MAX_DEPTH} 级")
        children = []
    assessable = c.boolean(ind, "assessable", p, True)
    method = c.text(ind, "method", p) or ("none" if children or not assessable else "")
    out = {
        "code": code,
        "name": c.text(ind, "name", p, required=True, max_length=500),
        "description": c.text(ind, "description", p),
        "basis": c.text(ind, "basis", p),
        "observation_points": c.text_list(ind, "observation_points", p),
        "evidence": c.text_list(ind, "evidence", p),
        "unit_kinds": c.choice_list(ind, "unit_kinds", p, UnitKind.values),
        "stages": c.choice_list(ind, "stages", p, Stage.values),
        "assessable": assessable,
        "weight": _num(weight) if weight is not None else "1",
        "method": method,
        "levels": [], "max_points": None, "pass_points": None, "threshold": None, "thresholds": {},
        "direction": "", "unit": c.text(ind, "unit", p, max_length=32), "formula": "", "inputs": [],
        "veto": c.boolean(ind, "veto", p, False),
    }
    if not method:
        c.err(f"{p}method", "末级指标必须指定计分方式（levels、points、yes_no、quantitative 或 none）")
    elif method not in ScoringMethod.values:
        c.err(f"{p}method", f"无效取值“{method}”，可选：{'、'.join(ScoringMethod.values)}")
    elif children and method != "none":
        c.err(f"{p}method", "有下级指标的指标按下级加权汇总，计分方式只能为 none")
    elif method == "levels":
        _validate_levels(c, ind, p, out)
    elif method == "points":
        out["max_points"] = _num(c.number(ind, "max_points", p, required=True, positive=True))
        pass_points = c.number(ind, "pass_points", p)
        if pass_points is not None and out["max_points"] and pass_points > Decimal(out["max_points"]):
            c.err(f"{p}pass_points", "不能大于满分")
        out["pass_points"] = _num(pass_points)
    elif method == "quantitative":
        _validate_quantitative(c, ind, p, out)
    if out["veto"] and children:
        c.err(f"{p}veto", "一票否决只能设置在末级指标上")
    if out["veto"] and method == "none":
        c.err(f"{p}veto", "一票否决指标必须可评（计分方式不能为 none）")
    for key in ("levels", "max_points", "pass_points", "threshold", "thresholds", "direction", "formula", "inputs"):
        if ind.get(key) not in (None, "", [], {}) and not _applies(key, method):
            c.err(f"{p}{key}", f"计分方式为 {method or '（未指定）'} 时不适用")
    out["children"] = [_validate_indicator(c, child, f"{p}children[{i}]", depth + 1, codes)
                       for i, child in enumerate(children)]
    return out


def _applies(key: str, method: str) -> bool:
    return {
        "levels": method == "levels",
        "max_points": method == "points", "pass_points": method == "points",
    }.get(key, method == "quantitative")


def _validate_levels(c: _Checker, ind, p, out):
    levels = ind.get("levels")
    if not isinstance(levels, list) or len(levels) < 2:
        c.err(f"{p}levels", "等级评定至少需要两个等级")
        return
    seen = set()
    for i, lv in enumerate(levels):
        lp = f"{p}levels[{i}]."
        if not isinstance(lv, dict):
            c.err(lp[:-1], "必须为映射（name, points）")
            continue
        for key in sorted(set(lv) - {"code", "name", "points", "pass"}):
            c.err(f"{lp}{key}", "未知字段")
        name = c.text(lv, "name", lp, required=True)
        code = c.text(lv, "code", lp) or name
        if name in seen or code in seen:
            c.err(f"{lp}name", f"等级“{name}”重复")
        seen.update({name, code})
        points = c.number(lv, "points", lp, required=True)
        out["levels"].append({"code": code, "name": name, "points": _num(points),
                              "pass": c.boolean(lv, "pass", lp, True)})
    if out["levels"] and all(Decimal(lv["points"] or 0) == 0 for lv in out["levels"]):
        c.err(f"{p}levels", "至少一个等级的分值须大于 0")


def _validate_quantitative(c: _Checker, ind, p, out):
    direction = c.text(ind, "direction", p, required=True)
    if direction and direction not in Direction.values:
        c.err(f"{p}direction", "必须为 gte（不低于）、lte（不高于）、gt（高于）或 lt（低于）")
    out["direction"] = direction
    threshold = c.number(ind, "threshold", p, nonnegative=False)
    thresholds = ind.get("thresholds")
    if thresholds not in (None, {}):
        if not isinstance(thresholds, dict):
            c.err(f"{p}thresholds", "必须为映射（学段: 标准值）")
        else:
            for stage in thresholds:
                if stage not in Stage.values:
                    c.err(f"{p}thresholds.{stage}", f"无效学段，可选：{'、'.join(Stage.values)}")
                else:
                    value = c.number(thresholds, stage, f"{p}thresholds.", required=True, nonnegative=False)
                    out["thresholds"][stage] = _num(value)
    if threshold is None and not out["thresholds"]:
        c.err(f"{p}threshold", "定量指标必须给出标准值（threshold 或 thresholds）")
    if threshold is not None and out["thresholds"]:
        c.err(f"{p}threshold", "threshold 与 thresholds 只能二选一")
    out["threshold"] = _num(threshold)
    out["inputs"] = c.text_list(ind, "inputs", p)
    formula = c.text(ind, "formula", p, max_length=500)
    out["formula"] = formula
    if formula:
        try:
            names = formula_names(formula)
        except ScoringError as exc:
            c.err(f"{p}formula", str(exc))
        else:
            missing = sorted(names - set(out["inputs"]))
            if missing:
                c.err(f"{p}formula", f"使用了未在 inputs 中声明的输入项：{'、'.join(missing)}")
    elif out["inputs"]:
        c.err(f"{p}formula", "声明了 inputs 时必须给出 formula")


def content_hash(spec: dict) -> str:
    """A stable digest of a normalised library, so loading the same content twice changes nothing.

    An empty ``basis`` is left out, so a version stored before indicators had a basis keeps its digest."""
    def strip(nodes):
        return [{**{k: v for k, v in node.items() if k != "basis" or v}, "children": strip(node.get("children", []))}
                for node in nodes]

    body = {k: v for k, v in spec.items() if k != "urn"}
    body["indicators"] = strip(body.get("indicators", []))
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def iter_indicators(nodes: list[dict], parent=None, depth=1):
    """Depth-first (document order): ``(indicator_dict, parent_dict, depth)``."""
    for node in nodes:
        yield node, parent, depth
        yield from iter_indicators(node.get("children", []), node, depth + 1)
