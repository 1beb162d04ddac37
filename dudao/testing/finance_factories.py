"""Helpers to build budgets, visits and task days for the finance and workplaces tests (issue 14)."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.inspections import services as inspections
from dudao.inspections.choices import TaskKind
from dudao.inspections.models import SupervisionTask
from dudao.regionsettings.services import region_setting_set

from .factories import user_with_role
from .inspections_factories import post
from .schools_factories import inspector, office, school

TODAY = datetime.date(2026, 4, 10)
MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def finance_world(tree):
    """南岸区 office with its admin and leader, a part-time inspector posted at a school with two
    visits in March 2026 (and one in February), three days of an on-site task in March and a draft
    task that does not count; the 大渡口区 (sibling) office admin."""
    nanan = tree["nanan"]
    off = office(nanan)
    region_setting_set(actor=None, region=nanan, key="burden.max_external_per_semester", value=100)
    sch, other = school(nanan, name="南岸区经费测试学校"), school(nanan, name="南岸区经费另一所学校")
    insp = inspector(off, name="兼职督学甲")
    post(insp, sch)
    for day in (datetime.date(2026, 2, 27), datetime.date(2026, 3, 5), datetime.date(2026, 3, 20)):
        inspections.visit_record(actor=None, school=sch, visited_on=day, duration_minutes=120,
                                 methods=["lesson", "records"])
    on_site = inspections.task_create(actor=None, office=off, kind=TaskKind.SPECIAL, title="南岸区春季开学专项督导",
                                      start_date=datetime.date(2026, 3, 10), targets=[other])
    inspections.team_member_add(actor=None, task=on_site, inspector=insp)
    SupervisionTask.objects.filter(pk=on_site.pk).update(status="on_site", end_date=datetime.date(2026, 3, 12))
    draft = inspections.task_create(actor=None, office=off, kind=TaskKind.SPECIAL, title="南岸区草稿督导任务",
                                    start_date=datetime.date(2026, 3, 16), targets=[other])
    inspections.team_member_add(actor=None, task=draft, inspector=insp)
    return {
        "region": nanan, "office": off, "school": sch, "other_school": other, "inspector": insp,
        "on_site_task": on_site,
        "admin": user_with_role(RoleCode.OFFICE_ADMIN, region=nanan),
        "leader": user_with_role(RoleCode.LEADER, region=nanan),
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
    }
