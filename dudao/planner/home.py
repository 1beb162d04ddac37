"""The planner on the home page (工作台): an inspector's visits this week (to 我的日程); a school's
upcoming visits of the published plans — never a 暗访 (``unannounced``), which the school must not
learn of. Counted through the scoping rules: a school's users see their own unit's visits only."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.accounts.roles import role_grants
from dudao.common.scoping import user_assignments, user_has_perm

from . import selectors


def sections(user, today: datetime.date) -> list[dict]:
    out = []
    if user_has_perm(user, "planner.view_plan") and selectors.inspectors_of(user).exists():
        week = selectors.my_schedule(user, today)["this_week"]
        out.append({"title": _("督导计划"), "notifications": [], "cards": [
            {"label": _("本周督导安排"), "count": len(week), "icon": "calendar-event",
             "url": reverse("planner:my_schedule"), "tone": "primary" if week else ""}]})
    units = {a.unit_id for a in user_assignments(user)
             if a.unit_id and role_grants(a.role, "planner.view_planvisit") and not role_grants(a.role,
                                                                                                "planner.view_plan")}
    for unit_id in sorted(units):
        from dudao.orgs.models import Unit

        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None:
            continue
        visits = selectors.school_upcoming(unit, today)
        if not visits:
            continue
        url = reverse("schools:school_detail", args=[unit.pk])
        out.append({"title": _("近期督导安排"), "cards": [], "notifications": [
            {"sent_on": v.date, "url": url,
             "message": _("%(k)s · 督学：%(t)s") % {"k": v.get_kind_display(),
                                                   "t": "、".join(i.name for i in v.inspectors.all())}}
            for v in visits]})
    return out
