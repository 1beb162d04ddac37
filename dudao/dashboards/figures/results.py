"""Results and corps figures of the dashboards (issue 13 item 1): three-colour supervision results
(E10) and the inspectors' training-hours shortfall (F4), per child region of the scope. Each table is
one statement grouped by the child-level prefix of the region path (``selectors.per_child``),
bounded by the scope's region path; every count links to the list that shows exactly its rows."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import user_has_perm

from .. import selectors
from ..measures import Period
from ..selectors import Cell, Scope, Table

#: The three colours in the table's column order (worst first).
COLOURS = (("red", gettext_lazy("红色")), ("yellow", gettext_lazy("黄色")), ("green", gettext_lazy("绿色")))


def results_table(user, scope: Scope, period: Period, *, today: datetime.date) -> Table | None:
    """三色 results by child region: targets (the supervised unit's region) of tasks whose report is
    formed (report, published or archived), rated red / yellow / green, with the result date in the
    period. The result date is ``incentives.selectors.result_date``: the on-site end, else the on-site
    start, else the task's creation — the date the result list shows and filters by. Links: that
    list (``incentives:green_results``) with colour, region and result dates."""
    from dudao.incentives.selectors import result_on
    from dudao.inspections.choices import REPORTED_STATUSES
    from dudao.inspections.models import TaskTarget

    if scope.level == "school" or not scope.children or not user_has_perm(user, "inspections.view_supervisiontask"):
        return None
    qs = (TaskTarget.objects.for_user(user, "view")
          .filter(selectors.children_bound(scope, "unit__region_path"), task__status__in=REPORTED_STATUSES,
                  colour__in=[c for c, _label in COLOURS])
          .alias(result_on=result_on()).filter(result_on__gte=period.start, result_on__lte=period.end))
    per = selectors.per_child(scope, qs, "unit__region_path",
                              **{colour: Count("pk", filter=Q(colour=colour)) for colour, _label in COLOURS})
    page = reverse("incentives:green_results")
    dates = {"result_from": period.start.isoformat(), "result_to": period.end.isoformat()}
    rows = [{"label": c.name, "cells": {
        colour: Cell(per[c.pk][colour],
                     f"{page}?{urlencode({'colour': colour, 'region': c.code, **dates})}")
        for colour, _label in COLOURS}} for c in scope.children]
    return Table("results", _("督导结果三色（按区域）"), _("区域"), list(COLOURS), rows,
                 series=tuple(c for c, _label in COLOURS),
                 note=_("已形成督导报告的督导对象，按结果日期（实地督导结束日期，未填时为开始日期或任务创建日期）计入本期"))


def _hours(kind: str, year: int):
    """An inspector's hours of ``kind`` in calendar ``year`` (a training assessed 不合格 earns none),
    as ``inspectors.services.training_totals`` counts them."""
    from dudao.inspectors.choices import TrainingResult
    from dudao.inspectors.models import TrainingRecord

    rows = (TrainingRecord.objects.filter(inspector=OuterRef("pk"), kind=kind,
                                          date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
            .exclude(result=TrainingResult.FAILED).order_by().values("inspector").annotate(h=Sum("hours")).values("h"))
    return Coalesce(Subquery(rows), Value(Decimal(0)), output_field=DecimalField(max_digits=12, decimal_places=2))


def training_table(user, scope: Scope, period: Period, *, today: datetime.date) -> Table | None:
    """Training hours by child region for the period's year (F4): inspectors in office, those below
    the region's yearly minimum (``training.min_centralised_hours``, counting 集中培训 and the kinds
    the region counts too) and the hours they are short in all. Each child is judged by its own
    settings, as the training-under page of that region is. Links: the inspector list (in office)
    and the training-under page of the region and year (its rows, its total shortfall)."""
    from dudao.inspectors.choices import TRAINING_KIND_SETTINGS, TrainingKind
    from dudao.inspectors.models import Inspector
    from dudao.regionsettings.services import effective_settings_many

    if scope.level == "school" or not scope.children or not user_has_perm(user, "inspectors.view_trainingrecord"):
        return None
    year = period.year
    keys = ["training.min_centralised_hours", *TRAINING_KIND_SETTINGS.values()]
    settings = effective_settings_many(scope.children + ([scope.root] if scope.root is not None else []), keys)
    kinds = [TrainingKind.CENTRALISED.value, *TRAINING_KIND_SETTINGS]
    corps = Inspector.objects.for_user(user, "view").active().annotate(**{f"h_{k}": _hours(k, year) for k in kinds})
    qs = corps.filter(selectors.children_bound(scope, "region_path"))
    decimal = DecimalField(max_digits=12, decimal_places=2)
    # Each child is judged by its own rule (minimum, kinds counted); the rule of most children is
    # the default and the others a CASE on the child's path prefix: one statement grouped by the
    # child-level prefix, whatever the number of children or rules.
    rules, minimums = {}, {}
    for c in scope.children:
        values = settings[c.pk]
        minimum = Decimal(values["training.min_centralised_hours"].value)
        minimums[c.pk] = minimum
        rules[c.pk] = (minimum, frozenset(k for k, key in TRAINING_KIND_SETTINGS.items() if values[key].value))
    common = Counter(rules.values()).most_common(1)[0][0]
    odd = [c for c in scope.children if rules[c.pk] != common]

    def by_child(value, default):
        return Case(*[When(region_path__startswith=c.path, then=Value(value(rules[c.pk]))) for c in odd
                      if value(rules[c.pk]) != default], default=Value(default), output_field=decimal)

    hours = F(f"h_{TrainingKind.CENTRALISED.value}")
    for kind in TRAINING_KIND_SETTINGS:
        counted = kind in common[1]
        hours = hours + F(f"h_{kind}") * by_child(lambda rule, k=kind: Decimal(int(k in rule[1])), Decimal(int(counted)))
    def shortfall(hours, minimum) -> dict:
        """The aggregates of a row: inspectors in office, those below ``minimum``, the hours short."""
        hours = ExpressionWrapper(hours, output_field=decimal)
        under = Q(LessThan(hours, minimum))
        return {"n": Count("pk"), "u": Count("pk", filter=under),
                "s": Sum(ExpressionWrapper(minimum - hours, output_field=decimal), filter=under)}

    per = selectors.per_child(scope, qs, **shortfall(hours, by_child(lambda rule: rule[0], common[0])))
    roster, page = reverse("inspectors:inspector_list"), reverse("inspectors:training_under")
    rows = []
    for c in scope.children:
        under_url = f"{page}?{urlencode({'region': c.code, 'year': year})}"
        short = per[c.pk]["s"] or 0
        rows.append({"label": c.name, "cells": {
            "active": Cell(per[c.pk]["n"], f"{roster}?{urlencode({'region': c.code, 'status': 'active'})}"),
            "under": Cell(per[c.pk]["u"], under_url),
            "short": Cell(float(round(Decimal(short), 1)), under_url)}})
    if scope.root is not None:
        # the region's own inspectors (a county's corps sits at the county, not in its townships):
        # a row "<region>本级" judged by the region's own rule, without links (as the ledger's), since
        # no list filter selects them apart from the children's
        own_values = settings[scope.root.pk]
        own_min = Decimal(own_values["training.min_centralised_hours"].value)
        own_hours = F(f"h_{TrainingKind.CENTRALISED.value}")
        for kind, key in TRAINING_KIND_SETTINGS.items():
            if own_values[key].value:
                own_hours = own_hours + F(f"h_{kind}")
        own = corps.filter(region_path=scope.root.path).order_by().aggregate(
            **shortfall(own_hours, Value(own_min, output_field=decimal)))
        if own["n"]:
            minimums[scope.root.pk] = own_min
            rows.append({"label": _("%(r)s本级") % {"r": scope.root.name}, "cells": {
                "active": Cell(own["n"]), "under": Cell(own["u"]),
                "short": Cell(float(round(Decimal(own["s"] or 0), 1)))}})
    limits = sorted(set(minimums.values()))
    note = _("%(y)s 年；每年培训不少于 %(n)s 学时（各区域按本区域参数）") % {
        "y": year, "n": "、".join(f"{m.normalize():f}" for m in limits)}
    return Table("training", _("督学培训学时（按区域）"), _("区域"),
                 [("active", gettext_lazy("在任督学")), ("under", gettext_lazy("学时不足人数")),
                  ("short", gettext_lazy("差额学时合计"))], rows, series=("active", "under"), note=note)


selectors.TABLE_BUILDERS.extend([results_table, training_table])
