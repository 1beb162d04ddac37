"""Generated postings and regular visits for the dashboards' visit figures (tests; the benchmark
may reuse ``visit_world``)."""

import datetime

from django.utils import timezone

from dudao.inspections.models import RegularVisit
from dudao.inspectors.models import Posting
from dudao.regionsettings.services import region_setting_set
from dudao.schools.models import SchoolProfile
from dudao.schools.services import zone_create
from dudao.testing.schools_factories import inspector, office, school

#: Visits per posting in the spring (Mar–Jul) and the autumn (Sep–Dec) of the year: below, at and
#: above the floor (2; 大渡口区 sets 3) and the monthly target.
PLAN = [(0, 1), (1, 2), (2, 4), (3, 0), (5, 5), (2, 3), (1, 1), (4, 2)]


def _visit(posting, day):
    return RegularVisit(school=posting.school, region_path=posting.school.region_path, inspector=posting.inspector,
                        visited_on=day, duration_minutes=60, methods=["lesson"])


def visit_world(tree, *, year: int | None = None):
    """南岸区 (with 铜元局街道) and 大渡口区 (with 新山村街道): schools in two zones of 南岸区, one
    outside any zone, one never posted; a zone in 大渡口区; postings from September two years back,
    one school's inspector replaced in May of ``year`` (the old pair's visits no longer count);
    visits spread over ``year``'s two semesters by ``PLAN``. 大渡口区 raises the floor to 3 and the
    monthly target to 2 (region settings). ``year`` defaults to last year (a period wholly past)."""
    year = year or timezone.localdate().year - 1
    nanan, ddk = tree["nanan"], tree["ddk"]
    region_setting_set(actor=None, region=ddk, key="visits.min_per_semester", value=3)
    region_setting_set(actor=None, region=ddk, key="visits.target_per_month", value=2)
    offices = {r.pk: office(r) for r in (nanan, ddk)}
    staff = {nanan.pk: [inspector(offices[nanan.pk], name=f"南岸督学{i}") for i in range(3)],
             ddk.pk: [inspector(offices[ddk.pk], name=f"大渡口督学{i}") for i in range(2)]}
    zones = {"z1": zone_create(actor=None, region=nanan, name="第一责任区"),
             "z2": zone_create(actor=None, region=nanan, name="第二责任区"),
             "z3": zone_create(actor=None, region=ddk, name="大渡口责任区")}
    layout = [  # (region, county, zone, posted)
        (nanan, nanan, "z1", True), (tree["nanan_town"], nanan, "z1", True), (nanan, nanan, "z2", True),
        (tree["nanan_town"], nanan, "z2", True), (nanan, nanan, None, True), (nanan, nanan, "z2", False),
        (ddk, ddk, "z3", True), (tree["ddk_town"], ddk, None, True),
    ]
    start = datetime.date(year - 2, 9, 1)
    schools, postings, visits = [], [], []
    for n, (region, county, zone, posted) in enumerate(layout):
        unit = school(region, name=f"达标学校{n}")
        if zone:
            SchoolProfile.objects.filter(unit=unit).update(zone=zones[zone])
        schools.append(unit)
        if not posted:
            continue
        team = staff[county.pk]
        posting = Posting.objects.create(inspector=team[n % len(team)], school=unit, region_path=unit.region_path,
                                         start_date=start)
        spring, autumn = PLAN[n % len(PLAN)]
        visits += [_visit(posting, datetime.date(year, 3 + i, 10)) for i in range(spring)]
        visits += [_visit(posting, datetime.date(year, 9 + i % 4, 12 + i // 4)) for i in range(autumn)]
        postings.append(posting)
    # 南岸区's first school changes inspector on 15 May: its spring visits before stay with the old pair
    first = postings[0]
    Posting.objects.filter(pk=first.pk).update(end_date=datetime.date(year, 5, 15))
    successor = Posting.objects.create(inspector=staff[nanan.pk][2], school=first.school,
                                       region_path=first.school.region_path, start_date=datetime.date(year, 5, 15))
    visits += [_visit(successor, datetime.date(year, 6, 1)), _visit(successor, datetime.date(year, 10, 1))]
    RegularVisit.objects.bulk_create(visits)
    return {"year": year, "schools": schools, "zones": zones, "inspectors": staff, "offices": offices,
            "postings": list(Posting.objects.filter(school__in=schools)), "visits": len(visits)}
