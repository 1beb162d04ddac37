from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """满意度调查 (社会认可度, G2/issue 12 item 5): questionnaires with audiences and quotas, a public
    link and QR code per county or school, one answer per device or one-time code, and the
    认可度 rate the county verdicts use (``selectors.recognition_rate``). The app sits above
    ``schools`` and below ``inspections``/``monitoring``: a survey refers to a supervision task only
    through its generic ``purpose``/``reference``; the monitoring indices take the rate through their
    own hook, wired by the lead (this app never imports them)."""

    name = "dudao.surveys"
    label = "surveys"
    verbose_name = _("满意度调查")
