"""The demo: 南岸区 tasks in several states — a special supervision of 3 schools at the report
stage with results and findings ready for rectification, a 暗访 task hidden from its targets —
regular visits and a submitted work plan; loading again changes nothing."""

import io

import pytest
from django.core.management import call_command

from dudao.accounts.models import User
from dudao.inspections import demo
from dudao.inspections.models import Finding, RegularVisit, SupervisionTask, WorkPlan

pytestmark = pytest.mark.django_db


def test_demo_tasks_in_several_states_and_idempotence():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    states = dict(SupervisionTask.objects.values_list("title", "status"))
    special = SupervisionTask.objects.get(title="2025年南岸区义务教育学校课后服务专项督导")
    assert special.status == "report" and special.targets.count() == 3
    assert all(t.result_version_id == special.framework_version_id and t.colour for t in special.targets.all())
    assert Finding.objects.filter(task=special).exclude(requirement="").count() == 2
    assert set(states.values()) >= {"draft", "on_site", "report", "published"}
    covert = SupervisionTask.objects.get(is_covert=True)
    school_user = User.objects.get(username="nanan_school")
    visible = SupervisionTask.objects.for_user(school_user, "view")
    assert covert not in visible or not covert.targets.filter(unit__name="重庆市南岸区珊瑚实验小学").exists()
    assert RegularVisit.objects.exists() and WorkPlan.objects.filter(status="submitted").exists()
    counts = (SupervisionTask.objects.count(), Finding.objects.count(), RegularVisit.objects.count())
    demo.load({}, io.StringIO())
    assert (SupervisionTask.objects.count(), Finding.objects.count(), RegularVisit.objects.count()) == counts
