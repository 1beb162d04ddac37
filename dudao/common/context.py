"""Per-request context (request id, client IP, channel) kept in a contextvar so that the audit
log can record it from anywhere — model signals included — without passing the request around."""

import contextvars
import uuid
from dataclasses import dataclass, field


@dataclass
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip: str | None = None
    channel: str = "cli"  # "ui", "api" or "cli"
    request: object | None = None

    @property
    def user(self):
        user = getattr(self.request, "user", None)
        return user if getattr(user, "is_authenticated", False) else None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("dudao_request", default=None)


def current() -> RequestContext:
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext()
        _current.set(ctx)
    return ctx


def activate(ctx: RequestContext):
    return _current.set(ctx)


def deactivate(token) -> None:
    _current.reset(token)


def client_ip(request) -> str | None:
    """The client address. X-Forwarded-For is trusted only when DUDAO_TRUSTED_PROXY is set."""
    from django.conf import settings

    if getattr(settings, "DUDAO_TRUSTED_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
