"""The 问责 parts of a unit's dossier (``dudao.ledger.dossier``): 约谈, 通报 and 问责 cases."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from dudao.ledger.dossier import PER_SOURCE, Entry, url_of


def interviews(unit, user, today):
    from .models import Interview

    rows = Interview.objects.for_user(user, "view").filter(unit=unit).order_by("-held_on")[:PER_SOURCE]
    return [Entry(i.held_on, _("约谈"), i.content[:80], url_of(i)) for i in rows]


def circulars(unit, user, today):
    from .models import Circular

    rows = Circular.objects.for_user(user, "view").filter(unit=unit).order_by("-issued_on")[:PER_SOURCE]
    return [Entry(c.issued_on, _("督导通报"), c.content[:80], url_of(c)) for c in rows]


def cases(unit, user, today):
    from .models import AccountabilityCase

    rows = AccountabilityCase.objects.for_user(user, "view").filter(unit=unit).order_by("-created_at")[:PER_SOURCE]
    return [Entry(c.decided_on or c.created_at.date(), _("问责"), c.title, url_of(c), c.get_status_display())
            for c in rows]


SOURCES: list[Callable] = [interviews, circulars, cases]
