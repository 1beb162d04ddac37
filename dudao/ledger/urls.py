from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("", views.LedgerListView.as_view(), name="list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
]
