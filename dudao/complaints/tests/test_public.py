"""The public school page, sign and complaint form (no login; nothing private)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from dudao.complaints.models import Complaint
from dudao.complaints.public import CAPTCHA_KEY
from dudao.inspectors.postings import posting_create
from dudao.testing import schools_factories as sf
from dudao.testing.captcha import session_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(tree):
    cache.clear()
    office = sf.office(tree["nanan"])
    office.phone = "023-62000000"
    office.save()
    school = sf.school(tree["nanan_town"], name="南岸区测试小学")
    insp = sf.inspector(office, name="杨志强", phone="023-62888888", id_number="500108198001011234",
                        mobile="13912345678", home_address="南岸区某小区8栋", duties_note="每月到校不少于1次")
    posting_create(actor=None, inspector=insp, school=school, start_date=datetime.date(2025, 9, 1))
    return school, insp


def _url(school, name="public:school"):
    return reverse(name, args=[school.school_profile.school_code])


def test_public_page_shows_contact_and_duties_but_nothing_private(client, posted):
    school, insp = posted
    r = client.get(_url(school))
    assert r.status_code == 200
    html = r.content.decode()
    for shown in ("杨志强", "023-62888888", "受理、核实相关举报和投诉", "食堂、食品、饮水及宿舍卫生情况", "<svg",
                  "每月到校不少于1次", "023-62000000"):
        assert shown in html
    for private in ("500108198001011234", "13912345678", "南岸区某小区8栋"):
        assert private not in html
    sign = client.get(_url(school, "public:sign"))
    assert sign.status_code == 200 and "public_sign.css" in sign.content.decode() and "杨志强" in sign.content.decode()
    assert "500108198001011234" not in sign.content.decode()


def test_unknown_or_inactive_school_is_404(client, posted):
    school, _ = posted
    assert client.get(reverse("public:school", args=["0000000000"])).status_code == 404
    school.is_active = False
    school.save()
    assert client.get(_url(school)).status_code == 404


def test_uncovered_school_page_shows_office_only(client, tree):
    office = sf.office(tree["nanan"])
    school = sf.school(tree["nanan"])
    r = client.get(_url(school))
    assert r.status_code == 200 and office.name in r.content.decode()
    assert client.get(_url(school, "public:photo")).status_code == 404


def _submit(client, school, answer=None, src="", **data):
    client.get(_url(school))
    expected = session_answer(client, CAPTCHA_KEY)
    payload = {"kind": "inspector", "content": "责任督学从未到校检查食堂", "captcha": expected if answer is None else answer}
    payload.update(data)
    return client.post(_url(school) + src, payload)


def test_complaint_is_stored_with_source_and_lands_in_inbox(client, posted):
    school, insp = posted
    r = _submit(client, school, src="?src=qr", contact_name="家长")
    assert r.status_code == 302
    c = Complaint.objects.get()
    assert (c.school, c.inspector, c.source, c.ip, c.kind) == (school, insp, "qr", "127.0.0.1", "inspector")
    assert c.region_path == school.region_path


def test_wrong_captcha_stores_nothing(client, posted):
    school, _ = posted
    r = _submit(client, school, answer=999)
    assert r.status_code == 400 and "验证码错误" in r.content.decode()
    assert not Complaint.objects.exists()


def test_the_captcha_is_a_drawn_image_used_once_and_the_page_carries_no_answer(client, posted):
    """Issue 17: the text question "a 加 b 等于几" was solved by a script reading the page."""
    import re

    school, _ = posted
    page = client.get(_url(school)).content.decode()
    key = client.session[CAPTCHA_KEY]
    assert f"/accounts/captcha/{key}/" in page and "等于几" not in page
    assert session_answer(client, CAPTCHA_KEY) not in re.sub(r"<[^>]+>", "", page).split()
    image = client.get(f"/accounts/captcha/{key}/")
    assert image.status_code == 200 and image.content[:4] == b"\x89PNG"
    answer = session_answer(client, CAPTCHA_KEY)
    payload = {"kind": "problem", "content": "校门口交通拥堵严重", "captcha": answer}
    assert client.post(_url(school), payload).status_code == 302
    # The same answer again (a replayed form) does not pass: the challenge is used up.
    client.session.save()
    assert client.post(_url(school), payload).status_code == 400


def test_rate_limited_per_ip(client, posted):
    school, _ = posted
    for _ in range(5):
        assert _submit(client, school).status_code == 302
    r = _submit(client, school)
    assert r.status_code == 429 and "频繁" in r.content.decode()
    assert Complaint.objects.count() == 5
    other_ip = _submit_from(client, school, "10.0.0.9")
    assert other_ip.status_code == 302


def _submit_from(client, school, ip):
    client.get(_url(school), REMOTE_ADDR=ip)
    expected = session_answer(client, CAPTCHA_KEY)
    return client.post(_url(school), {"kind": "problem", "content": "校门口交通拥堵严重", "captcha": expected},
                       REMOTE_ADDR=ip)


def test_guessing_captchas_is_capped_too(client, posted):
    school, _ = posted
    for _ in range(15):
        assert _submit(client, school, answer=999).status_code == 400
    assert _submit(client, school).status_code == 429
    assert not Complaint.objects.exists()
