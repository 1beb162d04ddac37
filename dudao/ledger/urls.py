from django.urls import path

from . import views, views_item

app_name = "ledger"

urlpatterns = [
    path("", views.LedgerListView.as_view(), name="list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    # ---- the item page's forms (views_item) ----
    path("<int:pk>/transitions/<str:name>/", views_item.item_transition, name="item_transition"),
    path("<int:pk>/extensions/", views_item.extension_request, name="extension_request"),
    path("extensions/<int:pk>/<str:decision>/", views_item.extension_decide, name="extension_decide"),
    path("<int:pk>/rebound/", views_item.item_rebound, name="item_rebound"),
    path("<int:pk>/route/", views_item.item_route, name="item_route"),
    path("actions/", views_item.action_list, name="action_list"),
    path("actions/<int:pk>/complete/", views_item.action_complete, name="action_complete"),
    path("orders/<int:pk>/issue/", views_item.order_issue, name="order_issue"),
    # ---- end of the item page's forms ----
]
