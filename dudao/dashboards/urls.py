from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("export/", views.export_xlsx, name="export"),
    path("pdf/", views.pdf, name="pdf"),
]


# --- the region map (issue 13 item 2): map_views.py, map.py, templates/dashboards/map*.html ---
from . import map_views  # noqa: E402

urlpatterns += [
    path("map/", map_views.map_page, name="map"),
    path("map/data/", map_views.map_data, name="map_data"),
    path("map/boundaries/<str:code>.json", map_views.map_boundary, name="map_boundary"),
]
# --- end of the region map ---
