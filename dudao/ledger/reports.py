"""Views of the ledger (E11): the filters shared by the ledger pages, the Excel export and the API,
and the summary "by unit / region / inspector / category / source / age" with the counts a
supervision office reads every week (open, overdue, awaiting re-check, closed, rebounds).

Everything starts from a queryset the caller already scoped with ``for_user``; nothing here widens
it. Each summary is one grouped SQL query (conditional counts), whatever the number of items."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from dudao.inspections.categories import categories_for, category_labels
from dudao.inspections.choices import Routing, Severity

from .choices import OPEN_STATUSES, LedgerSource, LedgerStatus

#: Age of a problem that is not yet closed, counted from its registration (E11 "按时长").
AGE_BUCKETS = (
    ("le30", _("30天以内"), 0, 30),
    ("31_90", _("31–90天"), 31, 90),
    ("91_180", _("91–180天"), 91, 180),
    ("gt180", _("180天以上"), 181, None),
)
AGE_CHOICES = [(key, label) for key, label, _lo, _hi in AGE_BUCKETS]
AWAITING_RECHECK = (LedgerStatus.REPORTED, LedgerStatus.RECHECKING)

#: The groupings of the summary page and ``GET /api/v1/ledger/summary``.
GROUPINGS = {
    "unit": _("按单位"),
    "region": _("按区域"),
    "inspector": _("按责任督学"),
    "category": _("按问题类别"),
    "source": _("按问题来源"),
    "age": _("按整改时长"),
}


#: Column headers of the groupings (the first column of the summary table and its export).
GROUP_HEADERS = {
    "unit": _("单位"), "region": _("区域"), "inspector": _("责任督学"),
    "category": _("问题类别"), "source": _("问题来源"), "age": _("整改时长"),
}

#: Stages across statuses (the summary's count columns; ``stage`` filter of the list and the API).
STAGES = {
    "binding": (_("已下达（全部）"), ~Q(status=LedgerStatus.DRAFT)),
    "open": (_("未销号"), ~Q(status__in=(LedgerStatus.CLOSED, LedgerStatus.DRAFT))),
    "owed": (_("待单位整改"), Q(status__in=OPEN_STATUSES)),
    "awaiting_recheck": (_("待复查"), Q(status__in=AWAITING_RECHECK)),
}
STAGE_CHOICES = [(key, label) for key, (label, _q) in STAGES.items()]


def _age_q(key: str, today: datetime.date) -> Q:
    for k, _label, lo, hi in AGE_BUCKETS:
        if k == key:
            q = ~Q(status=LedgerStatus.CLOSED) & Q(created_at__date__lte=today - datetime.timedelta(days=lo))
            if hi is not None:
                q &= Q(created_at__date__gte=today - datetime.timedelta(days=hi))
            return q
    raise ValueError(key)


def _posted_inspector():
    """The unit's current 责任督学 (open posting), as a subquery."""
    from dudao.inspectors.models import Posting

    return Subquery(Posting.objects.filter(school=OuterRef("unit_id"), end_date__isnull=True)
                    .order_by("-start_date").values("inspector_id")[:1])


def filter_items(qs, *, today: datetime.date, q: str = "", status: str = "", source: str = "", category: str = "",
                 severity: str = "", routing: str = "", unit_id: int | None = None, region=None,
                 inspector_id: int | None = None, age: str = "", stage: str = "", overdue: bool = False,
                 rebound: bool = False, task_id: int | None = None, visit_id: int | None = None,
                 created_from: datetime.date | None = None, created_to: datetime.date | None = None,
                 on_time: bool = False, supervised: bool = False, zone_id: int | None = None):
    """The ledger's filters. ``region`` is a ``Region`` (the items of units in it and below);
    ``inspector_id`` the units whose current 责任督学 is that inspector; ``age`` an ``AGE_BUCKETS``
    key (items not closed, by days since registration); ``created_from``/``created_to`` the
    registration dates (inclusive, local); ``on_time`` closed no later than the deadline;
    ``supervised`` items with a 督办 (any level); ``zone_id`` the units of a 督学责任区 (its schools)
    — the dashboards' links use these."""
    if q:
        qs = qs.filter(unit__name__contains=q.strip())
    for field, value in (("status", status), ("source", source), ("category", category),
                         ("severity", severity), ("routing", routing), ("unit_id", unit_id),
                         ("task_id", task_id), ("visit_id", visit_id)):
        if value:
            qs = qs.filter(**{field: value})
    if region is not None:
        qs = qs.filter(region_path__startswith=region.path)
    if zone_id:
        qs = qs.filter(unit__school_profile__zone_id=zone_id)
    if inspector_id:
        from dudao.inspectors.models import Posting

        qs = qs.filter(unit_id__in=Posting.objects.filter(inspector_id=inspector_id, end_date__isnull=True)
                       .values("school_id"))
    if age:
        qs = qs.filter(_age_q(age, today))
    if stage:
        qs = qs.filter(STAGES[stage][1])
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=today)
    if rebound:
        qs = qs.filter(rebound_of__isnull=False)
    if created_from:
        qs = qs.filter(created_at__date__gte=created_from)
    if created_to:
        qs = qs.filter(created_at__date__lte=created_to)
    if on_time:
        qs = qs.filter(status=LedgerStatus.CLOSED, closed_at__date__lte=F("deadline"))
    if supervised:
        from .models import SupervisionOrder

        qs = qs.filter(Exists(SupervisionOrder.objects.filter(item=OuterRef("pk"))))
    return qs


def _counts(today: datetime.date) -> dict:
    return {
        "total": Count("id"),
        "open": Count("id", filter=STAGES["open"][1]),
        "owed": Count("id", filter=STAGES["owed"][1]),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        "awaiting_recheck": Count("id", filter=STAGES["awaiting_recheck"][1]),
        "closed": Count("id", filter=Q(status=LedgerStatus.CLOSED)),
        "rebounds": Count("id", filter=Q(rebound_of__isnull=False)),
    }


COUNT_COLUMNS = (
    ("total", _("问题总数")),
    ("open", _("未销号")),
    ("owed", _("待单位整改")),
    ("overdue", _("逾期")),
    ("awaiting_recheck", _("待复查")),
    ("closed", _("已销号")),
    ("rebounds", _("反弹")),
)


@dataclass
class SummaryRow:
    key: str
    label: str
    params: dict  # the list filter that shows this row's items
    counts: dict

    @property
    def closure_rate(self) -> float | None:
        """销号率: closed ÷ all, in percent (None without items)."""
        total = self.counts.get("total") or 0
        return round(100 * self.counts.get("closed", 0) / total, 1) if total else None


def _region_children(user, parent):
    """The regions one level below ``parent``; without one, below the top of the user's scope."""
    from dudao.common.scoping import regions_in_scope
    from dudao.regions.models import Region

    if parent is None:
        scope = regions_in_scope(user, "ledger.view_ledgeritem")
        tops = list(scope.exclude(parent__in=scope).order_by("path")[:50])
        if len(tops) == 1:
            parent = tops[0]
        else:
            return None, tops
    return parent, list(Region.objects.filter(parent=parent).order_by("path"))


def summary(qs, by: str, *, today: datetime.date, user=None, region=None) -> list[SummaryRow]:
    """Counts of ``qs`` grouped ``by`` one of ``GROUPINGS``; one SQL query. ``region`` (for
    ``by="region"``) is the region whose children are the rows (default: the top of the scope).
    Drafts (a task's problems not yet issued) are not counted."""
    counts = _counts(today)
    qs = qs.exclude(status=LedgerStatus.DRAFT)
    if by in ("category", "source"):
        if by == "category":  # the names from the data, national first then down the tree
            choices = dict(categories_for(region, active=False, below=True).values_list("code", "name"))
            choices.update({k: v for k, v in category_labels().items() if k not in choices})
        else:
            choices = dict(LedgerSource.choices)
        rows = qs.order_by().values(by).annotate(**counts)
        out = [SummaryRow(r[by], str(choices.get(r[by], r[by])), {by: r[by]}, _pick(r)) for r in rows]
        order = list(choices)
        return sorted(out, key=lambda r: order.index(r.key) if r.key in order else len(order))
    if by == "unit":
        rows = qs.order_by().values("unit_id", "unit__name").annotate(**counts)
        out = [SummaryRow(str(r["unit_id"]), r["unit__name"], {"unit": r["unit_id"]}, _pick(r)) for r in rows]
        return sorted(out, key=lambda r: (-r.counts["open"], -r.counts["total"], r.label))
    if by == "inspector":
        from dudao.inspectors.models import Inspector

        rows = qs.order_by().annotate(g=_posted_inspector()).values("g").annotate(**counts)
        names = dict(Inspector.objects.filter(pk__in=[r["g"] for r in rows if r["g"]]).values_list("pk", "name"))
        out = [SummaryRow(str(r["g"] or ""), names.get(r["g"], "") if r["g"] else str(_("未挂牌")),
                          {"inspector": r["g"]} if r["g"] else {}, _pick(r)) for r in rows]
        return sorted(out, key=lambda r: (r.key == "", -r.counts["open"], r.label))
    if by == "age":
        whens = [When(_age_q(key, today), then=Value(i)) for i, (key, *_rest) in enumerate(AGE_BUCKETS)]
        rows = qs.order_by().annotate(g=Case(*whens, default=Value(-1), output_field=IntegerField())) \
            .values("g").annotate(**counts)
        by_index = {r["g"]: r for r in rows}
        out = []
        for i, (key, label, _lo, _hi) in enumerate(AGE_BUCKETS):
            if i in by_index:
                out.append(SummaryRow(key, str(label), {"age": key}, _pick(by_index[i])))
        if -1 in by_index:
            out.append(SummaryRow("closed", str(_("已销号")), {"status": LedgerStatus.CLOSED}, _pick(by_index[-1])))
        return out
    if by == "region":
        parent, children = _region_children(user, region)
        if not children and parent is None:
            return []
        whens = [When(region_path__startswith=c.path, then=Value(c.pk)) for c in children]
        rows = qs.order_by().annotate(g=Case(*whens, default=Value(0), output_field=IntegerField())) \
            .values("g").annotate(**counts)
        by_id = {r["g"]: r for r in rows}
        out = [SummaryRow(str(c.pk), c.name, {"region": c.pk}, _pick(by_id[c.pk])) for c in children if c.pk in by_id]
        if 0 in by_id and parent is not None:
            out.append(SummaryRow(str(parent.pk), str(_("%(r)s本级") % {"r": parent.name}),
                                  {"region": parent.pk}, _pick(by_id[0])))
        return out
    raise ValueError(by)


def _pick(row: dict) -> dict:
    return {key: row[key] for key, _label in COUNT_COLUMNS}


def totals(qs, *, today: datetime.date) -> dict:
    """The same counts for the whole (filtered) ledger: the summary's last line and home cards
    (drafts not counted)."""
    return _pick(qs.exclude(status=LedgerStatus.DRAFT).order_by().aggregate(**_counts(today)))


def choices_for_filters():
    """Choices for filters (the form and the API's documentation)."""
    return {
        "status": LedgerStatus.choices, "source": LedgerSource.choices, "category": list(categories_for(None).values_list("code", "name")),
        "severity": Severity.choices, "routing": Routing.choices, "age": AGE_CHOICES,
        "stage": STAGE_CHOICES,
    }
