from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dudao.orgs"
    label = "orgs"
    verbose_name = "单位"
