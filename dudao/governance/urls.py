from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("leaders/", views.LeaderListView.as_view(), name="leader_list"),
    path("leaders/new/", views.leader_create, name="leader_create"),
    path("checklists/", views.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/new/", views.checklist_create, name="checklist_create"),
    path("checklists/<int:pk>/", views.checklist_detail, name="checklist_detail"),
    path("self-checks/", views.SelfCheckListView.as_view(), name="selfcheck_list"),
    path("self-checks/new/", views.selfcheck_create, name="selfcheck_create"),
    path("self-checks/<int:pk>/", views.selfcheck_detail, name="selfcheck_detail"),
    path("self-checks/<int:pk>/<str:name>/", views.selfcheck_transition, name="selfcheck_transition"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:task_id>/comparison/", views.comparison, name="comparison"),
]
