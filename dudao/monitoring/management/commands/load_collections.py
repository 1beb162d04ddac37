"""``manage.py load_collections`` — create and publish the shipped 数据采集表 (``dudao/monitoring/data``)
at the root region(s). Idempotent: a collection already there is left as it is."""

from django.core.management.base import BaseCommand

from dudao.monitoring.services import load_shipped


class Command(BaseCommand):
    help = "加载内置数据采集表（优质均衡、普及普惠），已存在的不重复加载。"

    def handle(self, *args, **options):
        collections = load_shipped(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"内置数据采集表：{len(collections)} 个"))
