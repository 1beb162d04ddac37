from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    """问责 (E7–E9, 《教育督导问责办法》): cases on the catalogue of triggering situations, 约谈 and 通报.
    It sits above the ledger: a case links ledger items, and fills the ledger's hooks (the item's
    history, the daily job, the home card, the unit dossier) from here."""

    name = "dudao.accountability"
    label = "accountability"
    verbose_name = _("问责")

    def ready(self):
        from . import hooks

        hooks.register()
