from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dudao.orgs"
    label = "orgs"
    verbose_name = "单位"

    def ready(self):
        from dudao.regions import selectors as regions

        from .selectors import region_unit_counts

        if region_unit_counts not in regions.REGION_COUNTS:
            regions.REGION_COUNTS.append(region_unit_counts)
