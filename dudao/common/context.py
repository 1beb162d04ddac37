"""Per-request context (request id, client IP, channel) kept in a contextvar so that the audit
log can record it from anywhere — model signals included — without passing the request around."""

import contextvars
import functools
import ipaddress
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


def _networks(specs) -> tuple:
    return _parse_networks(tuple(specs or ()))


@functools.lru_cache(maxsize=8)
def _parse_networks(specs: tuple) -> tuple:
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in specs if s.strip())


def _ip(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def in_networks(address: str | None, specs) -> bool:
    """Whether ``address`` lies in one of the CIDRs/addresses ``specs``."""
    ip = _ip(address or "")
    return ip is not None and any(ip in net for net in _networks(specs) if net.version == ip.version)


def client_ip(request) -> str | None:
    """The client address: the peer (REMOTE_ADDR), unless the peer is one of
    ``DUDAO_TRUSTED_PROXIES`` (CIDRs); then X-Forwarded-For is read from the right, skipping the
    trusted proxies, and the first address that is not one is the client. A client can prepend
    anything to X-Forwarded-For, so the left-most value is never believed, and a peer that is not
    a trusted proxy gets no say at all."""
    from django.conf import settings

    peer = request.META.get("REMOTE_ADDR")
    trusted = getattr(settings, "DUDAO_TRUSTED_PROXIES", ())
    if not trusted or not in_networks(peer, trusted):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = peer
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if _ip(hop) is None:
            break  # garbage: keep the last address a trusted proxy vouched for
        client = str(_ip(hop))
        if not in_networks(client, trusted):
            break
    return client
