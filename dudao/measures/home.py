"""The measures' cards on the home page (工作台): the measures in the user's scope still 推进中 and
those overdue — for a unit's users, the measures their unit leads or shares. Counted through
``for_user``."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from .choices import MeasureStatus
from .models import Measure


def sections(user, today: datetime.date) -> list[dict]:
    if not user_has_perm(user, "measures.view_measure"):
        return []
    running = Measure.objects.for_user(user, "view").filter(status=MeasureStatus.IN_PROGRESS)
    overdue = running.filter(deadline__lt=today).count()
    url = reverse("measures:measure_list")
    return [
        {
            "title": _("工作方案与措施"),
            "cards": [
                {
                    "label": _("推进中的措施"),
                    "count": running.count(),
                    "icon": "list-task",
                    "url": f"{url}?status={MeasureStatus.IN_PROGRESS}",
                    "tone": "",
                },
                {
                    "label": _("逾期措施"),
                    "count": overdue,
                    "icon": "alarm",
                    "url": f"{url}?overdue=on",
                    "tone": "danger" if overdue else "",
                },
            ],
            "notifications": [],
        }
    ]
