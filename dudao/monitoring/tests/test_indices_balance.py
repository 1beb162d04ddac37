"""优质均衡 资源配置 (教督〔2017〕6号 第六条): the worked example, the school rule at its edges, the
学段 split of a 九年一贯制 school, the exclusions, which submissions count, the verdict."""

from decimal import Decimal

import pytest

from dudao.monitoring.indices import balance_county, register_recognition
from dudao.monitoring.indices import common as indices_common
from dudao.monitoring.tests.indices_factories import (
    BALANCE_ELEMENTS,
    balance_school,
    county_forms,
    good_values,
    round_for,
)
from dudao.regionsettings.services import region_setting_set

CODE = "balance_school_resources"
STUDENTS = [45, 37, 89, 76, 55]
AREAS = [279, 137, 935, 160, 402]


@pytest.fixture
def rnd(tree):
    return round_for(CODE, tree["nanan"], 2025, BALANCE_ELEMENTS)


def worked_example(rnd, region):
    for p, area in zip(STUDENTS, AREAS, strict=True):
        values = good_values(students=p)
        values["teaching_area"] = area
        balance_school(rnd, region, **values)


def weighted(xs, ps):
    total = sum(ps)
    mean = sum(p * x for p, x in zip(ps, xs, strict=True)) / total
    sd = (sum(p / total * (x - mean) ** 2 for p, x in zip(ps, xs, strict=True))) ** 0.5
    return mean, sd, sd / mean


def test_the_worked_example_is_weighted_by_enrolment(tree, rnd):
    worked_example(rnd, tree["nanan_town"])
    primary = balance_county(tree["nanan"], 2025).sections["primary"]
    assert primary.students == 302
    assert round(primary.mean["teaching_area"], 2) == Decimal("6.33")
    assert round(primary.sd["teaching_area"], 2) == Decimal("3.26")
    assert round(primary.cv["teaching_area"], 2) == Decimal("0.52")
    assert primary.cv_passed["teaching_area"] is False  # 0.515 > 0.50
    # an unweighted CV would not give the standard's number
    xs = [a / p for a, p in zip(AREAS, STUDENTS, strict=True)]
    mean = sum(xs) / len(xs)
    unweighted = (sum((x - mean) ** 2 for x in xs) / len(xs)) ** 0.5 / mean
    assert round(unweighted, 2) != 0.52
    assert abs(float(primary.cv["teaching_area"]) - weighted(xs, STUDENTS)[2]) < 1e-9


def _one_school(rnd, tree, **changes):
    values = good_values(students=100)
    values.update(changes)
    balance_school(rnd, tree["nanan"], name="边界学校", **values)
    return balance_county(tree["nanan"], 2025).sections["primary"].schools[0]


def test_one_indicator_at_exactly_85_percent_passes(tree, rnd):
    # 4.2 × 85 % = 3.57 per hundred students
    row = _one_school(rnd, tree, teachers_above_degree=Decimal("3.57"))
    assert row.failing == ["degree"] and row.passed


def test_one_indicator_just_under_85_percent_fails(tree, rnd):
    row = _one_school(rnd, tree, teachers_above_degree=Decimal("3.5699"))
    assert not row.passed and "85%" in row.reason


def test_two_indicators_under_the_standard_fail_even_when_near(tree, rnd):
    row = _one_school(rnd, tree, teachers_above_degree=Decimal("4.1"), multimedia_rooms=Decimal("2.2"))
    assert not row.passed and row.failing == ["degree", "multimedia"]
    assert "仅5项指标达标" in row.reason


def test_pe_and_art_teachers_are_summed(tree, rnd):
    row = _one_school(rnd, tree, pe_teachers=Decimal("0.3"), music_teachers=Decimal("0.3"),
                      fine_art_teachers=Decimal("0.3"))
    assert row.values["pe_art"] == Decimal("0.9") and row.meets["pe_art"]


def test_a_nine_year_school_counts_in_both_sections(tree, rnd):
    from dudao.monitoring.tests.indices_factories import school_unit, submit

    unit = school_unit(tree["nanan"], name="九年一贯制学校", stage="nine_year")
    data = {}
    for section, students in (("primary", 600), ("junior", 300)):
        for element, value in good_values(students=students).items():
            data[(element, section)] = value
    submit(rnd, unit, data)
    result = balance_county(tree["nanan"], 2025)
    assert [s.students for s in result.sections["primary"].schools] == [600]
    assert [s.students for s in result.sections["junior"].schools] == [300]
    assert result.sections["junior"].students == 300


def test_exclusions_by_rule_are_listed_with_the_reason(tree, rnd):
    balance_school(rnd, tree["nanan"], name="重庆市南岸区特殊教育学校", stage="special", **good_values(students=80))
    balance_school(rnd, tree["nanan"], name="重庆市南岸区职业教育中心", stage="vocational", **good_values(students=900))
    balance_school(rnd, tree["nanan"], name="涂山村小学广阳湾教学点", teaching_point=True, **good_values(students=30))
    balance_school(rnd, tree["nanan"], name="小规模完小", **good_values(students=40))  # not a 教学点: counts
    balance_school(rnd, tree["nanan"], name="大教学点", teaching_point=True, **good_values(students=60))  # ≥ 50: counts
    # the profile's flag decides, not the name: a flagged 村小 is a 教学点, a school merely named so is not
    balance_school(rnd, tree["nanan"], name="迎龙村小", teaching_point=True, **good_values(students=20))
    balance_school(rnd, tree["nanan"], name="原教学点小学", **good_values(students=20))
    primary = balance_county(tree["nanan"], 2025).sections["primary"]
    assert {s.name for s in primary.schools} == {"小规模完小", "大教学点", "原教学点小学"}
    assert primary.students == 120
    reasons = {e.name: e.reason for e in primary.excluded}
    assert "特殊教育学校" in reasons["重庆市南岸区特殊教育学校"]
    assert "中等职业学校" in reasons["重庆市南岸区职业教育中心"]
    assert "不足50人的教学点" in reasons["涂山村小学广阳湾教学点"]
    assert "不足50人的教学点" in reasons["迎龙村小"]


def test_a_region_stricter_on_teaching_points_excludes_more(tree, rnd):
    region_setting_set(actor=None, region=tree["nanan"], key="balance.teaching_point_students", value=70)
    balance_school(rnd, tree["nanan"], name="甲教学点", teaching_point=True, **good_values(students=60))
    balance_school(rnd, tree["nanan"], name="乙小学", **good_values(students=100))
    primary = balance_county(tree["nanan"], 2025).sections["primary"]
    assert [s.name for s in primary.schools] == ["乙小学"] and primary.students == 100


def test_only_approved_and_accepted_submissions_count(tree, rnd):
    balance_school(rnd, tree["nanan"], name="已审核", **good_values(students=100))
    balance_school(rnd, tree["nanan"], name="已接收", status="accepted", **good_values(students=100))
    balance_school(rnd, tree["nanan"], name="已上报", status="submitted", **good_values(students=100))
    balance_school(rnd, tree["nanan"], name="填报中", status="draft", **good_values(students=100))
    names = {s.name for s in balance_county(tree["nanan"], 2025).sections["primary"].schools}
    assert names == {"已审核", "已接收"}
    preview = balance_county(tree["nanan"], 2025, include_submitted=True).sections["primary"]
    assert {s.name for s in preview.schools} == {"已审核", "已接收", "已上报"}


def test_verdict_names_every_failure_and_waits_for_recognition(tree, rnd, monkeypatch):
    monkeypatch.setattr(indices_common, "_RECOGNITION", {"balance": [], "preschool": []})
    balance_school(rnd, tree["nanan"], name="达标学校", **good_values(students=300))
    result = balance_county(tree["nanan"], 2025)
    assert result.verdict == "pending" and result.recognition is None
    register_recognition(lambda region, year: Decimal("90.5"))
    result = balance_county(tree["nanan"], 2025)  # 政府保障程度 and 教育质量 not reported yet
    assert result.verdict == "pending" and "政府保障程度" in result.verdict_label
    county_forms(tree["nanan"], 2025)
    assert balance_county(tree["nanan"], 2025).verdict == "passed"
    register_recognition(lambda region, year: Decimal("80"))
    result = balance_county(tree["nanan"], 2025)
    assert result.verdict == "failed" and any("社会认可度" in f for f in result.failures)
    values = good_values(students=100)
    values["sports_area"] = 100
    values["multimedia_rooms"] = 1
    balance_school(rnd, tree["nanan"], name="薄弱学校", **values)
    failures = balance_county(tree["nanan"], 2025).failures
    assert any("薄弱学校" in f and "生均体育运动场馆面积" in f for f in failures)
    assert any("校际差异系数" in f and "生均体育运动场馆面积" in f for f in failures)


def test_no_approved_data(tree):
    assert balance_county(tree["nanan"], 2025).verdict == "no_data"


def test_what_if_raises_the_lowest_schools_until_the_cv_passes(tree, rnd):
    from dudao.monitoring.indices.trend import balance_what_if

    # every school meets the 7.5 m² standard, but the spread is wide
    for name, students, area in (("甲", 500, 8 * 500), ("乙", 500, 40 * 500), ("丙", 200, 9 * 200)):
        values = good_values(students=students)
        values["sports_area"] = area
        balance_school(rnd, tree["nanan"], name=name, **values)
    result = balance_county(tree["nanan"], 2025)
    assert result.sections["primary"].cv_passed["sports_area"] is False
    plan = next(p for p in balance_what_if(tree["nanan"], 2025)["primary"]["cv"] if p.code == "sports_area")
    assert plan.cv > Decimal("0.5") and plan.cv_after <= Decimal("0.5")
    assert {a.name for a in plan.additions} == {"甲", "丙"}  # the lowest raised, the highest untouched
    floor = plan.floor
    amounts = {a.name: a.amount for a in plan.additions}
    assert abs(amounts["甲"] - (floor - 8) * 500) < 1 and abs(amounts["丙"] - (floor - 9) * 200) < 1
