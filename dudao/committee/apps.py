from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    """督导委员会运行 (A1–A4): meetings, minutes, decisions and their tracked actions, rules of
    procedure, member units' participation, the plenary and staffing checks. Committees and member
    units are ``orgs`` rows; this app sits above the ledger and fills its daily job (overdue
    actions) from here."""

    name = "dudao.committee"
    label = "committee"
    verbose_name = _("督导委员会运行")

    def ready(self):
        from dudao.ledger import deadlines

        from . import files, services

        files.register()
        if services.flag_overdue not in deadlines.DAILY_JOBS:
            deadlines.DAILY_JOBS.append(services.flag_overdue)
