"""The demo: 南岸区 tasks in several states — a special supervision of 3 schools at the report
stage with results and its team's problems issued with the opinion letter, a 暗访 task hidden from its
targets with a draft problem, regular visits (one problem issued to the school on recording) and a
submitted work plan; loading again changes nothing."""

import io

from django.core.management import call_command

from dudao.accounts.models import User
from dudao.inspections import demo
from dudao.inspections.models import RegularVisit, SupervisionTask, WorkPlan
from dudao.ledger.models import LedgerItem


def check_demo_tasks_in_several_states_and_idempotence():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    states = dict(SupervisionTask.objects.values_list("title", "status"))
    special = SupervisionTask.objects.get(title="2025年南岸区义务教育学校课后服务专项督导")
    assert special.status == "report" and special.targets.count() == 3
    assert all(t.result_version_id == special.framework_version_id and t.colour for t in special.targets.all())
    problems = LedgerItem.objects.filter(task=special)
    assert problems.count() == 2 and set(problems.values_list("status", flat=True)) <= {
        "issued", "plan_submitted", "in_progress", "reported", "rechecking", "closed"}
    assert all(p.events.filter(action="issue").exists() for p in problems)
    assert LedgerItem.objects.filter(task__is_covert=True, status="draft").exists()
    assert LedgerItem.objects.filter(visit__isnull=False, status="issued").exists()
    assert set(states.values()) >= {"draft", "on_site", "report", "published"}
    covert = SupervisionTask.objects.get(is_covert=True)
    school_user = User.objects.get(username="nanan_school")
    visible = SupervisionTask.objects.for_user(school_user, "view")
    assert covert not in visible or not covert.targets.filter(unit__name="重庆市南岸区珊瑚实验小学").exists()
    assert RegularVisit.objects.exists() and WorkPlan.objects.filter(status="submitted").exists()
    counts = (SupervisionTask.objects.count(), LedgerItem.objects.count(), RegularVisit.objects.count())
    demo.load({}, io.StringIO())
    assert (SupervisionTask.objects.count(), LedgerItem.objects.count(), RegularVisit.objects.count()) == counts
