"""The portal's cards on the home page: statements of units waiting for the office's approval and
drafts not yet published (offices), or the unit's own statements returned for revision (units)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from .choices import PublicationKind, PublicationStatus
from .models import Publication


def sections(user, today) -> list[dict]:
    if not user_has_perm(user, "portal.view_publication"):
        return []
    url = reverse("portal:list")
    cards = []
    if user_has_perm(user, "portal.publish_publication"):
        mine = Publication.objects.for_user(user, "publish")
        waiting = mine.filter(kind=PublicationKind.STATEMENT, status=PublicationStatus.SUBMITTED).count()
        drafts = mine.filter(status=PublicationStatus.DRAFT).exclude(kind=PublicationKind.STATEMENT).count()
        cards += [
            {"label": _("整改说明待审核"), "count": waiting, "icon": "hourglass", "tone": "warning" if waiting else "",
             "url": f"{url}?kind=statement&status=submitted"},
            {"label": _("待公开草稿"), "count": drafts, "icon": "file-earmark", "url": f"{url}?status=draft"},
        ]
    if user_has_perm(user, "portal.respond_publication"):
        returned = Publication.objects.for_user(user, "respond").filter(
            kind=PublicationKind.STATEMENT, status=PublicationStatus.RETURNED).count()
        cards.append({"label": _("整改说明被退回"), "count": returned, "icon": "arrow-counterclockwise",
                      "tone": "danger" if returned else "", "url": f"{url}?kind=statement&status=returned"})
    published = Publication.objects.for_user(user, "view").filter(status=PublicationStatus.PUBLISHED).count()
    cards.append({"label": _("已公开信息"), "count": published, "icon": "globe2", "url": f"{url}?status=published"})
    return [{"title": _("信息公开"), "cards": cards, "notifications": []}]
