"""The inspections card on the home page: reports the offices one level down filed with this office
(条例 Art. 23 备案) that wait for its acknowledgement."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from . import selectors


def sections(user, today) -> list[dict]:
    if not user_has_perm(user, "inspections.acknowledge_supervisiontask"):
        return []
    waiting = selectors.filings(user).count()
    if not waiting:
        return []
    return [{"title": _("督导报告备案"), "notifications": [], "cards": [
        {"label": _("待确认的下级督导报告备案"), "count": waiting, "icon": "journal-check", "tone": "warning",
         "url": reverse("inspections:filings")}]}]
