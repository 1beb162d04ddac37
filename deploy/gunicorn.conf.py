"""gunicorn for Dudao (deploy/systemd/dudao-web.service). Workers = 2 × cores + 1 by default; sync
workers (the views are short; files go out through nginx's X-Accel-Redirect, PDFs are rendered by the
Celery worker). Override with DUDAO_WEB_WORKERS / DUDAO_WEB_BIND."""

import multiprocessing
import os

bind = os.environ.get("DUDAO_WEB_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("DUDAO_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("DUDAO_WEB_TIMEOUT", 60))  # below nginx's proxy_read_timeout (75 s)
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory growth in long-lived processes)
max_requests_jitter = 200
preload_app = True  # import Django once; workers fork from it
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("DUDAO_LOG_LEVEL", "warning").lower()
