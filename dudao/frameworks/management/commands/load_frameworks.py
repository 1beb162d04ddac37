"""``manage.py load_frameworks`` — load (or re-load) every shipped library in
``dudao/frameworks/libraries/``. Idempotent: unchanged libraries change nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dudao.frameworks.library import LibraryError
from dudao.frameworks.services import load_shipped_libraries


class Command(BaseCommand):
    help = "加载随系统提供的全部指标体系库（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="只加载这些 YAML 文件（默认：全部随附库）")

    def handle(self, *args, paths=(), **options):
        try:
            results = load_shipped_libraries([Path(p) for p in paths] or None)
        except LibraryError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        for path, version, changed in results:
            state = "已导入" if changed else "无变化"
            self.stdout.write(f"{state}  {path.name}  {version}")
        self.stdout.write(self.style.SUCCESS(f"共 {len(results)} 个指标体系库"))
