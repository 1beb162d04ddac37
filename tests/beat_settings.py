"""Settings for the scheduled-jobs test (tests/test_scheduled_jobs.py): the project's own settings,
with every beat entry due every couple of seconds instead of hourly."""

from dudao.settings import *  # noqa: F403
from dudao.settings import CELERY_BEAT_SCHEDULE

CELERY_BEAT_SCHEDULE = {name: {**entry, "schedule": 2.0} for name, entry in CELERY_BEAT_SCHEDULE.items()}
