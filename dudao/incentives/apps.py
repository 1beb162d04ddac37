from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    """激励 (issue 6, E6): commendations, good-practice cases from green results, and exemptions
    from supervision (免除督导) with their basis."""

    name = "dudao.incentives"
    label = "incentives"
    verbose_name = _("督导激励")
