from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """督政 (issue 14 items 1–2, B1, B2): the leaders of the governments an office evaluates, the
    member departments' checklists (督政清单, "六个一") with their yearly self-checks and the office's
    verification, and the cross-township comparison of a 督政 task's results."""

    name = "dudao.governance"
    label = "governance"
    verbose_name = _("督政")

    def ready(self):
        from . import files

        files.register()  # evidence of a self-check's answers
