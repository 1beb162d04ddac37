from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """问题台账与整改 (issue 6, E11): every problem from any source, rectified to closure."""

    name = "dudao.ledger"
    label = "ledger"
    verbose_name = _("问题台账")

    def ready(self):
        from . import item_files

        item_files.register()

        # The ledger sits above inspections: it records the problems a task's team or a visit finds
        # (``inspections.problems``) and issues a task's draft problems in the transaction of its
        # opinion letter.
        from dudao.inspections import problems
        from dudao.inspections.workflows import WORKFLOW

        from .services import issue_task_problems, record_for_inspections

        problems.register(record_for_inspections)

        # messages to the unit for the events that ask something of it (issue 13)
        from . import unit_notices

        unit_notices.register()
        WORKFLOW.connect("issue_opinion_letter", issue_task_problems)
