"""Monitoring programmes (G1) and the kindergarten conduct round (C6): self-evaluation → full-coverage
county evaluation → the city's deterministic spot-check sample → closed, with the forbidden roles,
and the cycle's coverage from the region setting (教督〔2017〕7号) — through
/api/v1/monitoring/programmes."""

import datetime

import pytest

from dudao.monitoring.campaign_models import ProgrammeRound, RoundEvaluation
from dudao.monitoring.campaigns import coverage, draw_sample, sample_size
from dudao.regionsettings.services import region_setting_set
from dudao.testing.matrix import api_client

from .campaign_factories import kindergarten_round, kindergartens, programme, self_evaluate, users

API = "/api/v1/monitoring/programmes"


def _post(user, path, data=None):
    return api_client(user).post(path, data=data or {}, content_type="application/json")


def _record(user, evaluation, level, conclusion="good"):
    return _post(user, f"{API}/evaluations/{evaluation.pk}", {"level": level, "conclusion": conclusion})


@pytest.mark.django_db
def test_programme_and_round_by_api_cover_every_kindergarten_of_the_county(tree):
    u = users(tree)
    kindergartens(tree["nanan"], 4)
    kindergartens(tree["ddk"], 2)
    r = _post(u["county"], API, {"name": "南岸区幼儿园办园行为督导评估", "kind": "kindergarten_conduct",
                                 "region_code": "500108"})
    assert r.status_code == 201 and r.json()["cycle_years"] == 5  # the region setting's cycle
    too_long = _post(u["county"], API, {"name": "七年一轮", "kind": "kindergarten_conduct", "region_code": "500108",
                                        "cycle_years": 7})
    assert too_long.status_code == 422 and "教督〔2017〕7号" in too_long.content.decode()
    pid = r.json()["id"]
    rnd = _post(u["county"], f"{API}/{pid}/rounds", {"region_code": "500108", "year": 2026})
    assert rnd.status_code == 201 and len(rnd.json()["evaluations"]) == 4
    assert _post(u["sibling"], f"{API}/{pid}/rounds", {"region_code": "500104", "year": 2026}).status_code == 404
    assert _post(u["county"], f"{API}/{pid}/rounds", {"region_code": "500108", "year": 2026}).status_code == 422


@pytest.mark.django_db
def test_the_round_walks_self_county_city_with_the_right_levels(tree):
    u = users(tree)
    rnd = kindergarten_round(tree, n=5)
    url = f"{API}/rounds/{rnd.pk}/transitions"
    assert _post(u["county"], f"{url}/start_county").status_code == 422  # self-evaluations missing
    evaluations = list(RoundEvaluation.objects.filter(round=rnd))
    assert _record(u["county"], evaluations[0], "county").status_code == 422  # not at that stage
    assert _record(u["county"], evaluations[0], "self").status_code == 422  # the kindergarten's own, not the county's
    self_evaluate(rnd)  # each kindergarten submits its form, the county approves it
    assert _post(u["county"], f"{url}/start_county").status_code == 200
    assert _post(u["county"], f"{url}/submit_city").status_code == 422  # full coverage first
    for e in evaluations:
        assert _record(u["county"], e, "county", "pass").status_code == 200
    r = _post(u["county"], f"{url}/submit_city")
    assert r.status_code == 200 and r.json()["status"] == "city" and r.json()["sample_percent"] == 20
    sampled = [e for e in RoundEvaluation.objects.filter(round=rnd) if e.sampled]
    assert len(sampled) == sample_size(5, 20) == 1
    # the county cannot spot-check or close; the city can, for sampled kindergartens only
    assert _record(u["county"], sampled[0], "city").status_code == 403
    assert _post(u["county"], f"{url}/close").status_code in (403, 404)
    unsampled = RoundEvaluation.objects.filter(round=rnd, sampled=False).first()
    assert _record(u["city"], unsampled, "city").status_code == 422
    assert _post(u["city"], f"{url}/close").status_code == 422  # the sample is not checked yet
    assert _record(u["city"], sampled[0], "city", "good").status_code == 200
    assert _post(u["city"], f"{url}/close").status_code == 200
    assert ProgrammeRound.objects.get(pk=rnd.pk).status == "closed"
    assert _post(u["city"], f"{url}/close").status_code == 422  # illegal source state


@pytest.mark.django_db
def test_the_sample_is_deterministic_and_follows_the_setting(tree):
    rnd = kindergarten_round(tree, n=10)
    region_setting_set(actor=None, region=tree["cq"], key="programmes.city_spot_check_percent", value=30)
    ProgrammeRound.objects.filter(pk=rnd.pk).update(sample_percent=30)
    rnd.refresh_from_db()
    first = draw_sample(rnd)
    again = draw_sample(rnd)
    assert first == again and len(first) == 3
    assert set(RoundEvaluation.objects.filter(round=rnd, sampled=True).values_list("kindergarten_id", flat=True)) \
        == set(first)


@pytest.mark.django_db
def test_coverage_names_the_kindergartens_not_evaluated_in_the_cycle(tree):
    u = users(tree)
    rnd = kindergarten_round(tree, n=3, year=2022)
    done = RoundEvaluation.objects.filter(round=rnd).first()
    RoundEvaluation.objects.filter(pk=done.pk).update(county_on=datetime.date(2022, 6, 1))
    prog = rnd.programme
    in_cycle = coverage(prog, tree["nanan"], today=datetime.date(2026, 1, 1))  # 5 years: 2022–2026
    assert in_cycle["evaluated"] == 1 and len(in_cycle["missing"]) == 2 and done.kindergarten not in in_cycle["missing"]
    region_setting_set(actor=None, region=tree["nanan"], key="programmes.kindergarten_cycle_years", value=3)
    shorter = coverage(prog, tree["nanan"], today=datetime.date(2026, 1, 1))  # 2024–2026: the 2022 one is due again
    assert shorter["cycle"] == 3 and shorter["evaluated"] == 0 and len(shorter["missing"]) == 3
    r = api_client(u["city"]).get(f"{API}/{prog.pk}/coverage", {"region_code": "500108"})
    assert r.status_code == 200 and r.json()["total"] == 3
    assert api_client(u["sibling"]).get(f"{API}/{prog.pk}/coverage").status_code == 404


@pytest.mark.django_db
def test_programme_pages(tree, client):
    u = users(tree)
    rnd = kindergarten_round(tree, n=2)
    client.force_login(u["county"])
    assert "幼儿园办园行为督导评估" in client.get("/monitoring/programmes/").content.decode()
    page = client.get(f"/monitoring/programmes/{rnd.programme_id}/").content.decode()
    assert "周期覆盖" in page
    r = client.get(f"/monitoring/programmes/rounds/{rnd.pk}/")
    assert r.status_code == 200 and "园所自评" in r.content.decode()
    e = RoundEvaluation.objects.filter(round=rnd).first()
    r = client.post(f"/monitoring/programmes/evaluations/{e.pk}/", {"level": "self", "conclusion": "good"})
    assert r.status_code == 302 and RoundEvaluation.objects.get(pk=e.pk).self_on is None  # refused


@pytest.mark.django_db
def test_other_programme_kinds_link_a_framework_or_collection(tree):
    u = users(tree)
    r = _post(u["city"], API, {"name": "学生体质健康监测", "kind": "physical_health", "region_code": "500000",
                               "cycle_years": 1})
    assert r.status_code == 201 and r.json()["collection_id"] is None
    assert programme(tree).cycle_years == 5
