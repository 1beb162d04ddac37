from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "dudao.inspections"
    label = "inspections"
    verbose_name = _("督导工作")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dudao.inspectors.services import APPRAISAL_FACT_PROVIDERS

        from . import files
        from .appraisal import appraisal_facts

        files.register()

        from .services.tenure import mark_tenures_supervised
        from .workflows import WORKFLOW

        WORKFLOW.connect("submit_report", mark_tenures_supervised)

        if appraisal_facts not in APPRAISAL_FACT_PROVIDERS:
            APPRAISAL_FACT_PROVIDERS.append(appraisal_facts)
