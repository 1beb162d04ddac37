"""The portal's list pages and list API run as many queries for ten rows as for one (no N+1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dudao.portal import services, workflows
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.portal_factories import portal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return portal_world(tree)


def _add(world, n):
    for i in range(n):
        pub = services.statement_create(actor=world["respondent"], unit=world["unit"], title=f"整改情况说明{i}",
                                        body="已整改")
        pub = workflows.statement_submit(actor=world["respondent"], publication=pub)
        workflows.statement_approve(actor=world["admin"], publication=pub)


@pytest.mark.parametrize("who, url", [
    ("admin", "/portal/"), ("respondent", "/portal/"), (None, "/public/"),
    ("api", "/api/v1/portal/publications"),
])
def test_list_query_count_does_not_grow_with_rows(world, who, url):
    client = api_client(world["admin"]) if who == "api" else ui_client(world[who]) if who else Client()

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _add(world, 1)
    queries()  # the first request of a session also stores its last-seen time
    one = queries()
    _add(world, 9)
    assert queries() == one
