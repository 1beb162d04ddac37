"""/ledger/intake/: complaint triage and the registration of hotline/media/upper-level entries."""

from django.urls import path

from . import intake_views

app_name = "intake"

urlpatterns = [
    path("register/", intake_views.complaint_register, name="register"),
    path("complaints/<int:pk>/accept/", intake_views.complaint_accept, name="accept"),
    path("complaints/<int:pk>/dismiss/", intake_views.complaint_dismiss, name="dismiss"),
]
