from django.urls import path

from . import report_views, views

app_name = "ledger"

urlpatterns = [
    path("", views.LedgerListView.as_view(), name="list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    # ---- views of the ledger (by group, overdue, a unit's dossier) ----
    path("overdue/", report_views.OverdueListView.as_view(), name="overdue"),
    path("summary/", report_views.summary, name="summary"),
    path("units/<int:pk>/", report_views.unit_dossier, name="unit_dossier"),
    path("notifications/", report_views.notifications, name="notifications"),
]
