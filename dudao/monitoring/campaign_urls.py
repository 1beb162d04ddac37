"""Pages of creation campaigns and programmes under /monitoring/campaigns/ and /monitoring/programmes/."""

from django.urls import path

from . import campaign_views as views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/tasks/", views.campaign_task_add, name="task_add"),
    path("campaigns/<int:pk>/tasks/<int:task_pk>/done/", views.campaign_task_done, name="task_done"),
    path("campaigns/<int:pk>/milestones/<str:stage>/plan/", views.milestone_plan, name="milestone_plan"),
    path("campaigns/<int:pk>/milestones/<str:stage>/files/", views.milestone_upload, name="milestone_upload"),
    path("campaigns/<int:pk>/report/", views.campaign_report, name="report"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("programmes/rounds/<int:pk>/self-evaluation/", views.round_self_evaluation, name="round_self_evaluation"),
    path("programmes/evaluations/<int:pk>/", views.evaluation_record, name="evaluation_record"),
]
