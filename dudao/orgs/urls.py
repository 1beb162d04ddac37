from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("add/", views.unit_add, name="unit_add"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("committee-rows/<str:kind>/<int:pk>/delete/", views.committee_row_delete, name="committee_row_delete"),
]
