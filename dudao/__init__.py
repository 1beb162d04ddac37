"""督导 (Dudao) — 教育督导综合管理平台, the education supervision platform."""

from .celery import app as celery_app

__all__ = ["celery_app"]
