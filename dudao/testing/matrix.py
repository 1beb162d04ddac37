"""The permission matrix: every list, detail and write endpoint and page is exercised as
anonymous, a user with no role, and users whose role sits in scope, in a child region, in a
sibling region and in the parent region of the object under test.

The object under test lives in 南岸区 (``tree["nanan"]``). Upper levels see lower levels; lower
levels never see upper ones; siblings never see each other. So ``in_scope`` and
``parent_region`` are allowed; everyone else is denied — and for detail and write endpoints a
denial looks exactly like a missing object (404), except anonymous callers (401 / login page).
"""

import contextlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.test import Client

from dudao.accounts.services import api_token_create

from .factories import UserFactory, region_tree, user_with_role

CASES = ("anonymous", "no_role", "in_scope", "child_region", "sibling_region", "parent_region")
ALLOWED_CASES = frozenset({"in_scope", "parent_region"})
CASE_REGION = {"in_scope": "nanan", "child_region": "nanan_town", "sibling_region": "ddk", "parent_region": "cq"}


def matrix_user(case: str, role: str, tree: dict):
    """The acting user for a matrix case (None for anonymous)."""
    if case == "anonymous":
        return None
    if case == "no_role":
        return UserFactory()
    return user_with_role(role, region=tree[CASE_REGION[case]], recursive=True)


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """A transaction (a savepoint inside an open one) around a module-scoped fixture's rows, rolled
    back after it; the tests inside run in savepoints of their own (pytest-django's ``django_db``)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextlib.contextmanager
def shared_tree(django_db_blocker):
    """The region tree built once for a module (per xdist worker) in an outer transaction rolled back
    after the module; each test takes :func:`fresh_tree` of it (building it cost ~10 ms a test)."""
    with rolled_back(django_db_blocker):
        yield region_tree()


def fresh_tree(tree: dict) -> dict:
    """New instances of the shared tree's regions, as the test's own ``region_tree()`` would give."""
    from dudao.regions.models import Region

    rows = Region.objects.in_bulk([r.pk for r in tree.values()])
    return {key: rows[r.pk] for key, r in tree.items()}


def api_client(user) -> Client:
    client = Client()
    if user is not None:
        _token, key = api_token_create(user=user, name="matrix")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def ui_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class Endpoint:
    """One row of the matrix.

    ``extra={"multipart": True}`` sends an API write as a form upload (the payload may hold files).

    ``kind`` is ``list`` (allowed: the object is listed; denied: it is not), ``detail`` (allowed:
    200; denied: 404) or ``write`` (allowed: ``ok`` status and ``effect`` holds; denied: 401/403/404
    or a form error, and ``effect`` does not hold). ``setup(tree)`` returns the object; ``url(obj)``
    the path; ``payload(obj, tree)`` the body for writes; ``listed(response, obj)`` says whether a
    list shows the object; ``effect(obj)`` whether a write took place.
    """

    name: str
    channel: str  # "api" or "ui"
    kind: str
    role: str
    setup: Any
    url: Any
    method: str = "get"
    payload: Any = None
    ok: tuple = (200,)
    listed: Any = None
    effect: Any = None
    extra: dict = field(default_factory=dict)


def call(endpoint: Endpoint, client: Client, obj, tree):
    url = endpoint.url(obj)
    body = endpoint.payload(obj, tree) if endpoint.payload else None
    method = getattr(client, endpoint.method)
    if endpoint.channel == "api" and endpoint.method in ("post", "patch", "put") and not endpoint.extra.get("multipart"):
        return method(url, data=body or {}, content_type="application/json")
    if endpoint.method == "get":
        return method(url, data=body or {})
    return method(url, data=body or {})


def check(endpoint: Endpoint, case: str, response, obj) -> str:
    """Assert the matrix outcome for ``case``; returns "allowed" or "denied" (what was checked)."""
    allowed = case in ALLOWED_CASES
    status = response.status_code
    if case == "anonymous":
        if endpoint.channel == "api":
            assert status == 401, (endpoint.name, case, status)
            assert response.json()["code"] == "unauthenticated"
        else:
            assert status == 302 and "/accounts/login/" in response["Location"], (endpoint.name, case, status)
        if endpoint.effect:
            assert not endpoint.effect(obj), (endpoint.name, case, "write happened")
        return "denied"
    if endpoint.kind == "list":
        if case == "no_role" and status == 403:
            return "denied"  # a page gated on holding the permission somewhere: nothing is shown either way
        assert status == 200, (endpoint.name, case, status)
        assert endpoint.listed(response, obj) is allowed, (endpoint.name, case, "listed" if not allowed else "missing")
    elif endpoint.kind == "detail":
        if allowed:
            assert status == 200, (endpoint.name, case, status)
        else:
            assert status == 404, (endpoint.name, case, status)
            if endpoint.channel == "api":
                assert response.json()["code"] == "not_found"
    else:  # write
        if allowed:
            assert status in endpoint.ok, (endpoint.name, case, status, response.content[:300])
            assert endpoint.effect(obj), (endpoint.name, case, "no effect")
        else:
            assert status in (403, 404, 422) or (endpoint.channel == "ui" and status == 200), (
                endpoint.name, case, status)
            if endpoint.channel == "api" and status == 404:
                assert response.json()["code"] == "not_found"
            assert not endpoint.effect(obj), (endpoint.name, case, "write happened")
    return "allowed" if allowed else "denied"


def _app_matrix_modules():
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("dudao."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests.matrix", f"{config.name}.tests"):
                raise


def collect_app_endpoints() -> list:
    """Matrix rows registered by apps in ``dudao/<app>/tests/matrix.py`` (``ENDPOINTS``)."""
    rows = []
    for module in _app_matrix_modules():
        rows.extend(getattr(module, "ENDPOINTS", []))
    return rows


def collect_app_own_paths() -> set:
    """API paths an app tests elsewhere (the caller's own data, public endpoints): ``OWN_PATHS``."""
    return {p for module in _app_matrix_modules() for p in getattr(module, "OWN_PATHS", ())}


def collect_app_own_pages() -> set:
    """URL names (``namespace:name``) an app tests elsewhere: ``OWN_PAGES``."""
    return {p for module in _app_matrix_modules() for p in getattr(module, "OWN_PAGES", ())}
