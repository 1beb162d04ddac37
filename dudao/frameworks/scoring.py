"""The scoring engine: pure functions, no database (C2, C6, C7, B1, G4).

An indicator framework is a tree of ``Node``; a supervision records one result per assessed leaf.
``evaluate(tree, config, results)`` turns the results into:

- per indicator, a *ratio* (得分率, 0–1) — from the leaf's scoring method, then a weighted mean
  up the tree (weights are relative among siblings);
- the total score = root ratio × ``config.max_score``, rounded to 0.01;
- vetoes (一票否决): any veto leaf that is *not met* vetoes the whole result; the grade becomes
  ``config.veto_grade`` (by default the lowest grade);
- the grade (等级) from ``config.grades`` (first grade whose ``min`` ≤ the rounded score);
- a three-colour suggestion from ``config.colour_rules`` (first rule whose conditions all hold).

Not assessed is never zero: a leaf without a result is reported in ``not_assessed`` and left
out of its parent's weighted mean (the parent's weights are re-normalised over the assessed
children); ``coverage`` says what share of the weight was actually assessed and ``complete`` is
``False``. A node whose children are all unassessed is itself unassessed. Leaves marked
``assessable=False`` (observed, not scored) are left out without being reported as missing.

Results per leaf code:
- ``levels``: the level's code or name (e.g. ``"良好"``);
- ``points``: a number between 0 and the leaf's ``max_points``;
- ``yes_no``: ``True``/``False`` (or ``"是"``/``"否"``);
- ``quantitative``: a number, or ``{"value": x}`` / ``{"inputs": {...}}`` (evaluated with the
  leaf's ``formula``), optionally with ``"stage"`` to pick a 学段 threshold.
A result that does not fit its method raises ``ScoringError`` (bad input is never guessed at).
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NOT_ASSESSED = None
SCORED, NOT_ASSESSED_STATUS, NOT_SCORED = "scored", "not_assessed", "not_scored"
DEFAULT_PASS_SHARE = Fraction(6, 10)  # 合格线 of a points item when the framework sets none


class ScoringError(ValueError):
    """A recorded result does not fit its indicator (unknown level, out of range…)."""


def to_fraction(value) -> Fraction:
    if isinstance(value, bool):
        raise ScoringError("需要数值")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, float | str):
        try:
            return Fraction(str(value).strip())
        except (ValueError, ZeroDivisionError) as exc:
            raise ScoringError(f"无效的数值：{value}") from exc
    raise ScoringError(f"无效的数值：{value!r}")


def to_decimal(value: Fraction, places: str = "0.01") -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), ROUND_HALF_UP)


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    points: Fraction
    passed: bool = True


@dataclass(frozen=True)
class Node:
    """One indicator as the engine sees it."""

    code: str
    name: str = ""
    weight: Fraction = Fraction(1)
    method: str = "none"
    assessable: bool = True
    veto: bool = False
    levels: tuple[Level, ...] = ()
    max_points: Fraction | None = None
    pass_points: Fraction | None = None
    threshold: Fraction | None = None
    thresholds: tuple[tuple[str, Fraction], ...] = ()
    direction: str = "gte"
    formula: str = ""
    inputs: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Grade:
    name: str
    min: Fraction


@dataclass(frozen=True)
class ColourRule:
    colour: str
    when: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class ScoringConfig:
    max_score: Fraction = Fraction(100)
    grades: tuple[Grade, ...] = ()
    colour_rules: tuple[ColourRule, ...] = ()
    veto_grade: str | None = None


@dataclass
class NodeResult:
    code: str
    status: str
    ratio: Fraction | None = None
    met: bool | None = None
    value: object = None
    detail: str = ""

    @property
    def percent(self) -> Decimal | None:
        return None if self.ratio is None else to_decimal(self.ratio * 100)


@dataclass
class Evaluation:
    score: Decimal | None
    grade: str | None
    colour: str | None
    vetoed: bool
    veto_codes: list[str] = field(default_factory=list)
    not_assessed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    coverage: Decimal = Decimal("0")
    nodes: dict[str, NodeResult] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.not_assessed

    def as_dict(self) -> dict:
        return {
            "score": None if self.score is None else str(self.score),
            "grade": self.grade,
            "colour": self.colour,
            "vetoed": self.vetoed,
            "veto_codes": self.veto_codes,
            "not_assessed": self.not_assessed,
            "failed": self.failed,
            "coverage": str(self.coverage),
            "complete": self.complete,
            "nodes": {
                code: {"status": n.status, "percent": None if n.percent is None else str(n.percent),
                       "met": n.met, "detail": n.detail}
                for code, n in self.nodes.items()
            },
        }


# --- formulas: + - * / and parentheses over named inputs, nothing else ---------------------
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Load, ast.USub, ast.UAdd, ast.Name,
                  *_BINOPS)


def formula_names(formula: str) -> set[str]:
    """The input names a formula uses; raises ``ScoringError`` if it is not plain arithmetic."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise ScoringError(f"公式语法错误：{formula}") from exc
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif not isinstance(node, _ALLOWED_NODES):
            raise ScoringError(f"公式只能包含数字、输入项名称和 + - * / ( )：{formula}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ScoringError(f"公式只能包含数字、输入项名称和 + - * / ( )：{formula}")
    return names


def eval_formula(formula: str, inputs: dict) -> Fraction:
    formula_names(formula)

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return to_fraction(node.value)
        if isinstance(node, ast.Name):
            if inputs.get(node.id) is None:
                raise ScoringError(f"缺少输入项：{node.id}")
            return to_fraction(inputs[node.id])
        if isinstance(node, ast.UnaryOp):
            value = ev(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        left, right = ev(node.left), ev(node.right)
        if isinstance(node.op, ast.Div) and right == 0:
            raise ScoringError(f"公式除数为零：{formula}")
        return _BINOPS[type(node.op)](left, right)

    return ev(ast.parse(formula, mode="eval"))


COMPARE = {"gte": operator.ge, "lte": operator.le, "gt": operator.gt, "lt": operator.lt}
SIGNS = {"gte": "≥", "lte": "≤", "gt": "＞", "lt": "＜"}


# --- leaves ------------------------------------------------------------------------------------
def _is_missing(result) -> bool:
    return result is None or (isinstance(result, str) and not result.strip())


def score_leaf(node: Node, result) -> NodeResult:
    """The ratio (0–1) and met/not-met of one leaf from its recorded result."""
    if not node.assessable or node.method == "none":
        return NodeResult(node.code, NOT_SCORED)
    if _is_missing(result):
        return NodeResult(node.code, NOT_ASSESSED_STATUS, detail="未评")
    method = node.method
    if method == "levels":
        key = str(result).strip()
        level = next((lv for lv in node.levels if key in (lv.code, lv.name)), None)
        if level is None:
            raise ScoringError(f"{node.code}：未知等级“{key}”")
        top = max(lv.points for lv in node.levels)
        ratio = level.points / top if top else Fraction(0)
        return NodeResult(node.code, SCORED, ratio, level.passed, level.name)
    if method == "points":
        value = to_fraction(result)
        if value < 0 or value > node.max_points:
            raise ScoringError(f"{node.code}：得分 {result} 超出 0–{node.max_points}")
        pass_points = node.pass_points if node.pass_points is not None else node.max_points * DEFAULT_PASS_SHARE
        return NodeResult(node.code, SCORED, value / node.max_points, value >= pass_points, result)
    if method == "yes_no":
        if isinstance(result, str) and result.strip() in ("是", "否"):
            result = result.strip() == "是"
        if not isinstance(result, bool):
            raise ScoringError(f"{node.code}：需要“是”或“否”")
        return NodeResult(node.code, SCORED, Fraction(int(result)), result, "是" if result else "否")
    if method == "quantitative":
        stage = None
        if isinstance(result, dict):
            stage = result.get("stage")
            if result.get("value") is not None:
                value = to_fraction(result["value"])
            elif result.get("inputs") is not None:
                value = eval_formula(node.formula, result["inputs"])
            else:
                return NodeResult(node.code, NOT_ASSESSED_STATUS, detail="未评")
        else:
            value = to_fraction(result)
        threshold = _threshold(node, stage)
        met = COMPARE[node.direction](value, threshold)
        sign = SIGNS[node.direction]
        return NodeResult(node.code, SCORED, Fraction(int(met)), met, to_decimal(value, "0.0001"),
                          detail=f"{to_decimal(value, '0.0001').normalize()} {sign} {threshold_text(threshold)}")
    raise ScoringError(f"{node.code}：未知计分方式 {method}")


def threshold_text(value: Fraction) -> str:
    return str(to_decimal(value, "0.0001").normalize())


def _threshold(node: Node, stage) -> Fraction:
    if node.thresholds:
        table = dict(node.thresholds)
        if stage is None and len(table) == 1:
            return next(iter(table.values()))
        if stage not in table:
            raise ScoringError(f"{node.code}：请指明学段（{'、'.join(table)}）")
        return table[stage]
    return node.threshold


# --- the tree ----------------------------------------------------------------------------------
def _roll_up(node: Node, results: dict, out: dict) -> NodeResult:
    if not node.children:
        res = score_leaf(node, results.get(node.code))
        out[node.code] = res
        return res
    children = [(child, _roll_up(child, results, out)) for child in node.children]
    scored = [(c, r) for c, r in children if r.status == SCORED]
    if not scored:
        status = NOT_SCORED if all(r.status == NOT_SCORED for _c, r in children) else NOT_ASSESSED_STATUS
        res = NodeResult(node.code, status, detail="未评" if status == NOT_ASSESSED_STATUS else "")
    else:
        total = sum((c.weight for c, _r in scored), Fraction(0))
        if total:
            ratio = sum((c.weight * r.ratio for c, r in scored), Fraction(0)) / total
        else:  # only zero-weight children were assessed: plain mean
            ratio = sum((r.ratio for _c, r in scored), Fraction(0)) / len(scored)
        partial = any(r.status == NOT_ASSESSED_STATUS for _c, r in children)
        res = NodeResult(node.code, SCORED, ratio, all(r.met is not False for _c, r in scored),
                         detail="部分未评" if partial else "")
    out[node.code] = res
    return res


def _leaf_weights(node: Node, share: Fraction, acc: dict):
    """Each leaf's nominal share of the whole (weights normalised among siblings)."""
    if not node.children:
        acc[node.code] = share
        return
    live = [c for c in node.children if _has_scored_leaf(c)]
    total = sum((c.weight for c in live), Fraction(0))
    for child in live:
        child_share = share * (child.weight / total if total else Fraction(1, len(live)))
        _leaf_weights(child, child_share, acc)


def _has_scored_leaf(node: Node) -> bool:
    if not node.children:
        return node.assessable and node.method != "none"
    return any(_has_scored_leaf(c) for c in node.children)


def grade_for(config: ScoringConfig, score: Decimal | None) -> str | None:
    if score is None:
        return None
    for grade in sorted(config.grades, key=lambda g: g.min, reverse=True):
        if Fraction(score) >= grade.min:
            return grade.name
    return None


def colour_for(config: ScoringConfig, *, score, vetoed, failed, not_assessed) -> str | None:
    """First matching rule. With nothing assessed (no score) and no veto there is no suggestion:
    an empty result must not look green."""
    if score is None and not vetoed:
        return None
    facts = {"veto": vetoed, "failed": len(failed), "not_assessed": len(not_assessed)}
    for rule in config.colour_rules:
        if all(_holds(key, expected, score, facts) for key, expected in rule.when):
            return rule.colour
    return None


def _holds(key, expected, score, facts) -> bool:
    if key == "veto":
        return facts["veto"] == bool(expected)
    if key == "score_below":
        return score is not None and Fraction(score) < to_fraction(expected)
    if key == "score_at_least":
        return score is not None and Fraction(score) >= to_fraction(expected)
    if key == "failed_at_least":
        return facts["failed"] >= int(expected)
    if key == "not_assessed_at_least":
        return facts["not_assessed"] >= int(expected)
    raise ScoringError(f"未知的颜色规则条件：{key}")


def evaluate(roots: list[Node] | tuple[Node, ...], config: ScoringConfig, results: dict) -> Evaluation:
    """Score a whole framework. ``roots`` are the top-level indicators (一级指标)."""
    root = Node(code="__root__", children=tuple(roots))
    nodes: dict[str, NodeResult] = {}
    top = _roll_up(root, results, nodes)
    nodes.pop("__root__")
    leaves = [n for n in _iter_leaves(root)]
    scored_leaves = [n for n in leaves if nodes[n.code].status != NOT_SCORED]
    not_assessed = [n.code for n in scored_leaves if nodes[n.code].status == NOT_ASSESSED_STATUS]
    failed = [n.code for n in scored_leaves if nodes[n.code].met is False]
    veto_codes = [n.code for n in scored_leaves if n.veto and nodes[n.code].met is False]
    shares: dict[str, Fraction] = {}
    if _has_scored_leaf(root):
        _leaf_weights(root, Fraction(1), shares)
    coverage = sum((s for code, s in shares.items() if nodes[code].status == SCORED), Fraction(0))
    score = None if top.status != SCORED else to_decimal(top.ratio * config.max_score)
    vetoed = bool(veto_codes)
    if vetoed:
        grade = config.veto_grade or (min(config.grades, key=lambda g: g.min).name if config.grades else None)
    else:
        grade = grade_for(config, score)
    colour = colour_for(config, score=score, vetoed=vetoed, failed=failed, not_assessed=not_assessed)
    return Evaluation(score=score, grade=grade, colour=colour, vetoed=vetoed, veto_codes=veto_codes,
                      not_assessed=not_assessed, failed=failed, coverage=to_decimal(coverage * 100),
                      nodes=nodes)


def _iter_leaves(node: Node):
    if not node.children:
        yield node
        return
    for child in node.children:
        yield from _iter_leaves(child)
