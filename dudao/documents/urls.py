from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path("issue/", views.kind_list, name="kind_list"),
    path("issue/<str:kind>/", views.issue, name="issue"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("for/<str:ct>/<str:pk>/<str:kind>/", views.issue_for_subject, name="issue_for_subject"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/read/", views.document_read, name="document_read"),
    path("<int:pk>/download/<str:fmt>/", views.document_download, name="document_download"),
    path("numbers/", views.NumberListView.as_view(), name="number_list"),
    path("numbers/<int:pk>/void/", views.number_void, name="number_void"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/preview/", views.template_preview, name="template_preview"),
    path("templates/<int:pk>/toggle/", views.template_toggle, name="template_toggle"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/new/", views.batch_new, name="batch_new"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/download/", views.batch_download, name="batch_download"),
    path("settings/", views.office_settings, name="office_settings"),
]
