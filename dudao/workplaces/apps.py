from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplacesConfig(AppConfig):
    """阵地、研究与合作 (issue 14 item 7, H2, H4, H5, C3): 督学之家, 督学工作室 and work stations with
    their members and activities; research topics and the yearly selection of cases and papers;
    regional cooperation agreements with their joint activities; school self-supervision (学校督导室,
    集团督评中心) whose findings go to the ledger as small matters (E12)."""

    name = "dudao.workplaces"
    label = "workplaces"
    verbose_name = _("阵地、研究与合作")

    def ready(self):
        from . import files

        files.register()
