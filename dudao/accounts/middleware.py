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

    ALLOWED_PREFIXES = ("/accounts/password/", "/accounts/logout/", "/static/", "/i18n/", "/healthz", "/api/")

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
