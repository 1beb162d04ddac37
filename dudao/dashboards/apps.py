from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """数据看板 (A5, E10, E11, G4, H3): a dashboard per level, the region map and the figures
    they show. Reads every app below it; writes nothing but its own rollup tables."""

    name = "dudao.dashboards"
    label = "dashboards"
    verbose_name = _("数据看板")
