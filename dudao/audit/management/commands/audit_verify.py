from django.core.management.base import BaseCommand, CommandError

from dudao.audit import chain
from dudao.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; report the first broken link (exit 1)."

    def handle(self, *args, **options):
        result = chain.verify(AuditEntry.objects.all())
        if not result.ok:
            raise CommandError(f"broken link at audit entry #{result.broken_id} ({result.reason}) "
                               f"after {result.checked} good entries")
        self.stdout.write(f"OK: {result.checked} entries, chain intact")
