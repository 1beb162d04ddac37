from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    """督导计划 (issue 19): the semester calendar, the inspectors' and schools' blocked dates, the
    solver-made visit plan and its review and publication, each inspector's calendar (web and .ics),
    each school's upcoming visits (never the 暗访) and the progress against the plan. It sits beside
    the 督政 apps, above the ledger and inspections."""

    name = "dudao.planner"
    label = "planner"
    verbose_name = _("督导计划")
