from django.urls import path

from . import views

app_name = "planner"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("semesters/", views.semester_list, name="semester_list"),
    path("semesters/<int:pk>/", views.semester_detail, name="semester_detail"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/generate/", views.plan_generate, name="plan_generate"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/replan/", views.plan_replan, name="plan_replan"),
    path("plans/<int:pk>/progress/", views.plan_progress, name="plan_progress"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan_print"),
    path("visits/<int:pk>/move/", views.visit_move, name="visit_move"),
    path("visits/<int:pk>/lock/", views.visit_lock, name="visit_lock"),
    path("me/", views.my_schedule, name="my_schedule"),
    path("feed/<str:token>.ics", views.inspector_feed, name="inspector_feed"),
]
