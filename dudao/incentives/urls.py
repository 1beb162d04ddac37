from django.urls import path

from . import views

app_name = "incentives"

urlpatterns = [
    path("commendations/", views.CommendationListView.as_view(), name="commendation_list"),
    path("commendations/new/", views.commendation_create, name="commendation_create"),
    path("commendations/<int:pk>/", views.commendation_detail, name="commendation_detail"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/<str:name>/", views.case_transition, name="case_transition"),
    path("exemptions/", views.ExemptionListView.as_view(), name="exemption_list"),
    path("exemptions/new/", views.exemption_create, name="exemption_create"),
    path("exemptions/<int:pk>/", views.exemption_detail, name="exemption_detail"),
    path("exemptions/<int:pk>/end/", views.exemption_end, name="exemption_end"),
    path("green-results/", views.green_results, name="green_results"),
]
