"""The ledger's cards on the home page (工作台): the user's open, overdue, due-soon and
awaiting-re-check problems, 督办 drafts waiting to be issued, 问责 cases whose 60-day window is
closing, and the user's latest reminders. Every count is scoped with ``for_user``."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.accounts.roles import RoleCode, role_grants
from dudao.common.scoping import user_assignments, user_has_perm

from . import notices, reports
from .choices import OPEN_STATUSES, OrderStatus
from .models import LedgerItem, SupervisionOrder

#: "Due soon" on the home page: the deadline is within this many days.
DUE_SOON_DAYS = 7
#: More cards on the ledger's section, filled by higher apps from their ``AppConfig.ready`` (the
#: accountability app's closing 问责 windows): ``(user, today) -> list[dict]``.
CARDS: list = []


def _ledger_roles(user) -> set[str]:
    """The user's roles that read the ledger, but the inspector's: an inspector's home shows the open
    problems of their own schools (``ui.home``), not their whole district's ledger."""
    return {a.role for a in user_assignments(user) if role_grants(a.role, "ledger.view_ledgeritem")} - {
        RoleCode.INSPECTOR}


def sections(user, today: datetime.date) -> list[dict]:
    if not user_has_perm(user, "ledger.view_ledgeritem") or not _ledger_roles(user):
        return []
    items = LedgerItem.objects.for_user(user, "view")
    totals = reports.totals(items, today=today)
    ledger_url = reverse("ledger:list")
    due_soon = items.filter(status__in=OPEN_STATUSES, deadline__gte=today,
                            deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)).count()
    cards = [
        {"label": _("未销号问题"), "count": totals["open"], "icon": "clipboard-check", "url": f"{ledger_url}?stage=open"},
        {"label": _("逾期未整改"), "count": totals["overdue"], "icon": "alarm", "url": reverse("ledger:overdue"),
         "tone": "danger" if totals["overdue"] else ""},
        {"label": _("%(n)s日内到期") % {"n": DUE_SOON_DAYS}, "count": due_soon, "icon": "hourglass-split",
         "url": f"{ledger_url}?stage=owed", "tone": "warning" if due_soon else ""},
        {"label": _("待复查"), "count": totals["awaiting_recheck"], "icon": "search",
         "url": f"{ledger_url}?stage=awaiting_recheck"},
        {"label": _("问题反弹"), "count": totals["rebounds"], "icon": "arrow-repeat", "url": f"{ledger_url}?rebound=on"},
    ]
    if user_has_perm(user, "ledger.change_supervisionorder"):
        drafts = SupervisionOrder.objects.for_user(user, "change").filter(status=OrderStatus.DRAFT).count()
        cards.append({"label": _("督办待签发"), "count": drafts, "icon": "megaphone",
                      "url": f"{reverse('ledger:overdue')}", "tone": "warning" if drafts else ""})
    for more in CARDS:
        cards.extend(more(user, today))
    inbox = notices.notifications_for(user)
    unread = inbox.filter(read_at__isnull=True).count()
    cards.append({"label": _("未读提醒"), "count": unread, "icon": "bell", "url": reverse("ledger:notifications"),
                  "tone": "warning" if unread else ""})
    return [{"title": _("问题台账"), "cards": cards, "notifications": list(inbox[:5])}]
