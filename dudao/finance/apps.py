from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """经费保障 (issue 14 item 6, H1): the office's yearly supervision budget by line with its spending,
    and part-time inspectors' expense claims computed from their visits and task days by the
    region's fee standard."""

    name = "dudao.finance"
    label = "finance"
    verbose_name = _("督导经费")

    def ready(self):
        from . import files, workflows

        files.register()
        workflows.connect_hooks()
