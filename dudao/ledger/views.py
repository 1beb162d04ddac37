"""Ledger pages (E11): the filtered, exportable ledger list and an item's page with its history."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy

from dudao.common.scoping import get_for_user_or_404
from dudao.common.views import ObjectListView

from . import views_item
from .forms import LedgerFilterForm
from .models import LedgerItem


class LedgerListView(ObjectListView):
    model = LedgerItem
    title = gettext_lazy("问题台账")
    filter_form = LedgerFilterForm
    export_name = "问题台账"
    columns = [
        (gettext_lazy("问题描述"), "description"),
        (gettext_lazy("整改单位"), "unit.name"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("问题来源"), "get_source_display"),
        (gettext_lazy("问题类别"), "category_label"),
        (gettext_lazy("严重程度"), "get_severity_display"),
        (gettext_lazy("整改期限"), "deadline"),
        (gettext_lazy("登记时间"), lambda i: i.created_at.date()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


@login_required
def item_detail(request, pk):
    """The item with its 督办, extensions, actions and history, and the forms the user may use
    (``views_item``)."""
    item = get_for_user_or_404(LedgerItem.objects.select_related("unit", "rebound_of"), request.user, "view", pk=pk)
    return views_item.render_item(request, item)
