"""``manage.py restore_drill [--backup DIR | --dest DIR]`` — restore a backup (default: the newest)
into a scratch database and directory, compare every table's rows and every file with the manifest,
remove the scratch copy; exits non-zero when anything differs."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dudao.operations.backup import BackupError, drill


class Command(BaseCommand):
    help = "恢复演练：把备份恢复到临时库并逐表逐文件核对。Restore drill against the manifest."

    def add_arguments(self, parser):
        parser.add_argument("--backup", help="a backup directory (default: the newest in --dest)")
        parser.add_argument("--dest", default=str(settings.DUDAO_BACKUP_DIR))

    def handle(self, *args, backup=None, dest, **options):
        try:
            report = drill(backup, dest_dir=dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in report.problems:
            self.stderr.write(problem)
        summary = f"{report.backup.name}：{report.tables} 张表，{report.rows} 行，{report.files} 个文件"
        if not report.ok:
            raise CommandError(f"恢复演练未通过（{len(report.problems)} 处不一致）：{summary}")
        self.stdout.write(f"恢复演练通过：{summary}")
