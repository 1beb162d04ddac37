from django.urls import path

from . import views, views_categories

app_name = "inspections"
urlpatterns = [
    path("", views.task_board, name="task_board"),
    path("new/", views.task_create, name="task_create"),
    path("filings/", views.filings, name="filings"),
    path("cycles/", views.cycles, name="cycles"),
    path("categories/", views_categories.categories, name="categories"),
    path("tenure/<int:tenure_id>/task/", views.tenure_task_create, name="tenure_task_create"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("<int:pk>/targets/", views.task_target_add, name="task_target_add"),
    path("<int:pk>/team/", views.task_team_add, name="task_team_add"),
    path("<int:pk>/package/", views.self_evaluation_package, name="self_evaluation_package"),
    path("<int:pk>/report/", views.task_report, name="task_report"),
    path("<int:pk>/documents/<str:kind>/", views.task_document, name="task_document"),
    path("<int:pk>/documents/<str:kind>/issue/", views.task_document_issue, name="task_document_issue"),
    path("<int:pk>/transitions/<str:name>/", views.task_transition, name="task_transition"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/remove/", views.task_target_remove, name="task_target_remove"),
    path("team/<int:pk>/remove/", views.team_member_remove, name="team_member_remove"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("today/", views.today, name="today"),
    path("compliance/", views.compliance, name="compliance"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("units/<int:pk>/history/", views.unit_history, name="unit_history"),
]
