"""``manage.py restore BACKUP --database NAME_OR_FILE --media DIR`` — load a backup into an empty
database (a PostgreSQL database on the configured server, created when missing; or an SQLite file)
and an empty media directory. Point DATABASE_URL/DUDAO_MEDIA_ROOT at them afterwards."""

from django.core.management.base import BaseCommand, CommandError

from dudao.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "把备份恢复到空数据库与空文件目录。Restore a backup into an empty database and media directory."

    def add_arguments(self, parser):
        parser.add_argument("backup")
        parser.add_argument("--database", required=True)
        parser.add_argument("--media", required=True)

    def handle(self, *args, backup, database, media, **options):
        try:
            restore(backup, database=database, media_root=media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复到 {database} 与 {media}")
