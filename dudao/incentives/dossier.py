"""The incentives' parts of a unit's supervision dossier (``ledger.dossier``): commendations of the
unit, its good-practice cases and its exemptions from supervision, as far as the user may see them."""

from django.utils.translation import gettext as _

from dudao.ledger.dossier import PER_SOURCE, Entry, url_of


def commendations(unit, user, today):
    from .models import Commendation

    rows = Commendation.objects.for_user(user, "view").filter(unit=unit).order_by("-issued_on")[:PER_SOURCE]
    return [Entry(c.issued_on, _("表彰表扬"), c.title, url_of(c), c.get_level_display()) for c in rows]


def good_practice(unit, user, today):
    from .models import GoodPracticeCase

    rows = GoodPracticeCase.objects.for_user(user, "view").filter(unit=unit).order_by("-created_at")[:PER_SOURCE]
    return [Entry((c.published_at or c.created_at).date(), _("典型经验"), c.title, url_of(c), c.get_status_display())
            for c in rows]


def exemptions(unit, user, today):
    from dudao.inspections.models import SupervisionExemption

    rows = SupervisionExemption.objects.for_user(user, "view").filter(unit=unit).order_by("-valid_from")[:PER_SOURCE]
    return [Entry(e.valid_from, _("免除督导"), _("%(a)s 至 %(b)s：%(r)s") % {"a": e.valid_from, "b": e.valid_to, "r": e.reason},
                  "", _("有效") if e.valid_from <= today <= e.valid_to else _("已失效") if e.valid_to < today else _("未开始"))
            for e in rows]


SOURCES = [commendations, good_practice, exemptions]
