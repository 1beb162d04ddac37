from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "dudao.frameworks"
    label = "frameworks"
    verbose_name = _("指标体系")
    default_auto_field = "django.db.models.BigAutoField"
