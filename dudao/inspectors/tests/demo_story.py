"""The demo data: 南岸区 is fully covered except 2 deliberately uncovered schools, with exactly 1
overloaded inspector; loading again changes nothing."""

import io

from django.core.management import call_command

from dudao.inspectors.models import Inspector, Posting, TrainingRecord
from dudao.inspectors.postings import coverage
from dudao.regions.models import Region


def check_demo_coverage_gaps_and_idempotence():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    cov = coverage(Region.objects.get(code="500108"))
    assert len(cov.schools) == 61 and cov.covered == 59  # 广阳小学坪上教学点 included
    assert {s.name for s in cov.uncovered} == {"重庆市南岸区童心幼儿园", "重庆市南岸区阳光幼儿园"}
    assert [o[0].name for o in cov.overloaded] == ["刘建军"]
    assert Inspector.objects.filter(user__username="nanan_inspector").exists()
    counts = (Inspector.objects.count(), Posting.objects.count(), TrainingRecord.objects.count())
    from dudao.inspectors import demo as inspectors_demo
    from dudao.schools import demo as schools_demo

    schools_demo.load({}, io.StringIO())
    inspectors_demo.load({}, io.StringIO())
    assert (Inspector.objects.count(), Posting.objects.count(), TrainingRecord.objects.count()) == counts
