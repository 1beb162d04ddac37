"""The homes by role (issue 13), through the HTTP client: the school sees exactly its own to-dos by
deadline and their count on the menu; the inspector sees only the schools posted to them; the office
its morning lists; the leader the one-screen summary; nobody sees another region's or school's rows."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.inspections import services as task_services
from dudao.inspections import workflows as task_workflows
from dudao.ledger import services as ledger_services
from dudao.ledger import workflows as ledger_workflows
from dudao.ledger.deadlines import ledger_daily
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import post, setting, special_task

pytestmark = pytest.mark.django_db


def _home(user, path="/") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _item(w, unit, description, days, **kw):
    return ledger_services.ledger_item_create(
        actor=w["admin"], unit=unit, source="complaint", description=description, category="safety",
        requirement="限期整改", deadline=timezone.localdate() + datetime.timedelta(days=days), **kw)


def _badge(page) -> list[str]:
    return re.findall(r'menu-badge[^>]*>(\d+)<', page)


def _todos(page) -> list[str]:
    """The to-do rows' text, in order."""
    block = page.split("home-unit", 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>|\s+", " ", li) for li in block.split('class="list-group-item')[1:]]


@pytest.fixture
def world(tree):
    w = setting(tree)
    a, b, _c = w["schools"]
    w["respondent"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=a)
    w["other"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=b)
    w["leader"] = user_with_role(RoleCode.LEADER, region=w["region"])
    w["sibling"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    return w


def test_the_school_sees_its_own_todos_by_deadline_and_the_count_on_the_menu(world):
    w = world
    a, b, _c = w["schools"]
    task = special_task(w, targets=[a, b])
    task = task_workflows.task_notify(actor=w["admin"], task=task)  # on-site in 3 days (notice period)
    later = _item(w, a, "食堂陪餐制度未落实", 30)
    sooner = ledger_workflows.item_accept_plan(actor=w["admin"], item=ledger_workflows.item_submit_plan(
        actor=w["respondent"], item=_item(w, a, "消防通道堆放杂物", 5), plan="清理"))
    _item(w, b, "另一所学校的问题", 1)  # another school's: never on this school's home

    page = _home(w["respondent"])
    rows = _todos(page)
    assert len(rows) == 3, rows
    assert task.title in rows[0] and str(task.start_date.day) in rows[0]
    assert "消防通道堆放杂物" in rows[1] and "报送整改结果" in rows[1]
    assert "食堂陪餐制度未落实" in rows[2] and "报送整改方案" in rows[2]
    assert "另一所学校的问题" not in page
    assert _badge(page) == ["3"]
    assert _badge(_home(w["respondent"], "/ledger/")) == ["3"]  # on every page
    # no master-data counters on a school's home
    assert "本范围单位" not in page and "教育督导委员会" not in page
    # the plan is reported: that row leaves the list, the count follows
    ledger_workflows.item_report(actor=w["respondent"], item=sooner, report="已清理", evidence="照片")
    page = _home(w["respondent"])
    assert len(_todos(page)) == 2 and _badge(page) == ["2"] and "消防通道堆放杂物" not in "".join(_todos(page))
    assert LedgerItem.objects.get(pk=later.pk).status == "issued"
    # the other school sees its own problem and the task, not this school's
    other = _home(w["other"])
    assert "另一所学校的问题" in other and "食堂陪餐制度未落实" not in other and _badge(other) == ["2"]


def test_a_school_with_nothing_to_do_has_no_badge(world):
    page = _home(world["respondent"])
    assert "目前没有待办事项" in page and _badge(page) == []


def test_the_inspector_sees_only_their_schools_with_visits_due_and_open_items(world):
    w = world
    a, b, _c = w["schools"]
    mine, theirs = w["inspectors"][0], w["inspectors"][1]
    post(mine, a)
    post(theirs, b)
    _item(w, a, "我的学校的问题", 10)
    _item(w, b, "别人学校的问题", 10)
    task_services.visit_record(actor=mine.user, school=a, visited_on=timezone.localdate(), duration_minutes=60,
                               methods=["lesson"])
    page = _home(mine.user)
    rows = re.findall(r'<tr class="my-school">(.*?)</tr>', page, re.S)
    assert len(rows) == 1 and a.name in rows[0] and b.name not in page
    cells = [re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[0], re.S)]
    assert cells[1].startswith("1/")  # this month's visit
    assert cells[4] == "1"  # the school's open problem
    # not the whole district's ledger
    assert "未销号问题" not in page.split("home-inspector", 1)[0] and "问题台账" not in page.split("<main", 1)[1]


def test_the_office_morning_lists_what_waits_for_it(world):
    w = world
    a = w["schools"][0]
    task = special_task(w)  # a draft: the office is to notify it
    late = _item(w, a, "逾期的整改问题", 3)
    LedgerItem.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=2))
    ledger_daily()  # overdue → a 督办 drafted for the office to issue
    page = _home(w["admin"])
    office_block = page.split("home-office", 1)[1].split("<h2", 1)[0]
    assert "逾期的整改问题" in office_block and "逾期2天" in office_block
    assert "督办待签发" in office_block and f"/ledger/{late.pk}/" in office_block
    assert task.title in office_block and task.get_absolute_url() in office_block
    assert 'data-slot="dashboard"' in page
    # a sibling county's office sees none of it
    sibling = _home(w["sibling"])
    assert "逾期的整改问题" not in sibling and task.title not in sibling


def test_the_leader_sees_the_one_screen_summary(world):
    w = world
    late = _item(w, w["schools"][0], "领导看到的问题", 3)
    LedgerItem.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    page = _home(w["leader"])
    summary = page.split("home-leader", 1)[1].split("<h2", 1)[0]
    figures = dict(re.findall(r'</i> ([^<]+)</div><div class="display-6[^"]*">([^<]+)<', summary))
    assert figures["逾期未整改"] == "1" and figures["未销号问题"] == "1"
    assert 'data-slot="dashboard"' in page and "本范围单位" not in page
    sibling_leader = user_with_role(RoleCode.LEADER, region=w["sibling"].role_assignments.get().region)
    other = _home(sibling_leader).split("home-leader", 1)[1].split("<h2", 1)[0]
    assert dict(re.findall(r'</i> ([^<]+)</div><div class="display-6[^"]*">([^<]+)<', other))["逾期未整改"] == "0"


def test_several_roles_see_each_section(world, tree):
    w = world
    from dudao.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=w["leader"], role=RoleCode.UNIT_RESPONDENT, unit=w["schools"][0])
    _item(w, w["schools"][0], "两个角色都能看到", 10)
    page = _home(w["leader"])
    assert "home-leader" in page and "home-unit" in page and _badge(page) == ["1"]


def test_a_user_without_a_role_gets_the_hint(tree):
    from dudao.testing.factories import UserFactory

    page = _home(UserFactory())
    assert "尚未分配角色" in page and "home-" not in page
