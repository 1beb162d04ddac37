from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("export/", views.export_xlsx, name="export"),
    path("pdf/", views.pdf, name="pdf"),
]
