from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """数据看板 (A5, E10, E11, G4, H3): a dashboard per level, the region map and the figures
    they show. Reads every app below it; writes nothing but its own rollup tables."""

    name = "dudao.dashboards"
    label = "dashboards"
    verbose_name = _("数据看板")

    def ready(self):
        # The ledger rollup follows every write of a ledger item and every move of a unit or a
        # region (``rollup.py``): the ledger's, the orgs' and the regions' models are below this app.
        from django.db.models import signals

        from dudao.ledger.models import LedgerItem
        from dudao.orgs.models import Unit
        from dudao.regions.models import Region

        from . import rollup

        signals.pre_save.connect(rollup.item_pre_save, sender=LedgerItem, dispatch_uid="dash_item_pre_save")
        signals.post_save.connect(rollup.item_post_save, sender=LedgerItem, dispatch_uid="dash_item_post_save")
        signals.pre_delete.connect(rollup.item_pre_delete, sender=LedgerItem, dispatch_uid="dash_item_pre_delete")
        signals.post_delete.connect(rollup.item_post_delete, sender=LedgerItem, dispatch_uid="dash_item_post_delete")
        signals.post_save.connect(rollup.unit_post_save, sender=Unit, dispatch_uid="dash_unit_post_save")
        signals.pre_save.connect(rollup.region_pre_save, sender=Region, dispatch_uid="dash_region_pre_save")
        signals.post_save.connect(rollup.region_post_save, sender=Region, dispatch_uid="dash_region_post_save")
        # the day moving on: the items that fell overdue move to their overdue keys
        from dudao.ledger import deadlines

        if rollup.advance_overdue not in deadlines.DAILY_JOBS:
            deadlines.DAILY_JOBS.append(rollup.advance_overdue)

        # The indices' stored results (``index_results``) recompute a county when its fingerprint
        # changes; a school's profile (教学点, 特殊教育/职业) has no timestamp, so its save drops them.
        from dudao.schools.models import SchoolProfile

        from . import index_results

        signals.post_save.connect(lambda instance, **kw: index_results.drop_for_unit(instance.unit),
                                  sender=SchoolProfile, weak=False, dispatch_uid="dash_index_profile_saved")
