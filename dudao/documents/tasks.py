"""Celery tasks (eager in-process when no broker is configured; see dudao/celery.py)."""

from celery import shared_task


@shared_task(name="documents.run_batch")
def run_document_batch(batch_id: int) -> int:
    from .services import batch_run

    return batch_run(batch_id).pk
