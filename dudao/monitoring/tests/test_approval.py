"""Bottom-up approval of a submission through the real entry point (``/api/v1/monitoring/…``): the
permission matrix of each transition (the unit's own user, another unit's user, the county office,
the city office, another district's office, a leader, the admin triad), the lock (a value change
refused after approval, allowed after reopening, both in the history), and the guards."""

import pytest

from dudao.accounts.roles import ADMIN_TRIAD
from dudao.monitoring.models import DataValue, Submission, SubmissionEvent
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.monitoring_factories import fill_good, monitoring_world, value

API = "/api/v1/monitoring"
pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    return monitoring_world(tree)


def _go(user, sub, name, note=""):
    return api_client(user).post(f"{API}/submissions/{sub.pk}/transitions/{name}", data={"note": note},
                                 content_type="application/json")


def _status(sub):
    return Submission.objects.get(pk=sub.pk).status


def _put(user, sub, cells):
    return api_client(user).put(f"{API}/submissions/{sub.pk}/values", data={"values": cells},
                                content_type="application/json")


def test_the_whole_path_unit_county_city(w):
    sub = w["sub"]
    assert sub.sections == ["primary", "junior"]  # a 九年一贯制 school fills both 学段
    fill_good(sub, actor=w["unit_user"])
    assert _go(w["unit_user"], sub, "submit").status_code == 200
    assert _status(sub) == "submitted"
    assert _go(w["county"], sub, "approve").status_code == 200
    assert _status(sub) == "approved"
    assert _go(w["city"], sub, "accept").status_code == 200
    assert _status(sub) == "accepted"
    actions = list(SubmissionEvent.objects.filter(submission=sub).values_list("action", flat=True))
    assert actions == ["save", "submit", "approve", "accept"]


@pytest.mark.parametrize("who,allowed", [("unit_user", True), ("other_unit_user", False), ("county", False),
                                         ("city", False), ("other_district", False), ("leader", False)])
def test_who_may_submit(w, who, allowed):
    fill_good(w["sub"], actor=w["unit_user"])
    response = _go(w[who], w["sub"], "submit")
    assert (response.status_code == 200) is allowed, response.content
    assert (_status(w["sub"]) == "submitted") is allowed
    if not allowed:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("who,allowed", [("unit_user", False), ("other_unit_user", False), ("county", True),
                                         ("city", True), ("other_district", False), ("leader", False)])
def test_who_may_approve(w, who, allowed):
    fill_good(w["sub"], actor=w["unit_user"])
    _go(w["unit_user"], w["sub"], "submit")
    response = _go(w[who], w["sub"], "approve")
    assert (response.status_code == 200) is allowed, response.content
    assert (_status(w["sub"]) == "approved") is allowed


@pytest.mark.parametrize("who,allowed", [("unit_user", False), ("county", False), ("city", True),
                                         ("other_district", False), ("leader", False)])
def test_only_the_city_accepts(w, who, allowed):
    fill_good(w["sub"], actor=w["unit_user"])
    _go(w["unit_user"], w["sub"], "submit")
    _go(w["county"], w["sub"], "approve")
    response = _go(w[who], w["sub"], "accept")
    assert (response.status_code == 200) is allowed, response.content
    assert (_status(w["sub"]) == "accepted") is allowed


@pytest.mark.parametrize("role", sorted(ADMIN_TRIAD))
def test_the_admin_triad_takes_no_part(w, role):
    admin = user_with_role(role, region=None)
    fill_good(w["sub"], actor=w["unit_user"])
    assert _go(admin, w["sub"], "submit").status_code in (403, 404)
    assert _put(admin, w["sub"], {"students/primary": "1"}).status_code in (403, 404)
    assert api_client(admin).get(f"{API}/submissions/{w['sub'].pk}").status_code in (403, 404)
    assert _status(w["sub"]) == "draft"


def test_return_needs_a_reason_and_the_unit_resubmits(w):
    sub = w["sub"]
    fill_good(sub, actor=w["unit_user"])
    _go(w["unit_user"], sub, "submit")
    response = _go(w["county"], sub, "return")
    assert response.status_code == 422
    assert _status(sub) == "submitted"
    assert _go(w["county"], sub, "return", note="体育场馆面积与上年差异过大，请核实").status_code == 200
    sub.refresh_from_db()
    assert sub.status == "returned" and sub.return_reason.startswith("体育场馆")
    assert _put(w["unit_user"], sub, {"sports_area/primary": "5100"}).status_code == 200
    assert _go(w["unit_user"], sub, "submit").status_code == 200
    sub.refresh_from_db()
    assert sub.status == "submitted" and sub.return_reason == ""


def test_a_locked_submission_changes_only_after_reopening(w):
    sub = w["sub"]
    fill_good(sub, actor=w["unit_user"])
    _go(w["unit_user"], sub, "submit")
    _go(w["county"], sub, "approve")
    response = _put(w["unit_user"], sub, {"students/primary": "650"})
    assert response.status_code == 422
    assert "锁定" in response.json()["message"] or "锁定" in str(response.json())
    assert value(sub, "students", "primary") == 600
    # the office may not write into a locked submission either
    assert _put(w["county"], sub, {"students/primary": "650"}).status_code == 422
    # reopening needs a reason; the county reopens, the unit corrects, the history has every step
    assert _go(w["county"], sub, "reopen").status_code == 422
    assert _go(w["county"], sub, "reopen", note="学籍数据更正").status_code == 200
    assert _status(sub) == "draft"
    assert _put(w["unit_user"], sub, {"students/primary": "650"}).status_code == 200
    assert value(sub, "students", "primary") == 650
    events = list(SubmissionEvent.objects.filter(submission=sub).values_list("action", "note"))
    assert ("reopen", "学籍数据更正") in events
    assert [a for a, _n in events].count("save") == 2


def test_from_accepted_only_the_city_reopens(w):
    sub = w["sub"]
    fill_good(sub, actor=w["unit_user"])
    _go(w["unit_user"], sub, "submit")
    _go(w["county"], sub, "approve")
    _go(w["city"], sub, "accept")
    assert _go(w["county"], sub, "reopen", note="更正").status_code == 422
    assert _status(sub) == "accepted"
    assert _go(w["city"], sub, "reopen", note="更正").status_code == 200
    assert _status(sub) == "draft"


def test_submit_is_refused_with_every_missing_cell_and_failing_rule(w):
    sub = w["sub"]
    bad = {("students", "primary"): 600, ("classes", "primary"): 700}
    _put(w["unit_user"], sub, {f"{c}/{s}": v for (c, s), v in bad.items()})
    response = _go(w["unit_user"], sub, "submit")
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields["rule:classes_within_students/primary"] == "班级数不应超过在校生数"
    assert fields["pe_teachers/junior"] == "必填"
    assert _status(sub) == "draft"


def test_values_are_checked_cell_by_cell_and_nothing_is_written_on_an_error(w):
    sub = w["sub"]
    response = _put(w["unit_user"], sub, {"students/primary": "六百", "classes/primary": "12.5",
                                          "sports_area/primary": "-3", "teaching_area/primary": "3000",
                                          "nothing/primary": "1", "students/senior": "1"})
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields == {"students/primary": "应为数字", "classes/primary": "应为整数",
                      "sports_area/primary": "不能小于0", "nothing/primary": "本表没有该数据项",
                      "students/senior": "本表没有该数据项"}
    assert not DataValue.objects.filter(submission=sub).exists()


def test_another_districts_office_and_units_do_not_see_the_submission(w):
    for who in ("other_district", "other_unit_user"):
        assert api_client(w[who]).get(f"{API}/submissions/{w['sub'].pk}").status_code == 404
    assert api_client(w["leader"]).get(f"{API}/submissions/{w['sub'].pk}").status_code == 200
