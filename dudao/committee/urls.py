from django.urls import path

from . import views

app_name = "committee"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", views.meeting_add, name="meeting_add"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("rules/", views.RuleListView.as_view(), name="rule_list"),
    path("rules/add/", views.rule_add, name="rule_add"),
    path("rules/<int:pk>/", views.rule_detail, name="rule_detail"),
    path("participation/", views.participation, name="participation"),
    path("mine/", views.liaison_home, name="liaison_home"),
]
