from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """评估监测 (issue 12): data collections (填报) — versioned forms of data elements and validation
    rules — opened for a year in a region as rounds, one submission per unit, filled on the web or by
    Excel, and approved bottom-up (unit → county office, locked → city office). It sits above the
    ledger; indices, surveys and campaigns build on its values."""

    name = "dudao.monitoring"
    label = "monitoring"
    verbose_name = _("评估监测")

    def ready(self):
        from . import campaign_files

        campaign_files.register()  # files of a campaign's milestones
        # 社会认可度 of the county verdicts comes from the satisfaction surveys (a lower app: imported here).
        from dudao.surveys.selectors import (
            balance_recognition_rate,
            balance_recognition_rates,
            preschool_recognition_rate,
            preschool_recognition_rates,
        )

        from . import campaign_workflows  # noqa: F401 — connects the kindergartens' self-evaluation to the submissions
        from .indices.common import register_recognition

        register_recognition(balance_recognition_rate, kind="balance", many=balance_recognition_rates)
        register_recognition(preschool_recognition_rate, kind="preschool", many=preschool_recognition_rates)
