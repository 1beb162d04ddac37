"""Creation campaigns (B4): the four milestones on the kernel with their forbidden roles, evidence
and return path, 撤销 after 认定, the 优质均衡 precondition as a region setting, tasks, the city's
board — through /api/v1/monitoring/campaigns."""

import pytest

from dudao.monitoring.campaign_models import Campaign, CampaignEvent, CampaignMilestone
from dudao.regionsettings.services import region_setting_set
from dudao.testing.matrix import api_client

from .campaign_factories import balance, evidence, preschool, users

API = "/api/v1/monitoring/campaigns"


def _post(user, path, data=None):
    return api_client(user).post(path, data=data or {}, content_type="application/json")


def _status(campaign):
    return Campaign.objects.get(pk=campaign.pk).status


@pytest.mark.django_db
def test_create_by_api_makes_four_milestones_and_refuses_a_second(tree):
    u = users(tree)
    r = _post(u["county"], API, {"kind": "preschool", "region_code": "500108", "target_year": 2026,
                                 "planned": {"county": "2026-03-01", "city": "2026-05-01"}})
    assert r.status_code == 201, r.content
    body = r.json()
    assert [m["stage"] for m in body["milestones"]] == ["county", "city", "province", "national"]
    assert body["milestones"][0]["planned_on"] == "2026-03-01" and body["status"] == "county"
    again = _post(u["county"], API, {"kind": "preschool", "region_code": "500108", "target_year": 2027})
    assert again.status_code == 422
    city_level = _post(u["city"], API, {"kind": "balance", "region_code": "500000", "target_year": 2027,
                                        "basis_year": 2015})
    assert city_level.status_code == 422  # campaigns are a county's
    sibling = _post(u["sibling"], API, {"kind": "balance", "region_code": "500108", "target_year": 2027,
                                        "basis_year": 2015})
    assert sibling.status_code == 422 and not Campaign.objects.filter(kind="balance").exists()


@pytest.mark.django_db
def test_balance_precondition_is_the_region_setting_with_its_article(tree):
    u = users(tree)
    r = _post(u["county"], API, {"kind": "balance", "region_code": "500108", "target_year": 2027,
                                 "basis_year": 2025})
    assert r.status_code == 422 and "教督〔2017〕6号" in r.content.decode()
    ok = _post(u["county"], API, {"kind": "balance", "region_code": "500108", "target_year": 2027,
                                  "basis_year": 2024})
    assert ok.status_code == 201
    # a region may raise the floor (never lower it): then 2024 + 5 > 2027 is refused at self-evaluation
    Campaign.objects.all().delete()
    campaign = balance(tree, basis_year=2022)
    region_setting_set(actor=None, region=tree["cq"], key="campaigns.balance_basis_years", value=6)
    evidence(campaign)
    r = _post(u["county"], f"{API}/{campaign.pk}/transitions/self_evaluate")
    assert r.status_code == 422 and "未满6年" in r.content.decode()
    assert _status(campaign) == "county"


@pytest.mark.django_db
def test_the_milestones_in_order_with_evidence_and_the_right_level(tree):
    u = users(tree)
    campaign = preschool(tree)
    url = f"{API}/{campaign.pk}/transitions"
    # no evidence yet: refused with the stage named
    r = _post(u["county"], f"{url}/self_evaluate")
    assert r.status_code == 422 and "县级自评" in r.content.decode()
    evidence(campaign)
    assert _post(u["county"], f"{url}/self_evaluate", {"note": "自评达标"}).status_code == 200
    assert _status(campaign) == "city"
    county = CampaignMilestone.objects.get(campaign=campaign, stage="county")
    assert county.actual_on is not None and county.conclusion == "自评达标"
    # the county cannot pass its own review; a sibling county and a read-only leader neither
    evidence(campaign, "city")
    for who in ("county", "sibling", "leader", "inspector"):
        r = _post(u[who], f"{url}/city_pass")
        assert r.status_code in (403, 404), (who, r.status_code)
        assert _status(campaign) == "city"
    assert _post(u["city"], f"{url}/city_pass").status_code == 200
    evidence(campaign, "province")
    assert _post(u["county"], f"{url}/province_pass").status_code in (403, 404)
    assert _post(u["city"], f"{url}/province_pass").status_code == 200  # 重庆市 is the province too
    evidence(campaign, "national")
    assert _post(u["city"], f"{url}/recognise").status_code == 200
    assert _status(campaign) == "recognised"
    # illegal source state
    assert _post(u["city"], f"{url}/city_pass").status_code == 422
    # 撤销 needs a reason
    assert _post(u["city"], f"{url}/revoke").status_code == 422
    r = _post(u["city"], f"{url}/revoke", {"note": "年度监测多项差异系数超标"})
    assert r.status_code == 200 and r.json()["revoked_reason"] == "年度监测多项差异系数超标"
    actions = list(CampaignEvent.objects.filter(campaign=campaign).values_list("action", flat=True))
    assert actions == ["create", "self_evaluate", "city_pass", "province_pass", "recognise", "revoke"]


@pytest.mark.django_db
def test_a_return_sends_the_campaign_back_to_the_county_with_a_reason(tree):
    u = users(tree)
    campaign = preschool(tree)
    evidence(campaign)
    _post(u["county"], f"{API}/{campaign.pk}/transitions/self_evaluate")
    assert _post(u["city"], f"{API}/{campaign.pk}/transitions/city_return").status_code == 422  # no reason
    r = _post(u["city"], f"{API}/{campaign.pk}/transitions/city_return", {"note": "公办园占比数据有误，重做"})
    assert r.status_code == 200 and r.json()["status"] == "county"
    assert not CampaignMilestone.objects.filter(campaign=campaign, actual_on__isnull=False).exists()


@pytest.mark.django_db
def test_tasks_plan_dates_and_the_city_board(tree):
    u = users(tree)
    campaign = balance(tree)
    r = _post(u["county"], f"{API}/{campaign.pk}/tasks", {"title": "新建教学用房", "owner": "区发展改革委",
                                                          "deadline": "2020-01-01"})
    assert r.status_code == 201
    task_id = r.json()["id"]
    patch = api_client(u["county"]).patch(f"{API}/{campaign.pk}/milestones/city", data={"planned_on": "2026-09-01"},
                                          content_type="application/json")
    assert patch.status_code == 200 and patch.json()["planned_on"] == "2026-09-01"
    board = api_client(u["city"]).get(f"{API}/board").json()
    assert board[0]["campaign"]["id"] == campaign.pk and board[0]["overdue_tasks"] == 1
    assert api_client(u["sibling"]).get(f"{API}/board").json() == []
    assert _post(u["sibling"], f"{API}/{campaign.pk}/tasks/{task_id}/done").status_code == 404
    assert _post(u["county"], f"{API}/{campaign.pk}/tasks/{task_id}/done").status_code == 200
    assert api_client(u["city"]).get(f"{API}/board").json()[0]["open_tasks"] == 0


@pytest.mark.django_db
def test_the_campaign_page_shows_stage_milestones_and_gap(tree, client):
    u = users(tree)
    campaign = balance(tree)
    client.force_login(u["county"])
    page = client.get(f"/monitoring/campaigns/{campaign.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "县级自评" in text and "市级复核" in text and "创建差距" in text
    board = client.get("/monitoring/campaigns/")
    assert "南岸区" in board.content.decode()
