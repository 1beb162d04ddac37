"""The scoring engine against hand-computed examples (pure functions, no database)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from dudao.frameworks.scoring import (
    ColourRule,
    Grade,
    Level,
    Node,
    ScoringConfig,
    ScoringError,
    eval_formula,
    evaluate,
    score_leaf,
)

LEVELS = (Level("A", "优秀", Fraction(10)), Level("B", "良好", Fraction(8)), Level("C", "合格", Fraction(6)),
          Level("D", "不合格", Fraction(0), passed=False))
GRADES = (Grade("优秀", Fraction(90)), Grade("良好", Fraction(80)), Grade("合格", Fraction(60)),
          Grade("不合格", Fraction(0)))
COLOURS = (
    ColourRule("red", (("veto", True),)),
    ColourRule("red", (("score_below", "60"),)),
    ColourRule("yellow", (("score_below", "80"),)),
    ColourRule("yellow", (("failed_at_least", "2"),)),
    ColourRule("green"),
)
CONFIG = ScoringConfig(grades=GRADES, colour_rules=COLOURS)


def tree(*, veto_leaf: bool = False):
    """A (40): A1 levels, A2 points/20;  B (60): B1 yes/no ×3, B2 quantitative ≥ 85 ×1 [, B3 veto ×0]."""
    b_children = [
        Node("B1", weight=Fraction(3), method="yes_no"),
        Node("B2", weight=Fraction(1), method="quantitative", threshold=Fraction(85), direction="gte"),
    ]
    if veto_leaf:
        b_children.append(Node("B3", weight=Fraction(0), method="yes_no", veto=True))
    return (
        Node("A", weight=Fraction(40), children=(
            Node("A1", method="levels", levels=LEVELS),
            Node("A2", method="points", max_points=Fraction(20)),
        )),
        Node("B", weight=Fraction(60), children=tuple(b_children)),
    )


def test_weighted_roll_up_hand_computed():
    # A = (0.8 + 0.75) / 2 = 0.775; B = (3·1 + 1·0) / 4 = 0.75; total = (40·0.775 + 60·0.75) / 100 = 0.76
    ev = evaluate(tree(), CONFIG, {"A1": "良好", "A2": 15, "B1": True, "B2": 80})
    assert ev.score == Decimal("76.00")
    assert ev.nodes["A"].percent == Decimal("77.50")
    assert ev.nodes["B"].percent == Decimal("75.00")
    assert ev.grade == "合格"
    assert ev.failed == ["B2"]
    assert ev.colour == "yellow"
    assert ev.complete and ev.coverage == Decimal("100.00")
    assert not ev.vetoed


def test_not_assessed_is_reported_and_never_zero():
    # A2 missing: A = 0.8 (not (0.8 + 0) / 2); total = (40·0.8 + 60·0.75) / 100 = 0.77
    ev = evaluate(tree(), CONFIG, {"A1": "良好", "B1": True, "B2": 80})
    assert ev.score == Decimal("77.00")
    assert ev.not_assessed == ["A2"]
    assert not ev.complete
    # shares: A1 0.2, A2 0.2, B1 0.45, B2 0.15 → 80 % assessed
    assert ev.coverage == Decimal("80.00")
    assert ev.nodes["A2"].status == "not_assessed"
    assert ev.nodes["A"].detail == "部分未评"


def test_whole_branch_not_assessed():
    ev = evaluate(tree(), CONFIG, {"B1": True, "B2": 90})
    assert ev.nodes["A"].status == "not_assessed"
    assert ev.score == Decimal("100.00")  # only B counts, and says so:
    assert ev.not_assessed == ["A1", "A2"]
    assert ev.coverage == Decimal("60.00")


def test_nothing_assessed_has_no_score_grade_or_colour():
    ev = evaluate(tree(), CONFIG, {})
    assert ev.score is None and ev.grade is None and ev.colour is None
    assert ev.not_assessed == ["A1", "A2", "B1", "B2"]
    assert ev.coverage == Decimal("0.00")


def test_veto_overrides_grade_and_colour_but_keeps_score():
    ev = evaluate(tree(veto_leaf=True), CONFIG, {"A1": "优秀", "A2": 20, "B1": True, "B2": 90, "B3": False})
    assert ev.score == Decimal("100.00")  # the veto item has weight 0
    assert ev.vetoed and ev.veto_codes == ["B3"]
    assert ev.grade == "不合格"  # lowest grade by default
    assert ev.colour == "red"


def test_veto_grade_from_config_and_unassessed_veto_does_not_veto():
    config = ScoringConfig(grades=GRADES, colour_rules=COLOURS, veto_grade="合格")
    results = {"A1": "优秀", "A2": 20, "B1": True, "B2": 90}
    ev = evaluate(tree(veto_leaf=True), config, {**results, "B3": False})
    assert ev.grade == "合格"
    ev = evaluate(tree(veto_leaf=True), config, results)
    assert not ev.vetoed and ev.not_assessed == ["B3"] and ev.grade == "优秀"


@pytest.mark.parametrize(("points", "grade"), [
    ("100", "优秀"), ("90", "优秀"), ("89.99", "良好"), ("89.995", "优秀"),  # grade uses the rounded score
    ("80", "良好"), ("79.99", "合格"), ("60", "合格"), ("59.99", "不合格"), ("0", "不合格"),
])
def test_grade_boundaries(points, grade):
    leaf = Node("X", method="points", max_points=Fraction(100))
    assert evaluate((leaf,), CONFIG, {"X": points}).grade == grade


def test_thirds_round_half_up():
    leaves = tuple(Node(code, method="yes_no") for code in ("X", "Y", "Z"))
    ev = evaluate(leaves, CONFIG, {"X": True, "Y": "是", "Z": "否"})
    assert ev.score == Decimal("66.67")
    assert ev.grade == "合格"


def test_colour_rules_first_match():
    leaves = tuple(Node(c, method="yes_no") for c in "PQRSTUVWXY")
    results = {c: True for c in "PQRSTUVWXY"}
    assert evaluate(leaves, CONFIG, results).colour == "green"
    results.update(P=False, Q=False)  # 80 → not < 80, but two failed
    assert evaluate(leaves, CONFIG, results).colour == "yellow"
    results.update(R=False, S=False, T=False)  # 50
    assert evaluate(leaves, CONFIG, results).colour == "red"


def test_zero_weight_siblings_use_plain_mean():
    node = Node("A", children=(Node("A1", weight=Fraction(0), method="yes_no"),
                               Node("A2", weight=Fraction(0), method="yes_no")))
    assert evaluate((node,), CONFIG, {"A1": True, "A2": False}).score == Decimal("50.00")


def test_not_scored_items_are_neither_counted_nor_missing():
    leaves = (Node("X", method="yes_no"), Node("Y", method="yes_no", assessable=False))
    ev = evaluate(leaves, CONFIG, {"X": True})
    assert ev.score == Decimal("100.00") and ev.complete and ev.nodes["Y"].status == "not_scored"


def test_levels_points_and_pass_lines():
    leaf = Node("L", method="levels", levels=LEVELS)
    assert score_leaf(leaf, "A").ratio == 1 and score_leaf(leaf, "合格").ratio == Fraction(6, 10)
    assert score_leaf(leaf, "不合格").met is False
    with pytest.raises(ScoringError, match="未知等级"):
        score_leaf(leaf, "很好")
    pts = Node("P", method="points", max_points=Fraction(20))
    assert score_leaf(pts, 12).met is True and score_leaf(pts, "11.9").met is False  # default 60 %
    assert score_leaf(Node("P", method="points", max_points=Fraction(20), pass_points=Fraction(15)), 14).met is False
    with pytest.raises(ScoringError, match="超出"):
        score_leaf(pts, 21)
    with pytest.raises(ScoringError):
        score_leaf(Node("Y", method="yes_no"), "也许")


def test_quantitative_thresholds_formula_and_direction():
    leaf = Node("Q", method="quantitative", direction="gte",
                thresholds=(("primary", Fraction("4.2")), ("junior", Fraction("5.3"))),
                formula="teachers / students * 100", inputs=("teachers", "students"))
    inputs = {"teachers": 21, "students": 500}  # 4.2 per 100 students
    assert score_leaf(leaf, {"inputs": inputs, "stage": "primary"}).met is True
    assert score_leaf(leaf, {"inputs": inputs, "stage": "junior"}).met is False
    with pytest.raises(ScoringError, match="学段"):
        score_leaf(leaf, {"inputs": inputs})
    with pytest.raises(ScoringError, match="除数为零"):
        score_leaf(leaf, {"inputs": {"teachers": 1, "students": 0}, "stage": "primary"})
    with pytest.raises(ScoringError, match="缺少输入项"):
        score_leaf(leaf, {"inputs": {"teachers": 1}, "stage": "primary"})
    cv = Node("CV", method="quantitative", direction="lte", threshold=Fraction("0.15"))
    assert score_leaf(cv, "0.15").met is True and score_leaf(cv, 0.16).met is False
    assert score_leaf(cv, {"value": None}).status == "not_assessed"
    strict = Node("S", method="quantitative", direction="lt", threshold=Fraction("0.15"))
    assert score_leaf(strict, "0.15").met is False and score_leaf(strict, "0.1499").met is True
    above = Node("G", method="quantitative", direction="gt", threshold=Fraction(0))
    assert score_leaf(above, 0).met is False and score_leaf(above, "0.01").met is True


def test_formulas_are_arithmetic_only():
    assert eval_formula("(a + b) / c * 100", {"a": 1, "b": 2, "c": 4}) == 75
    for bad in ("__import__('os')", "a ** 2", "a if b else c", "'x'"):
        with pytest.raises(ScoringError):
            eval_formula(bad, {"a": 1, "b": 1, "c": 1})
