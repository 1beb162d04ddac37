from django.conf import settings

from dudao.common.scoping import user_assignments

from .menu import menu_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_name": settings.DUDAO_SITE_NAME}
    assignments = user_assignments(user)
    return {
        "site_name": settings.DUDAO_SITE_NAME,
        "menu": menu_for(user, request.path),
        "scope_labels": [f"{a.get_role_display()} · {a.scope_label()}" for a in assignments],
    }
