"""Celery tasks of the audit log (eager in-process when no broker is configured)."""

from celery import shared_task


@shared_task(name="audit.purge")
def purge():
    from .services import purge as run

    return run()
