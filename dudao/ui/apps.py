from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "dudao.ui"
    label = "ui"
    verbose_name = "界面"
