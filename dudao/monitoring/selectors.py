"""Reads shared by the pages and the API: the submission list filter, a submission's grid (elements ×
学段 with stored, prefilled and typed values), and the completeness of a round by region (one
GROUP BY over the submissions' region paths, never a loop over units)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Substr

from dudao.common.scoping import ALL, get_for_user_or_invalid, scope_predicate, user_assignments
from dudao.regions.models import Region
from dudao.schools.choices import Section

from .choices import DONE, SubmissionStatus
from .models import Collection, CollectionRound, Submission
from .validation import cell_key, cells, submission_sections

STATUSES = [s for s, _label in SubmissionStatus.choices]


def section_label(code: str) -> str:
    return str(Section(code).label) if code in Section.values else ""


def collections_for(user, *, q: str = "", status: str = ""):
    qs = Collection.objects.for_user(user, "view").select_related("region")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("code", "-version", "region_path")


def rounds_for(user, *, year: int | None = None, collection=None):
    qs = CollectionRound.objects.for_user(user, "view").select_related("collection", "region")
    if year:
        qs = qs.filter(year=year)
    if collection is not None:
        qs = qs.filter(collection=collection)
    return qs.order_by("-year", "region_path", "collection__code")


def submissions_for(user, *, round_id=None, status: str = "", region_code: str = "", year: int | None = None,
                    collection_code: str = "", unit_id=None):
    """The submissions the user may read, filtered; ``region_code`` is checked against the user's
    scope (an unknown or invisible region is a validation error)."""
    qs = Submission.objects.for_user(user, "view").select_related("unit", "round__collection", "round__region")
    if round_id:
        qs = qs.filter(round_id=round_id)
    if status:
        qs = qs.filter(status=status)
    if region_code:
        region = get_for_user_or_invalid(Region, user, "region", code=region_code)
        qs = qs.filter(region_path__startswith=region.path)
    if year:
        qs = qs.filter(round__year=year)
    if collection_code:
        qs = qs.filter(round__collection__code=collection_code)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("region_path", "round_id", "unit__name")


# ---- a submission's grid ------------------------------------------------------------------------

@dataclass
class Cell:
    element: object
    section: str
    key: str
    value: str = ""
    prefilled: bool = False
    error: str = ""


@dataclass
class Grid:
    """Rows of elements, one cell per 学段 (or one cell for an element not per 学段)."""

    sections: list
    rows: list = field(default_factory=list)  # [(element, [Cell | None per section column])]


def grid(submission, *, typed: dict | None = None, errors: dict | None = None) -> Grid:
    """The fill-in grid: stored values, else 学籍 prefill (marked), overridden by ``typed`` (what the
    user just sent, shown back with its ``errors``)."""
    from .services import prefill_values, stored_values

    collection = submission.round.collection
    elements = list(collection.elements.all())
    sections = submission_sections(submission) if collection.sections else []
    stored = stored_values(submission)
    prefill = prefill_values(submission)
    typed, errors = typed or {}, errors or {}
    by_cell = {}
    for el, s in cells(collection, elements, sections):
        key = cell_key(el.code, s)
        cell = Cell(element=el, section=s, key=key, error=errors.get(key, ""))
        if key in typed:
            cell.value = "" if typed[key] is None else str(typed[key])
        elif (el.code, s) in stored:
            number, text = stored[(el.code, s)]
            cell.value = text if number is None else (
                str(int(number)) if el.value_type == "boolean" else format(number.normalize(), "f"))
        elif (el.code, s) in prefill:
            cell.value, cell.prefilled = format(prefill[(el.code, s)].normalize(), "f"), True
        by_cell[(el.code, s)] = cell
    out = Grid(sections=[(s, section_label(s)) for s in sections])
    for el in elements:
        if el.per_section and sections:
            out.rows.append((el, [by_cell.get((el.code, s)) for s in sections]))
        else:
            out.rows.append((el, [by_cell.get((el.code, ""))]))
    return out


# ---- completeness -------------------------------------------------------------------------------

def base_region(user, rnd):
    """The region whose child regions a completeness page lists: the round's region when the
    user's scope covers it, else the user's own region inside it."""
    predicate = scope_predicate(user, "monitoring.view_submission", {"path": "path", "region": "id", "unit": None})
    if predicate is ALL:
        return rnd.region
    best = None
    for a in user_assignments(user):
        if a.region_id is None:
            continue
        path = a.region.path
        if rnd.region_path.startswith(path):
            return rnd.region
        if path.startswith(rnd.region_path) and (best is None or len(path) < len(best.path)):
            best = a.region
    return best or rnd.region


@dataclass
class CompletenessRow:
    region: object
    counts: dict
    total: int = 0
    done: int = 0

    @property
    def rate(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0

    @property
    def by_status(self) -> list[int]:
        """Counts in the order of ``SubmissionStatus``."""
        return [self.counts.get(s, 0) for s in STATUSES]

    @property
    def pending(self) -> int:
        return self.counts.get(SubmissionStatus.DRAFT, 0) + self.counts.get(SubmissionStatus.RETURNED, 0)


def completeness(user, rnd, base=None) -> dict:
    """Counts by status for each child region of ``base`` (and the units placed in ``base`` itself),
    the totals, within the user's scope. One GROUP BY on the region-path prefix."""
    base = base or base_region(user, rnd)
    children = list(Region.objects.filter(parent=base).order_by("path"))
    qs = Submission.objects.for_user(user, "view").filter(round=rnd, region_path__startswith=base.path)
    rows: dict[str, CompletenessRow] = {}
    by_prefix = {}
    for width in sorted({len(c.path) for c in children}) or [len(base.path)]:
        grouped = (qs.annotate(prefix=Substr("region_path", 1, width)).values("prefix", "status")
                   .annotate(n=Count("id")).order_by())
        for g in grouped:
            by_prefix.setdefault(width, []).append(g)
    for child in children:
        rows[child.path] = CompletenessRow(region=child, counts={})
    own = CompletenessRow(region=base, counts={})
    seen_in_children: dict[str, int] = {}
    for groups in by_prefix.values():
        for g in groups:
            row = rows.get(g["prefix"])
            if row is None:
                continue
            row.counts[g["status"]] = row.counts.get(g["status"], 0) + g["n"]
            seen_in_children[g["status"]] = seen_in_children.get(g["status"], 0) + g["n"]
    totals = CompletenessRow(region=None, counts={})
    for g in qs.values("status").annotate(n=Count("id")).order_by():
        totals.counts[g["status"]] = g["n"]
        own_n = g["n"] - seen_in_children.get(g["status"], 0)
        if own_n:
            own.counts[g["status"]] = own_n
    out_rows = [r for r in rows.values()]
    if own.counts:
        out_rows.insert(0, own)
    for r in [*out_rows, totals]:
        r.total = sum(r.counts.values())
        r.done = sum(r.counts.get(s, 0) for s in DONE)
    return {"base": base, "rows": [r for r in out_rows if r.total or r.region in children], "totals": totals,
            "statuses": SubmissionStatus.choices}


def not_submitted(user, rnd, base=None):
    """The units of the round (within the user's scope and ``base``) still 填报中 or 已退回."""
    qs = Submission.objects.for_user(user, "view").filter(
        round=rnd, status__in=(SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)).select_related("unit")
    if base is not None:
        qs = qs.filter(region_path__startswith=base.path)
    return qs.order_by("region_path", "unit__name")
