from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "dudao.ui"
    label = "ui"
    verbose_name = "界面"

    def ready(self):
        # Django 6.1's empty choice of model-backed selects ("- Select an option -") has no Chinese
        # translation yet; Django documents overriding it in ready().
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— 请选择 —")
