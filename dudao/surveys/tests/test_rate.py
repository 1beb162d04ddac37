"""认可度: the share of satisfied answers (满意 + 比较满意 by default) to the likert items that count,
per audience and overall, pooled over a county's surveys — at the 85 % edge, with the levels a
region setting, drafts and other purposes left out, and scoped by region."""

from decimal import Decimal

import pytest
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.regionsettings.services import region_setting_set
from dudao.surveys import services
from dudao.surveys.selectors import recognition_rate, recognition_rates, recognition_verdict, results
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client

from .helpers import answer_all, make_survey

pytestmark = pytest.mark.django_db


def _answers(survey, audience, values):
    for i, value in enumerate(values):
        answer_all(survey, audience, value, token=f"{audience}-{i}-{survey.pk}")


def test_the_rate_counts_satisfied_answers_and_passes_at_exactly_85(tree):
    survey = make_survey(tree["nanan"])
    # teachers answer one counting item each: 17 of 20 satisfied (4 or 5) = 85.00 %
    _answers(survey, "teacher", [5] * 10 + [4] * 7 + [3] * 2 + [1])
    data = results(survey)
    assert data["rate"] == Decimal("85.00") and data["passed"] is True
    # one more unsatisfied answer: 17 of 21 = 80.95 %
    _answers(survey, "npc", [2])
    data = results(survey)
    assert data["rate"] == Decimal("80.95") and data["passed"] is False
    assert {r["audience"]: r["rate"] for r in data["audiences"] if r["answered"]} == {
        "teacher": Decimal("85.00"), "npc": Decimal("0.00")}


def test_just_under_85_fails(tree):
    survey = make_survey(tree["nanan"])
    # 2000 answers would be slow; 169 of 199 = 84.92 %
    _answers(survey, "teacher", [5] * 169 + [3] * 30)
    assert results(survey)["rate"] == Decimal("84.92")
    assert recognition_verdict(tree["nanan"], 2026)["passed"] is False


def test_every_counting_item_of_a_response_counts_and_other_items_do_not(tree):
    survey = make_survey(tree["nanan"])
    # parents answer both counting items: 1 response = 2 answers
    _answers(survey, "parent", [5, 1])
    data = results(survey)
    assert (data["answered"], data["satisfied"], data["rate"]) == (4, 2, Decimal("50.00"))
    assert data["responses"] == 2


def test_the_satisfied_levels_are_a_region_setting(tree):
    survey = make_survey(tree["nanan"])
    _answers(survey, "teacher", [5, 4, 3, 3])
    assert results(survey)["rate"] == Decimal("50.00")
    region_setting_set(actor=None, region=tree["nanan"], key="surveys.satisfied_levels", value=1)
    assert results(survey)["rate"] == Decimal("25.00")
    assert results(survey)["satisfied_levels"] == ["满意"]
    region_setting_set(actor=None, region=tree["nanan"], key="surveys.satisfied_levels", value=3)
    assert recognition_rate(tree["nanan"], 2026) == Decimal("100.00")


def test_a_region_may_raise_the_threshold_but_not_lower_it(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        region_setting_set(actor=None, region=tree["nanan"], key="balance.recognition_percent", value=80)
    region_setting_set(actor=None, region=tree["nanan"], key="balance.recognition_percent", value=90)
    survey = make_survey(tree["nanan"])
    _answers(survey, "teacher", [5] * 17 + [1] * 3)
    assert results(survey)["passed"] is False and results(survey)["threshold"] == Decimal(90)


def test_the_county_rate_pools_its_surveys_and_leaves_out_others(tree):
    from dudao.testing.schools_factories import school

    county = make_survey(tree["nanan"])
    _answers(county, "teacher", [5, 5, 1])
    school_survey = make_survey(tree["nanan"], unit=school(tree["nanan_town"], name="认可度学校"))
    _answers(school_survey, "teacher", [5])
    other_year = make_survey(tree["nanan"], year=2025)
    _answers(other_year, "teacher", [1, 1])
    task = make_survey(tree["nanan"], purpose="task")
    _answers(task, "teacher", [1, 1])
    sibling = make_survey(tree["ddk"])
    _answers(sibling, "teacher", [1, 1])
    make_survey(tree["nanan"], open_=False)  # a draft has no answers and counts for nothing
    assert recognition_rate(tree["nanan"], 2026) == Decimal("75.00")  # 3 of 4
    assert recognition_rate(tree["nanan"], 2025) == Decimal("0.00")
    assert recognition_rate(tree["nanan"], 2024) is None
    # many counties at once (a province's indices): the same rates, each with its own satisfied levels
    region_setting_set(actor=None, region=tree["ddk"], key="surveys.satisfied_levels", value=5)
    counties = [tree["nanan"], tree["ddk"], tree["zy"]]
    for year in (2024, 2025, 2026):
        assert recognition_rates(counties, year) == {c.pk: recognition_rate(c, year) for c in counties}
    assert recognition_rates(counties, 2026)[tree["ddk"].pk] == Decimal("100.00")


def test_the_results_page_chart_table_and_excel(tree):
    survey = make_survey(tree["nanan"])
    _answers(survey, "teacher", [5, 4, 2])
    client = Client()
    client.force_login(user_with_role(RoleCode.LEADER, region=tree["nanan"]))
    page = client.get(f"/surveys/{survey.pk}/results/")
    html = page.content.decode()
    assert page.status_code == 200 and "66.67%" in html and "survey-chart-data" in html and "echarts" in html
    export = client.get(f"/surveys/{survey.pk}/results/?export=xlsx")
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]
    api = api_client(user_with_role(RoleCode.LEADER, region=tree["nanan"]))
    assert api.get(f"/api/v1/surveys/{survey.pk}/results").json()["rate"] == "66.67"
    recog = api.get(f"/api/v1/surveys/recognition?region_id={tree['nanan'].pk}&year=2026").json()
    assert recog["rate"] == "66.67" and recog["passed"] is False and recog["threshold"] == "85"


def test_a_sibling_county_sees_neither_survey_nor_rate(tree):
    survey = make_survey(tree["nanan"])
    api = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    assert api.get(f"/api/v1/surveys/{survey.pk}/results").status_code == 404
    assert api.get(f"/api/v1/surveys/recognition?region_id={tree['nanan'].pk}&year=2026").status_code == 404
    assert services  # the services module is what the rows above went through


def test_the_balance_and_preschool_rates_for_the_county_verdicts(tree):
    from dudao.surveys.selectors import balance_recognition_rate, preschool_recognition_rate

    _answers(make_survey(tree["nanan"]), "teacher", [5, 1])
    _answers(make_survey(tree["nanan"], purpose="preschool"), "teacher", [5, 5, 5, 1])
    assert balance_recognition_rate(tree["nanan"], 2026) == Decimal("50.00")
    assert preschool_recognition_rate(tree["nanan"], 2026) == Decimal("75.00")
    assert recognition_rate(tree["nanan"], 2026) == Decimal("66.67")
    from dudao.surveys.selectors import preschool_recognition_rates

    counties = [tree["nanan"], tree["ddk"]]  # the many-regions form (a province's dashboard) agrees
    assert preschool_recognition_rates(counties, 2026) == {tree["nanan"].pk: Decimal("75.00"), tree["ddk"].pk: None}
