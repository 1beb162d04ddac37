"""The complaints' card on the home page (工作台): complaints in the user's scope still 未处理 (the
inbox filtered on them), for users who read the inbox. Counted through ``for_user``."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from .choices import ComplaintStatus
from .models import Complaint


def sections(user, today: datetime.date) -> list[dict]:
    if not user_has_perm(user, "complaints.view_complaint"):
        return []
    new = Complaint.objects.for_user(user, "view").filter(status=ComplaintStatus.NEW).count()
    url = f"{reverse('complaints:complaint_list')}?status={ComplaintStatus.NEW}"
    return [{"title": _("举报投诉"), "cards": [
        {"label": _("待处理举报投诉"), "count": new, "icon": "inbox", "url": url, "tone": "warning" if new else ""},
    ], "notifications": []}]
