from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """工作方案与措施 (I1–I4): a plan's measures with their lead and responsible units, imported from
    an Excel or Word table; the units' progress reports with evidence; overdue measures escalated
    by the ledger's daily job; the 落实情况督促检查 report; reform projects and school charters."""

    name = "dudao.measures"
    label = "measures"
    verbose_name = _("工作方案与措施")

    def ready(self):
        from dudao.ledger.deadlines import DAILY_JOBS

        from . import files
        from .deadlines import measures_daily

        files.register()
        if measures_daily not in DAILY_JOBS:
            DAILY_JOBS.append(measures_daily)
