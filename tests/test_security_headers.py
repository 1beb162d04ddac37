"""Browser and transport security (等保 level 3, issue 17 "headers"): a Content-Security-Policy with
scripts from this site only — so no template may carry an inline script, an on…= handler, a
javascript: URL or a <style> element —, HTTPS redirect, HSTS and secure cookies from the
DUDAO_SECURE_* variables, and `manage.py check --deploy` clean with the production environment."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "dudao" / "templates").rglob("*.html"))

PRODUCTION_ENV = {
    "DUDAO_SECRET_KEY": secrets.token_urlsafe(50),
    "DUDAO_DEBUG": "0",
    "DUDAO_ALLOWED_HOSTS": "dudao.example.cn",
    "DUDAO_SECURE_SSL_REDIRECT": "1",
    "DUDAO_SECURE_HSTS_SECONDS": "31536000",
    "DUDAO_SECURE_COOKIES": "1",
    "DUDAO_FIELD_KEYS": Fernet.generate_key().decode(),
    "DUDAO_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
}


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUDAO_")}
    env |= PRODUCTION_ENV | {"DUDAO_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "identified no issues" in result.stdout


def _policy(response) -> dict:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_carry_a_policy_with_scripts_from_this_site_only():
    response = Client().get("/accounts/login/")
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src-elem"] == ["'self'"] and "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "dudao" / "templates")))
def test_templates_have_no_inline_script_or_style_element(template):
    text = template.read_text()
    found = [label for pattern, label in INLINE if pattern.search(text)]
    assert not found, (str(template), found)


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SESSION_COOKIE_SECURE=True)
def test_https_redirect_and_hsts():
    plain = Client().get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert Client().get("/healthz").status_code == 200  # the health probe stays on plain HTTP
    secure = Client().get("/accounts/login/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_production_variables_reach_the_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUDAO_")}
    env |= PRODUCTION_ENV | {"DUDAO_VAR_DIR": str(tmp_path)}
    code = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT,
                         env=env | {"DJANGO_SETTINGS_MODULE": "dudao.settings"}, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split() == ["True", "31536000", "True", "True"], out.stderr
