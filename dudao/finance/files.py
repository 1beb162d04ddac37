"""Files of a spending entry (``dudao.attachments``, owner type ``finance.spending``): invoices,
contracts and payment vouchers. The office that may change the budget adds and removes them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.attachments import registry

from .models import Spending

PURPOSES = {"voucher": gettext_lazy("票据和凭证")}


def may_add(user, spending: Spending, purpose: str) -> bool:
    return Spending.objects.for_user(user, "change").filter(pk=spending.pk).exists()


def register() -> None:
    registry.register(registry.OwnerType(code="finance.spending", model=Spending, purposes=PURPOSES, may_add=may_add,
                                         may_delete_any=lambda user, s: may_add(user, s, "voucher")))
