"""Helpers to build schools, offices and inspectors for tests (issue 3)."""

import datetime
import itertools

from dudao.inspectors.choices import InspectorKind, TrainingKind
from dudao.inspectors.models import Inspector, TrainingRecord
from dudao.orgs.choices import UnitKind
from dudao.schools.models import Enrolment, SchoolProfile

from .factories import UnitFactory

_codes = itertools.count(1)


def office(region, name=None):
    return UnitFactory(kind=UnitKind.OFFICE, region=region, name=name or f"{region.name}人民政府教育督导室")


def school(region, *, students: int | None = None, kind=UnitKind.SCHOOL, year="2025-2026", name=None,
           ownership="public", **kw):
    unit = UnitFactory(kind=kind, region=region, **({"name": name} if name else {}), **kw)
    profile = SchoolProfile.objects.create(unit=unit, school_code=f"{3150000000 + next(_codes)}",
                                           stage="kindergarten" if kind == UnitKind.KINDERGARTEN else "primary",
                                           ownership=ownership)
    if students is not None:
        Enrolment.objects.create(school=profile, school_year=year, section="primary", students=students, classes=10)
    return unit


def inspector(office_unit, *, trained=True, name=None, kind=InspectorKind.PART_TIME, **kw) -> Inspector:
    kw.setdefault("education", "bachelor")
    kw.setdefault("years_in_education", 15)
    obj = Inspector.objects.create(office=office_unit, region_path=office_unit.region_path, kind=kind,
                                   name=name or f"督学{next(_codes)}", **kw)
    if trained:
        TrainingRecord.objects.create(inspector=obj, course="岗前培训", kind=TrainingKind.CENTRALISED, hours=16,
                                      date=datetime.date(2024, 1, 10), pre_service=True)
    return obj
