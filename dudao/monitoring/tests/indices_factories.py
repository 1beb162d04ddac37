"""Set-up for the indices tests: the shipped collections' elements, a round, and a school's or a
kindergarten's submission in a given state with its values (rows in any state, like dudao/testing)."""

import datetime
import itertools
from decimal import Decimal

from dudao.monitoring.indices.stored import refresh
from dudao.monitoring.models import Collection, CollectionRound, DataElement, DataValue, Submission
from dudao.orgs.choices import UnitKind
from dudao.schools.models import SchoolProfile
from dudao.testing.factories import UnitFactory

_codes = itertools.count(1)

BALANCE_ELEMENTS = ["students", "classes", "teachers_above_degree", "backbone_teachers", "pe_teachers",
                    "music_teachers", "fine_art_teachers", "teaching_area", "sports_area", "equipment_value",
                    "multimedia_rooms", "max_class_size", "music_rooms", "art_rooms"]
KINDERGARTEN_ELEMENTS = ["children", "inclusive_status", "classes", "classes_over_size", "full_time_teachers",
                         "licensed_teachers", "principal_licensed", "outdoor_play_area", "activity_room_area",
                         "building_area", "public_funding_per_child"]
COUNTY_ELEMENTS = ["population_3_5", "children_total", "township_count", "townships_with_public_centre",
                   "noncredentialed_teacher_pay_ratio"]


def collection(code: str, region, elements, *, per_section=True, sections=("primary", "junior")):
    found = Collection.objects.filter(code=code, region=region).first()
    if found:
        return found
    c = Collection.objects.create(code=code, name=code, region=region, region_path=region.path,
                                  sections=list(sections) if per_section else [], status="published")
    for i, e in enumerate(elements):
        DataElement.objects.create(collection=c, code=e, name=e, order=i, per_section=per_section,
                                   value_type="choice" if e == "inclusive_status" else "decimal")
    return c


def round_for(code: str, region, year: int, elements, **kw):
    c = collection(code, region, elements, **kw)
    r, _ = CollectionRound.objects.get_or_create(collection=c, year=year, region=region,
                                                 defaults={"region_path": region.path,
                                                           "deadline": datetime.date(year, 6, 30)})
    return r


def school_unit(region, *, name=None, stage="primary", kind=UnitKind.SCHOOL, teaching_point=False):
    unit = UnitFactory(kind=kind, region=region, **({"name": name} if name else {}))
    SchoolProfile.objects.create(unit=unit, school_code=f"{3160000000 + next(_codes)}", stage=stage,
                                 is_teaching_point=teaching_point)
    return unit


def submit(round_, unit, values: dict, *, status="approved"):
    """``values``: ``{element: number}`` or ``{(element, section): number}``; texts for choices."""
    sub, _ = Submission.objects.get_or_create(round=round_, unit=unit,
                                              defaults={"region_path": unit.region_path, "status": status})
    elements = {e.code: e for e in round_.collection.elements.all()}
    for key, value in values.items():
        code, section = key if isinstance(key, tuple) else (key, "")
        if isinstance(value, str):
            DataValue.objects.create(submission=sub, element=elements[code], section=section, text=value)
        else:
            DataValue.objects.create(submission=sub, element=elements[code], section=section, number=Decimal(value))
    refresh([sub.pk])  # the stored 优质均衡 totals, as a transition would have written them
    return sub


def balance_school(round_, region, section="primary", *, name=None, stage=None, status="approved",
                   teaching_point=False, **values):
    """A school with one 学段's values (``students`` plus any element); unspecified elements are 0."""
    unit = school_unit(region, name=name, stage=stage or section, teaching_point=teaching_point)
    data = {(e, section): values.get(e, 0) for e in BALANCE_ELEMENTS}
    submit(round_, unit, data, status=status)
    return unit


def good_values(section="primary", students=100):
    """Values that meet every standard comfortably for ``students`` students."""
    return {"students": students, "teachers_above_degree": 6 * students / 100, "backbone_teachers": 2 * students / 100,
            "pe_teachers": students / 100, "music_teachers": 0, "fine_art_teachers": 0,
            "teaching_area": 6 * students, "sports_area": 11 * students, "equipment_value": 3000 * students,
            "multimedia_rooms": 3 * students / 100}


#: 政府保障程度 and 教育质量 county forms (§5.2–5.3): values meeting every standard.
GOOD_GUARANTEE = {
    "layout_plan_compliant": 1, "school_standard_met": 1, "special_rooms_compliance_rate": 100,
    "schools_over_scale": 0, "classes_over_size": 0, "small_school_funding_at_100": 1,
    "special_school_funding_per_student": 6000, "teacher_pay_ratio": 100, "training_completion_rate": 100,
    "staffing_pooled": 1, "exchange_rotation_rate": 10, "backbone_share_of_rotation": 20,
    "teacher_certificate_rate": 100, "nearby_enrolment_primary_rate": 100, "nearby_enrolment_junior_rate": 95,
    "quality_high_school_quota_share": 50, "migrant_children_public_rate": 85, "left_behind_care_system": 1,
}
GOOD_QUALITY = {
    "junior_retention_rate": 95, "disabled_enrolment_rate": 95, "charter_and_it_rate": 100,
    "teacher_training_budget_share": 5, "it_teaching_proficient": 1, "moral_education_good_rate": 100,
    "curriculum_complete": 1, "no_excess_burden": 1, "monitoring_level3_rate": 100,
    "monitoring_school_difference_rate": Decimal("0.149"),
}


def county_forms(county, year, *, guarantee=None, quality=None, status="approved", office=None):
    """The county office's two forms for ``year`` (the good values, changed by ``guarantee`` /
    ``quality``; a value ``None`` is left empty). Returns the office unit."""
    office = office or UnitFactory(kind=UnitKind.OFFICE, region=county)
    for code, good, changes in (("balance_county_guarantee", GOOD_GUARANTEE, guarantee),
                                ("balance_county_quality", GOOD_QUALITY, quality)):
        values = {**good, **(changes or {})}
        rnd = round_for(code, county, year, list(good), per_section=False)
        submit(rnd, office, {k: v for k, v in values.items() if v is not None}, status=status)
    return office
