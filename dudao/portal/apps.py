from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """公开门户 (E2, E4, E9): supervision reports, rectification results, accountability outcomes
    and units' own rectification statements, published with personal data redacted."""

    name = "dudao.portal"
    label = "portal"
    verbose_name = _("公开门户")

    def ready(self):
        from . import files
        from .hooks import connect

        connect()
        files.register()
