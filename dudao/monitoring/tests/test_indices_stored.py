"""The stored per-school, per-学段 totals (``SchoolSectionTotals``, ``indices/stored.py``): written
when a submission's values lock and removed when they unlock — through the real transition
endpoint —, the indices read from them give what grouping the data values gives, and the rebuild
command restores (and checks) them."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditEntry
from dudao.monitoring import services
from dudao.monitoring.indices import balance_counties
from dudao.monitoring.indices.balance import rows_and_moments
from dudao.monitoring.models import SchoolSectionTotals, Submission
from dudao.monitoring.tests.indices_factories import (
    balance_school,
    good_values,
    round_for,
    school_unit,
    submit,
)
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.monitoring_factories import shipped
from dudao.testing.schools_factories import school

from .test_indices_api import cells

pytestmark = pytest.mark.django_db
YEAR = 2025


def _rows(sub):
    return {(r.section, r.students, r.r_teaching_area, r.r_pe_art) for r in
            SchoolSectionTotals.objects.filter(submission=sub)}


def _transition(user, sub, name, note=""):
    r = api_client(user).post(f"/api/v1/monitoring/submissions/{sub.pk}/transitions/{name}", {"note": note},
                              content_type="application/json")
    assert r.status_code == 200, r.content
    sub.refresh_from_db()


def test_rows_follow_the_submission_through_its_transitions(tree):
    unit = school(tree["nanan"], name="一贯制学校")
    rnd = services.round_open(actor=None, collection=shipped("balance_school_resources"), year=YEAR,
                              region=tree["nanan"], deadline=datetime.date(YEAR, 12, 31))
    sub = Submission.objects.get(round=rnd, unit=unit)
    sub.sections = ["primary", "junior"]  # a 九年一贯制 school answers both 学段
    sub.save(update_fields=["sections"])
    values = {**cells(100, 600), **cells(80, 500, section="junior", pe_teachers=2)}
    services.values_save(actor=None, submission=sub, values=values)
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=unit)
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    assert _rows(sub) == set()  # 填报中: nothing counts yet
    _transition(respondent, sub, "submit")
    stored = {("primary", Decimal(100), Decimal(600), Decimal(3)), ("junior", Decimal(80), Decimal(500), Decimal(4))}
    assert _rows(sub) == stored  # 上报: the values lock, the totals are written
    _transition(county, sub, "return", "请核实")
    assert _rows(sub) == set()  # 退回: editable again, nothing stored
    services.values_save(actor=None, submission=sub, values={("teaching_area", "primary"): 700})
    _transition(respondent, sub, "submit")
    _transition(county, sub, "approve")
    stored = {("primary", Decimal(100), Decimal(700), Decimal(3)), ("junior", Decimal(80), Decimal(500), Decimal(4))}
    assert _rows(sub) == stored  # the values as they were when they locked again
    _transition(county, sub, "reopen", "补充数据")
    assert _rows(sub) == set()
    assert not AuditEntry.objects.filter(object_type="monitoring.schoolsectiontotals").exists()


def _mixed_world(tree):
    """Schools in every state, a 九年一贯制 school, excluded ones, a 教学点, a school in a town and a
    unit answering a county round and a later city round."""
    rnd = round_for("balance_school_resources", tree["nanan"], YEAR, _elements())
    for i, status in enumerate(["approved", "accepted", "submitted", "returned", "draft", "approved"]):
        balance_school(rnd, tree["nanan"], name=f"学校{i}", status=status, **good_values(students=100 + 7 * i))
    balance_school(rnd, tree["nanan_town"], name="镇小学", **good_values(students=230))
    balance_school(rnd, tree["nanan"], name="特殊教育学校", stage="special", **good_values(students=60))
    balance_school(rnd, tree["nanan"], name="教学点", teaching_point=True, **good_values(students=20))
    both = school_unit(tree["nanan"], name="一贯制", stage="nine_year")
    submit(rnd, both, {**{(k, "primary"): v for k, v in good_values(students=300).items()},
                       **{(k, "junior"): v for k, v in good_values("junior", students=150).items()}})
    empty = school_unit(tree["nanan"], name="未填人数")
    submit(rnd, empty, {("teaching_area", "primary"): 500})
    city_round = round_for("balance_school_resources", tree["cq"], YEAR, _elements())
    later = school_unit(tree["nanan"], name="两次填报")
    submit(rnd, later, {(k, "primary"): v for k, v in good_values(students=90).items()})
    submit(city_round, later, {(k, "primary"): v for k, v in good_values(students=95).items()}, status="submitted")


def _elements():
    from dudao.monitoring.tests.indices_factories import BALANCE_ELEMENTS

    return BALANCE_ELEMENTS


@pytest.mark.parametrize("include_submitted", [False, True])
def test_the_stored_totals_give_what_grouping_the_values_gives(tree, include_submitted):
    _mixed_world(tree)
    for region in (tree["nanan"], tree["cq"]):
        stored = rows_and_moments(region.path, YEAR, include_submitted=include_submitted, teaching_point_students=50)
        values = rows_and_moments(region.path, YEAR, include_submitted=include_submitted, teaching_point_students=50,
                                  source="values")
        assert stored == values and stored[0]
    names = {r["school"] for r in stored[0]}
    assert ("学校2" in names) is include_submitted and "学校3" not in names and "学校4" not in names
    assert {"镇小学", "特殊教育学校", "教学点", "一贯制", "未填人数"} <= names
    result = balance_counties(tree["cq"], YEAR, include_submitted=include_submitted)
    nanan = next(r for r in result if r.region == tree["nanan"])
    assert {s.name for s in nanan.sections["junior"].schools} == {"一贯制"}


def test_rebuild_command_restores_and_checks_the_rows(tree, capsys):
    _mixed_world(tree)
    before = set(SchoolSectionTotals.objects.values_list("submission_id", "section", "students", "r_equipment"))
    assert before
    SchoolSectionTotals.objects.filter(section="junior").delete()
    SchoolSectionTotals.objects.filter(section="primary").update(students=1)
    with pytest.raises(SystemExit) as exit_:
        call_command("rebuild_balance_totals", "--check")
    assert exit_.value.code == 1 and "不一致" in capsys.readouterr().out
    call_command("rebuild_balance_totals")
    after = set(SchoolSectionTotals.objects.values_list("submission_id", "section", "students", "r_equipment"))
    assert after == before
    call_command("rebuild_balance_totals", "--check")
    assert "一致" in capsys.readouterr().out
