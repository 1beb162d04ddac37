"""The 督政清单 card on the home page: self-checks waiting for the office's verification, and a
department's own self-checks to fill in or returned."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from .choices import SelfCheckStatus
from .models import SelfCheck


def sections(user, today) -> list[dict]:
    cards, url = [], reverse("governance:selfcheck_list")
    if user_has_perm(user, "governance.verify_selfcheck"):
        waiting = SelfCheck.objects.for_user(user, "verify").filter(status=SelfCheckStatus.SUBMITTED).count()
        if waiting:
            cards.append({"label": _("待核实的督政清单自查"), "count": waiting, "icon": "clipboard2-check",
                          "tone": "warning", "url": f"{url}?status=submitted"})
    elif user_has_perm(user, "governance.submit_selfcheck"):
        open_ = SelfCheck.objects.for_user(user, "submit").filter(
            status__in=(SelfCheckStatus.DRAFT, SelfCheckStatus.RETURNED)).count()
        if open_:
            cards.append({"label": _("待填报或被退回的督政清单自查"), "count": open_, "icon": "clipboard2-check",
                          "tone": "warning", "url": url})
    return [{"title": _("督政清单"), "notifications": [], "cards": cards}] if cards else []
