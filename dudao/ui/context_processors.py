from django.conf import settings

from dudao.common.scoping import user_assignments

from .homes import unit_todo_count
from .menu import menu_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_name": settings.DUDAO_SITE_NAME}
    assignments = user_assignments(user)
    return {
        "site_name": settings.DUDAO_SITE_NAME,
        # a unit's to-dos are counted on its 首页 entry and, on a phone, on the menu button (issue 13)
        "menu": menu_for(user, request.path, badges={"ui:home": (todos := unit_todo_count(user))}),
        "todo_count": todos,
        "scope_labels": [f"{a.get_role_display()} · {a.scope_label()}" for a in assignments],
    }
