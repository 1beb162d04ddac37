"""Celery tasks of operations (eager in-process when no broker is configured)."""

from celery import shared_task


@shared_task(name="operations.backup")
def backup():
    """The daily backup (database, files, manifest) into DUDAO_BACKUP_DIR, then the retention."""
    from django.conf import settings

    from .backup import backup as run

    taken = run(settings.DUDAO_BACKUP_DIR, keep_days=settings.DUDAO_BACKUP_KEEP_DAYS,
                keep_min=settings.DUDAO_BACKUP_KEEP_MIN)
    return {"path": str(taken.path), "tables": len(taken.manifest["tables"]), "files": len(taken.manifest["files"])}
