from django.apps import AppConfig


def _load_assignments(user):
    from .models import RoleAssignment

    return RoleAssignment.objects.filter(user=user).select_related("region", "unit")


class AccountsConfig(AppConfig):
    name = "dudao.accounts"
    label = "accounts"
    verbose_name = "账户与权限"

    def ready(self):
        from dudao.common import scoping

        from . import sessions  # noqa: F401  (connects the logout signal)
        from .roles import role_grants

        scoping.configure(assignments=_load_assignments, grants=role_grants)
