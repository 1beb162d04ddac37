from django.urls import path

from . import followup_views, report_views, views, views_item, views_problem

app_name = "ledger"

urlpatterns = [
    path("", views.LedgerListView.as_view(), name="list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    # a task's draft problem (views_problem)
    path("<int:pk>/edit/", views_problem.problem_edit, name="problem_edit"),
    path("<int:pk>/delete/", views_problem.problem_delete, name="problem_delete"),
    # ---- the item page's forms (views_item) ----
    path("<int:pk>/transitions/<str:name>/", views_item.item_transition, name="item_transition"),
    path("<int:pk>/recheck-notes/", views_item.item_recheck_note, name="item_recheck_note"),
    path("<int:pk>/extensions/", views_item.extension_request, name="extension_request"),
    path("extensions/<int:pk>/<str:decision>/", views_item.extension_decide, name="extension_decide"),
    path("<int:pk>/rebound/", views_item.item_rebound, name="item_rebound"),
    path("<int:pk>/route/", views_item.item_route, name="item_route"),
    path("actions/", views_item.action_list, name="action_list"),
    path("actions/<int:pk>/complete/", views_item.action_complete, name="action_complete"),
    path("orders/<int:pk>/issue/", views_item.order_issue, name="order_issue"),
    # ---- end of the item page's forms ----
    # ---- views of the ledger (by group, overdue, a unit's dossier) ----
    path("overdue/", report_views.OverdueListView.as_view(), name="overdue"),
    path("summary/", report_views.summary, name="summary"),
    path("units/<int:pk>/", report_views.unit_dossier, name="unit_dossier"),
    path("notifications/", report_views.notifications, name="notifications"),
]

# 回头看 (E5)
urlpatterns += [
    path("followups/", followup_views.followup_list, name="followup_list"),
    path("followups/<int:pk>/", followup_views.followup_detail, name="followup_detail"),
]
