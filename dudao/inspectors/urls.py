from django.urls import path

from . import views, views_contacts, views_postings

app_name = "inspectors"
urlpatterns = [
    path("", views.InspectorListView.as_view(), name="inspector_list"),
    path("add/", views.inspector_add, name="inspector_add"),
    path("<int:pk>/", views.inspector_detail, name="inspector_detail"),
    path("<int:pk>/edit/", views.inspector_edit, name="inspector_edit"),
    path("<int:pk>/exit/", views.inspector_exit, name="inspector_exit"),
    path("appointments/<int:pk>/documents/<str:kind>/", views.appointment_document, name="appointment_document"),
    path("appointments/<int:pk>/<str:transition>/", views.appointment_transition, name="appointment_transition"),
    path("sessions/", views.TermSessionListView.as_view(), name="session_list"),
    path("sessions/add/", views.session_add, name="session_add"),
    path("postings/", views_postings.PostingListView.as_view(), name="posting_list"),
    path("postings/add/", views_postings.posting_add, name="posting_add"),
    path("postings/<int:pk>/<str:action>/", views_postings.posting_change, name="posting_change"),
    path("contacts/", views_contacts.ContactListView.as_view(), name="contact_list"),
    path("contacts/add/", views_contacts.contact_add, name="contact_add"),
    path("contacts/<int:pk>/end/", views_contacts.contact_end, name="contact_end"),
    path("coverage/", views_postings.coverage_view, name="coverage"),
    path("signs/<int:unit_id>/issue/", views_postings.sign_issue, name="sign_issue"),
    path("training/", views_postings.TrainingListView.as_view(), name="training_list"),
    path("training/under/", views_postings.training_under_view, name="training_under"),
    path("import/<str:kind>/", views_postings.import_view, name="import"),
    path("import/<str:kind>/template/", views_postings.import_template, name="import_template"),
    path("import-errors/<str:token>/", views_postings.import_errors, name="import_errors"),
]
