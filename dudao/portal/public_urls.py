"""/public/ — the portal's login-free pages (beside the school pages of ``complaints.public_urls``)."""

from django.urls import path

from . import public_views

app_name = "portal_public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("publications/<int:pk>/", public_views.publication, name="publication"),
    path("publications/<int:pk>/files/<int:attachment_id>/", public_views.attachment, name="attachment"),
    path("practices/<int:pk>/", public_views.practice, name="practice"),
]
