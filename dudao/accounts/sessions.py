"""At most ``DUDAO_MAX_SESSIONS_PER_USER`` browser sessions per user: a new login ends the oldest
(the login view calls ``session_started``; logging out forgets the session)."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .models import LoginSession


def _store(key):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def session_started(*, user, session_key: str, ip: str | None = None) -> list[str]:
    """Record a new session of ``user``; end the oldest beyond the limit. Returns the ended keys."""
    LoginSession.objects.update_or_create(session_key=session_key, defaults={"user": user, "ip": ip})
    limit = settings.DUDAO_MAX_SESSIONS_PER_USER
    if limit <= 0:
        return []
    rows = list(LoginSession.objects.filter(user=user).order_by("-created_at", "-id"))
    if len(rows) <= limit:
        return []
    # Sessions that ended on their own (expired, logged out elsewhere) do not count.
    live = [r for r in rows if r.session_key == session_key or _store(r.session_key).exists(r.session_key)]
    gone = [r for r in rows if r not in live]
    ended = live[limit:]
    for row in ended:
        _store(row.session_key).delete()
    LoginSession.objects.filter(pk__in=[r.pk for r in gone + ended]).delete()
    return [r.session_key for r in ended]


@receiver(user_logged_out)
def _forget(sender, request=None, user=None, **kwargs):
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        LoginSession.objects.filter(session_key=key).delete()
