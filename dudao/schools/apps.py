from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "dudao.schools"
    label = "schools"
    verbose_name = "学校与责任区"
