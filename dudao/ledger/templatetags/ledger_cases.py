"""Template filters for links into the accountability pages from other apps' pages."""

from django import template

from dudao.common.scoping import region_in_scope

register = template.Library()


@register.filter
def may_open_case(user, unit) -> bool:
    """May ``user`` open a 问责 case on ``unit`` (show the 发起问责 link)?"""
    return unit is not None and region_in_scope(user, "accountability.add_accountabilitycase", unit.region)
