"""The embedded default runs the scheduled jobs (spine issue, item 5; docs/decisions/0004).

- Every time-driven job is in the beat schedule: a task that takes no arguments can only be started
  by the clock, so it must have a beat entry (tasks with arguments are started by an event).
- The real Celery worker with beat, on the embedded filesystem broker (what ``make run`` starts),
  runs the daily job on its own, against the database another process writes: an item due in 7
  days gets its reminder, an overdue one its 督办 draft — once, however often the job runs that day.
"""

import datetime
import inspect
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from dudao.celery import app as celery_app
from dudao.ledger.models import LedgerItem
from dudao.testing.ledger_factories import item, ledger_world

ROOT = Path(__file__).resolve().parent.parent
D = datetime.timedelta


def _project_tasks() -> dict:
    celery_app.loader.import_default_modules()
    return {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}


@pytest.mark.django_db  # importing the task modules runs Celery's model checks, which may ask the database
def test_every_time_driven_job_is_scheduled():
    tasks = _project_tasks()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(tasks), f"beat entries naming no task: {scheduled - set(tasks)}"
    time_driven = {name for name, task in tasks.items()
                   if not any(p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                              for p in inspect.signature(task.run).parameters.values())}
    assert "ledger.daily" in time_driven
    assert time_driven <= scheduled, f"time-driven jobs without a beat entry: {time_driven - scheduled}"


@pytest.mark.django_db
def test_the_daily_job_covers_reminders_overdue_escalation_and_case_windows(tree):
    result = _project_tasks()["ledger.daily"].delay().get()
    assert {"reminders", "supervision", "escalation", "case_warnings"} <= set(result)


def _database_url(tmp_path) -> tuple[str, Path | None]:
    """A URL the worker can open for the test's database; for SQLite's in-memory test database, a
    copy of it in a file (the worker is another process)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        path = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    user = quote(s["USER"] or "", safe="") + (f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else "")
    host = quote(s["HOST"] or "localhost", safe="")
    return f"postgres://{user}@{host}:{s['PORT'] or 5432}/{quote(s['NAME'], safe='')}", None


def _events(db_file: Path | None, it: LedgerItem, action: str) -> int:
    if db_file is None:
        return it.events.filter(action=action).count()
    model = it.events.model
    fk = model._meta.get_field(it.events.field.name).column
    with sqlite3.connect(db_file, timeout=20) as con:
        return con.execute(f'SELECT count(*) FROM "{model._meta.db_table}" WHERE "{fk}" = ? AND action = ?',
                           (it.pk, action)).fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_worker_with_beat_on_the_embedded_broker_runs_the_daily_job_once_a_day(tree, tmp_path):
    world = ledger_world(tree)
    today = timezone.localdate()
    due = item(world, deadline=today + D(days=7))  # the first reminder is 7 days before
    overdue = item(world, deadline=today - D(days=1), description="校园安全隐患排查台账缺失")
    url, db_file = _database_url(tmp_path)
    log = tmp_path / "worker.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.beat_settings", "DATABASE_URL": url,
           "DUDAO_VAR_DIR": str(tmp_path / "var"), "CELERY_BROKER_URL": "filesystem://", "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "dudao", "worker", "--beat", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        runs = 0
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and worker.poll() is None:
            runs = len(re.findall(r"Task ledger\.daily\[[^\]]+\] succeeded", log.read_text(errors="replace")))
            if runs >= 3:
                break
            time.sleep(0.5)
        assert runs >= 3, log.read_text(errors="replace")[-3000:]
        # the job ran at least three times today: one reminder, one 督办 draft, nothing twice
        assert _events(db_file, due, "reminder") == 1
        assert _events(db_file, overdue, "overdue_supervision") == 1
        assert _events(db_file, overdue, "reminder") == 0
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
