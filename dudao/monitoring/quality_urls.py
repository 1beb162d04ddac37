"""/monitoring/quality/ — 质量监测结果 pages (namespace ``quality``)."""

from django.urls import path

from . import quality_views as views

app_name = "quality"
urlpatterns = [
    path("", views.QualityResultListView.as_view(), name="list"),
    path("import/", views.quality_import, name="import"),
    path("import/template/", views.quality_template, name="template"),
    path("rule/", views.quality_rule, name="rule"),
]
