"""Celery application.

In production the broker is Redis (``CELERY_BROKER_URL``). ``make run`` starts the same worker with
beat on kombu's filesystem transport under ``var/celery/`` (``scripts/serve``), so the scheduled
jobs (``CELERY_BEAT_SCHEDULE``) run with no service to install. With no broker configured (tests,
a bare ``runserver``) tasks run eagerly in-process. See docs/decisions/0004-embedded-scheduler.md.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")

app = Celery("dudao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
