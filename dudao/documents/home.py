"""The documents module's card on the home page: unread documents delivered to the user's unit."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from .models import DocumentDelivery


def sections(user, today) -> list[dict]:
    if not user_has_perm(user, "documents.read_documentdelivery"):
        return []
    unread = DocumentDelivery.objects.for_user(user, "read").filter(read_at__isnull=True).count()
    url = reverse("documents:inbox")
    return [{"title": _("收文"), "notifications": [], "cards": [
        {"label": _("未读文书"), "count": unread, "icon": "envelope-paper", "tone": "danger" if unread else "",
         "url": f"{url}?unread=1"}]}]
