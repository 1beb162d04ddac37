"""A small planning world in 南岸区 for the planner's tests and matrix rows: an office, a zone, four
schools each with a posted inspector, five inspectors (two can lead a team of three), a four-week
semester in March 2027 with a holiday and an exam week."""

import datetime

from dudao.inspectors.choices import InspectorKind
from dudao.inspectors.models import Posting
from dudao.planner import services
from dudao.planner.choices import DayKind
from dudao.schools.models import SchoolProfile, Zone
from dudao.testing import schools_factories as sf

D = datetime.date
START, END = D(2027, 3, 1), D(2027, 3, 26)


def world(tree, *, schools=4, prefix="计划"):
    region = tree["nanan"]
    office = sf.office(region, name=f"{prefix}督导室")
    zone = Zone.objects.create(region=region, region_path=region.path, name=f"{prefix}第一责任区")
    units = [sf.school(region, name=f"{prefix}学校{n + 1}") for n in range(schools)]
    SchoolProfile.objects.filter(unit__in=units).update(zone=zone)
    kinds = [InspectorKind.FULL_TIME, InspectorKind.FULL_TIME, InspectorKind.PART_TIME, InspectorKind.PART_TIME,
             InspectorKind.PART_TIME]
    inspectors = [sf.inspector(office, name=f"{prefix}督学{n + 1}", kind=k) for n, k in enumerate(kinds)]
    for n, unit in enumerate(units):
        insp = inspectors[n % 4]
        Posting.objects.create(inspector=insp, school=unit, region_path=unit.region_path, start_date=D(2026, 9, 1))
    semester = services.semester_create(actor=None, office=office, name=f"{prefix}2027年3月", start=START, end=END,
                                        days=[(DayKind.HOLIDAY, "调休", D(2027, 3, 5), D(2027, 3, 5)),
                                              (DayKind.EXAM, "月考", D(2027, 3, 22), D(2027, 3, 26))])
    return {"region": region, "office": office, "zone": zone, "schools": units, "inspectors": inspectors,
            "semester": semester}


def generated(tree, *, publish=False, **kw):
    w = world(tree, **kw)
    plan = services.plan_create(actor=None, semester=w["semester"])
    plan = services.plan_generate(actor=None, plan=plan, time_limit=5)
    if publish:
        plan = services.plan_publish(actor=None, plan=plan)
    w["plan"] = plan
    return w
