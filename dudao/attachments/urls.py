from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("<int:pk>/", views.download, name="download"),
    path("<int:pk>/thumb/", views.thumb, name="thumb"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
