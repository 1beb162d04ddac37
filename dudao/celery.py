"""Celery application.

In production the broker is Redis (``CELERY_BROKER_URL``); with the embedded default (no broker
configured) tasks run eagerly in-process, so the same code works without any service.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")

app = Celery("dudao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
