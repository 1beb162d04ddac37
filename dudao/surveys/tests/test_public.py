"""The public answer page and API: one answer per device and per one-time code, quotas and closed
audiences, a closed survey, the captcha, the per-address limit — through the real entry points."""

import pytest
from django.test import Client
from django.urls import reverse

from dudao.surveys import public
from dudao.surveys.models import AccessCode, Response
from dudao.surveys.workflows import survey_close
from dudao.testing.captcha import session_answer

from .helpers import likert_ids, make_survey

pytestmark = pytest.mark.django_db


def _url(survey, **query):
    base = reverse("survey_public:answer", args=[survey.link_token])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _post(client, survey, audience="parent", value="5", code="", captcha=None, **extra):
    """Open the form (sets the device cookie and the captcha), then submit it."""
    page = client.get(_url(survey, audience=audience))
    assert page.status_code == 200
    data = {"audience": audience, "captcha": captcha if captcha is not None else session_answer(client, public.CAPTCHA_KEY),
            "code": code}
    for qid in likert_ids(survey):
        data[f"q{qid}"] = value
    data.update(extra)
    return client.post(_url(survey, audience=audience), data)


def test_the_page_answers_without_login_and_stores_one_response(tree):
    survey = make_survey(tree["nanan"])
    client = Client()
    page = client.get(_url(survey))
    assert page.status_code == 200 and "请选择您的身份" in page.content.decode() and "家长" in page.content.decode()
    response = _post(client, survey)
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    saved = Response.objects.get(survey=survey)
    assert saved.audience == "parent" and saved.device_hash and saved.code is None
    assert saved.answers.count() == 2  # the two likert items asked of parents; the optional ones left blank


def test_the_same_device_is_refused_a_second_time(tree):
    survey = make_survey(tree["nanan"])
    client = Client()
    assert _post(client, survey).status_code == 302
    again = _post(client, survey, value="1")
    assert again.status_code == 409
    assert "每台设备只能作答一次" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    # another device (another browser) may answer
    assert _post(Client(), survey).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_forged_device_cookie_is_not_a_device(tree):
    """The token is signed: a hand-made cookie is ignored and a fresh one is issued."""
    survey = make_survey(tree["nanan"])
    client = Client()
    client.cookies[public.DEVICE_COOKIE] = "forged"
    page = client.get(_url(survey, audience="parent"))
    assert page.cookies[public.DEVICE_COOKIE].value != "forged"


def test_a_one_time_code_answers_once(tree):
    survey = make_survey(tree["nanan"], requires_code=True)
    code = AccessCode.objects.create(survey=survey)
    client = Client()
    without = _post(client, survey)
    assert without.status_code == 400 and "凭作答码作答" in without.content.decode()
    assert _post(client, survey, code=code.code.lower()).status_code == 302  # case and spaces do not matter
    reused = _post(Client(), survey, code=code.code)
    assert reused.status_code == 409 and "该作答码已使用" in reused.content.decode()
    wrong = _post(Client(), survey, code="ZZZZZZZZZZ")
    assert wrong.status_code == 400 and "作答码不正确" in wrong.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_codes_let_one_device_answer_for_several_people(tree):
    """A family sharing a phone answers with the codes the school handed out."""
    survey = make_survey(tree["nanan"])
    first, second = AccessCode.objects.create(survey=survey), AccessCode.objects.create(survey=survey)
    client = Client()
    assert _post(client, survey, code=first.code).status_code == 302
    assert _post(client, survey, code=second.code).status_code == 302
    assert Response.objects.filter(survey=survey, code__isnull=False).count() == 2


def test_a_code_for_another_audience_is_refused(tree):
    survey = make_survey(tree["nanan"])
    code = AccessCode.objects.create(survey=survey, audience="npc")
    refused = _post(Client(), survey, audience="parent", code=code.code)
    assert refused.status_code == 400 and "不适用于所选调查对象" in refused.content.decode()


def test_a_full_quota_and_a_closed_audience_are_refused(tree):
    survey = make_survey(tree["nanan"], quotas={"parent": {"is_open": True, "quota": 1},
                                                "teacher": {"is_open": False, "quota": None}})
    assert _post(Client(), survey).status_code == 302
    full = _post(Client(), survey)
    assert full.status_code == 400 and "名额已满" in full.content.decode()
    page = Client().get(_url(survey))
    assert "教师" not in page.content.decode()  # a closed audience is not offered
    client = Client()
    client.get(_url(survey, audience="parent"))
    closed = client.post(_url(survey), {"audience": "teacher", "captcha": session_answer(client, public.CAPTCHA_KEY)})
    assert closed.status_code == 400 and "该类对象的调查已关闭" in closed.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_closed_survey_takes_no_answers(tree):
    survey = make_survey(tree["nanan"])
    client = Client()
    client.get(_url(survey, audience="parent"))
    session_captcha = session_answer(client, public.CAPTCHA_KEY)
    survey_close(actor=None, survey=survey)
    page = client.get(_url(survey))
    assert "本调查已结束" in page.content.decode()
    response = client.post(_url(survey, audience="parent"), {"audience": "parent", "captcha": session_captcha,
                                                             **{f"q{q}": "5" for q in likert_ids(survey)}})
    assert response.status_code == 400 and "未开放作答" in response.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_a_draft_survey_is_not_public(tree):
    survey = make_survey(tree["nanan"], open_=False)
    assert Client().get(_url(survey)).status_code == 404


def test_a_required_item_left_blank_is_named(tree):
    survey = make_survey(tree["nanan"])
    first = likert_ids(survey)[0]
    response = _post(Client(), survey, **{f"q{first}": ""})
    assert response.status_code == 400 and "此题为必答题" in response.content.decode()
    assert not Response.objects.exists()


def test_a_wrong_captcha_is_refused(tree):
    survey = make_survey(tree["nanan"])
    response = _post(Client(), survey, captcha="999")
    assert response.status_code == 400 and "验证码错误" in response.content.decode()
    assert not Response.objects.exists()


def test_answers_per_address_are_limited(tree, settings):
    from dudao.regionsettings.services import region_setting_set

    region_setting_set(actor=None, region=tree["nanan"], key="surveys.per_ip_per_hour", value=2)
    survey = make_survey(tree["nanan"])
    assert _post(Client(), survey).status_code == 302
    assert _post(Client(), survey).status_code == 302
    limited = _post(Client(), survey)
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert Response.objects.count() == 2


def test_a_school_link_records_the_school(tree):
    from dudao.testing.schools_factories import school

    unit = school(tree["nanan"], name="调查链接学校")
    survey = make_survey(tree["nanan"])
    client = Client()
    code = unit.school_profile.school_code
    client.get(_url(survey, audience="parent", school=code))
    data = {"audience": "parent", "captcha": session_answer(client, public.CAPTCHA_KEY),
            **{f"q{q}": "4" for q in likert_ids(survey)}}
    assert client.post(_url(survey, audience="parent", school=code), data).status_code == 302
    assert Response.objects.get(survey=survey).school == unit


def test_the_page_fits_a_phone(tree):
    survey = make_survey(tree["nanan"])
    html = Client().get(_url(survey, audience="parent")).content.decode()
    assert 'name="viewport" content="width=device-width' in html and "<script" not in html


# ---- the public API ------------------------------------------------------------------------------
API = "/api/v1/surveys/public"


def test_the_public_api_reads_the_form_and_answers_with_a_code_once(tree):
    survey = make_survey(tree["nanan"])
    code = AccessCode.objects.create(survey=survey)
    client = Client()
    form = client.get(f"{API}/{survey.link_token}")
    assert form.status_code == 200 and form.json()["accepting"] is True
    assert set(form.json()["audiences"]) == {"parent", "student", "teacher", "npc"}
    body = {"audience": "parent", "code": code.code, "answers": {str(q): 5 for q in likert_ids(survey)}}
    assert client.post(f"{API}/{survey.link_token}/responses", body, content_type="application/json").status_code == 201
    again = client.post(f"{API}/{survey.link_token}/responses", body, content_type="application/json")
    assert again.status_code == 409 and "已使用" in again.json()["message"]
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_public_api_needs_a_code_and_a_valid_answer(tree):
    survey = make_survey(tree["nanan"])
    client = Client()
    no_code = client.post(f"{API}/{survey.link_token}/responses", {"audience": "parent", "answers": {}},
                          content_type="application/json")
    assert no_code.status_code == 422
    code = AccessCode.objects.create(survey=survey)
    bad = client.post(f"{API}/{survey.link_token}/responses",
                      {"audience": "parent", "code": code.code, "answers": {str(likert_ids(survey)[0]): 9}},
                      content_type="application/json")
    assert bad.status_code == 422
    assert not Response.objects.exists()
    assert client.get(f"{API}/nosuchtoken").status_code == 404
