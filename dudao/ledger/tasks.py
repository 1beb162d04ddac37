"""Celery tasks (eager in-process when no broker is configured; see dudao/celery.py)."""

from celery import shared_task


@shared_task(name="ledger.daily")
def ledger_daily_task() -> dict:
    """The ledger's daily job (reminders, 督办, escalation); scheduled in ``CELERY_BEAT_SCHEDULE``."""
    from .deadlines import ledger_daily

    return ledger_daily()
