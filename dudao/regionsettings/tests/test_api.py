"""The 区域参数 over the API: the twin of the settings page (same service), with its refusals."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/settings/500108"


def test_set_read_and_clear_a_setting(tree):
    office = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    key = "posting.max_schools_per_inspector"
    body = office.put(f"{URL}/{key}", {"value": 6, "source": "南岸教督〔2026〕1号"}, content_type="application/json")
    assert body.status_code == 200 and body.json()["value"] == "6" and body.json()["set_in_region_code"] == "500108"
    rows = {r["key"]: r for r in office.get(URL).json()}
    assert rows[key]["source"] == "南岸教督〔2026〕1号" and not rows[key]["is_default"]
    cleared = office.put(f"{URL}/{key}", {"value": None}, content_type="application/json").json()
    assert cleared["is_default"] and cleared["value"] == "5"


def test_bad_input_and_refusals(tree):
    office = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    unknown = office.put(f"{URL}/no.such.key", {"value": 1}, content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "key"
    negative = office.put(f"{URL}/visits.target_per_month", {"value": -1}, content_type="application/json")
    assert negative.status_code == 422 and "负数" in negative.content.decode()
    fraction = office.put(f"{URL}/term.years", {"value": 2.5}, content_type="application/json")
    assert fraction.status_code == 422 and "整数" in fraction.content.decode()
    leader = api_client(user_with_role(RoleCode.LEADER, region=tree["nanan"]))
    assert leader.put(f"{URL}/term.years", {"value": 4}, content_type="application/json").status_code in (403, 404)
    assert office.get("/api/v1/settings/500000").status_code == 404  # the parent region is out of scope
