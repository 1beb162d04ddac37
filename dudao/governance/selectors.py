"""Reads shared by the pages and the API: list filters, the self-check's lines, and the comparison of
a 督政 task's government targets side by side (镇街横向对比)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dudao.inspections.choices import TaskKind
from dudao.inspections.models import SupervisionTask, TaskTarget
from dudao.orgs.choices import GOVERNMENT_KINDS

from .models import Checklist, GovernmentLeader, SelfCheck


def leaders(user, *, unit=None):
    qs = GovernmentLeader.objects.for_user(user, "view").select_related("unit")
    return qs.filter(unit=unit) if unit is not None else qs


def checklists(user, *, unit=None, year: int | None = None):
    qs = (
        Checklist.objects.for_user(user, "view")
        .select_related("unit")
        .annotate(item_count=Count("items", distinct=True))
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    if year:
        qs = qs.filter(year__lte=year)
    return qs


def self_checks(user, *, unit=None, year: int | None = None, status: str = ""):
    qs = SelfCheck.objects.for_user(user, "view").select_related("unit", "checklist")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


def self_check_lines(check: SelfCheck):
    """The answers with their items and evidence files, in item order."""
    return list(check.answers.select_related("item").prefetch_related("files").order_by("item__number"))


def answer_counts(check: SelfCheck) -> dict:
    return check.answers.aggregate(total=Count("id"), answered=Count("id", filter=~Q(result="")))


# ---- cross-township comparison -----------------------------------------------------------------------
@dataclass
class ComparisonRow:
    code: str
    name: str
    depth: int
    cells: list = field(default_factory=list)  # one dict per column: detail, percent, met


@dataclass
class Comparison:
    task: SupervisionTask
    targets: list
    rows: list
    totals: list  # (label, [value per target])


def government_tasks(user):
    """The 督政 tasks ``user`` may see."""
    return (
        SupervisionTask.objects.for_user(user, "view")
        .filter(kind=TaskKind.GOVERNMENT)
        .select_related("region", "office", "framework_version")
    )


def _cell(node: dict | None, raw) -> dict:
    node = node or {}
    percent = node.get("percent")
    detail = node.get("detail") or ("" if raw is None else str(raw))
    if percent not in (None, ""):
        percent = str(round(float(percent), 1)).removesuffix(".0")
    return {
        "detail": detail,
        "percent": percent or "",
        "met": node.get("met"),
        "text": f"{detail}（{percent}%）"
        if detail and percent
        else (detail or (f"{percent}%" if percent else "—")),
    }


def comparison(user, task: SupervisionTask) -> Comparison:
    """The government targets of ``task`` that ``user`` may see (a township sees only its own), side by
    side: one row per indicator of the task's framework version with each target's recorded level and
    percentage, then score, grade and colour."""
    targets = list(
        TaskTarget.objects.for_user(user, "view")
        .filter(task=task, unit__kind__in=GOVERNMENT_KINDS)
        .select_related("unit")
        .prefetch_related("scores")
        .order_by("unit__name", "id")
    )
    rows = []
    version = task.framework_version
    if version is not None:
        indicators = list(version.indicators.order_by("sort_order"))
        raw = {t.pk: {s.code: s.value for s in t.scores.all()} for t in targets}
        for ind in indicators:
            row = ComparisonRow(ind.code, ind.name, ind.depth)
            for t in targets:
                row.cells.append(
                    _cell((t.result_detail or {}).get("nodes", {}).get(ind.code), raw[t.pk].get(ind.code))
                )
            rows.append(row)
    totals = [
        (_("得分"), ["" if t.score is None else str(t.score) for t in targets]),
        (_("等级"), [t.grade for t in targets]),
        (_("三色"), [t.get_colour_display() if t.colour else "" for t in targets]),
    ]
    return Comparison(task=task, targets=targets, rows=rows, totals=totals)


def comparison_sheet(comp: Comparison) -> tuple[list, list]:
    """Headers and rows of the comparison's Excel export."""
    headers = [_("指标编号"), _("指标名称"), *[t.unit.name for t in comp.targets]]
    rows = [[r.code, r.name, *[c["text"] for c in r.cells]] for r in comp.rows]
    rows += [["", label, *values] for label, values in comp.totals]
    return headers, rows


def self_check_sheet(check: SelfCheck) -> tuple[list, list]:
    """Headers and rows of a self-check's Excel export: one row per item."""
    headers = [
        _("序号"),
        _("类别"),
        _("履职内容"),
        _("评价要点"),
        _("落实情况"),
        _("情况说明"),
        _("佐证材料"),
    ]
    rows = [
        [
            a.item.number,
            a.item.get_kind_display(),
            a.item.content,
            a.item.standard,
            a.get_result_display() if a.result else "",
            a.note,
            "、".join(f.name for f in a.files.all()),
        ]
        for a in self_check_lines(check)
    ]
    return headers, rows
