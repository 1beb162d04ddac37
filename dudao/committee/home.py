"""The committee's cards on the home page: for a member unit's liaison, its unit's actions still
owed (overdue ones apart), this year's participation and the rules (``lead``, the liaison's home);
for the office, the actions overdue and those reported done waiting for its acceptance."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from . import selectors
from .choices import OWED, CommitteeActionStatus
from .models import Action


def sections(user, today) -> list[dict]:
    if not user_has_perm(user, "committee.view_action"):
        return []
    actions = Action.objects.for_user(user, "view")
    owed = actions.filter(status__in=OWED)
    overdue = owed.filter(overdue=True).count()
    url = reverse("committee:action_list")
    if selectors.liaison_units(user):
        mine = reverse("committee:liaison_home")
        return [{"title": _("成员单位工作"), "lead": True, "notifications": [], "cards": [
            {"label": _("本单位待落实的会议决定"), "count": owed.count(), "icon": "list-task", "url": mine,
             "tone": "warning" if owed.exists() else ""},
            {"label": _("逾期未办结"), "count": overdue, "icon": "exclamation-triangle", "url": f"{url}?overdue=on",
             "tone": "danger" if overdue else ""},
        ]}]
    if not user_has_perm(user, "committee.accept_action"):
        return []
    reported = actions.filter(status=CommitteeActionStatus.REPORTED).count()
    if not (reported or overdue):
        return []
    return [{"title": _("督导委员会"), "notifications": [], "cards": [
        {"label": _("待确认办结的决定事项"), "count": reported, "icon": "check2-square",
         "url": f"{url}?status={CommitteeActionStatus.REPORTED}", "tone": "warning" if reported else ""},
        {"label": _("逾期未办结的决定事项"), "count": overdue, "icon": "exclamation-triangle",
         "url": f"{url}?overdue=on", "tone": "danger" if overdue else ""}]}]
