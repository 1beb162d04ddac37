from django.urls import path

from . import views

app_name = "workplaces"

urlpatterns = [
    path("places/", views.PlaceListView.as_view(), name="place_list"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<int:pk>/", views.place_detail, name="place_detail"),
    path("places/<int:pk>/members/", views.member_add, name="member_add"),
    path("places/<int:pk>/activities/", views.place_activity_add, name="place_activity_add"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/<str:name>/", views.topic_transition, name="topic_transition"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/<str:name>/", views.entry_transition, name="entry_transition"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/activities/", views.agreement_activity_add, name="agreement_activity_add"),
    path("self-inspections/", views.SelfInspectionListView.as_view(), name="selfinspection_list"),
    path("self-inspections/new/", views.selfinspection_create, name="selfinspection_create"),
    path("self-inspections/<int:pk>/", views.selfinspection_detail, name="selfinspection_detail"),
    path("self-inspections/<int:pk>/small-matters/", views.selfinspection_raise, name="selfinspection_raise"),
]
