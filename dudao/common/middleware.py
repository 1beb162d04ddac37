import re

from . import context

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """Gives each request an id (kept from a well-formed X-Request-ID header, else new), notes the
    client IP and channel, and echoes the id back in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        ctx = context.RequestContext(
            ip=context.client_ip(request),
            channel="api" if request.path.startswith("/api/") else "ui",
            request=request,
        )
        if _REQUEST_ID_RE.match(incoming):
            ctx.request_id = incoming
        request.request_id = ctx.request_id
        token = context.activate(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.deactivate(token)
        response["X-Request-ID"] = ctx.request_id
        return response
