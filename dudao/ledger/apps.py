from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """问题台账与整改 (issue 6, E11): every finding from any source, rectified to closure."""

    name = "dudao.ledger"
    label = "ledger"
    verbose_name = _("问题台账")

    def ready(self):
        from . import item_files

        item_files.register()
