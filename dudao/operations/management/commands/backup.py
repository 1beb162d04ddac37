"""``manage.py backup [--dest DIR]`` — one backup now (database, files, manifest), then the retention."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dudao.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库与文件（含清单），并按保留期清理旧备份。Back up the database and files."

    def add_arguments(self, parser):
        parser.add_argument("--dest", default=str(settings.DUDAO_BACKUP_DIR))
        parser.add_argument("--keep-days", type=int, default=settings.DUDAO_BACKUP_KEEP_DAYS)
        parser.add_argument("--keep-min", type=int, default=settings.DUDAO_BACKUP_KEEP_MIN)

    def handle(self, *args, dest, keep_days, keep_min, **options):
        try:
            taken = backup(dest, keep_days=keep_days, keep_min=keep_min)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = taken.manifest
        self.stdout.write(f"备份完成：{taken.path}（{len(m['tables'])} 张表，{sum(m['tables'].values())} 行，"
                          f"{len(m['files'])} 个文件）")
