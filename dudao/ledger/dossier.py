"""A unit's supervision dossier (单位督导档案, E10/E11): what every module knows about one unit, as
far as the user may see each part — supervision results with their colours, regular visits, ledger
problems (with rebounds and 督办), and (from the accountability app) 约谈, 通报 and 问责 — merged into one timeline, newest first.

Each part is a *source*: a function ``(unit, user, today) -> list[Entry]`` reading through
``for_user``. The ledger's own are in ``SOURCES``; any other Dudao app adds its parts with a
``dossier.py`` module holding ``SOURCES`` of the same kind (accountability: 约谈, 通报, 问责;
incentives: commendations and exemptions; portal: publications)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import reports
from .choices import OPEN_STATUSES

#: Rows per source on the page (the timeline is a summary; the lists behind it are complete).
PER_SOURCE = 200


@dataclass
class Entry:
    date: datetime.date
    module: str  # e.g. 督导结果, 经常性督导, 问题台账
    title: str
    url: str = ""
    status: str = ""
    colour: str = ""  # green/yellow/red for results; "" otherwise


def url_of(obj) -> str:
    get = getattr(obj, "get_absolute_url", None)
    try:
        return get() if get else ""
    except Exception:  # a model whose page is not routed (yet)
        return ""


def results(unit, user, today):
    from dudao.inspections import selectors

    return [Entry(t.task.end_date or t.task.start_date or (t.scored_at.date() if t.scored_at else today),
                  _("督导结果"), t.task.title, url_of(t.task),
                  " ".join(str(x) for x in (t.grade, t.score) if x not in ("", None)), t.colour)
            for t in selectors.unit_history(unit, user)[:PER_SOURCE]]


def visits(unit, user, today):
    from dudao.inspections.models import RegularVisit

    rows = RegularVisit.objects.for_user(user, "view").filter(school=unit).select_related("inspector") \
        .order_by("-visited_on")[:PER_SOURCE]
    return [Entry(v.visited_on, _("经常性督导"), _("%(name)s 到校督导") % {"name": v.inspector.name}, url_of(v),
                  _("发现问题") if v.problems else "") for v in rows]


def ledger_items(unit, user, today):
    from .models import LedgerItem

    rows = LedgerItem.objects.for_user(user, "view").filter(unit=unit).order_by("-created_at")[:PER_SOURCE]
    out = []
    for item in rows:
        status = item.get_status_display()
        if item.status in OPEN_STATUSES and item.deadline < today:
            status = _("%(s)s（逾期）") % {"s": status}
        if item.rebound_of_id:
            status = _("%(s)s · 反弹") % {"s": status}
        out.append(Entry(item.created_at.date(), _("问题台账"), item.description[:80], url_of(item), status))
    return out


def orders(unit, user, today):
    from .models import SupervisionOrder

    rows = SupervisionOrder.objects.for_user(user, "view").filter(item__unit=unit).select_related("item") \
        .order_by("-created_on")[:PER_SOURCE]
    return [Entry(o.created_on, _("督办"), _("第%(n)s级督办：%(d)s") % {"n": o.level, "d": o.item.description[:60]},
                  url_of(o.item), o.get_status_display()) for o in rows]


SOURCES: list[Callable] = [results, visits, ledger_items, orders]


def all_sources() -> list[Callable]:
    """The ledger's sources, then those of every other app's ``dossier`` module (app order)."""
    from importlib import import_module

    from django.apps import apps

    sources = list(SOURCES)
    for config in apps.get_app_configs():
        if not config.name.startswith("dudao.") or config.name == "dudao.ledger":
            continue
        try:
            module = import_module(f"{config.name}.dossier")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dossier":
                raise
            continue
        sources.extend(module.SOURCES)
    return sources


def unit_dossier(unit, user, *, today: datetime.date) -> dict:
    """The timeline and the ledger counts of ``unit`` for ``user``."""
    from .models import LedgerItem

    entries = [e for source in all_sources() for e in source(unit, user, today)]
    entries.sort(key=lambda e: e.date, reverse=True)
    ledger = LedgerItem.objects.for_user(user, "view").filter(unit=unit)
    return {"entries": entries, "ledger_totals": reports.totals(ledger, today=today),
            "count_columns": reports.COUNT_COLUMNS}
