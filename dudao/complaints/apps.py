from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """举报投诉 (E11, F8, F9): public complaints about schools and their responsible inspectors, the
    office's entries from the 12345 hotline, the media and upper-level feedback, their triage into
    the problem ledger, the public lookup, and the complaint's history. It sits above ``ledger`` and
    ``inspectors`` (neither imports it): the tables kept their names (``inspectors_complaint``,
    ``ledger_complainttriage``); a ledger item taken from a complaint points back only through
    ``ComplaintTriage.ledger_item``."""

    name = "dudao.complaints"
    label = "complaints"
    verbose_name = _("举报投诉")
