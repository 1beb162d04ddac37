"""The monitoring pages under /monitoring/: collections, rounds, completeness, submissions."""

from django.urls import path  # noqa: F401

app_name = "monitoring"

urlpatterns: list = []
