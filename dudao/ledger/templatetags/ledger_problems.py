"""Template filters for a problem's page: may the user change or withdraw a task's draft problem?"""

from django import template

from ..services import may_edit_draft as _may_edit_draft

register = template.Library()


@register.filter
def may_edit_draft(user, item) -> bool:
    return _may_edit_draft(user, item)
