"""Schemathesis over the whole OpenAPI document: every operation, a few generated requests each
(boundary values, wrong types, odd strings), sent through the real WSGI entry point as an office
admin. No request may answer 5xx, and every response must match the schema published for it."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks

from dudao.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the database connection when a request finishes; the test client switches that
    off, and so must a WSGI call made inside the test's transaction (on PostgreSQL the next request
    would find the connection closed)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def office_headers(tree):
    from dudao.accounts.roles import RoleCode
    from dudao.accounts.services import api_token_create
    from dudao.testing.factories import user_with_role

    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    _token, key = api_token_create(user=user, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(max_examples=5, derandomize=True, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api(case, office_headers):
    # call_and_validate raises on a failed check; the status is asserted once more for the reader
    response = case.call_and_validate(headers=office_headers,
                                      checks=[checks.not_a_server_error, checks.status_code_conformance,
                                              checks.response_schema_conformance])
    assert response.status_code < 500, response.text[:500]
