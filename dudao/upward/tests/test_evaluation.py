"""The upper level's evaluation end to end through the API (B3, A3): the city announces, the county
splits the indicators among its member units, the units check themselves (one late, reminded by the
ledger's daily job), the county reviews (returns a unit's part), compiles and submits; the city's
findings land on the responsible units' ledgers; bad input is refused."""

import datetime

import pytest

from dudao.attachments.services import for_owner
from dudao.ledger.deadlines import ledger_daily
from dudao.ledger.models import LedgerItem, Notification
from dudao.testing.matrix import api_client, ui_client
from dudao.upward.models import IndicatorAssignment, UpperEvaluation

from .factories import TODAY, announce, post, world

pytestmark = pytest.mark.django_db
API = "/api/v1/upward"


def _assign(w, ev, leaf, unit, days):
    r = post(
        w["county"],
        f"{API}/evaluations/{ev.pk}/assignments",
        {"indicator_id": leaf.pk, "unit_id": unit.pk, "deadline": str(TODAY + datetime.timedelta(days=days))},
    )
    assert r.status_code == 201, r.content
    return IndicatorAssignment.objects.get(pk=r.json()["id"])


def _self_check(user, a, answer="已按要求落实，佐证材料见附件。", score=8):
    return post(user, f"{API}/assignments/{a.pk}/transitions/submit", {"answer": answer, "score": score})


def _split(w, ev):
    """Four indicators to three units; the third unit (卫健委) gets one."""
    units, leaves = w["units"], w["leaves"]
    return [
        _assign(w, ev, leaves[0], units[0], 5),
        _assign(w, ev, leaves[1], units[0], 5),
        _assign(w, ev, leaves[2], units[1], 5),
        _assign(w, ev, leaves[3], units[2], 3),
    ]


def test_package_with_a_late_member_unit_end_to_end(tree):
    w = world(tree)
    r = post(
        w["city"],
        f"{API}/evaluations",
        {
            "region_id": w["region"].pk,
            "version_id": w["version"].pk,
            "year": TODAY.year,
            "deadline": str(TODAY + datetime.timedelta(days=20)),
        },
    )
    assert r.status_code == 201, r.content
    ev = UpperEvaluation.objects.get(pk=r.json()["id"])
    assert ev.status == "announced" and "南岸区" in ev.title
    # the county may not submit before it has split the indicators
    r = post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/start")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "assignments"
    a1, a2, a3, late = _split(w, ev)
    assert post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/start").json()["status"] == "self_check"
    for user, a in ((w["respondents"][0], a1), (w["respondents"][0], a2), (w["respondents"][1], a3)):
        assert _self_check(user, a).status_code == 200
    # another unit's respondent cannot answer 卫健委's indicator
    assert _self_check(w["respondents"][0], late).status_code == 404
    # time passes: 卫健委's deadline was yesterday
    IndicatorAssignment.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    listed = api_client(w["county"]).get(f"{API}/assignments", {"overdue": "true"}).json()["items"]
    assert [x["id"] for x in listed] == [late.pk] and listed[0]["overdue"] is True
    assert ledger_daily(today=TODAY)["upward_reminders"] == 1
    assert Notification.objects.filter(recipient_unit=late.unit, link=late.get_absolute_url()).count() == 1
    assert ledger_daily(today=TODAY)["upward_reminders"] == 0  # once a day
    # the package cannot go up while a part is missing
    r = post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/submit")
    assert r.status_code == 422 and "南岸区卫生健康委" in r.json()["errors"][0]["message"]
    r = _self_check(w["respondents"][2], late)
    assert r.status_code == 200 and r.json()["late"] is True
    for a in (a1, a2, a3, late):
        assert post(w["county"], f"{API}/assignments/{a.pk}/transitions/accept").status_code == 200
    r = post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    package = [p for p in for_owner(ev, "package") if p.data.get("final")]
    assert len(package) == 1 and package[0].name.endswith(".docx")
    from docx import Document

    text = "\n".join(p.text for p in Document(package[0].file.open("rb")).paragraphs)
    assert "逾期提交自查材料的单位：南岸区卫生健康委" in text
    # the county cannot record the city's findings nor review its own package
    finding = {
        "unit_id": w["units"][0].pk,
        "assignment_id": a1.pk,
        "description": "老旧校舍改造项目推进滞后",
        "requirement": "制定改造计划并按期完成",
        "deadline": str(TODAY + datetime.timedelta(days=60)),
        "category": "management",
    }
    assert post(w["county"], f"{API}/evaluations/{ev.pk}/findings", finding).status_code == 403
    assert (
        post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/review", {"conclusion": "好"}).status_code
        == 403
    )
    r = post(w["city"], f"{API}/evaluations/{ev.pk}/findings", finding)
    assert r.status_code == 201, r.content
    r2 = post(
        w["city"],
        f"{API}/evaluations/{ev.pk}/findings",
        {**finding, "unit_id": w["units"][1].pk, "assignment_id": a3.pk, "description": "教育经费拨付不及时"},
    )
    assert r2.status_code == 201
    items = {LedgerItem.objects.get(pk=x.json()["ledger_item_id"]) for x in (r, r2)}
    assert {(i.unit_id, i.source, i.status) for i in items} == {
        (w["units"][0].pk, "upper_feedback", "issued"),
        (w["units"][1].pk, "upper_feedback", "issued"),
    }
    # the finding is the unit's own ledger item: its respondent sees it
    mine = api_client(w["respondents"][0]).get("/api/v1/ledger/items").json()["items"]
    assert [x["id"] for x in mine] == [r.json()["ledger_item_id"]]
    r = post(
        w["city"],
        f"{API}/evaluations/{ev.pk}/transitions/review",
        {"conclusion": "总体良好", "grade": "良好"},
    )
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    actions = [h["action"] for h in r.json()["history"]]
    assert actions[0] == "announce" and "assignment_submit" in actions and actions[-1] == "review"
    assert actions.count("finding") == 2 and "remind" in actions


def test_return_of_a_units_part(tree):
    w = world(tree)
    ev = announce(w)
    a1, a2, a3, a4 = _split(w, ev)
    post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/start")
    assert _self_check(w["respondents"][1], a3, answer="已拨付。").status_code == 200
    r = post(w["county"], f"{API}/assignments/{a3.pk}/transitions/return")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    # the unit cannot return its own part
    assert (
        post(w["respondents"][1], f"{API}/assignments/{a3.pk}/transitions/return", {"note": "x"}).status_code
        == 403
    )
    r = post(
        w["county"], f"{API}/assignments/{a3.pk}/transitions/return", {"note": "缺少经费拨付凭证，请补充"}
    )
    assert (
        r.status_code == 200
        and r.json()["status"] == "returned"
        and r.json()["return_reason"].startswith("缺少")
    )
    page = ui_client(w["respondents"][1]).get(f"/upward/assignments/{a3.pk}/")
    assert "缺少经费拨付凭证" in page.content.decode() and "提交自查" in page.content.decode()
    r = ui_client(w["respondents"][1]).post(
        f"/upward/assignments/{a3.pk}/",
        {"transition": "submit", "answer": "已补充2026年教育经费拨付凭证。", "score": "9"},
    )
    assert r.status_code == 302
    a3.refresh_from_db()
    assert a3.status == "submitted" and a3.score == 9
    # a score above the indicator's maximum is refused
    assert _self_check(w["respondents"][0], a2, score=50).status_code == 422


def test_bad_input(tree):
    w = world(tree)
    base = {"region_id": w["region"].pk, "version_id": w["version"].pk, "year": TODAY.year}
    r = post(w["city"], f"{API}/evaluations", {**base, "deadline": str(TODAY - datetime.timedelta(days=1))})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "deadline"
    # the county cannot announce its own evaluation
    r = post(w["county"], f"{API}/evaluations", {**base, "deadline": str(TODAY + datetime.timedelta(days=9))})
    assert r.status_code == 403
    ev = announce(w)
    r = post(w["city"], f"{API}/evaluations", {**base, "deadline": str(TODAY + datetime.timedelta(days=9))})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"
    leaf, unit = w["leaves"][0], w["units"][0]
    _assign(w, ev, leaf, unit, 5)
    url = f"{API}/evaluations/{ev.pk}/assignments"
    r = post(
        w["county"],
        url,
        {
            "indicator_id": leaf.pk,
            "unit_id": w["units"][1].pk,
            "deadline": str(TODAY + datetime.timedelta(days=5)),
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["message"] == "该指标已分解给成员单位，不能重复分解"
    r = post(
        w["county"],
        url,
        {
            "indicator_id": w["leaves"][1].pk,
            "unit_id": unit.pk,
            "deadline": str(TODAY - datetime.timedelta(days=1)),
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "deadline"
    r = post(
        w["county"],
        url,
        {
            "indicator_id": w["leaves"][1].pk,
            "unit_id": unit.pk,
            "deadline": str(TODAY + datetime.timedelta(days=60)),
        },
    )
    assert r.status_code == 422 and "不能晚于" in r.json()["errors"][0]["message"]
    parent = w["version"].indicators.filter(children__isnull=False).first()
    r = post(
        w["county"],
        url,
        {"indicator_id": parent.pk, "unit_id": unit.pk, "deadline": str(TODAY + datetime.timedelta(days=5))},
    )
    assert r.status_code == 422
    from dudao.testing.schools_factories import school

    r = post(
        w["county"],
        url,
        {
            "indicator_id": w["leaves"][1].pk,
            "unit_id": school(w["region"]).pk,
            "deadline": str(TODAY + datetime.timedelta(days=5)),
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "unit"
    assert ev.assignments.count() == 1


def test_pages_split_and_export(tree):
    w = world(tree)
    ev = announce(w)
    client = ui_client(w["county"])
    page = client.get(f"/upward/evaluations/{ev.pk}/")
    assert page.status_code == 200 and "分解指标" in page.content.decode()
    r = client.post(
        f"/upward/evaluations/{ev.pk}/assign/",
        {
            "assign-indicator": w["leaves"][0].pk,
            "assign-unit": w["units"][0].pk,
            "assign-deadline": str(TODAY + datetime.timedelta(days=5)),
        },
    )
    assert r.status_code == 302 and ev.assignments.count() == 1
    r = client.post(
        f"/upward/evaluations/{ev.pk}/assign/",
        {
            "assign-indicator": w["leaves"][1].pk,
            "assign-unit": w["units"][0].pk,
            "assign-deadline": str(TODAY - datetime.timedelta(days=5)),
        },
    )
    assert r.status_code == 400 and "自查截止日期不能早于今天" in r.content.decode()
    assert client.post(f"/upward/evaluations/{ev.pk}/compile/").status_code == 302
    assert len(for_owner(ev, "package")) == 1
    r = client.get("/upward/assignments/", {"evaluation": ev.pk, "export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = client.get("/upward/evaluations/", {"export": "xlsx"})
    assert r.status_code == 200
    # a sibling county's office does not see it
    assert ui_client(w["sibling"]).get(f"/upward/evaluations/{ev.pk}/").status_code == 404


def test_the_office_above_returns_the_package_and_the_county_resubmits(tree):
    w = world(tree)
    ev = announce(w)
    a = _assign(w, ev, w["leaves"][0], w["units"][0], 5)
    post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/start")
    assert _self_check(w["respondents"][0], a).status_code == 200
    assert post(w["county"], f"{API}/assignments/{a.pk}/transitions/accept").status_code == 200
    assert post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/submit").status_code == 200
    # once submitted, the county can no longer return a part nor split more
    r = post(w["county"], f"{API}/assignments/{a.pk}/transitions/return", {"note": "补充"})
    assert r.status_code == 422
    r = post(w["city"], f"{API}/evaluations/{ev.pk}/transitions/return_package")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    r = post(w["city"], f"{API}/evaluations/{ev.pk}/transitions/return_package", {"note": "请补充经费佐证材料"})
    assert r.status_code == 200 and r.json()["status"] == "self_check"
    r = post(w["county"], f"{API}/assignments/{a.pk}/transitions/return", {"note": "请补充经费佐证材料"})
    assert r.status_code == 200
    assert _self_check(w["respondents"][0], a, answer="已补充").status_code == 200
    assert post(w["county"], f"{API}/assignments/{a.pk}/transitions/accept").status_code == 200
    r = post(w["county"], f"{API}/evaluations/{ev.pk}/transitions/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert len([p for p in for_owner(ev, "package") if p.data.get("final")]) == 2
