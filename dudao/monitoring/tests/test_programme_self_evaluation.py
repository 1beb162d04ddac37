"""The kindergartens' self-evaluation of a 幼儿园办园行为督导评估 round (C6) is each kindergarten's own
submission in a linked collection round: the round opens it, the kindergarten fills and submits its
form, the county reviews it with the collection workflow, an approval records the self-evaluation in
the round and a reopening takes it back; the round and the programme count submitted / approved per
kindergarten, and the round cannot leave 园所自评 before every kindergarten is approved — all through
/api/v1/monitoring and the pages."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.monitoring.campaign_models import ProgrammeRound, RoundEvaluation
from dudao.monitoring.models import Submission
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client

from .campaign_factories import kindergartens, programme, users

pytestmark = pytest.mark.django_db
P = "/api/v1/monitoring/programmes"
M = "/api/v1/monitoring"
LEVELS = ["conditions", "safety_health", "care_education", "staff", "management"]


def _post(user, path, data=None):
    return api_client(user).post(path, data=data or {}, content_type="application/json")


@pytest.fixture
def world(tree):
    u = users(tree)
    units = kindergartens(tree["nanan"], 3)
    prog = programme(tree)
    r = _post(u["county"], f"{P}/{prog.pk}/rounds", {"region_code": "500108", "year": 2026})
    assert r.status_code == 201, r.content
    rnd = ProgrammeRound.objects.get(pk=r.json()["id"])
    return {**u, "units": units, "round": rnd, "programme": prog,
            "own": [user_with_role(RoleCode.UNIT_RESPONDENT, unit=k) for k in units]}


def _sub(world, i):
    return Submission.objects.get(round_id=world["round"].collection_round_id, unit=world["units"][i])


def _fill_and_submit(world, i, conclusion="good"):
    """The kindergarten's own user fills its 园所自评表 and submits it, through the API."""
    sub, own = _sub(world, i), api_client(world["own"][i])
    cells = {f"{code}/": conclusion for code in [*LEVELS, "self_conclusion"]}
    cells["summary/"] = "户外活动场地偏小，已列入整改。"
    r = own.put(f"{M}/submissions/{sub.pk}/values", data={"values": cells}, content_type="application/json")
    assert r.status_code == 200, r.content
    r = own.post(f"{M}/submissions/{sub.pk}/transitions/submit", data={"note": ""}, content_type="application/json")
    assert r.status_code == 200, r.content
    return sub


def _county(world, sub, name, note=""):
    return _post(world["county"], f"{M}/submissions/{sub.pk}/transitions/{name}", {"note": note})


def _detail(world):
    r = api_client(world["county"]).get(f"{P}/rounds/{world['round'].pk}")
    assert r.status_code == 200
    return r.json()


def test_the_round_opens_one_self_evaluation_per_kindergarten(world):
    body = _detail(world)
    progress = body["self_progress"]
    assert progress["opened"] and progress["collection_round_id"] == body["collection_round_id"]
    assert (progress["total"], progress["submitted"], progress["approved"], progress["draft"]) == (3, 0, 0, 3)
    subs = Submission.objects.filter(round_id=body["collection_round_id"])
    assert set(subs.values_list("unit_id", flat=True)) == {k.pk for k in world["units"]}
    assert subs.first().round.collection.code == "kindergarten_self_evaluation"
    assert all(e["self_status"] == "draft" and e["self_submission_id"] for e in body["evaluations"])
    # a second time is refused
    assert _post(world["county"], f"{P}/rounds/{world['round'].pk}/self-evaluation").status_code == 422


def test_each_kindergarten_submits_and_the_county_approval_records_it(world):
    url = f"{P}/rounds/{world['round'].pk}/transitions/start_county"
    first = _fill_and_submit(world, 0, "excellent")
    second = _fill_and_submit(world, 1)
    body = _detail(world)
    assert (body["self_progress"]["submitted"], body["self_progress"]["approved"]) == (2, 0)
    assert _county(world, first, "approve").status_code == 200
    e = RoundEvaluation.objects.get(round=world["round"], kindergarten=world["units"][0])
    assert e.self_on is not None and e.self_conclusion == "excellent"  # from the kindergarten's own form
    assert _county(world, second, "return", "请补充自评报告").status_code == 200
    progress = _detail(world)["self_progress"]
    assert (progress["submitted"], progress["approved"], progress["returned"], progress["draft"],
            progress["recorded"]) == (1, 1, 1, 1, 1)
    r = _post(world["county"], url)
    assert r.status_code == 422
    assert "还有2所幼儿园的自评未经县级审核通过" in r.content.decode() and "退回1所" in r.content.decode()
    # the county cannot record a self-evaluation itself
    r = _post(world["county"], f"{P}/evaluations/{e.pk + 1}", {"level": "self", "conclusion": "good"})
    assert r.status_code == 422 and "园所自评由幼儿园" in r.content.decode()
    # another kindergarten's user may not submit this one's form
    third = _sub(world, 2)
    r = api_client(world["own"][0]).post(f"{M}/submissions/{third.pk}/transitions/submit", data={"note": ""},
                                         content_type="application/json")
    assert r.status_code == 404
    _fill_and_submit(world, 1)
    _fill_and_submit(world, 2, "pass")
    for i in (1, 2):
        assert _county(world, _sub(world, i), "approve").status_code == 200
    assert _detail(world)["self_progress"]["recorded"] == 3
    assert _post(world["county"], url).status_code == 200
    assert ProgrammeRound.objects.get(pk=world["round"].pk).status == "county"


def test_reopening_an_approved_form_takes_the_record_back_while_in_self_evaluation(world):
    sub = _fill_and_submit(world, 0)
    _county(world, sub, "approve")
    assert RoundEvaluation.objects.get(round=world["round"], kindergarten=world["units"][0]).self_on
    assert _county(world, sub, "reopen", "自评等次与佐证不符").status_code == 200
    e = RoundEvaluation.objects.get(round=world["round"], kindergarten=world["units"][0])
    assert e.self_on is None and e.self_conclusion == ""
    assert _detail(world)["self_progress"]["approved"] == 0


def test_the_pages_show_the_progress_and_link_each_form(world):
    sub = _fill_and_submit(world, 0)
    _county(world, sub, "approve")
    _fill_and_submit(world, 1)
    client = ui_client(world["county"])
    page = client.get(f"/monitoring/programmes/rounds/{world['round'].pk}/").content.decode()
    assert 'id="self-evaluation"' in page and "已提交 2 所，县级审核通过 1 所" in page
    assert f"/monitoring/submissions/{sub.pk}/" in page
    page = client.get(f"/monitoring/programmes/{world['programme'].pk}/").content.decode()
    assert "2 / 1 / 3" in page


def test_a_round_started_without_the_form_opens_it_from_the_page(world, tree):
    ProgrammeRound.objects.filter(pk=world["round"].pk).update(collection_round=None)
    client = ui_client(world["county"])
    page = client.get(f"/monitoring/programmes/rounds/{world['round'].pk}/").content.decode()
    assert "开启园所自评填报" in page
    # the sibling district's office may not open it
    r = ui_client(world["sibling"]).post(f"/monitoring/programmes/rounds/{world['round'].pk}/self-evaluation/")
    assert r.status_code == 404
    r = client.post(f"/monitoring/programmes/rounds/{world['round'].pk}/self-evaluation/")
    assert r.status_code == 302
    rnd = ProgrammeRound.objects.get(pk=world["round"].pk)
    assert rnd.collection_round_id == Submission.objects.filter(unit=world["units"][0]).first().round_id
