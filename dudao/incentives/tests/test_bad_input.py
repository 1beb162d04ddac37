"""Malformed requests on every incentives page and API operation: missing fields, wrong types, ids
of other regions, huge strings — a Chinese error (a form error or 4xx), never a 500, and nothing
written."""

import json

import pytest
from django.utils import timezone

from dudao.incentives import services
from dudao.incentives.models import Commendation, ExemptionRecord, GoodPracticeCase, GoodPracticeEvent
from dudao.inspections.models import SupervisionExemption
from dudao.testing.incentives_factories import green_result, incentives_world
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
HUGE = "很长" * 30000
TODAY = timezone.localdate()


@pytest.fixture
def world(tree):
    w = incentives_world(tree)
    w["green"] = green_result(w["office"], w["unit"], title="南岸区课后服务绿色督导")
    w["other_green"] = green_result(w["office"], w["other_unit"], title="另一项绿色督导")
    w["case"] = services.case_create(actor=None, source_target=w["green"], title="经验", summary="摘要")
    w["exemption"] = services.exemption_grant(actor=None, unit=w["unit"], valid_from=TODAY, valid_to=TODAY
                                              + timezone.timedelta(days=30), reason="绿色", basis_target=w["green"])
    return w


def _counts():
    return (Commendation.objects.count(), GoodPracticeCase.objects.count(), GoodPracticeEvent.objects.count(),
            SupervisionExemption.objects.count(), ExemptionRecord.objects.filter(ended_on__isnull=False).count())


def test_pages_answer_bad_input_without_a_500(world):
    admin = ui_client(world["admin"])
    case, ex = world["case"].pk, world["exemption"].pk
    before = _counts()
    for url in ("/incentives/commendations/?level=x&subject_kind=y&page=abc&q=" + "x" * 3000,
                "/incentives/cases/?status=nope&page=-1", "/incentives/exemptions/?state=nope&page=abc",
                "/incentives/green-results/?page=abc", "/incentives/green-results/?page=99999",
                "/incentives/commendations/new/?target=abc", "/incentives/commendations/new/?target=99999999999999999999",
                "/incentives/cases/new/?target=abc", "/incentives/exemptions/new/?target=" + "9" * 40):
        assert admin.get(url).status_code in (200, 404), url[:80]  # a page number out of range is a 404
    posts = [
        ("/incentives/commendations/new/", {}),
        ("/incentives/commendations/new/", {"office": "abc", "level": "x", "subject_kind": "unit", "unit": "abc",
                                            "title": HUGE, "issued_on": "2025-13-45", "basis_kind": "other",
                                            "basis_item": "abc", "basis_target": "999999"}),
        ("/incentives/commendations/new/", {"office": world["office"].pk, "level": "praise", "subject_kind": "unit",
                                            "unit": world["unit"].pk, "title": "表彰", "issued_on": "3000-01-01",
                                            "basis_kind": "rectification", "basis_item": "99999999999999999999"}),
        ("/incentives/cases/new/", {}),
        ("/incentives/cases/new/", {"source_target": world["green"].pk, "title": HUGE, "summary": ""}),
        ("/incentives/cases/new/", {"source_target": "abc", "title": "t", "summary": "s"}),
        (f"/incentives/cases/{case}/edit/", {"title": "", "summary": ""}),
        (f"/incentives/cases/{case}/nope/", {}),
        (f"/incentives/cases/{case}/withdraw/", {"note": ""}),
        ("/incentives/exemptions/new/", {}),
        ("/incentives/exemptions/new/", {"unit": world["unit"].pk, "task_kinds": ["regular", "nope"],
                                         "valid_from": "2025-02-30", "valid_to": "x", "reason": HUGE,
                                         "commendation": "abc", "basis_target": world["other_green"].pk}),
        ("/incentives/exemptions/new/", {"unit": world["unit"].pk, "valid_from": TODAY.isoformat(),
                                         "valid_to": "2000-01-01", "reason": "r",
                                         "basis_target": world["other_green"].pk}),
        (f"/incentives/exemptions/{ex}/end/", {}),
        (f"/incentives/exemptions/{ex}/end/", {"reason": "r", "last_day": "2000-99-99"}),
        (f"/incentives/exemptions/{ex}/end/", {"reason": "r", "last_day": "2099-01-01"}),
        ("/incentives/exemptions/99999/end/", {"reason": "r"}),
    ]
    for url, data in posts:
        r = admin.post(url, data)
        assert r.status_code in (200, 302, 404), (url, r.status_code)
        if r.status_code == 302:  # only the transition with a missing note redirects, with an error
            assert "请写明" in admin.get(r["Location"]).content.decode() or url.endswith("withdraw/")
    assert _counts() == before


GOOD_COMMENDATION = {"office_id": 0, "subject_kind": "unit", "unit_id": 0, "title": "表彰",
                     "issued_on": TODAY.isoformat(), "basis_kind": "other", "basis_text": "事迹"}


@pytest.mark.parametrize("method, url, body", [
    ("post", "/api/v1/incentives/commendations", {}),
    ("post", "/api/v1/incentives/commendations", {**GOOD_COMMENDATION, "office_id": "abc"}),
    ("post", "/api/v1/incentives/commendations", {**GOOD_COMMENDATION, "title": HUGE}),
    ("post", "/api/v1/incentives/commendations", {**GOOD_COMMENDATION, "issued_on": "2025-02-30"}),
    ("post", "/api/v1/incentives/commendations", {**GOOD_COMMENDATION, "basis_item_id": 999999}),
    ("post", "/api/v1/incentives/commendations", {**GOOD_COMMENDATION, "extra": 1}),
    ("post", "/api/v1/incentives/cases", {}),
    ("post", "/api/v1/incentives/cases", {"source_target_id": 999999, "title": "t", "summary": "s"}),
    ("post", "/api/v1/incentives/cases", {"source_target_id": "{green}", "title": "", "summary": ""}),
    ("patch", "/api/v1/incentives/cases/{case}", {"title": HUGE}),
    ("patch", "/api/v1/incentives/cases/{case}", {"publishable": "maybe"}),
    ("post", "/api/v1/incentives/cases/{case}/transitions/withdraw", {"note": ""}),
    ("post", "/api/v1/incentives/cases/{case}/transitions/nope", {}),
    ("post", "/api/v1/incentives/exemptions", {}),
    ("post", "/api/v1/incentives/exemptions", {"unit_id": "{unit}", "task_kinds": ["nope"], "valid_from": "x",
                                               "valid_to": "y", "reason": "r"}),
    ("post", "/api/v1/incentives/exemptions", {"unit_id": "{unit}", "valid_from": "2025-01-01",
                                               "valid_to": "2024-01-01", "reason": "r"}),
    ("post", "/api/v1/incentives/exemptions/{ex}/end", {}),
    ("post", "/api/v1/incentives/exemptions/{ex}/end", {"reason": "r", "last_day": "2099-01-01"}),
    ("get", "/api/v1/incentives/exemptions?state=nope", None),
    ("get", "/api/v1/incentives/commendations?subject_kind=nope&limit=abc", None),
])
def test_api_answers_bad_input_with_4xx(world, method, url, body):
    ids = {"case": world["case"].pk, "ex": world["exemption"].pk, "green": world["green"].pk,
           "unit": world["unit"].pk}
    client = api_client(world["admin"])
    before = _counts()
    url = url.format(**ids)
    if body is not None:
        body = {k: int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v for k, v in body.items()}
        if body.get("office_id") == 0:
            body.update(office_id=world["office"].pk, unit_id=world["unit"].pk)
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    r = getattr(client, method)(url, **kwargs)
    assert 400 <= r.status_code < 500 and r.status_code != 405, r.content
    assert _counts() == before
