"""问责方式 per subject (问责办法, standards.md §4): a unit's five; a responsible person's six, plus
依法罚没违法所得/从业禁止/纳入诚信记录 only at a 民办 school; 撤换负责人/吊销办学许可证 only for a 民办
school, as a referral to its approving authority (移送审批机关处理) with the authority and the date.
Refused in the service (Chinese message), not offered in the form, refused and listed in the API."""

import pytest
from django.core.exceptions import ValidationError

from dudao.accountability import services as accountability
from dudao.schools.models import SchoolProfile
from dudao.testing.case_factories import D, advance_case, case_world, open_case, situation, today
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"


@pytest.fixture
def world(tree):
    w = case_world(tree)
    w["private"] = school(tree["nanan"], name="南岸区某民办学校", ownership="private")
    return w


def person_case(world, unit=None):
    return open_case(world, unit=unit, subject_kind="person", situations=[situation("P01")], person_name="某校长")


def approve(world, case, measures):
    case = advance_case(world, case, "heard")
    return accountability.case_approve(actor=world["admin"], case=case, approver=world["deputy"],
                                       measures=list(measures))


def test_allowed_measures_follow_the_subject_and_the_schools_ownership(world):
    unit_public = open_case(world)
    unit_private = open_case(world, unit=world["private"])
    assert set(accountability.measures_allowed(unit_public)) == {
        "public_criticism", "interview", "circular", "resource_adjustment", "admin_penalty"}
    assert set(accountability.measures_allowed(unit_private)) - set(accountability.measures_allowed(unit_public)) == {
        "replace_head", "revoke_licence"}
    person_public, person_private = person_case(world), person_case(world, unit=world["private"])
    assert set(accountability.measures_allowed(person_public)) == {
        "order_examination", "interview", "criticism_circular", "organisational", "disciplinary", "referral"}
    assert set(accountability.measures_allowed(person_private)) - set(accountability.measures_allowed(person_public)) \
        == {"confiscation", "practice_ban", "credit_record"}
    SchoolProfile.objects.filter(unit=world["unit"]).update(ownership="inclusive_private", stage="kindergarten")
    assert "practice_ban" in accountability.measures_allowed(person_public)


def test_service_refuses_a_private_only_measure_for_a_public_school(world):
    for case, measures in [(open_case(world), ["public_criticism", "revoke_licence"]),
                           (person_case(world), ["order_examination", "practice_ban"])]:
        with pytest.raises(ValidationError) as exc:
            approve(world, case, measures)
        message = exc.value.message_dict["measures"][0]
        assert "仅适用于民办学校" in message and world["unit"].name in message
    with pytest.raises(ValidationError) as exc:
        approve(world, open_case(world), ["referral"])  # a person's measure, not a unit's
    assert "不适用于该问责对象" in exc.value.message_dict["measures"][0]
    assert approve(world, person_case(world, unit=world["private"]), ["practice_ban", "credit_record"]).status == \
        "approved"


def test_referral_to_the_approving_authority(world):
    plain = advance_case(world, open_case(world, unit=world["private"]), "decided")
    assert "refer_approval" not in accountability.case_available(world["admin"], plain)
    with pytest.raises(ValidationError):
        accountability.case_refer_approval(actor=world["admin"], case=plain, authority="区教委")
    case = advance_case(world, open_case(world, unit=world["private"]), "decided", measures=("revoke_licence",))
    available = accountability.case_available(world["admin"], case)
    assert "refer_approval" in available and "refer" not in available
    with pytest.raises(ValidationError) as exc:
        accountability.case_refer_approval(actor=world["admin"], case=case, authority=" ",
                                           referred_on=today() + D(days=1))
    assert set(exc.value.message_dict) == {"authority", "referred_on"}
    case = accountability.case_refer_approval(actor=world["admin"], case=case, authority="南岸区教育委员会")
    assert (case.approval_authority, case.approval_referred_on) == ("南岸区教育委员会", today())
    event = case.events.get(action="approval_referral")
    assert (event.note, event.data["measures"], event.action_label) == ("南岸区教育委员会", ["revoke_licence"],
                                                                         "移送审批机关处理")
    with pytest.raises(ValidationError):
        accountability.case_refer_approval(actor=world["admin"], case=case, authority="再次")


def test_the_form_offers_only_valid_measures(world):
    admin = ui_client(world["admin"])

    def offered(case):
        html = admin.get(f"/ledger/cases/{advance_case(world, case, 'heard').pk}/").content.decode()
        return {m for m in ("public_criticism", "revoke_licence", "replace_head", "practice_ban", "referral",
                            "order_examination") if f'value="{m}"' in html}

    assert offered(open_case(world)) == {"public_criticism"}
    assert offered(open_case(world, unit=world["private"])) == {"public_criticism", "revoke_licence", "replace_head"}
    assert offered(person_case(world)) == {"referral", "order_examination"}
    assert offered(person_case(world, unit=world["private"])) == {"referral", "order_examination", "practice_ban"}
    case = advance_case(world, open_case(world), "heard")
    r = admin.post(f"/ledger/cases/{case.pk}/", {"form": "approve", "approve-approver": world["deputy"].pk,
                                                 "approve-measures": ["revoke_licence"]})
    assert r.status_code == 200 and case.__class__.objects.get(pk=case.pk).status == "heard"


def test_api_lists_refuses_and_refers(world):
    admin = api_client(world["admin"])
    public = advance_case(world, open_case(world), "heard")
    body = admin.get(f"{API}/cases/{public.pk}").json()
    assert "revoke_licence" not in body["allowed_measures"] and "public_criticism" in body["allowed_measures"]
    r = admin.post(f"{API}/cases/{public.pk}/transitions/approve", content_type="application/json",
                   data={"approver_id": world["deputy"].pk, "measures": ["revoke_licence"]})
    assert r.status_code == 422 and "仅适用于民办学校" in r.json()["errors"][0]["message"]
    private = advance_case(world, open_case(world, unit=world["private"]), "decided", measures=("replace_head",))
    url = f"{API}/cases/{private.pk}/transitions/refer_approval"
    assert admin.get(f"{API}/cases/{private.pk}").json()["available"] == ["refer_approval"]
    r = admin.post(url, content_type="application/json", data={"authority": ""})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "authority"
    assert api_client(world["leader"]).post(url, content_type="application/json",
                                            data={"authority": "区教委"}).status_code == 403
    body = admin.post(url, content_type="application/json",
                      data={"authority": "南岸区教育委员会", "referred_on": today().isoformat()}).json()
    assert (body["approval_authority"], body["approval_referred_on"], body["available"]) == (
        "南岸区教育委员会", today().isoformat(), [])
