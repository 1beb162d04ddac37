from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpwardConfig(AppConfig):
    """上下级督导 (B3, A3, A5; 《教育督导条例》第二十三条): the upper level's evaluation of our government
    (the city evaluates a county: indicators split among the county committee's member units, their
    self-checks with evidence, the package compiled and submitted upward, the city's findings landed
    on the units' ledgers) and 备案 (results and major matters filed with the office above, which
    acknowledges them). It sits beside the other 督政 apps, above the ledger: it fills the ledger's
    daily job and registers its attachment owners from here."""

    name = "dudao.upward"
    label = "upward"
    verbose_name = _("上级评估与备案")

    def ready(self):
        from . import hooks

        hooks.register()
