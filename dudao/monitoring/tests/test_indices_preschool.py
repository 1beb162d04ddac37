"""普及普惠 (《县域学前教育普及普惠督导评估办法》): the three hard indicators from the kindergartens'
data and the county form, the quantitative standards per kindergarten and county-wide."""

from decimal import Decimal

import pytest

from dudao.monitoring.indices import preschool_county
from dudao.monitoring.tests.indices_factories import (
    COUNTY_ELEMENTS,
    KINDERGARTEN_ELEMENTS,
    round_for,
    school_unit,
    submit,
)
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db


def kindergarten(rnd, region, name, status, children, **kw):
    unit = school_unit(region, name=name, stage="kindergarten", kind=UnitKind.KINDERGARTEN)
    values = {"children": children, "inclusive_status": status, "classes": children // 30 or 1,
              "classes_over_size": 0, "full_time_teachers": children // 12 or 1,
              "licensed_teachers": children // 12 or 1, "principal_licensed": 1,
              "outdoor_play_area": 5 * children, "activity_room_area": 9 * children, "building_area": 11 * children,
              "public_funding_per_child": 600}
    values.update(kw)
    submit(rnd, unit, values)
    return unit


@pytest.fixture
def county(tree):
    k = round_for("preschool_kindergarten", tree["nanan"], 2025, KINDERGARTEN_ELEMENTS, per_section=False)
    c = round_for("preschool_county", tree["nanan"], 2025, COUNTY_ELEMENTS, per_section=False)
    office = UnitFactory(kind=UnitKind.OFFICE, region=tree["nanan"], name="南岸区教育督导室")
    return k, c, office


def test_the_three_hard_indicators(tree, county):
    k, c, office = county
    kindergarten(k, tree["nanan"], "公办一园", "public", 300)
    kindergarten(k, tree["nanan_town"], "普惠民办园", "inclusive_private", 120)
    kindergarten(k, tree["nanan"], "民办园", "private", 180)
    submit(c, office, {"population_3_5": 700, "township_count": 4, "townships_with_public_centre": 4})
    result = preschool_county(tree["nanan"], 2025)
    hard = {m.code: m for m in result.hard}
    assert round(hard["gross_enrolment"].value, 2) == Decimal("85.71")  # 600 / 700
    assert hard["gross_enrolment"].passed
    assert hard["inclusive_coverage"].value == Decimal(70) and hard["inclusive_coverage"].passed is False  # 420/600
    assert hard["public_share"].value == Decimal(50) and hard["public_share"].passed  # exactly 50 %
    assert result.verdict == "failed"
    assert any("普惠性幼儿园覆盖率" in f for f in result.failures)


def test_kindergarten_standards_name_each_failure(tree, county):
    k, c, office = county
    kindergarten(k, tree["nanan"], "拥挤园", "public", 150, outdoor_play_area=450, classes=5, classes_over_size=2,
                 full_time_teachers=8, licensed_teachers=7, principal_licensed=0)
    kindergarten(k, tree["nanan"], "达标园", "public", 150)
    submit(c, office, {"population_3_5": 320})
    result = preschool_county(tree["nanan"], 2025)
    crowded = next(r for r in result.kindergartens if r.name == "拥挤园")
    assert crowded.checks["outdoor_play_area"] is False  # 3 m² < 4
    assert crowded.checks["teacher_ratio"] is False  # 150 / 8 = 18.75 > 15
    assert crowded.checks["licensed"] is False and crowded.checks["principal"] is False
    assert next(r for r in result.kindergartens if r.name == "达标园").passed
    standards = {m.code: m for m in result.standards}
    assert standards["class_size"].value == Decimal(80)  # (10 - 2) / 10
    assert standards["class_size"].passed is False
    assert any("拥挤园" in f and "室外游戏场地" in f for f in result.failures)
