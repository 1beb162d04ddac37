"""API authentication: personal/issued tokens as ``Authorization: Bearer <token>``, or the browser
session (with CSRF). A user whose password was reset by an administrator must change it first."""

from ninja.security import HttpBearer, SessionAuth

from dudao.common.context import client_ip

from .services import admin_network_allowed, api_token_authenticate


class PasswordChangeRequired(Exception):
    pass


class NetworkRefused(Exception):
    """An administrator outside ``DUDAO_ADMIN_NETWORKS`` (answered 403 ``network_refused``)."""


PASSWORD_CHANGE_PATHS = ("/api/v1/auth/password",)


def _admit(request, user):
    if user is None or not user.is_active:
        return None
    if not admin_network_allowed(user, client_ip(request)):
        raise NetworkRefused()
    if user.must_change_password and request.path not in PASSWORD_CHANGE_PATHS:
        raise PasswordChangeRequired()
    request.user = user  # so audit entries and services see the token's owner
    return user


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return _admit(request, api_token_authenticate(token))


class BrowserSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return _admit(request, user) if user else None


API_AUTH = [BearerTokenAuth(), BrowserSessionAuth()]
