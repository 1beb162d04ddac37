"""The 问责 pages, mounted under ``/ledger/`` (the URLs they had inside the ledger app)."""

from django.urls import path

from . import views

app_name = "accountability"

# ---- accountability (E7–E9): 问责 cases, 约谈, 通报, the situation catalogue — views.py ----
urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/situations/", views.situation_list, name="situation_list"),
    path("interviews/", views.InterviewListView.as_view(), name="interview_list"),
    path("interviews/new/", views.interview_create, name="interview_create"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("circulars/", views.CircularListView.as_view(), name="circular_list"),
    path("circulars/new/", views.circular_create, name="circular_create"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular_detail"),
]
