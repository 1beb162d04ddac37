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


class LanguageMiddleware:
    """Chinese first: the language is the one the user chose (language cookie, set by the switch in
    the top bar), otherwise ``LANGUAGE_CODE`` (zh-hans) — never guessed from the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


_API_STATUS = {
    400: ("bad_request", "请求有误"),
    403: ("forbidden", "无权执行此操作"),
    404: ("not_found", "接口或对象不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    500: ("server_error", "服务器内部错误，请稍后重试"),
}


class ApiErrorEnvelopeMiddleware:
    """Under /api/ every error is the JSON envelope ``ErrorOut`` ({code, message, errors}): an unknown
    path, a malformed id (no route matches), a wrong method and an unhandled error answer JSON, not
    Django's HTML pages. The API's own errors are already JSON and pass through untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith("/api/") and response.status_code in _API_STATUS
                and not response.get("Content-Type", "").startswith("application/json")):
            from .api_errors import error_response

            code, message = _API_STATUS[response.status_code]
            if response.status_code == 500 and getattr(request, "request_id", ""):
                message += f"（请求号 {request.request_id}）"
            envelope = error_response(request, response.status_code, code, message)
            if response.status_code == 405 and response.has_header("Allow"):
                envelope["Allow"] = response["Allow"]
            return envelope
        return response


class RejectControlCharsMiddleware:
    """A query string or path holding a control character (``%00`` …) is refused at the edge, for
    every filter of every page and endpoint: PostgreSQL cannot store or compare NUL in text (a 500
    otherwise). The API answers 422 with the envelope naming the parameter, a page the 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .schemas import CONTROL_CHARS_MESSAGE, has_control_chars

        bad = next((key for key, values in request.GET.lists()
                    if has_control_chars(key) or any(has_control_chars(v) for v in values)), None)
        if bad is None and has_control_chars(request.path):
            bad = "path"
        if bad is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            from .api_errors import error_response

            return error_response(request, 422, "validation_error", CONTROL_CHARS_MESSAGE,
                                  errors=[{"field": bad, "message": CONTROL_CHARS_MESSAGE}])
        from django.views.defaults import bad_request

        return bad_request(request, ValueError(CONTROL_CHARS_MESSAGE))


class ProtectedDeleteMiddleware:
    """A page whose delete other rows still refer to (``ProtectedError``) shows a Chinese refusal
    naming them (409) instead of a server error; the API answers 409 the same way (dudao/api.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db.models import ProtectedError, RestrictedError

        if not isinstance(exception, ProtectedError | RestrictedError) or request.path.startswith("/api/"):
            return None
        from django.shortcuts import render

        from .api_errors import protected_message

        return render(request, "409.html", {"message": protected_message(exception)}, status=409)
