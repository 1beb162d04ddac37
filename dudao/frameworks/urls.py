from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.FrameworkListView.as_view(), name="framework_list"),
    path("import/", views.library_import, name="import"),
    path("compare/", views.version_compare, name="compare"),
    path("<int:pk>/", views.framework_detail, name="framework_detail"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/export/", views.version_export, name="version_export"),
    path("versions/<int:pk>/derive/", views.version_derive, name="version_derive"),
    path("versions/<int:pk>/replace/", views.version_replace, name="version_replace"),
    path("versions/<int:pk>/<str:name>/", views.version_transition, name="version_transition"),
]
