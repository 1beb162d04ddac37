"""The monitoring card on the home page (工作台): for a unit, its submissions still to fill in
(填报中, 已退回); for an office, the submissions waiting for its review (已上报) and acceptance
(县级已审核). Counted through ``for_user``."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from .choices import SubmissionStatus
from .models import Submission

S = SubmissionStatus


def sections(user, today: datetime.date) -> list[dict]:
    if not user_has_perm(user, "monitoring.view_submission"):
        return []
    url = reverse("monitoring:submission_list")
    cards = []
    if user_has_perm(user, "monitoring.submit_submission"):
        open_ = Submission.objects.for_user(user, "submit").filter(status__in=(S.DRAFT, S.RETURNED))
        if not user_has_perm(user, "monitoring.review_submission"):  # a unit: its own open forms
            n = open_.count()
            returned = open_.filter(status=S.RETURNED).count()
            cards.append({"label": _("待填报"), "count": n, "icon": "pencil-square", "url": f"{url}?status={S.DRAFT}",
                          "tone": "warning" if n else ""})
            if returned:
                cards.append({"label": _("被退回待修改"), "count": returned, "icon": "arrow-return-left",
                              "url": f"{url}?status={S.RETURNED}", "tone": "danger"})
    if user_has_perm(user, "monitoring.review_submission"):
        waiting = Submission.objects.for_user(user, "review").filter(status=S.SUBMITTED).count()
        cards.append({"label": _("待审核填报"), "count": waiting, "icon": "clipboard-check",
                      "url": f"{url}?status={S.SUBMITTED}", "tone": "warning" if waiting else ""})
    if user_has_perm(user, "monitoring.accept_submission"):
        approved = Submission.objects.for_user(user, "accept").filter(status=S.APPROVED).count()
        cards.append({"label": _("县级已审核待接收"), "count": approved, "icon": "inbox",
                      "url": f"{url}?status={S.APPROVED}", "tone": ""})
    if not cards:
        return []
    return [{"title": _("评估监测"), "cards": cards, "notifications": []}]


_collection_sections = sections


def sections(user, today: datetime.date) -> list[dict]:
    """Data collection cards, then the campaigns' and programmes' (``campaign_home``)."""
    from .campaign_home import sections as campaign_sections

    return _collection_sections(user, today) + campaign_sections(user, today)
