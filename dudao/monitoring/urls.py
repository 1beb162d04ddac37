"""The monitoring pages under /monitoring/: collections, rounds, completeness, submissions."""

from django.urls import path

from . import views_indices

app_name = "monitoring"

urlpatterns: list = []

# The national indices (issue 12 items 2–3): views_indices.py.
urlpatterns += [
    path("indices/", views_indices.indices_home, name="indices"),
    path("balance/<int:region_id>/<int:year>/", views_indices.balance_page, name="indices_balance"),
    path("preschool/<int:region_id>/<int:year>/", views_indices.preschool_page, name="indices_preschool"),
    path("counties/<int:region_id>/<int:year>/", views_indices.counties_page, name="indices_counties"),
]
