"""The complaint pages, at the paths users know: the inbox and the complaint page under
/inspectors/complaints/, triage and registration under /ledger/intake/ (included at the root, before
the inspectors' and the ledger's URLs)."""

from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("inspectors/complaints/", views.ComplaintListView.as_view(), name="complaint_list"),
    path("inspectors/complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("ledger/intake/register/", views.complaint_register, name="register"),
    path("ledger/intake/complaints/<int:pk>/accept/", views.complaint_accept, name="accept"),
    path("ledger/intake/complaints/<int:pk>/dismiss/", views.complaint_dismiss, name="dismiss"),
]
