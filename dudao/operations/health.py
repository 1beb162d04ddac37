"""Liveness and readiness (issue 18 item 1): ``/healthz`` answers when the process and the database
do (the load balancer's probe); ``/readyz`` checks everything a request or a job may need — the
database, the cache, the Celery broker when one is configured, and free disk space under the
storage directories — and answers 503 naming the failed checks. Neither shows more than ok/failed
and a short reason."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def check_cache() -> str | None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    got = cache.get(key)
    cache.delete(key)
    return None if got == value else "cache read back a different value"


def check_broker() -> str | None:
    url = settings.CELERY_BROKER_URL
    if not url or url.startswith(("memory://", "filesystem://")):
        return None  # no separate broker: jobs run in process or through the file system
    from kombu import Connection

    with Connection(url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None


def check_disk() -> str | None:
    floor = settings.DUDAO_MIN_FREE_DISK_MB * 1024 * 1024
    for path in {Path(settings.MEDIA_ROOT), Path(settings.VAR_DIR)}:
        while not path.exists() and path != path.parent:  # not created yet: the disk it will be on
            path = path.parent
        free = shutil.disk_usage(path).free
        if free < floor:
            return f"{path}: {free // (1024 * 1024)} MB free, below {settings.DUDAO_MIN_FREE_DISK_MB} MB"
    return None


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "disk": check_disk}


@never_cache
def readyz(request):
    results, ok = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            problem = check()
        except Exception as exc:  # any failure of a dependency is a failed check, not a 500
            problem = type(exc).__name__
        results[name] = {"ok": problem is None, "ms": round((time.monotonic() - started) * 1000, 1)}
        if problem:
            results[name]["error"] = problem[:200]
            ok = False
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": results}, status=200 if ok else 503)
