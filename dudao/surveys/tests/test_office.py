"""The office's side: opening needs questions and an open audience; questions change only in a
draft; an open survey keeps its substance; quotas never fall below the answers in; only likert
items count; codes in bulk and in Excel; the history."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.surveys import services
from dudao.surveys.models import AccessCode, SurveyEvent
from dudao.surveys.workflows import survey_open, survey_reopen
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client

from .helpers import answer_all, make_survey

pytestmark = pytest.mark.django_db


def test_opening_needs_questions_and_an_open_audience(tree):
    survey = services.survey_create(actor=None, region=tree["nanan"], title="空调查", year=2026)
    with pytest.raises(ValidationError, match="还没有题目"):
        survey_open(actor=None, survey=survey)
    services.question_add(actor=None, survey=survey, text="满意吗", counts_for_recognition=True)
    with pytest.raises(ValidationError, match="开放的调查对象"):
        survey_open(actor=None, survey=survey)
    services.quotas_set(actor=None, survey=survey, quotas={"parent": {"is_open": True}})
    assert survey_open(actor=None, survey=survey).status == "open"


def test_an_open_survey_keeps_its_questions_and_substance(tree):
    survey = make_survey(tree["nanan"])
    with pytest.raises(ValidationError, match="不能修改题目"):
        services.question_add(actor=None, survey=survey, text="新题")
    with pytest.raises(ValidationError):
        services.survey_update(actor=None, survey=survey, year=2027)
    services.survey_update(actor=None, survey=survey, intro="请如实填写")


def test_only_likert_items_count_for_recognition(tree):
    survey = services.survey_create(actor=None, region=tree["nanan"], title="调查", year=2026)
    with pytest.raises(ValidationError) as refused:
        services.question_add(actor=None, survey=survey, text="选一项", kind="single", options=["甲", "乙"],
                              counts_for_recognition=True)
    assert "counts_for_recognition" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.question_add(actor=None, survey=survey, text="选一项", kind="single", options=["甲"])


def test_a_quota_cannot_fall_below_the_answers_in(tree):
    survey = make_survey(tree["nanan"])
    answer_all(survey, "teacher", 5, token="a")
    answer_all(survey, "teacher", 5, token="b")
    with pytest.raises(ValidationError, match="不少于已收答卷数"):
        services.quotas_set(actor=None, survey=survey, quotas={"teacher": {"is_open": True, "quota": 1}})
    services.quotas_set(actor=None, survey=survey, quotas={"teacher": {"is_open": True, "quota": 2}})
    with pytest.raises(ValidationError, match="名额已满"):
        answer_all(survey, "teacher", 5, token="c")


def test_a_school_survey_stays_in_its_region(tree):
    from dudao.testing.schools_factories import school

    elsewhere = school(tree["ddk"], name="别区学校")
    with pytest.raises(ValidationError, match="不在所选区域内"):
        services.survey_create(actor=None, region=tree["nanan"], unit=elsewhere, title="调查", year=2026)


def test_an_office_cannot_create_a_survey_for_another_county(tree):
    api = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    response = api.post("/api/v1/surveys", {"title": "越权", "region_id": tree["nanan"].pk, "year": 2026},
                        content_type="application/json")
    assert response.status_code == 422


def test_codes_in_bulk_and_in_excel(tree):
    survey = make_survey(tree["nanan"])
    client = Client()
    client.force_login(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    assert client.post(f"/surveys/{survey.pk}/codes/", {"count": 25, "audience": "npc"}).status_code == 302
    assert AccessCode.objects.filter(survey=survey, audience="npc").count() == 25
    assert len({c.code for c in AccessCode.objects.filter(survey=survey)}) == 25
    export = client.get(f"/surveys/{survey.pk}/codes/?export=xlsx")
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]


def test_the_detail_page_shows_the_link_qr_and_transitions(tree):
    survey = make_survey(tree["nanan"])
    client = Client()
    client.force_login(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    html = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert survey.link_token in html and "<svg" in html and "结束调查" in html
    assert client.post(f"/surveys/{survey.pk}/transitions/close/").status_code == 302
    survey.refresh_from_db()
    assert survey.status == "closed"
    survey_reopen(actor=None, survey=survey)
    actions = list(SurveyEvent.objects.filter(survey=survey).values_list("action", flat=True))
    assert actions[:1] == ["create"] and actions[-3:] == ["open", "close", "reopen"]


def test_a_leader_reads_but_does_not_change(tree):
    survey = make_survey(tree["nanan"])
    client = Client()
    client.force_login(user_with_role(RoleCode.LEADER, region=tree["nanan"]))
    assert client.get(f"/surveys/{survey.pk}/").status_code == 200
    assert client.post(f"/surveys/{survey.pk}/transitions/close/").status_code == 403
    survey.refresh_from_db()
    assert survey.status == "open"
