from django.urls import path

from . import views

app_name = "schools"
urlpatterns = [
    path("", views.SchoolListView.as_view(), name="school_list"),
    path("<int:unit_id>/", views.school_detail, name="school_detail"),
    path("<int:unit_id>/profile/", views.school_profile_edit, name="school_profile_edit"),
    path("principals/due/", views.principals_due_view, name="principals_due"),
    path("principals/<int:pk>/record/", views.principal_record, name="principal_record"),
    path("zones/", views.ZoneListView.as_view(), name="zone_list"),
    path("zones/add/", views.zone_add, name="zone_add"),
    path("zones/<int:pk>/", views.zone_detail, name="zone_detail"),
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/add/", views.group_add, name="group_add"),
]
