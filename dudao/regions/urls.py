from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("import/", views.import_csv, name="import"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/children/", views.children, name="children"),
]
