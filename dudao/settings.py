"""Django settings for Dudao. Everything that differs between installations comes from the
environment (see docs/configuration.md); the defaults give the embedded SQLite set-up under var/."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DUDAO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _secret_key() -> str:
    """DUDAO_SECRET_KEY, or a key generated once into var/secret_key."""
    if key := os.environ.get("DUDAO_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DUDAO_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("DUDAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DUDAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "dudao.common",
    "dudao.regions",
    "dudao.orgs",
    "dudao.accounts",
    "dudao.attachments",
    "dudao.audit",
    "dudao.regionsettings",
    "dudao.schools",
    "dudao.inspectors",
    "dudao.documents",
    "dudao.frameworks",
    "dudao.surveys",
    "dudao.inspections",
    "dudao.ledger",
    "dudao.accountability",
    "dudao.complaints",
    "dudao.measures",
    "dudao.monitoring",
    "dudao.finance",
    "dudao.workplaces",
    "dudao.upward",
    "dudao.governance",
    "dudao.committee",
    "dudao.planner",
    "dudao.incentives",
    "dudao.portal",
    "dudao.dashboards",
    "dudao.ui",
    "dudao.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dudao.common.middleware.RequestContextMiddleware",
    "dudao.common.middleware.ApiErrorEnvelopeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dudao.common.middleware.LanguageMiddleware",
    "dudao.common.middleware.RejectControlCharsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dudao.common.middleware.ProtectedDeleteMiddleware",
    "dudao.accounts.middleware.IdleTimeoutMiddleware",
    "dudao.accounts.middleware.ForcePasswordChangeMiddleware",
    "dudao.accounts.middleware.AdminNetworkMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dudao.urls"
WSGI_APPLICATION = "dudao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dudao" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dudao.ui.context_processors.shell",
            ],
        },
    },
]

# --- Database: DATABASE_URL selects PostgreSQL; default is SQLite under var/. ---
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'dudao.sqlite3'}",
        conn_max_age=env_int("DUDAO_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE transactions serialise writers up front instead of failing at commit time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Login throttles, captchas and per-address limits live in the cache: one Redis for every worker
# process in production (DUDAO_CACHE_URL=redis://…); the default is per process (development).
if _cache_url := os.environ.get("DUDAO_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite cannot make NULLs equal in unique constraints; services check that case themselves.
# SQLite ignores an index's INCLUDE columns (a PostgreSQL index-only scan's; the key is the same).
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]

# --- Accounts and login policy (requirement: foundation issue §5) ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["dudao.accounts.backends.UsernameOrMobileBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": max(8, env_int("DUDAO_PASSWORD_MIN_LENGTH", 8))}},
    {"NAME": "dudao.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "dudao.accounts.validators.RepeatedCharactersValidator", "OPTIONS": {"max_repeat": 3}},
    {"NAME": "dudao.accounts.validators.NoPersonalDataValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "real_name", "mobile", "email")}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "dudao.accounts.validators.PasswordHistoryValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "accounts:login"

DUDAO_LOGIN_MAX_FAILURES = env_int("DUDAO_LOGIN_MAX_FAILURES", 5)
DUDAO_LOGIN_LOCKOUT_MINUTES = env_int("DUDAO_LOGIN_LOCKOUT_MINUTES", 15)
DUDAO_SESSION_IDLE_MINUTES = env_int("DUDAO_SESSION_IDLE_MINUTES", 30)
DUDAO_API_TOKEN_DAYS = env_int("DUDAO_API_TOKEN_DAYS", 90)
# Authentication hardening (docs/security.md). Failures are counted in the cache per account, per
# address and per account+address over DUDAO_LOGIN_LOCKOUT_MINUTES.
DUDAO_LOGIN_CAPTCHA_AFTER = env_int("DUDAO_LOGIN_CAPTCHA_AFTER", 3)
DUDAO_LOGIN_IP_MAX_FAILURES = env_int("DUDAO_LOGIN_IP_MAX_FAILURES", 30)
DUDAO_API_TOKEN_MAX_DAYS = env_int("DUDAO_API_TOKEN_MAX_DAYS", 180)
DUDAO_API_TOKEN_IDLE_DAYS = env_int("DUDAO_API_TOKEN_IDLE_DAYS", 30)
DUDAO_PASSWORD_HISTORY = env_int("DUDAO_PASSWORD_HISTORY", 5)
DUDAO_PASSWORD_MAX_AGE_DAYS = env_int("DUDAO_PASSWORD_MAX_AGE_DAYS", 90)
DUDAO_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("DUDAO_TRUSTED_PROXIES", "").split(",") if p.strip()]
DUDAO_ADMIN_NETWORKS = [n.strip() for n in os.environ.get("DUDAO_ADMIN_NETWORKS", "").split(",") if n.strip()]
DUDAO_MAX_SESSIONS_PER_USER = env_int("DUDAO_MAX_SESSIONS_PER_USER", 3)
DUDAO_OTP_ADMINS = env_bool("DUDAO_OTP_ADMINS", True)
DUDAO_OTP_OFFICES = env_bool("DUDAO_OTP_OFFICES", False)
#: Hours after an account is created, or its second factor reset by the security administrator, in
#: which its owner may bind a new TOTP device at login; later only a new reset opens it (docs/security.md).
DUDAO_OTP_ENROL_HOURS = env_int("DUDAO_OTP_ENROL_HOURS", 72)
#: The SMS gateway of the SMS second factor (dudao/accounts/sms.py): a dotted path to a class with send(mobile, text).
DUDAO_SMS_GATEWAY = os.environ.get("DUDAO_SMS_GATEWAY", "dudao.accounts.sms.LogGateway")
DUDAO_OTP_EXEMPT_USERS = [u.strip() for u in os.environ.get("DUDAO_OTP_EXEMPT_USERS", "").split(",") if u.strip()]
OTP_TOTP_ISSUER = "Dudao"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DUDAO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Internationalisation: Chinese first, English switchable ---
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "dudao" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
FORMAT_MODULE_PATH = ["dudao.common.formats"]  # ISO dates first in forms (native date inputs)
USE_TZ = True

# --- Static files: front-end packages come from the npm registry at set-up (node_modules/), ---
# --- are served locally by WhiteNoise, never from a CDN. ---
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "dudao" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_ROOT = BASE_DIR / "dudao" / "static" / "root"  # /favicon.ico, served like any static file
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("DUDAO_MEDIA_ROOT", VAR_DIR / "media"))
# Behind nginx: checked downloads answer with X-Accel-Redirect to this internal location (deploy/).
DUDAO_X_ACCEL_PREFIX = os.environ.get("DUDAO_X_ACCEL_PREFIX", "")
MEDIA_URL = "/media/"

# Request bodies above this size are refused with a clear error (a 10 MB JSON body is rejected).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DUDAO_MAX_BODY_BYTES", 5 * 1024 * 1024)

# --- Files (docs/security.md "Files"). DATA_UPLOAD_MAX_MEMORY_SIZE above counts everything but the
# files of a multipart body; the files are bounded here, as they stream in, before any service sees
# them: one file at most DUDAO_MAX_FILE_MB (the ceiling of the region settings attachments.max_*_mb,
# which the services check per purpose) and a whole multipart request at most DUDAO_MAX_UPLOAD_MB
# (several photos of one step). Above either: 413 (API) / 400 (pages), nothing stored. ---
DUDAO_MAX_FILE_MB = env_int("DUDAO_MAX_FILE_MB", 50)
DUDAO_MAX_UPLOAD_MB = env_int("DUDAO_MAX_UPLOAD_MB", 100)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440  # larger files spool to a temporary file, never to memory
FILE_UPLOAD_HANDLERS = ["dudao.common.uploads.BoundedUploadHandler",
                        "django.core.files.uploadhandler.MemoryFileUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
# ZIP packages (.docx/.xlsx uploads): refused before decompression when the declared uncompressed
# size or a member's compression ratio is excessive (dudao/common/archives.py).
DUDAO_ZIP_MAX_UNZIPPED_MB = env_int("DUDAO_ZIP_MAX_UNZIPPED_MB", 200)
DUDAO_ZIP_MAX_RATIO = env_int("DUDAO_ZIP_MAX_RATIO", 100)
# Excel imports (dudao/common/importer.py): read as a stream up to these bounds, whatever the
# sheet declares.
DUDAO_IMPORT_MAX_ROWS = env_int("DUDAO_IMPORT_MAX_ROWS", 5000)
DUDAO_IMPORT_MAX_COLUMNS = env_int("DUDAO_IMPORT_MAX_COLUMNS", 100)
DUDAO_IMPORT_MAX_CELL_CHARS = env_int("DUDAO_IMPORT_MAX_CELL_CHARS", 2000)
DUDAO_IMPORT_MAX_UNZIPPED_MB = env_int("DUDAO_IMPORT_MAX_UNZIPPED_MB", 30)
# Images larger than this many pixels are refused (decompression bombs) before they are decoded.
DUDAO_IMAGE_MAX_PIXELS = env_int("DUDAO_IMAGE_MAX_PIXELS", 50_000_000)

# --- Background work: one mechanism, Celery (docs/decisions/0004-embedded-scheduler.md). ---
# Production: a worker and beat against Redis (CELERY_BROKER_URL=redis://…). `make run` starts the
# same worker with beat (scripts/serve) on kombu's filesystem transport under var/celery/, so the
# time-driven jobs run with no cron and no service. With no broker at all (tests, a bare
# `manage.py runserver`) on-demand tasks run eagerly in-process and nothing is scheduled.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
_celery_dir = VAR_DIR / "celery"
_celery_dir.mkdir(exist_ok=True)
CELERY_BEAT_SCHEDULE_FILENAME = str(_celery_dir / "beat-schedule")  # when each entry last ran
if CELERY_BROKER_URL.startswith("filesystem://"):
    # One folder is both ends of the queue: runserver and beat write messages, the worker takes them.
    for _d in ("queue", "control"):
        (_celery_dir / _d).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"), "data_folder_out": str(_celery_dir / "queue"),
        "control_folder": str(_celery_dir / "control"), "store_processed": False,
    }
from celery.schedules import crontab  # noqa: E402

# Every time-driven job (a task without parameters: tests/test_scheduled_jobs.py). The daily jobs are
# idempotent per day, so they run every hour: a machine that was off at night still runs them the
# same day, and a second run adds nothing.
CELERY_BEAT_SCHEDULE = {
    # the problem ledger: reminders, overdue 督办, escalation, 问责 window warnings (ledger/deadlines.py)
    "ledger-daily": {"task": "ledger.daily", "schedule": crontab(minute=30)},
}

# --- Audit log retention (等保 安全审计; 网络安全法 第二十一条: 不少于六个月). Below 180 days is raised to 180. ---
DUDAO_AUDIT_RETENTION_DAYS = env_int("DUDAO_AUDIT_RETENTION_DAYS", 180)
CELERY_BEAT_SCHEDULE["audit-purge"] = {"task": "audit.purge", "schedule": crontab(minute=45, hour=3)}

# --- Backups (docs/reliability.md): database dump + stored files + manifest, daily, with retention. ---
DUDAO_BACKUP_DIR = Path(os.environ.get("DUDAO_BACKUP_DIR", VAR_DIR / "backups"))
DUDAO_BACKUP_KEEP_DAYS = env_int("DUDAO_BACKUP_KEEP_DAYS", 30)
DUDAO_BACKUP_KEEP_MIN = env_int("DUDAO_BACKUP_KEEP_MIN", 7)  # never fewer, however old
CELERY_BEAT_SCHEDULE["operations-backup"] = {"task": "operations.backup", "schedule": crontab(minute=15, hour=2)}
# /readyz fails below this much free space under MEDIA_ROOT or the var directory.
DUDAO_MIN_FREE_DISK_MB = env_int("DUDAO_MIN_FREE_DISK_MB", 1024)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DUDAO_LOG_LEVEL", "WARNING")},
}

# --- Transport and browser security (等保 level 3; docs/security.md "Headers"). Production sets the
# DUDAO_SECURE_* variables (docs/configuration.md); `manage.py check --deploy` is then clean. ---
SECURE_SSL_REDIRECT = env_bool("DUDAO_SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # the load balancer's plain-HTTP health probe
SECURE_HSTS_SECONDS = env_int("DUDAO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DUDAO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DUDAO_SECURE_HSTS_PRELOAD", True)
if env_bool("DUDAO_SECURE_PROXY_SSL_HEADER", False):  # behind a TLS-terminating proxy that sets it
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): scripts only from this site — no inline <script>, no on…=
# handlers (they are data- attributes read by dudao/static/dudao/behaviours.js), no eval (htmx
# runs with allowEval false). Style attributes (style="width: …" in templates, set by ECharts and
# Bootstrap's JS through the CSSOM) need 'unsafe-inline' for attributes only; <style> elements
# must come from this site too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Names shown in the shell.
DUDAO_SITE_NAME = _("教育督导综合管理平台")
