from django.urls import path

from . import followup_views, views

app_name = "ledger"

urlpatterns = [
    path("", views.LedgerListView.as_view(), name="list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
]

# 回头看 (E5)
urlpatterns += [
    path("followups/", followup_views.followup_list, name="followup_list"),
    path("followups/<int:pk>/", followup_views.followup_detail, name="followup_detail"),
]
