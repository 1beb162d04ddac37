from django.apps import AppConfig


class InspectorsConfig(AppConfig):
    name = "dudao.inspectors"
    label = "inspectors"
    verbose_name = "督学队伍"

    def ready(self):
        from . import files, school_pages

        files.register()
        school_pages.register()
