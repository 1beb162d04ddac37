from django.core.management.base import BaseCommand

from dudao.audit.services import purge, retention_days


class Command(BaseCommand):
    help = "Delete audit entries older than DUDAO_AUDIT_RETENTION_DAYS (never fewer than 180 days)."

    def handle(self, *args, **options):
        n = purge()
        self.stdout.write(f"purged {n} entries older than {retention_days()} days")
