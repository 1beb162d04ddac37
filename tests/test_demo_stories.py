"""The demo's stories, checked on one loaded demo.

Loading the whole demo takes ~10–16 s of CPU and loading it again ~0.5 s, so the demo is loaded once
per module and worker (with ``-n 2`` each worker that runs a story loads it once) in an outer
transaction that is rolled back at the end; each test runs in a savepoint inside it (pytest-django's
``django_db``), so one story's writes never reach the next.
Each story still loads the demo (or its app's part) once more and checks that nothing changes."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dudao.accountability import demo as accountability_demo
from dudao.accountability.models import AccountabilityCase, Interview
from dudao.accounts.models import RoleAssignment, User
from dudao.common.fields import follows, path_field, path_models
from dudao.incentives import demo as incentives_demo
from dudao.incentives import selectors as incentives_selectors
from dudao.incentives.models import Commendation, GoodPracticeCase
from dudao.inspections import demo as inspections_demo
from dudao.inspections import services as inspection_services
from dudao.inspections.models import RegularVisit, SupervisionExemption, SupervisionTask, WorkPlan
from dudao.inspectors.models import Inspector, Posting, TrainingRecord
from dudao.inspectors.postings import coverage
from dudao.ledger import demo as ledger_demo
from dudao.ledger import selectors as ledger_selectors
from dudao.ledger.models import LedgerEvent, LedgerItem
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import CommitteeMember, Unit
from dudao.portal import demo as portal_demo
from dudao.portal.models import Publication, PublicationEvent
from dudao.regions.models import Region
from dudao.testing.matrix import api_client
from tests.test_scope_follows_unit import _complete_the_world, _followers, _inconsistent

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once; yield what it printed; roll it all back after the module."""
    media = tmp_path_factory.mktemp("demo-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the root conftest's per-test fixture
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# ---- ui ----
# The demo as a whole: the first load prints the logins; loading again changes nothing; each office
# sees its own county only. Run by ``tests/test_demo_stories.py`` on the once-loaded demo.


def test_the_demo_is_idempotent_and_scoped(demo_output):
    out = demo_output  # what the first ``manage.py demo`` printed
    counts = (Region.objects.count(), Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    assert "nanan_office" in out and "Demo@2025" in out
    call_command("demo")
    assert counts == (Region.objects.count(), Unit.objects.count(), User.objects.count(),
                      RoleAssignment.objects.count())
    nanan_schools = Unit.objects.filter(region_path__startswith="/500000/500108/", kind__in=["school", "kindergarten"])
    assert 55 <= nanan_schools.count() <= 70
    client = Client()
    assert client.post("/accounts/login/", {"login": "nanan_office", "password": "Demo@2025"}).status_code == 302
    page = client.get("/units/", {"q": "大渡口"}).content.decode()
    assert "大渡口" not in page.split("<tbody>")[1]  # the neighbouring county is invisible
    assert "重庆市南岸区珊瑚实验小学" in client.get("/units/", {"q": "珊瑚"}).content.decode()
    cq = Client()
    cq.post("/accounts/login/", {"login": "cq_office", "password": "Demo@2025"})
    assert "大渡口区" in cq.get("/units/", {"q": "大渡口"}).content.decode()


# ---- ledger ----
# The demo (issue 6 "done when"): one problem of the demo task (recorded by the team, issued with the
# opinion letter) goes notice → overdue → 督办 →
# reported → re-check → closed, another to 约谈 and 问责 — each step in its history; idempotent. A
# third has a case left just opened, which the demo logins carry to the decision through the pages;
# a fourth, overdue with a drafted 督办, is walked through the browser as the demo users the demo
# output names: the office issues the 督办, the school reports, the inspector re-checks, the office
# closes it.


def test_ledger_stories_idempotence_and_browser_walk(demo_output):
    first, second = LedgerItem.objects.filter(task__title=ledger_demo.TASK_TITLE).order_by("id")[:2]
    assert list(first.events.values_list("action", flat=True)) == [
        "record", "issue", "submit_plan", "accept_plan", "overdue_supervision", "supervision_issued", "report",
        "begin_recheck", "recheck_note", "close"]
    assert first.status == "closed" and first.recheck_method == "unannounced"
    # the report's evidence photo and the re-check photo are files of the item, with thumbnails
    from dudao.attachments.services import for_owner

    assert sorted((a.purpose, bool(a.thumbnail)) for a in for_owner(first)) == [("evidence", True), ("recheck", True)]
    assert list(second.events.values_list("action", flat=True)) == [
        "record", "issue", "overdue_supervision", "supervision_issued", "escalate", "interview"]
    # the linked 问责 case's steps are merged into the item's history by query, not copied
    assert [line.action for line in ledger_selectors.item_history(second)] == [
        "record", "issue", "overdue_supervision", "supervision_issued", "escalate", "interview", "case_open",
        "case_form_group", "case_notify", "case_hear", "case_approve", "case_decide"]
    # the item's page shows the 问责 steps as words
    page = Client()
    page.force_login(User.objects.get(username="nanan_office"))
    html = page.get(second.get_absolute_url()).content.decode()
    assert "问责：立案" in html and "问责：作出问责决定" in html
    case = AccountabilityCase.objects.get(ledger_items=second)
    assert case.status == "decided" and case.measures == ["public_criticism"]
    counts = (LedgerItem.objects.count(), LedgerEvent.objects.count(), AccountabilityCase.objects.count())
    ledger_demo.load({}, io.StringIO())
    assert (LedgerItem.objects.count(), LedgerEvent.objects.count(), AccountabilityCase.objects.count()) == counts
    _walk_in_the_browser(demo_output)


def _as(username) -> Client:
    client = Client()
    assert client.login(username=username, password="Demo@2025"), username
    return client


def _forms(client, item):
    return set(re.findall(r'<form method="post" action="([^"]+)"', client.get(item.get_absolute_url()).content.decode()))


def _walk_in_the_browser(output):
    """The demo output names the item and the login for each step; each step is a form on the page."""
    pk = int(re.search(r"问题台账演示：/ledger/(\d+)/", output).group(1))
    item = LedgerItem.objects.get(pk=pk, task__title=ledger_demo.BROWSER_TASK_TITLE)
    assert item.status == "in_progress" and item.deadline < item.original_deadline
    order = item.orders.get(level=1, status="draft")
    logins = re.findall(r"^\s+\d\. (\S+)", output, flags=re.MULTILINE)
    assert logins == ["nanan_office", "nanan_school2", "nanan_inspector", "nanan_office"]
    office, school, inspector = _as("nanan_office"), _as("nanan_school2"), _as("nanan_inspector")
    assert User.objects.get(username="nanan_school2").unit == item.unit
    # 1. the office issues the 督办
    url = f"/ledger/orders/{order.pk}/issue/"
    assert url in _forms(office, item) and url not in _forms(school, item)
    assert office.post(url).status_code == 302
    # 2. the school reports with evidence
    url = f"/ledger/{item.pk}/transitions/report/"
    assert url in _forms(school, item) and url not in _forms(office, item)
    assert school.post(url, {"report-report": "已在校门口和学校网站公示", "report-evidence": "照片2张"}).status_code == 302
    # 3. the inspector starts the re-check
    url = f"/ledger/{item.pk}/transitions/begin_recheck/"
    assert url in _forms(inspector, item) and url not in _forms(school, item)
    assert inspector.post(url, {"begin_recheck-method": "unannounced"}).status_code == 302
    # 4. the office closes it (销号)
    url = f"/ledger/{item.pk}/transitions/close/"
    assert url in _forms(office, item) and url not in _forms(inspector, item)
    assert office.post(url, {"close-conclusion": "暗访复查：公示到位，予以销号。"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "closed"
    assert list(item.events.values_list("action", flat=True)) == [
        "record", "issue", "submit_plan", "accept_plan", "overdue_supervision", "supervision_issued", "report",
        "begin_recheck", "close"]
    page = office.get(item.get_absolute_url()).content.decode()
    for text in ("签发督办通知", "报送整改结果", "开始复查", "销号", "复查方式：暗访", "陈静", "杨志强", "何晓燕"):
        assert text in page




def _login(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_open_case_can_be_carried_to_the_decision_in_the_browser(demo_output):
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    case = AccountabilityCase.objects.get(title=accountability_demo.OPEN_CASE_TITLE)
    item = case.ledger_items.get()
    assert case.status == "opened" and case.task is not None and item.task == case.task
    today = timezone.localdate().isoformat()
    # the read-only leader sees the case but no forms; the 南岸区 office does every step
    assert 'name="form"' not in _login("nanan_leader").get(case.get_absolute_url()).content.decode()
    office = _login("nanan_office")
    assert "发起问责" in office.get(item.get_absolute_url()).content.decode()
    r = office.post("/ledger/interviews/new/", {
        "unit": case.unit_id, "held_on": today, "participants": "区政府教育督导室主任", "leaders_present": "校长",
        "content": "开学专项督导发现的问题整改不力，约谈学校主要负责人。", "filed_with": "区教委",
        "ledger_items": [item.pk], "case": case.pk})
    assert r.status_code == 302 and Interview.objects.filter(case=case).exists()
    deputy = CommitteeMember.objects.get(committee__region__code="500108", committee__kind="committee", name="李明")
    for data in [{"form": "form_group", "form_group-group_members": "区教育督导室、区教委基础教育科"},
                 {"form": "notify", "notify-facts": "经督导和约谈仍未整改到位。"},
                 {"form": "hear", "hear-statement": "学校承认事实。"},
                 {"form": "approve", "approve-approver": deputy.pk, "approve-measures": ["public_criticism"]},
                 {"form": "decide", "decide-basis": "《教育督导问责办法》", "decide-effective_date": today}]:
        assert office.post(case.get_absolute_url(), data).status_code == 302, data["form"]
    case.refresh_from_db()
    assert case.status == "decided" and case.approved_by == deputy
    assert "interview" in item.events.values_list("action", flat=True)


# ---- accountability ----
# The accountability demo (issue 16): a red result's suggested case for 南岸区's office, and a 民办
# kindergarten's cases with the measures only private schools get (撤换负责人 referred to the approving
# authority; 纳入诚信记录、从业禁止 for its 举办者); loading again changes nothing.


def test_suggested_case_and_private_school_measures(demo_output):
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    suggested = AccountabilityCase.objects.get(status="suggested")
    assert suggested.source_target.colour == "red" and suggested.source_target.unit == suggested.unit
    school_case, person_case = AccountabilityCase.objects.filter(title=accountability_demo.PRIVATE_CASE_TITLE).order_by("id")
    assert school_case.measures == ["public_criticism", "replace_head"] and school_case.approval_referred_on
    assert "practice_ban" in person_case.measures and person_case.person_name
    office = Client()
    office.force_login(User.objects.get(username="nanan_office"))
    html = office.get(suggested.get_absolute_url()).content.decode()
    assert 'value="confirm"' in html and 'value="dismiss"' in html
    count = AccountabilityCase.objects.count()
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    assert AccountabilityCase.objects.count() == count


# ---- incentives ----
# The demo (E6): a commendation and a published portal case from the demo task's green result, and
# an exemption grounded on the commendation that the task service then enforces; idempotent.


def test_incentives_and_idempotence(demo_output):
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    commendation = Commendation.objects.get(title=incentives_demo.COMMENDATION_TITLE)
    assert commendation.basis_target.colour == "green" and commendation.basis_target.task.title == incentives_demo.TASK_TITLE
    case = GoodPracticeCase.objects.get(title=incentives_demo.CASE_TITLE)
    assert case.status == "published" and list(incentives_selectors.published_cases()) == [case]
    exemption = SupervisionExemption.objects.get(incentive__commendation=commendation)
    assert exemption.unit == commendation.unit and incentives_selectors.exemption_state(exemption) == "current"
    task = SupervisionTask.objects.get(title=incentives_demo.TASK_TITLE)
    comprehensive = inspection_services.task_create(actor=None, office=task.office, kind="comprehensive", title="演示综合督导")
    with pytest.raises(ValidationError, match="免除督导至"):
        inspection_services.task_target_add(actor=None, task=comprehensive, unit=exemption.unit)
    counts = (Commendation.objects.count(), GoodPracticeCase.objects.count(), SupervisionExemption.objects.count())
    incentives_demo.load({}, io.StringIO())
    assert (Commendation.objects.count(), GoodPracticeCase.objects.count(),
            SupervisionExemption.objects.count()) == counts


# ---- inspections ----
# The demo: 南岸区 tasks in several states — a special supervision of 3 schools at the report
# stage with results and its team's problems issued with the opinion letter, a 暗访 task hidden from its
# targets with a draft problem, regular visits (one problem issued to the school on recording) and a
# submitted work plan; loading again changes nothing.


def test_tasks_in_several_states_and_idempotence(demo_output):
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
    inspections_demo.load({}, io.StringIO())
    assert (SupervisionTask.objects.count(), LedgerItem.objects.count(), RegularVisit.objects.count()) == counts


# ---- inspectors ----
# The demo data: 南岸区 is fully covered except 2 deliberately uncovered schools, with exactly 1
# overloaded inspector; loading again changes nothing.


def test_coverage_gaps_and_idempotence(demo_output):
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


# ---- portal ----
# The demo: one published report, one published rectification result, one unit statement awaiting
# the office's approval — readable on the public portal (the statement not yet); idempotent.


def test_publications_and_idempotence(demo_output):
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    report = Publication.objects.get(kind="report")
    rect = Publication.objects.get(kind="rectification")
    statement = Publication.objects.get(kind="statement")
    assert (report.status, rect.status, statement.status) == ("published", "published", "submitted")
    assert report.task.title == portal_demo.REPORT_TASK and rect.ledger_item.status == "closed"
    assert "13812345678" not in statement.body and "138****5678" in statement.body
    index = Client().get("/public/").content.decode()
    assert report.title in index and rect.title in index and statement.title not in index
    counts = (Publication.objects.count(), PublicationEvent.objects.count())
    portal_demo.load({}, io.StringIO())
    assert (Publication.objects.count(), PublicationEvent.objects.count()) == counts


# ---- moving units and regions (tests/test_scope_follows_unit.py) ----


def test_moving_units_rescopes_every_copy_and_moving_a_region_too(demo_output):
    """Every copy of a unit's path follows it to another county over the API, in bulk; moving a region
    rewrites every copy below it (``_complete_the_world`` in test_scope_follows_unit.py adds the rows
    the demo lacks)."""
    nanan, ddk = Region.objects.get(name="南岸区"), Region.objects.get(name="大渡口区")
    old_office = Unit.objects.get(kind=UnitKind.OFFICE, region=nanan)
    moved = [old_office] + [u for u in Unit.objects.filter(region_path__startswith=nanan.path).exclude(
        kind=UnitKind.OFFICE).order_by("pk") if _followers([u])]
    _complete_the_world(old_office, moved[1])
    assert _inconsistent() == []

    before = _followers(moved)
    can_follow = {m for m in path_models() if m is not Unit and follows(m, Unit, 0) is not None}
    uncovered = sorted(m._meta.label for m in can_follow - set(before))
    assert not uncovered, f"add a row of these models for a moved unit to this test's world: {uncovered}"

    from dudao.accounts.models import User

    nanan_user, ddk_user = User.objects.get(username="nanan_office"), User.objects.get(username="dadukou_office")
    seen_before = {m: set(m.objects.for_user(nanan_user, "view").filter(pk__in=pks).values_list("pk", flat=True))
                   for m, pks in before.items() if hasattr(m.objects, "for_user")}
    assert sum(1 for pks in seen_before.values() if pks) >= 10

    # The city office moves the units to 大渡口区 over the API.
    city = api_client(User.objects.get(username="cq_office"))
    for unit in moved:
        with CaptureQueriesContext(connection) as queries:
            response = city.patch(f"/api/v1/units/{unit.pk}", {"region_code": ddk.code},
                                  content_type="application/json")
        assert response.status_code == 200, response.content
        # bulk: at most one UPDATE per table that copies paths, however many rows follow the unit
        updates = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
        assert len(updates) <= len(path_models()) + 2, updates

    assert _inconsistent() == []
    assert _followers(moved) == before  # the same rows still follow them …
    for model, pks in before.items():  # … and all of them carry the new path
        rows = model._base_manager.filter(pk__in=pks)
        assert not rows.exclude(**{f"{path_field(model).attname}__startswith": ddk.path}).exists(), model
    for model, pks in seen_before.items():
        if not pks:
            continue
        assert not model.objects.for_user(nanan_user, "view").filter(pk__in=pks).exists(), model
        assert set(model.objects.for_user(ddk_user, "view").filter(pk__in=pks).values_list("pk", flat=True)) == pks, model

    # Moving a region rewrites every copy below it, whatever the app: 大渡口区 (now holding the moved
    # units and everything that follows them) is re-parented under a new city-level node.
    from dudao.regions.services import region_update

    city = Region.objects.create(code="500100", name="市辖区", level=2, parent=ddk.parent,
                                 path=f"{ddk.parent.path}500100/")
    region_update(actor=None, region=ddk, parent=city)
    ddk.refresh_from_db()
    assert ddk.path == f"{city.path}{ddk.code}/"
    assert _inconsistent() == []
    for model, pks in before.items():
        rows = model._base_manager.filter(pk__in=pks)
        assert not rows.exclude(**{f"{path_field(model).attname}__startswith": ddk.path}).exists(), model
    ddk_user = User.objects.get(pk=ddk_user.pk)  # a new request: assignments read afresh
    assert set(Unit.objects.for_user(ddk_user, "view").filter(pk__in=[u.pk for u in moved])) == set(moved)


def test_the_dashboards_results_and_period_tables_show_the_demo(demo_output):
    """重庆市's dashboard shows the demo in its 三色 results, training-hours, coverage, tasks and 问责
    tables (docs/dashboards.md): the year of the demo's reported tasks (a month ago)."""
    import datetime

    year = (timezone.localdate() - datetime.timedelta(days=30)).year
    data = api_client(User.objects.get(username="cq_office")).get(f"/api/v1/dashboards/figures?year={year}").json()
    tables = {t["key"]: t for t in data["tables"]}

    def total(key, *columns):
        return sum(r["cells"][c]["value"] or 0 for r in tables[key]["rows"] for c in columns)

    assert total("results", "red", "yellow", "green") > 0
    assert total("training", "active") > 0 and total("training", "under") > 0 and total("training", "short") > 0
    assert total("coverage", "covered") > 0
    assert total("tasks", "draft", "active", "done") > 0
    assert total("supervision", "cases") > 0


# ---- finance and workplaces (issue 14 items 6, 7) ----
# The demo: 南岸区's budget for this year with spending, two part-time inspectors' claims computed from
# their demo visits (one approved and charged to 督导评估); a studio with members and activities, a topic,
# a case selection, a 成渝 agreement, a school's 督导室 whose self-inspection is a small matter; idempotent.


def test_finance_and_workplaces(demo_output):
    from decimal import Decimal

    from dudao.finance import demo as finance_demo
    from dudao.finance import services as finance_services
    from dudao.finance.models import Budget, ExpenseClaim
    from dudao.workplaces import demo as workplaces_demo
    from dudao.workplaces.models import Agreement, Place, ResearchTopic, SelectionEntry, SelfInspection

    budget = Budget.objects.get(office__region__code="500108")
    figures = {f["kind"]: f for f in finance_services.line_figures(budget)}
    assert figures["training"]["used"] == Decimal("32000.00") and figures["training"]["remaining"] == Decimal("48000.00")
    claims = list(ExpenseClaim.objects.order_by("id"))
    assert len(claims) == 2 and [c.status for c in claims] == ["approved", "submitted"]
    assert all(c.visits > 0 and c.total > 0 and c.inspector.kind == "part_time" for c in claims)
    assert figures["evaluation"]["used"] == claims[0].total
    studio = Place.objects.get(name=workplaces_demo.STUDIO)
    assert studio.members.count() == 4 and studio.activities.count() == 2
    assert ResearchTopic.objects.get(title=workplaces_demo.TOPIC).status == "ongoing"
    assert sorted(SelectionEntry.objects.values_list("status", flat=True)) == ["not_selected", "selected"]
    assert Agreement.objects.get(title=workplaces_demo.AGREEMENT).activities.get().kind == "joint_monitoring"
    inspection = SelfInspection.objects.get(title=workplaces_demo.SELF_INSPECTION)
    item = inspection.small_matters.get()
    assert (item.routing, item.source, item.unit_id) == ("small", "self_supervision", inspection.place.unit_id)
    counts = (ExpenseClaim.objects.count(), Place.objects.count(), SelfInspection.objects.count())
    finance_demo.load({}, io.StringIO())
    workplaces_demo.load({}, io.StringIO())
    assert (ExpenseClaim.objects.count(), Place.objects.count(), SelfInspection.objects.count()) == counts
