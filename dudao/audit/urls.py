from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditListView.as_view(), name="list"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("verify/", views.verify, name="verify"),
]
