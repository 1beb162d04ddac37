"""``manage.py rebuild_rollups``: recompute the dashboards' rollups from the rows (after a bulk
import, a ``QuerySet.update`` on ledger items, or to check the upkeep)."""

from django.core.management.base import BaseCommand

from dudao.dashboards import rollup


class Command(BaseCommand):
    help = "Recompute the dashboards' rollup tables (问题台账汇总) from the rows."

    def handle(self, *args, **options):
        rows = rollup.rebuild()
        self.stdout.write(f"ledger rollup: {rows} rows")
