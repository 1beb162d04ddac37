"""``manage.py rebuild_balance_totals`` — recompute the stored per-school, per-学段 totals of the
优质均衡 school form (``SchoolSectionTotals``) from the data values, in one transaction (one DELETE,
one INSERT … SELECT). The transitions keep them current; this is for a database whose values were
written around the services (a restore, a bulk load) or to check them: ``--check`` compares
without writing and exits 1 on a difference."""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "重建优质均衡学校学段资源合计（由已上报、已审核、已接收的填报数据重新计算）。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只比较，不写入；有差异时退出码为 1")

    def handle(self, *args, check=False, **options):
        from dudao.monitoring.indices.stored import rebuild, snapshot

        with transaction.atomic():
            before = snapshot() if check else None
            rows = rebuild()
            if check:
                after = snapshot()
                transaction.set_rollback(True)
        if check:
            if before != after:
                missing, stale = len(after.keys() - before.keys()), len(before.keys() - after.keys())
                changed = sum(1 for k in after.keys() & before.keys() if after[k] != before[k])
                self.stdout.write(self.style.ERROR(
                    f"学校学段资源合计与填报数据不一致：缺 {missing} 行，多 {stale} 行，{changed} 行数值不同"))
                sys.exit(1)
            self.stdout.write(self.style.SUCCESS(f"学校学段资源合计与填报数据一致：{rows} 行"))
            return
        self.stdout.write(self.style.SUCCESS(f"学校学段资源合计已重建：{rows} 行"))
