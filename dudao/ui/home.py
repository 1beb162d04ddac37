"""The homes by role (issue 13), as the shell's own ``sections(user, today)`` of the home hook: the
office's morning (lists of what waits for the office today), the unit's to-do inbox, the inspector's
schools, the leader's one-screen summary. A section marked ``lead`` comes before the apps' cards; a
section with ``slot: "dashboard"`` carries the dashboard partial above its lists when the dashboards
app provides one (``views.home``). The reads are in ``homes``."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from dudao.accounts.roles import RoleCode

from . import homes


def sections(user, today: datetime.date) -> list[dict]:
    roles = homes.roles_of(user)
    out = []
    if RoleCode.OFFICE_ADMIN in roles:
        out.append({"title": _("今日工作"), "lead": True, "slot": "dashboard", "kind": "office",
                    "lists": homes.office_lists(user, today), "cards": [], "notifications": []})
    if RoleCode.LEADER in roles:
        out.append({"title": _("工作概览"), "lead": True, "slot": "" if RoleCode.OFFICE_ADMIN in roles else "dashboard",
                    "kind": "leader", "figures": homes.leader_figures(user, today), "cards": [], "notifications": []})
    if RoleCode.INSPECTOR in roles:
        rows = homes.my_schools(user, today)
        out.append({"title": _("我的责任学校"), "lead": True, "kind": "inspector", "schools": rows,
                    "visits_due": sum(r.due for r in rows), "cards": [], "notifications": []})
    if homes.respondent_units(user):
        todos = homes.unit_todos(user, today)
        out.append({"title": _("待办事项"), "lead": True, "kind": "unit", "todos": todos, "today": today,
                    "cards": [], "notifications": []})
    return out
