"""The app's cards on the home page (工作台): for the office above, the filings waiting for its
acknowledgement (overdue ones counted apart); for the county office, evaluations in progress and
member units late with their self-checks; for a member unit, its self-checks still owed."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from . import selectors
from .choices import OPEN_ASSIGNMENT, EvaluationStatus


def sections(user, today: datetime.date) -> list[dict]:
    cards = []
    if user_has_perm(user, "upward.acknowledge_filing"):
        waiting, overdue = selectors.unacknowledged(user, today)
        url = reverse("upward:filing_inbox")
        cards.append(
            {
                "label": _("待确认的下级备案"),
                "count": waiting,
                "icon": "journal-arrow-down",
                "url": f"{url}?status=filed",
                "tone": "warning" if waiting else "",
            }
        )
        if overdue:
            cards.append(
                {
                    "label": _("逾期未确认的下级备案"),
                    "count": overdue,
                    "icon": "alarm",
                    "url": f"{url}?status=filed",
                    "tone": "danger",
                }
            )
    if user_has_perm(user, "upward.change_indicatorassignment"):
        late = selectors.assignments(user, overdue=True, today=today).count()
        running = (
            selectors.evaluations(user)
            .filter(status__in=(EvaluationStatus.ANNOUNCED, EvaluationStatus.SELF_CHECK))
            .count()
        )
        if running or late:
            cards.append(
                {
                    "label": _("进行中的上级评估"),
                    "count": running,
                    "icon": "clipboard-data",
                    "url": reverse("upward:evaluation_list"),
                    "tone": "",
                }
            )
            cards.append(
                {
                    "label": _("逾期未交的成员单位自查"),
                    "count": late,
                    "icon": "hourglass-bottom",
                    "url": f"{reverse('upward:assignment_list')}?overdue=1",
                    "tone": "danger" if late else "",
                }
            )
    elif user_has_perm(user, "upward.respond_indicatorassignment"):
        owed = (
            selectors.assignments(user, today=today)
            .filter(status__in=OPEN_ASSIGNMENT, evaluation__status=EvaluationStatus.SELF_CHECK)
            .count()
        )
        if owed:
            cards.append(
                {
                    "label": _("待完成的上级评估自查"),
                    "count": owed,
                    "icon": "pencil-square",
                    "url": reverse("upward:assignment_list"),
                    "tone": "warning",
                }
            )
    if not cards:
        return []
    return [{"title": _("上级评估与备案"), "cards": cards, "notifications": []}]
