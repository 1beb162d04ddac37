from django.apps import AppConfig


class RegionSettingsConfig(AppConfig):
    name = "dudao.regionsettings"
    label = "regionsettings"
    verbose_name = "区域参数"
