from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "dudao.common"
    label = "common"
    verbose_name = "公共"
