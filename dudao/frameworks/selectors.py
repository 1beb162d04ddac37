"""Reads on frameworks: the indicator tree, version comparison, where a version is used, and the
adapter from stored rows to the pure scoring engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count

from . import scoring
from .models import FrameworkUsage, FrameworkVersion, Indicator

COMPARED_FIELDS = ("name", "description", "basis", "observation_points", "evidence", "unit_kinds", "stages", "assessable",
                   "weight", "method", "levels", "max_points", "pass_points", "threshold", "thresholds",
                   "direction", "unit", "formula", "inputs", "is_veto", "parent_code")


@dataclass
class TreeNode:
    """An indicator in its tree. ``effective_basis`` is its own 依据条款 or, if it has none, its
    nearest ancestor's (``basis_inherited``)."""

    indicator: Indicator
    children: list[TreeNode] = field(default_factory=list)
    effective_basis: str = ""
    basis_inherited: bool = False


def indicator_tree(version: FrameworkVersion) -> list[TreeNode]:
    """The version's indicators as a tree, in document order; one query."""
    nodes = {}
    roots = []
    rows = list(version.indicators.order_by("sort_order"))
    for row in rows:
        nodes[row.pk] = TreeNode(row)
    for row in rows:  # document order: a parent comes before its children
        node = nodes[row.pk]
        parent = nodes[row.parent_id] if row.parent_id else None
        if row.basis:
            node.effective_basis = row.basis
        elif parent is not None and parent.effective_basis:
            node.effective_basis, node.basis_inherited = parent.effective_basis, True
        (parent.children if parent is not None else roots).append(node)
    return roots


def versions_with_counts(qs):
    return qs.annotate(indicator_count=Count("indicators", distinct=True),
                       usage_count=Count("usages", distinct=True))


def usages_for_user(user, version: FrameworkVersion):
    """Uses of ``version`` that ``user`` may see (uses are placed in regions like everything else)."""
    return FrameworkUsage.objects.for_user(user, "view").filter(version=version).select_related("region")


# --- comparison -----------------------------------------------------------------------------------
def _comparable(row: Indicator, parent_codes: dict) -> dict:
    out = {name: getattr(row, name) for name in COMPARED_FIELDS if name != "parent_code"}
    for name in ("weight", "max_points", "pass_points", "threshold"):
        if out[name] is not None:
            out[name] = out[name].normalize()
    out["parent_code"] = parent_codes.get(row.parent_id, "")
    return out


@dataclass
class Change:
    code: str
    left: Indicator | None
    right: Indicator | None
    fields: list[str]

    @property
    def kind(self) -> str:
        if self.left is None:
            return "added"
        if self.right is None:
            return "removed"
        return "changed" if self.fields else "same"


def compare_versions(left: FrameworkVersion, right: FrameworkVersion) -> list[Change]:
    """Indicators matched by code: added (only right), removed (only left), changed (which fields)."""
    lrows = list(left.indicators.order_by("sort_order"))
    rrows = list(right.indicators.order_by("sort_order"))
    lcodes = {r.pk: r.code for r in lrows}
    rcodes = {r.pk: r.code for r in rrows}
    lmap = {r.code: r for r in lrows}
    rmap = {r.code: r for r in rrows}
    changes = []
    for row in rrows:  # right's order, with removed ones after their left neighbours
        old = lmap.get(row.code)
        if old is None:
            changes.append(Change(row.code, None, row, []))
            continue
        a, b = _comparable(old, lcodes), _comparable(row, rcodes)
        changes.append(Change(row.code, old, row, [k for k in COMPARED_FIELDS if a[k] != b[k]]))
    for row in lrows:
        if row.code not in rmap:
            changes.append(Change(row.code, row, None, []))
    return changes


# --- scoring adapter -------------------------------------------------------------------------------
def _f(value):
    return None if value is None else scoring.to_fraction(value)


def engine_tree(version: FrameworkVersion) -> tuple[scoring.Node, ...]:
    def build(tn: TreeNode) -> scoring.Node:
        r = tn.indicator
        return scoring.Node(
            code=r.code, name=r.name, weight=scoring.to_fraction(r.weight), method=r.method, assessable=r.assessable,
            veto=r.is_veto,
            levels=tuple(scoring.Level(lv["code"], lv["name"], scoring.to_fraction(lv["points"]), lv.get("pass", True))
                         for lv in r.levels),
            max_points=_f(r.max_points), pass_points=_f(r.pass_points), threshold=_f(r.threshold),
            thresholds=tuple((k, scoring.to_fraction(v)) for k, v in r.thresholds.items()),
            direction=r.direction or "gte", formula=r.formula, inputs=tuple(r.inputs),
            children=tuple(build(c) for c in tn.children),
        )

    return tuple(build(tn) for tn in indicator_tree(version))


def engine_config(scoring_rules: dict) -> scoring.ScoringConfig:
    rules = scoring_rules or {}
    return scoring.ScoringConfig(
        max_score=scoring.to_fraction(rules.get("max_score") or 100),
        grades=tuple(scoring.Grade(g["name"], scoring.to_fraction(g["min"])) for g in rules.get("grades", [])),
        colour_rules=tuple(scoring.ColourRule(r["colour"], tuple((r.get("when") or {}).items()))
                           for r in rules.get("colours", [])),
        veto_grade=rules.get("veto_grade"),
    )


def evaluate_version(version: FrameworkVersion, results: dict) -> scoring.Evaluation:
    """Score recorded ``results`` (indicator code → result) against a stored version."""
    return scoring.evaluate(engine_tree(version), engine_config(version.scoring), results)


def max_score(version: FrameworkVersion) -> Fraction:
    return scoring.to_fraction((version.scoring or {}).get("max_score") or 100)
