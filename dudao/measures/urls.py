from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/report/", views.plan_report, name="plan_report"),
    path("plans/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("plans/<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("imports/template/", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_confirm, name="import_confirm"),
    path("", views.MeasureListView.as_view(), name="measure_list"),
    path("<int:pk>/", views.measure_detail, name="measure_detail"),
    path("<int:pk>/report/", views.measure_report, name="measure_report"),
    path("aliases/", views.AliasListView.as_view(), name="alias_list"),
    path("aliases/new/", views.alias_new, name="alias_new"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/progress/", views.project_note, name="project_note"),
    path("charters/", views.CharterListView.as_view(), name="charter_list"),
    path("charters/new/", views.charter_new, name="charter_new"),
    path("charters/<int:pk>/", views.charter_detail, name="charter_detail"),
    path("charters/<int:pk>/resubmit/", views.charter_resubmit, name="charter_resubmit"),
]
