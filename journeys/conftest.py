"""Browser journeys: the platform as a new user meets it.

A fresh database is migrated and loaded with the demo (`manage.py demo`, as `make run` does), the
real server (`manage.py runserver --noreload`, DEBUG off) serves it on a free loopback port, and
headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) walks the pages at 1280 px
and 390 px. Screenshots go to var/journeys/ for people to look at. Nothing here reads the
database directly: what a journey asserts, it sees on a page or gets from the API."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("DUDAO_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "var" / "journeys"
PASSWORD = "Demo@2025"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The demo site on a fresh SQLite database, served by the real server process."""
    var = tmp_path_factory.mktemp("dudao-var")
    env = {**os.environ, "DUDAO_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{var / 'journeys.sqlite3'}",
           "DUDAO_MEDIA_ROOT": str(var / "media"), "DUDAO_DEBUG": "0", "PYTHONUNBUFFERED": "1",
           # the demo's administrators, as under `make run`, log in without a second factor
           "DUDAO_OTP_EXEMPT_USERS": "admin,secadmin,auditor"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = _free_port()
    log = open(var / "server.log", "w")
    proc = subprocess.Popen([*manage, "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"], env=env,
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.terminate()
        raise RuntimeError((var / "server.log").read_text())
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make journeys` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


class Person:
    """One demo user in their own browser context (desktop or phone)."""

    def __init__(self, browser, base, username, viewport):
        mobile = viewport["width"] < 600
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=mobile, has_touch=mobile,
                                           device_scale_factor=2 if mobile else 1)
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        self.base = base
        self.username = username
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("response", self._response)
        # irreversible steps ask first (data-confirm, behaviours.js): the person answers yes and we
        # keep the question, so a journey can assert it was asked
        self.confirmed: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.confirmed.append(dialog.message)
        dialog.accept()

    def _response(self, response):
        if response.status >= 500:
            self.errors.append(f"{response.status} {response.url}")

    def go(self, path):
        self.page.goto(self.base + path)
        return self.page

    def login(self):
        self.go("/accounts/login/")
        self.page.fill("#id_login", self.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("#id_password").press("Enter")
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, self.page.content()[:2000]
        return self

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()
        assert not self.errors, self.errors


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def person(browser, server, request):
    people = []

    def make(username, viewport=DESKTOP):
        p = Person(browser, server, username, viewport).login()
        people.append(p)
        return p

    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for p in people:
        if failed:  # what each person saw when it went wrong
            p.shot(f"FAILED-{request.node.name}-{p.username}")
        p.close()
