import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_LAST_SEEN = "dudao_last_seen"
SESSION_TOUCH_SECONDS = 60


def _now() -> float:
    return time.time()


class IdleTimeoutMiddleware:
    """Ends a session idle for longer than ``DUDAO_SESSION_IDLE_MINUTES`` (default 30)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = _now()
            last = request.session.get(SESSION_LAST_SEEN)
            if last is not None and now - last > settings.DUDAO_SESSION_IDLE_MINUTES * 60:
                from .services import logout_record

                logout_record(user=user)
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, _("长时间未操作，已自动退出，请重新登录"))
                    return redirect(f"{reverse('accounts:login')}?next={request.path}")
            elif last is None or now - last >= SESSION_TOUCH_SECONDS:
                # Refresh at most once a minute: a session write per request costs an UPDATE.
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """Sends a user whose password was set by an administrator to the change-password page
    before anything else (the API answers 403 ``password_change_required`` instead)."""

    ALLOWED_PREFIXES = ("/accounts/password/", "/accounts/logout/", "/static/", "/i18n/", "/healthz", "/readyz", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)


class AdminNetworkMiddleware:
    """Ends an administrator's browser session used from outside ``DUDAO_ADMIN_NETWORKS`` (the login
    and the API refuse them too). Costs nothing when the setting is empty or the address is inside."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        networks = settings.DUDAO_ADMIN_NETWORKS
        if networks and user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            from dudao.common.context import client_ip

            from .services import admin_network_allowed

            if not admin_network_allowed(user, client_ip(request)):
                logout(request)
                messages.error(request, _("管理员账户不允许从此网络访问"))
                return redirect("accounts:login")
        return self.get_response(request)
