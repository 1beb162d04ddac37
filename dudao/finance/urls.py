from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("budgets/", views.BudgetListView.as_view(), name="budget_list"),
    path("budgets/new/", views.budget_create, name="budget_create"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget_detail"),
    path("budgets/<int:pk>/edit/", views.budget_edit, name="budget_edit"),
    path("budgets/<int:pk>/spendings/", views.spending_add, name="spending_add"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/new/", views.claim_create, name="claim_create"),
    path("claims/export/", views.claim_export, name="claim_export"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/<str:name>/", views.claim_transition, name="claim_transition"),
]
