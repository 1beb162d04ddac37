"""Checking a submission's cells: each value against its element (type, choices, bounds), and the
collection's cross-field rules, with a small safe evaluator of arithmetic (``+ - * /``, unary
minus, parentheses, numbers and element codes) that walks the ``ast`` — never ``eval``.

Cell keys are ``"<element code>/<section>"`` (section ``""`` for an element not per 学段), the keys
of every error dict the services and the API return."""

from __future__ import annotations

import ast
import operator
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .choices import Operator, ValueType

MAX_EXPRESSION = 500
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_COMPARE = {Operator.LT: operator.lt, Operator.LE: operator.le, Operator.EQ: operator.eq,
            Operator.GE: operator.ge, Operator.GT: operator.gt, Operator.NE: operator.ne}
TRUE_WORDS = {"1", "是", "有", "true", "yes", "y", "√"}
FALSE_WORDS = {"0", "否", "无", "false", "no", "n", "×"}
NUMBER_LIMIT = Decimal("1e14")


class ExpressionError(ValueError):
    pass


def cell_key(code: str, section: str = "") -> str:
    return f"{code}/{section}"


def _parse(expr: str) -> ast.AST:
    if not expr or len(expr) > MAX_EXPRESSION:
        raise ExpressionError(_("表达式为空或过长"))
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(_("表达式语法错误：%(e)s") % {"e": expr}) from exc
    for node in ast.walk(tree):
        if not isinstance(node, ast.Expression | ast.BinOp | ast.UnaryOp | ast.Constant | ast.Name | ast.Load
                          | ast.USub | ast.UAdd | ast.Add | ast.Sub | ast.Mult | ast.Div):
            raise ExpressionError(_("表达式只能包含数字、数据元素代码和 + - * / ( )：%(e)s") % {"e": expr})
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
            raise ExpressionError(_("表达式只能包含数字、数据元素代码和 + - * / ( )：%(e)s") % {"e": expr})
    return tree


def names(expr: str) -> set[str]:
    """The element codes an expression reads."""
    return {n.id for n in ast.walk(_parse(expr)) if isinstance(n, ast.Name)}


def evaluate(expr: str, values: dict[str, Decimal | None]) -> Decimal | None:
    """The value of ``expr``; ``None`` when an element it reads has no value or it divides by 0."""

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ExpressionError(_("未知的数据元素：%(c)s") % {"c": node.id})
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            v = walk(node.operand)
            return None if v is None else (-v if isinstance(node.op, ast.USub) else v)
        left, right = walk(node.left), walk(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div) and right == 0:
            return None
        return _BINARY[type(node.op)](left, right)

    return walk(_parse(expr))


def check_expression(expr: str, codes: set[str]) -> str | None:
    """Why ``expr`` is not a valid rule side for a collection with elements ``codes`` (or None)."""
    try:
        unknown = names(expr) - codes
    except ExpressionError as exc:
        return str(exc)
    if unknown:
        return _("未知的数据元素：%(c)s") % {"c": "、".join(sorted(unknown))}
    return None


def parse_cell(element, raw) -> tuple[Decimal | None, str]:
    """``(number, text)`` for a raw input of ``element`` (``None``/"" → empty); raises
    ``ValueError`` with the Chinese message of a bad value."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ""
    vt = element.value_type
    if vt == ValueType.TEXT:
        text = str(raw).strip()
        if len(text) > 500:
            raise ValueError(_("文本不能超过500字"))
        return None, text
    if vt == ValueType.CHOICE:
        text = str(raw).strip()
        codes = {str(c[0]): str(c[1]) for c in element.choices}
        if text in codes:
            return None, text
        by_label = {label: code for code, label in codes.items()}
        if text in by_label:
            return None, by_label[text]
        raise ValueError(_("应为以下选项之一：%(c)s") % {"c": "、".join(codes.values())})
    if vt == ValueType.BOOLEAN:
        if isinstance(raw, bool):
            return Decimal(int(raw)), ""
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return Decimal(1), ""
        if word in FALSE_WORDS:
            return Decimal(0), ""
        raise ValueError(_("应填“是”或“否”"))
    if isinstance(raw, bool):
        raise ValueError(_("应为数字"))
    try:
        number = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(_("应为数字")) from exc
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise ValueError(_("数值超出范围"))
    if vt == ValueType.INTEGER and number != number.to_integral_value():
        raise ValueError(_("应为整数"))
    if number != number.quantize(Decimal("0.0001")):
        raise ValueError(_("最多保留4位小数"))
    if element.minimum is not None and number < element.minimum:
        raise ValueError(_("不能小于%(v)s") % {"v": _fmt(element.minimum)})
    if element.maximum is not None and number > element.maximum:
        raise ValueError(_("不能大于%(v)s") % {"v": _fmt(element.maximum)})
    return number, ""


def _fmt(number: Decimal) -> str:
    return format(number.normalize(), "f")


def cells(collection, elements, sections=None) -> list[tuple]:
    """Every ``(element, section)`` cell of a collection's form, in order (``sections``: the 学段 a
    submission fills; default the collection's)."""
    sections = list(collection.sections or []) if sections is None else list(sections)
    out = []
    for el in elements:
        if el.per_section and sections:
            out.extend((el, s) for s in sections)
        else:
            out.append((el, ""))
    return out


def _number(el, number, text):
    if el.value_type == ValueType.CHOICE or el.value_type == ValueType.TEXT:
        return None
    return number


def rule_failures(collection, elements, rules, stored: dict, sections=None) -> dict[str, str]:
    """{cell key or ``rule:<code>[/section]``: message} of the rules that fail.

    ``stored`` maps ``(code, section)`` to ``(number, text)``. A per-学段 rule is evaluated for each
    学段 of the collection with the non-per-学段 elements' values; a rule over all 学段 reads a per-学段
    element as its sum over the 学段 that have a value. A rule any of whose elements has no value is
    not evaluated (the required check reports missing values)."""
    sections = list(collection.sections or []) if sections is None else list(sections)
    by_code = {el.code: el for el in elements}
    failures = {}
    for rule in rules:
        runs = sections if (rule.per_section and sections) else [""]
        for section in runs:
            values: dict[str, Decimal | None] = {}
            for code, el in by_code.items():
                if el.per_section and sections:
                    if section:
                        values[code] = _number(el, *stored.get((code, section), (None, "")))
                    else:
                        parts = [_number(el, *stored.get((code, s), (None, ""))) for s in sections]
                        parts = [p for p in parts if p is not None]
                        values[code] = sum(parts, Decimal(0)) if parts else None
                else:
                    values[code] = _number(el, *stored.get((code, ""), (None, "")))
            try:
                left, right = evaluate(rule.left, values), evaluate(rule.right, values)
            except ExpressionError as exc:
                failures[f"rule:{rule.code}/{section}"] = str(exc)
                continue
            if left is None or right is None:
                continue
            if not _COMPARE[Operator(rule.operator)](left, right):
                failures[f"rule:{rule.code}/{section}"] = rule.message
    return failures


def missing_required(collection, elements, stored: dict, sections=None) -> dict[str, str]:
    return {cell_key(el.code, s): _("必填") for el, s in cells(collection, elements, sections)
            if el.required and stored.get((el.code, s), (None, "")) in ((None, ""),)}


def submission_problems(submission) -> dict[str, str]:
    """What stops ``submission`` from being submitted: missing required cells and failing rules."""
    collection = submission.round.collection
    elements = list(collection.elements.all())
    rules = list(collection.rules.all())
    stored = {(code, section): (number, text) for code, section, number, text in
              submission.values.values_list("element__code", "section", "number", "text")}
    sections = submission_sections(submission)
    return {**missing_required(collection, elements, stored, sections),
            **rule_failures(collection, elements, rules, stored, sections)}


def submission_sections(submission) -> list[str]:
    """The 学段 ``submission`` fills: its own list, else the collection's."""
    return list(submission.sections or submission.round.collection.sections or [])
