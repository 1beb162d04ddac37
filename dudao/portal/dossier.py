"""The portal's part of a unit's supervision dossier (``ledger.dossier``): publications about the
unit (reports, rectification results, accountability outcomes, its own statements)."""

from django.utils.translation import gettext as _

from dudao.ledger.dossier import PER_SOURCE, Entry, url_of


def publications(unit, user, today):
    from .models import Publication

    rows = Publication.objects.for_user(user, "view").filter(unit=unit).order_by("-created_at")[:PER_SOURCE]
    return [Entry((p.published_at or p.created_at).date(), _("信息公开"), p.title, url_of(p), p.get_status_display())
            for p in rows]


SOURCES = [publications]
