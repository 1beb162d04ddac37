from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dudao.accounts.roles import role_grants
from dudao.common.scoping import region_in_scope, user_assignments


def check_region(actor, perm: str, region, message=None) -> None:
    if actor is not None and not region_in_scope(actor, perm, region):
        raise PermissionDenied(message or _("所选区域不在您的管理范围内"))


def acts_for_unit(actor, perm: str, unit) -> bool:
    """Does ``actor`` hold ``perm`` through an assignment on ``unit`` itself (a unit respondent)?"""
    if actor is None:
        return True
    return any(a.unit_id == unit.pk and role_grants(a.role, perm) for a in user_assignments(actor))


def lock(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)
