"""The public lookup of a complaint's outcome (E11) shows the dismissal reason to whoever holds the
code: personal data the office wrote into it is masked; malformed posts get a Chinese error."""

import pytest
from django.core.cache import cache
from django.test import Client

from dudao.complaints.models import Complaint
from dudao.complaints.public import CAPTCHA_KEY
from dudao.testing.captcha import session_answer
from dudao.testing.ledger_factories import ledger_world

pytestmark = pytest.mark.django_db
URL = "/public/complaints/lookup/"


@pytest.fixture
def world(tree):
    cache.clear()
    return ledger_world(tree)


def _complaint(world):
    unit = world["unit"]
    return Complaint.objects.create(school=unit, region_path=unit.region_path, kind="problem", content="校门口拥堵",
                                    contact_name="刘德明", contact_phone="13987654321", source="qr")


def _post(client, data):
    client.get(URL)
    return client.post(URL, {"captcha": session_answer(client, CAPTCHA_KEY), **data})


def test_dismissal_reason_is_redacted(world):
    from dudao.complaints import services as intake

    c = _complaint(world)
    intake.complaint_dismiss(actor=world["admin"], complaint=c,
                             reason="经核实，刘德明（13987654321，身份证11010519491231002X，liudm@qq.com）"
                                    "反映的情况属交通管理部门职责")
    page = _post(Client(), {"code": c.lookup_code}).content.decode()
    assert "刘某（139****4321，身份证******************，l***@qq.com）反映的情况属交通管理部门职责" in page
    for secret in ("刘德明", "13987654321", "11010519491231002X", "liudm@qq.com"):
        assert secret not in page


@pytest.mark.parametrize("data", [
    {}, {"code": ""}, {"code": "x" * 5000}, {"code": "<script>"}, {"code": ["A", "B"]}, {"code": "ABCDEFGHJKMN"},
])
def test_malformed_lookups_get_a_chinese_error(world, data):
    r = _post(Client(), data)
    assert r.status_code in (400, 404) and "lookup-result" not in r.content.decode()
    assert any(m in r.content.decode() for m in ("这个字段是必填项", "查询码不存在", "不超过", "至少"))
    r = Client().post(URL, {"code": "ABCDEFGHJKMN", "captcha": "abc"})
    assert r.status_code == 400 and "lookup-result" not in r.content.decode()


def test_lookup_page_carries_the_portal_header_and_a_way_back(world):
    page = Client().get(URL).content.decode()
    assert 'name="viewport"' in page and 'name="robots" content="noindex"' in page
    assert 'href="/public/"' in page and "教育督导信息公开" in page
