"""List pages and list endpoints read a fixed number of queries whatever the number of rows: the
query count with 10 rows equals the one with 1 row (no N+1). The first request warms up the
session's once-a-minute "last seen" touch."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dudao.accountability import services as accountability
from dudao.ledger import routing
from dudao.ledger.followup import SamplingRule, followup_sample
from dudao.ledger.models import LedgerItem, Notification
from dudao.orgs.choices import UnitKind
from dudao.testing.case_factories import case_world, open_case
from dudao.testing.factories import UnitFactory
from dudao.testing.ledger_factories import advance, item
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
D = datetime.timedelta
_seq = itertools.count()


def _overdue(w):
    it = item(w)
    LedgerItem.objects.filter(pk=it.pk).update(deadline=timezone.localdate() - D(days=3))


def _interview(w):
    accountability.interview_create(actor=w["admin"], unit=w["unit"], held_on=timezone.localdate(),
                                    participants="督学", leaders_present="校长", content="约谈",
                                    ledger_items=[item(w)], case=open_case(w))


def _circular(w):
    accountability.circular_create(actor=w["admin"], unit=w["unit"], issued_on=timezone.localdate(),
                                   content="通报", recommendation="暂缓评优", ledger_items=[item(w)], case=open_case(w))


def _followup(w):
    from dudao.regionsettings.services import region_setting_set

    region_setting_set(actor=None, region=w["region"], key="burden.max_external_per_semester", value=100)
    advance({**w, "respondent": None, "admin": None, "inspector": None}, item(w), "closed")
    followup_sample(actor=w["admin"], rule=SamplingRule(office=w["office"], percentage=100), seed=next(_seq))


def _action(w):
    if "department" not in w:
        w["department"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=w["region"], name="南岸区住房城乡建委")
    routing.item_route(actor=w["admin"], item=item(w), routing="major", departments=[w["department"]],
                       action_deadline=timezone.localdate() + D(days=9), task="联合检查")


def _notification(w):
    n = next(_seq)
    Notification.objects.create(item=item(w), kind="reminder", key=f"k{n}", recipient=w["admin"],
                                recipient_unit=w["unit"], message="整改期限将到", sent_on=timezone.localdate())


def _dossier_rows(w):
    _interview(w)
    _circular(w)


BUILDERS = {
    "/ledger/": item, "/ledger/overdue/": _overdue, "/ledger/cases/": open_case,
    "/ledger/interviews/": _interview, "/ledger/circulars/": _circular, "/ledger/followups/": _followup,
    "/ledger/actions/": _action, "/ledger/notifications/": _notification, "dossier": _dossier_rows,
    "/api/v1/ledger/items": item, "/api/v1/ledger/cases": open_case, "/api/v1/ledger/interviews": _interview,
    "/api/v1/ledger/circulars": _circular, "/api/v1/ledger/followups": _followup,
    "/api/v1/ledger/actions": _action, "/api/v1/ledger/notifications": _notification,
}


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", list(BUILDERS))
def test_list_reads_the_same_number_of_queries_for_1_and_10_rows(tree, url):
    w = case_world(tree)
    build = BUILDERS[url]
    if url == "dossier":
        url = f"/ledger/units/{w['unit'].pk}/"
    client = (api_client if url.startswith("/api/") else ui_client)(w["admin"])
    build(w)
    client.get(url)  # warm-up
    one = _queries(client, url)
    for _ in range(9):
        build(w)
    assert _queries(client, url) == one
