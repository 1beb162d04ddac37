"""The monitoring pages under /monitoring/: collections, rounds (completeness), submissions."""

from django.urls import path

from . import views, views_indices

app_name = "monitoring"

urlpatterns = [
    path("collections/", views.CollectionListView.as_view(), name="collection_list"),
    path("collections/new/", views.collection_create, name="collection_create"),
    path("collections/<int:pk>/", views.collection_detail, name="collection_detail"),
    path("collections/<int:pk>/transition/", views.collection_transition, name="collection_transition"),
    path("collections/<int:pk>/version/", views.collection_version, name="collection_version"),
    path("collections/<int:pk>/elements/", views.element_add, name="element_add"),
    path("collections/<int:pk>/elements/<slug:code>/delete/", views.element_delete, name="element_delete"),
    path("collections/<int:pk>/rules/", views.rule_add, name="rule_add"),
    path("collections/<int:pk>/rules/<slug:code>/delete/", views.rule_delete, name="rule_delete"),
    path("collections/<int:pk>/open/", views.round_open, name="round_open"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:pk>/template/", views.round_template, name="round_template"),
    path("rounds/<int:pk>/import/", views.round_import, name="round_import"),
    path("submissions/", views.SubmissionListView.as_view(), name="submission_list"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/values/", views.submission_values, name="submission_values"),
    path("submissions/<int:pk>/transition/", views.submission_transition, name="submission_transition"),
    path("submissions/<int:pk>/template/", views.submission_template, name="submission_template"),
    path("submissions/<int:pk>/import/", views.submission_import, name="submission_import"),
]

# The national indices (issue 12 items 2–3): views_indices.py.
urlpatterns += [
    path("indices/", views_indices.indices_home, name="indices"),
    path("balance/<int:region_id>/<int:year>/", views_indices.balance_page, name="indices_balance"),
    path("preschool/<int:region_id>/<int:year>/", views_indices.preschool_page, name="indices_preschool"),
    path("counties/<int:region_id>/<int:year>/", views_indices.counties_page, name="indices_counties"),
]
