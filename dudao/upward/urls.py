from django.urls import path

from . import views

app_name = "upward"

urlpatterns = [
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/assign/", views.evaluation_assign, name="evaluation_assign"),
    path("evaluations/<int:pk>/compile/", views.evaluation_compile, name="evaluation_compile"),
    path("evaluations/<int:pk>/findings/", views.evaluation_finding, name="evaluation_finding"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/upload/", views.assignment_upload, name="assignment_upload"),
    path("filings/", views.FilingListView.as_view(), name="filing_list"),
    path("filings/inbox/", views.FilingInboxView.as_view(), name="filing_inbox"),
    path("filings/new/", views.filing_new, name="filing_new"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/upload/", views.filing_upload, name="filing_upload"),
]
