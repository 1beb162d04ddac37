from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("new/", views.publication_new, name="new"),
    path("statements/new/", views.statement_new, name="statement_new"),
    path("<int:pk>/", views.publication_detail, name="detail"),
    path("<int:pk>/transitions/<str:name>/", views.publication_transition, name="transition"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
