"""三权分立 (等保 访问控制, issue 17): each of the three administrators reaches its own functions and
nothing else — walked over every page and every API operation.

The rows are the permission matrix's (``tests/test_permission_matrix.py``, which fails if a page or
an operation is missing from it); pages and operations the matrix leaves to other tests are listed
in ``OTHER`` here with the triad roles that may use them, and a guard fails on any that is in
neither. Each row is called as a system-wide holder of each triad role: allowed means the page or
operation did its work (listed the object, showed it, or the write took effect).

- 系统管理员: accounts (create, edit, password), regions, units and committees, the national
  indicator framework library (system configuration).
- 安全管理员: unlocking accounts, granting and revoking roles (it reads users, regions and units to
  pick whom and where).
- 审计管理员: the audit log — search, export, integrity check.
"""

import copy

import pytest
from django.db import transaction
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditEntry
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.matrix import api_client, call, fresh_tree, shared_tree, ui_client

from .test_permission_matrix import ENDPOINTS, FOUNDATION_ENDPOINTS, _Fake, _same_route, _template

SYS, SEC, AUD = RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN
TRIAD = (SYS, SEC, AUD)

SECURITY_ROWS = {"api user unlock", "ui user unlock", "api user otp reset", "ui user otp reset",
                 "api user otp sms", "ui user otp sms", "api role assign", "api role revoke",
                 "ui role assign", "ui role revoke"}
SECURITY_READS = {"api user roles", "api users list", "api user detail", "ui user list", "ui user detail",  # whom
                  "api regions list", "api region detail", "api region subtree", "ui region search",
                  "ui region detail", "ui region children", "ui region tree",  # where
                  "api units list", "api units filtered list", "api unit detail", "ui unit list",
                  "ui unit list filtered", "ui unit detail", "ui committee list",
                  "api committee members", "api member units"}


def own(role, endpoint) -> bool:
    foundation = endpoint in FOUNDATION_ENDPOINTS
    if role == SYS:
        return (foundation and endpoint.name not in SECURITY_ROWS) or "/frameworks" in endpoint.url(_Fake())
    if role == SEC:
        return endpoint.name in SECURITY_ROWS | SECURITY_READS
    return False


def outcome(endpoint, response, obj) -> str:
    status = response.status_code
    if endpoint.kind == "list":
        return "allowed" if status == 200 and endpoint.listed(response, obj) else "denied"
    if endpoint.kind == "detail":
        return "allowed" if status == 200 else "denied"
    return "allowed" if status in endpoint.ok and endpoint.effect(obj) else "denied"


@pytest.fixture(scope="module")
def module_tree(django_db_setup, django_db_blocker):
    """The region tree once per module, in a transaction rolled back after it (``fresh_tree`` per test)."""
    with shared_tree(django_db_blocker) as tree:
        yield tree


@pytest.fixture
def tree(module_tree, db):
    return fresh_tree(module_tree)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_page_and_operation_as_each_administrator(endpoint, tree):
    wrong = []
    built = endpoint.setup(tree)  # once; each administrator meets it in a savepoint, on a copy
    for role in TRIAD:
        with transaction.atomic():
            user = user_with_role(role)
            obj = copy.deepcopy(built)
            client = api_client(user) if endpoint.channel == "api" else ui_client(user)
            got = outcome(endpoint, call(endpoint, client, obj, tree), obj)
            expected = "allowed" if own(role, endpoint) else "denied"
            if got != expected:
                wrong.append((role, got, expected))
            transaction.set_rollback(True)
    assert not wrong, (endpoint.name, wrong)


# ---- what the matrix leaves to other tests ---------------------------------------------------------
PUBLIC = "public"  # anyone, signed in or not: not an administrative function
OWN_ACCOUNT = "own"  # every signed-in user's own account, session, inbox and day page; reference lists
#: page name or API path → who of the triad may use it (or PUBLIC / OWN_ACCOUNT), and a URL to try
OTHER = {
    "audit:list": ({AUD}, "/audit/"),
    "audit:detail": ({AUD}, "/audit/{entry}/"),
    "audit:verify": ({AUD}, "/audit/verify/"),
    "accounts:login": (PUBLIC, None),
    "accounts:captcha": (PUBLIC, None),  # the login captcha image
    "accounts:otp": (PUBLIC, None),  # the second login step (after the password)
    "/api/v1/auth/captcha": (PUBLIC, None),
    "accounts:logout": (OWN_ACCOUNT, None),
    "accounts:password_change": (OWN_ACCOUNT, "/accounts/password/"),
    "accounts:profile": (OWN_ACCOUNT, "/accounts/profile/"),
    "accounts:token_revoke": (OWN_ACCOUNT, None),
    "ui:home": (OWN_ACCOUNT, "/"),
    "ledger:notifications": (OWN_ACCOUNT, None),
    "/api/v1/auth/token": (PUBLIC, None),
    "/api/v1/auth/me": (OWN_ACCOUNT, "/api/v1/auth/me"),
    "/api/v1/auth/password": (OWN_ACCOUNT, None),
    "/api/v1/tokens": (OWN_ACCOUNT, "/api/v1/tokens"),
    "/api/v1/tokens/{token_id}/revoke": (OWN_ACCOUNT, None),
    "/api/v1/ledger/notifications": (OWN_ACCOUNT, None),
    "/api/v1/ledger/notifications/read": (OWN_ACCOUNT, None),
    # business pages and operations other tests cover: no administrator's
    "accountability:situation_list": (set(), "/ledger/cases/situations/"),
    "documents:kind_list": (set(), "/documents/issue/"),  # issuing: the office's
    "inspections:filings": (set(), "/inspections/filings/"),
    "inspections:today": (OWN_ACCOUNT, "/inspections/today/"),  # the user's own postings and tasks
    "inspectors:import": (set(), "/inspectors/import/schools/"),
    "inspectors:import_errors": (set(), None),
    "inspectors:import_template": (set(), "/inspectors/import/schools/template/"),
    "ledger:extension_request": (set(), None),
    "/api/v1/ledger/situations": (set(), "/api/v1/ledger/situations"),
    "/api/v1/documents/kinds": (OWN_ACCOUNT, "/api/v1/documents/kinds"),  # the catalogue of document kinds
    "/api/v1/inspections/filings": (set(), "/api/v1/inspections/filings"),
    "/api/v1/attachments": (set(), None),
    "/api/v1/inspections/plans/{plan_id}/acknowledge": (set(), None),
    "/api/v1/inspections/targets/{target_id}/objection": (set(), None),
    "/api/v1/inspections/targets/{target_id}/self-evaluation": (set(), None),
    "/api/v1/ledger/items/{item_id}/extensions": (set(), None),
    "quality:template": (set(), "/monitoring/quality/import/template/"),  # the blank feedback template
    # the committee's yearly checks and a liaison's own page (dudao/committee/tests), an inspector's own
    # schedule and its .ics feed by secret token (dudao/planner/tests): no administrator's
    "/api/v1/committee/participation": (set(), None),
    "/api/v1/committee/checks": (set(), None),
    "committee:participation": (set(), None),
    "committee:liaison_home": (set(), None),
    "/api/v1/planner/me": (OWN_ACCOUNT, None),
    "planner:my_schedule": (OWN_ACCOUNT, None),
    "planner:inspector_feed": (PUBLIC, None),  # the token is the key (calendar apps cannot sign in)
    # a responsible unit's progress report and a school's charter (dudao/measures/tests): no administrator's
    "/api/v1/measures/measures/{measure_id}/reports": (set(), None),
    "/api/v1/measures/charters": (set(), None),
    "/api/v1/measures/charters/{charter_id}/resubmit": (set(), None),
    "measures:charter_resubmit": (set(), None),
    "measures:charter_new": (set(), None),
    "measures:measure_report": (set(), None),
    "measures:import_template": (set(), None),  # the blank import table of the office's import page
    "/api/v1/surveys/public/{token}": (PUBLIC, None),  # the login-free survey form
    "/api/v1/surveys/public/{token}/responses": (PUBLIC, None),  # answering with a one-time code
    # the national indices: a city's counties, and the landing page (monitoring/tests/test_indices_api.py)
    "monitoring:indices": (set(), "/monitoring/indices/"),
    "monitoring:indices_counties": (set(), "/monitoring/counties/1/2025/"),
    "/api/v1/monitoring/indices/counties/{region_id}/{year}": (set(), "/api/v1/monitoring/indices/counties/1/2025"),
    # the region map's boundary files (dashboards/tests/test_map.py)
    "dashboards:map_boundary": (set(), "/dashboards/map/boundaries/500000.json"),
    # the dashboard's A4 PDF: the page's context (dashboards/tests/test_dashboard.py)
    "dashboards:pdf": (set(), "/dashboards/pdf/"),
}
PUBLIC_NAMESPACES = ("public", "portal_public", "survey_public")


def _covered_routes():
    return {(e.channel, e.method, e.url(_Fake()).split("?")[0]) for e in ENDPOINTS}


def test_every_page_and_operation_is_walked_or_listed():
    """Guard: a new page or operation must be in the matrix or in ``OTHER``."""
    from django.urls import get_resolver

    from dudao.api import api

    covered = _covered_routes()
    missing = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method in ops:
            if path not in OTHER and not any(c == "api" and m == method and _same_route(u, path)
                                             for c, m, u in covered):
                missing.append(f"{method.upper()} {path}")
    root = get_resolver()
    for namespace, (prefix, resolver) in root.namespace_dict.items():
        if namespace in ("api", *PUBLIC_NAMESPACES):
            continue
        for name in resolver.reverse_dict:
            if not isinstance(name, str) or f"{namespace}:{name}" in OTHER:
                continue
            route = _template("/" + prefix + resolver.reverse_dict.getlist(name)[0][0][0][0])
            if not any(c == "ui" and _same_route(u, route) for c, _m, u in covered):
                missing.append(f"{namespace}:{name} {route}")
    assert not missing, f"walk these as the three administrators: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("key", [k for k, (_who, url) in OTHER.items() if url], ids=str)
def test_the_other_pages_as_each_administrator(key, tree):
    who, url = OTHER[key]
    UnitFactory(region=tree["nanan"])
    entry = AuditEntry.objects.order_by("id").first()
    for role in TRIAD:
        user = user_with_role(role)
        client = api_client(user) if url.startswith("/api/") else ui_client(user)
        response = client.get(url.format(entry=entry.pk))
        allowed = who == OWN_ACCOUNT or (who != PUBLIC and role in who)
        if allowed:
            assert response.status_code == 200, (key, role, response.status_code)
        else:
            assert response.status_code in (403, 404) or _empty(response), (key, role, response.status_code)


def _empty(response) -> bool:
    if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
        return False
    data = response.json()
    return data == [] or (isinstance(data, dict) and data.get("items") == [])


def test_anonymous_reach_only_public_pages():
    assert Client().get("/audit/verify/").status_code == 302
