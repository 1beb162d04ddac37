"""``manage.py refresh_indices [--year Y]``: compute ahead the national indices' stored results of every
county with counted index forms (``dashboards.index_results``; the dashboards recompute a changed
county themselves at the next view — this spares that first view, e.g. after a bulk import)."""

from django.core.management.base import BaseCommand

from dudao.dashboards import index_results


class Command(BaseCommand):
    help = "Compute the stored 优质均衡/普及普惠 results of the dashboards (counties whose inputs changed)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, **options):
        done = index_results.refresh(options["year"])
        self.stdout.write(f"index results: {done} county-years read")
