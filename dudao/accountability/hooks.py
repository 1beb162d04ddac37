"""What the accountability app adds to the ledger below it, registered from ``AppConfig.ready``: a
linked case's steps in a ledger item's history, the daily warning of closing 问责 windows, and the
home card of those cases. The ledger never imports this app."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm
from dudao.ledger.choices import CaseStatus

#: Case steps not shown in a linked item's history (the case page has them).
CASE_STEPS_NOT_SHOWN = ("window_warning",)
#: Cases whose investigation window closes within this many days are shown (as the daily job warns).
CASE_WARNING_DAYS = 10


def item_case_lines(item) -> list:
    """The ``CaseEvent``s of the item's linked 问责 cases as lines of its history."""
    from dudao.ledger.selectors import HistoryLine

    from .models import CaseEvent

    events = (CaseEvent.objects.filter(case__ledger_items=item).exclude(action__in=CASE_STEPS_NOT_SHOWN)
              .select_related("actor", "case").order_by("created_at", "id"))
    return [HistoryLine(f"case_{e.action}", _("问责：%(step)s") % {"step": e.action_label}, "", "", e.actor,
                        " ".join(x for x in (e.case.title, e.note) if x), {**(e.data or {}), "case": e.case_id},
                        e.created_at) for e in events]


def daily(today: datetime.date) -> dict[str, int]:
    from .services import warn_closing_windows

    return {"case_warnings": warn_closing_windows(today)}


def home_cards(user, today: datetime.date) -> list[dict]:
    if not user_has_perm(user, "accountability.view_accountabilitycase"):
        return []
    from . import services
    from .models import AccountabilityCase

    cases = AccountabilityCase.objects.for_user(user, "view")
    closing = services.window_closing(cases, today, within=CASE_WARNING_DAYS).count()
    suggested = cases.filter(status=CaseStatus.SUGGESTED).count()
    url = reverse("accountability:case_list")
    return [{"label": _("问责调查期将满"), "count": closing, "icon": "exclamation-octagon",
             "url": f"{url}?window=closing", "tone": "danger" if closing else ""},
            {"label": _("待确认的问责建议"), "count": suggested, "icon": "flag",
             "url": f"{url}?status={CaseStatus.SUGGESTED}", "tone": "warning" if suggested else ""}]


def red_result(*, target, previous, actor) -> None:
    """E10: a target whose result turns red gets a suggested 问责 case (``services.case_suggest``)."""
    from dudao.inspections.choices import Colour

    from .services import case_suggest

    if target.colour == Colour.RED:
        case_suggest(target=target)


def register() -> None:
    from dudao.inspections import results
    from dudao.ledger import deadlines, home, selectors

    results.register(red_result)
    if item_case_lines not in selectors.ITEM_HISTORY_SOURCES:
        selectors.ITEM_HISTORY_SOURCES.append(item_case_lines)
    if daily not in deadlines.DAILY_JOBS:
        deadlines.DAILY_JOBS.append(daily)
    if home_cards not in home.CARDS:
        home.CARDS.append(home_cards)
