"""The incentives list pages and list API operations run as many queries for ten rows as for one
(no N+1): commendations, good-practice cases, exemptions and green results."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dudao.incentives import services
from dudao.testing.incentives_factories import green_result, incentives_world
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(tree):
    return incentives_world(tree)


def _add(world, kind, n):
    for _n in range(n):
        i = world["made"] = world.get("made", 0) + 1
        unit = school(world["region"], name=f"南岸区计数学校{kind}{i}")
        green = green_result(world["office"], unit, title=f"绿色督导{kind}{i}")
        if kind == "commendations":
            services.commendation_create(actor=None, office=world["office"], level="praise", subject_kind="unit",
                                         unit=unit, title=f"表彰{i}", issued_on=TODAY, basis_kind="green_result",
                                         basis_target=green)
            services.commendation_create(actor=None, office=world["office"], level="praise", subject_kind="inspector",
                                         inspector=world["inspector"], title=f"督学表彰{i}", issued_on=TODAY,
                                         basis_kind="other", basis_text="事迹")
        elif kind == "cases":
            services.case_create(actor=None, source_target=green, title=f"经验{i}", summary="摘要")
        elif kind == "exemptions":
            services.exemption_grant(actor=None, unit=unit, valid_from=TODAY, valid_to=TODAY + datetime.timedelta(30),
                                     reason="绿色", basis_target=green)


@pytest.mark.parametrize("kind, url", [
    ("commendations", "/incentives/commendations/"), ("commendations", "/api/v1/incentives/commendations"),
    ("cases", "/incentives/cases/"), ("cases", "/api/v1/incentives/cases"),
    ("exemptions", "/incentives/exemptions/"), ("exemptions", "/api/v1/incentives/exemptions"),
    ("green", "/incentives/green-results/"), ("green", "/api/v1/incentives/green-results"),
])
def test_list_query_count_does_not_grow_with_rows(world, kind, url):
    client = api_client(world["admin"]) if url.startswith("/api/") else ui_client(world["admin"])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _add(world, kind, 1)
    queries()  # the first request of a session also stores its last-seen time
    one = queries()
    _add(world, kind, 9)
    assert queries() == one
