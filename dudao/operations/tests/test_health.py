"""Readiness (issue 18 item 1): /readyz checks the database, cache, broker and disk and answers 503
naming the failed check; it needs no login and shows no more than ok/failed."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_ready_when_everything_answers():
    r = Client().get("/readyz")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "ok"
    assert {name for name, c in body["checks"].items() if c["ok"]} == {"database", "cache", "broker", "disk"}
    assert "no-cache" in r["Cache-Control"]


def test_not_ready_when_the_disk_is_short(settings):
    settings.DUDAO_MIN_FREE_DISK_MB = 10**12
    r = Client().get("/readyz")
    assert r.status_code == 503
    checks = r.json()["checks"]
    assert checks["disk"]["ok"] is False and "MB free" in checks["disk"]["error"]
    assert checks["database"]["ok"] is True


def test_not_ready_when_the_broker_is_down(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    r = Client().get("/readyz")
    assert r.status_code == 503
    assert r.json()["checks"]["broker"]["ok"] is False
    assert {name for name, c in r.json()["checks"].items() if c["ok"]} == {"database", "cache", "disk"}
    assert r.json()["status"] == "unavailable"
