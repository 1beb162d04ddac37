"""The demo (issue 6 "done when"): one problem of the demo task (recorded by the team, issued with the
opinion letter) goes notice → overdue → 督办 →
reported → re-check → closed, another to 约谈 and 问责 — each step in its history; idempotent. A
third has a case left just opened, which the demo logins carry to the decision through the pages;
a fourth, overdue with a drafted 督办, is walked through the browser as the demo users the demo
output names: the office issues the 督办, the school reports, the inspector re-checks, the office
closes it."""

import io
import re

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dudao.accountability import demo as accountability_demo
from dudao.accountability.models import AccountabilityCase, Interview
from dudao.accounts.models import User
from dudao.ledger import demo, selectors
from dudao.ledger.models import LedgerEvent, LedgerItem
from dudao.orgs.models import CommitteeMember


def check_demo_stories_idempotence_and_browser_walk(output):
    """``output``: what the first ``manage.py demo`` printed (it names the browser walk's steps)."""
    first, second = LedgerItem.objects.filter(task__title=demo.TASK_TITLE).order_by("id")[:2]
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
    assert [line.action for line in selectors.item_history(second)] == [
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
    demo.load({}, io.StringIO())
    assert (LedgerItem.objects.count(), LedgerEvent.objects.count(), AccountabilityCase.objects.count()) == counts
    _walk_in_the_browser(output)


def _as(username) -> Client:
    client = Client()
    assert client.login(username=username, password="Demo@2025"), username
    return client


def _forms(client, item):
    return set(re.findall(r'<form method="post" action="([^"]+)"', client.get(item.get_absolute_url()).content.decode()))


def _walk_in_the_browser(output):
    """The demo output names the item and the login for each step; each step is a form on the page."""
    pk = int(re.search(r"问题台账演示：/ledger/(\d+)/", output).group(1))
    item = LedgerItem.objects.get(pk=pk, task__title=demo.BROWSER_TASK_TITLE)
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


def check_demo_open_case_can_be_carried_to_the_decision_in_the_browser():
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

