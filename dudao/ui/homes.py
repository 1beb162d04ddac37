"""Reads behind the homes by role (issue 13): the office's morning, the unit's to-do inbox, the
inspector's schools, the leader's one-screen summary. The shell sits above every app, so it composes
their selectors here; every queryset comes through ``for_user``. Which homes a user gets follows the
roles of their assignments (``roles_of``): a user with several roles sees each one's section."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.accounts.roles import RoleCode
from dudao.common.scoping import user_assignments, user_has_perm
from dudao.ledger.choices import NotificationKind

#: How many rows each list on a home shows (the list's link opens the rest).
TOP = 5
#: Messages to a unit about things its to-do list shows from their own rows (``ledger.unit_notices``
#: and the deadline reminders): not listed twice.
LISTED_KINDS = (NotificationKind.TASK_NOTICE, NotificationKind.OBJECTION, NotificationKind.NEW_ITEM,
                NotificationKind.PLAN_DECISION, NotificationKind.DOCUMENT, NotificationKind.DEADLINE,
                NotificationKind.REMINDER)


def roles_of(user) -> set[str]:
    return {a.role for a in user_assignments(user)}


def respondent_units(user) -> list[int]:
    """The units the user answers for (单位填报员 assignments)."""
    return sorted({a.unit_id for a in user_assignments(user) if a.role == RoleCode.UNIT_RESPONDENT and a.unit_id})


# ---- the unit's to-do inbox ---------------------------------------------------------------------------
@dataclass
class Todo:
    kind: str  # label of the kind of to-do
    text: str
    url: str
    due: datetime.date | None = None  # the deadline, when there is one
    since: datetime.date | None = None  # when it arrived (for those without a deadline)
    unit: str = ""
    tone: str = ""
    icon: str = "dot"

    def overdue(self, today) -> bool:
        return self.due is not None and self.due < today


def _date(value) -> datetime.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime.datetime) else value


def unit_todos(user, today: datetime.date) -> list[Todo]:
    """Everything the user's units must do next, the nearest deadline first (those without a deadline
    after, newest first): 督导通知 received, self-evaluations and objection windows open, problems whose
    plan or result is owed, data forms to fill, statements returned, documents unread, and the unread
    messages of other kinds (a 督办 escalated to a department)."""
    units = respondent_units(user)
    if not units:
        return []
    cached = getattr(user, "_dudao_todos", None)  # the home and the menu's count, once per request
    if cached is not None and cached[0] == today:
        return cached[1]
    from dudao.documents.models import DocumentDelivery
    from dudao.inspections.choices import TaskStatus
    from dudao.inspections.models import SupervisionTask, TaskTarget
    from dudao.ledger.choices import LedgerStatus
    from dudao.ledger.models import LedgerItem
    from dudao.ledger.notices import notifications_for
    from dudao.monitoring.choices import SubmissionStatus
    from dudao.monitoring.models import Submission
    from dudao.portal.choices import PublicationKind, PublicationStatus
    from dudao.portal.models import Publication

    multi = len(units) > 1
    todos: list[Todo] = []
    if user_has_perm(user, "inspections.view_supervisiontask"):
        tasks = SupervisionTask.objects.for_user(user, "view").filter(
            status__in=(TaskStatus.NOTIFIED, TaskStatus.SELF_EVALUATION, TaskStatus.OBJECTION_WINDOW))
        for t in (TaskTarget.objects.filter(task__in=tasks.values("pk"), unit_id__in=units)
                  .select_related("task", "unit").order_by("task__start_date", "pk")):
            task, url = t.task, t.task.get_absolute_url()
            where = t.unit.name if multi else ""
            if task.status == TaskStatus.NOTIFIED:
                todos.append(Todo(_("督导通知"), _("%(t)s（实地督导开始）") % {"t": task.title}, url, task.start_date,
                                  task.notice_date, where, icon="megaphone"))
            elif task.status == TaskStatus.SELF_EVALUATION and t.self_submitted_at is None:
                text = _("%(t)s：提交自评报告") % {"t": task.title}
                if t.self_returned_at:
                    text = _("%(t)s：自评被退回，请修改后重新提交") % {"t": task.title}
                todos.append(Todo(_("自评"), text, url, task.start_date, task.notice_date, where,
                                  tone="danger" if t.self_returned_at else "", icon="journal-text"))
            elif task.status == TaskStatus.OBJECTION_WINDOW and t.objection_at is None:
                todos.append(Todo(_("申辩"), _("%(t)s：申辩期内提出申辩或放弃") % {"t": task.title}, url,
                                  task.objection_deadline, None, where, icon="chat-left-text"))
    if user_has_perm(user, "ledger.respond_ledgeritem"):
        for it in (LedgerItem.objects.for_user(user, "respond")
                   .filter(unit_id__in=units, status__in=(LedgerStatus.ISSUED, LedgerStatus.IN_PROGRESS))
                   .select_related("unit").order_by("deadline", "pk")):
            what = _("报送整改方案") if it.status == LedgerStatus.ISSUED else _("报送整改结果")
            todos.append(Todo(_("整改"), f"{it.description[:40]}：{what}", it.get_absolute_url(), it.deadline,
                              None, it.unit.name if multi else "", icon="clipboard-check"))
    if user_has_perm(user, "monitoring.submit_submission"):
        for s in (Submission.objects.for_user(user, "submit")
                  .filter(unit_id__in=units, status__in=(SubmissionStatus.DRAFT, SubmissionStatus.RETURNED))
                  .select_related("round__collection", "unit").order_by("round__deadline", "pk")):
            returned = s.status == SubmissionStatus.RETURNED
            todos.append(Todo(_("数据填报"), _("%(c)s（%(y)s年）%(r)s") % {
                "c": s.round.collection.name, "y": s.round.year, "r": _("：被退回待修改") if returned else ""},
                s.get_absolute_url(), s.round.deadline, None, s.unit.name if multi else "",
                tone="danger" if returned else "", icon="pencil-square"))
    if user_has_perm(user, "portal.respond_publication"):
        for p in Publication.objects.for_user(user, "respond").filter(
                kind=PublicationKind.STATEMENT, status=PublicationStatus.RETURNED).order_by("pk"):
            todos.append(Todo(_("整改说明"), _("%(t)s：被退回待修改") % {"t": p.title}, p.get_absolute_url(),
                              None, _date(getattr(p, "updated_at", None)), tone="danger", icon="pencil"))
    if user_has_perm(user, "documents.read_documentdelivery"):
        for d in (DocumentDelivery.objects.for_user(user, "read").filter(unit_id__in=units, read_at__isnull=True)
                  .select_related("document", "unit").order_by("-delivered_at", "-pk")):
            todos.append(Todo(_("收文"), str(d.document), d.get_absolute_url(), None, _date(d.delivered_at),
                              d.unit.name if multi else "", icon="envelope-paper"))
    # unread messages, but those announcing what the list already holds while it is owed (its row is
    # the thing to do; once done, the message is news, read in 我的提醒) and those about a listed page
    listed = {t.url for t in todos}
    for n in notifications_for(user).filter(read_at__isnull=True).exclude(kind__in=LISTED_KINDS).filter(
            Q(recipient=user) | Q(recipient_unit_id__in=units)):
        if n.url not in listed:
            listed.add(n.url)
            todos.append(Todo(_("提醒"), n.message, n.url, None, n.sent_on, icon="bell"))
    far = datetime.date.max
    todos.sort(key=lambda t: (t.due is None, t.due or far, -(t.since or datetime.date.min).toordinal()))
    user._dudao_todos = (today, todos)
    return todos


def unit_todo_count(user) -> int:
    """The number on the menu's 首页 entry (the unit's to-dos)."""
    from django.utils import timezone

    if not respondent_units(user):
        return 0
    return len(unit_todos(user, timezone.localdate()))


# ---- the inspector's schools --------------------------------------------------------------------------
@dataclass
class SchoolRow:
    school: object
    month_visits: int
    per_month: int
    semester_visits: int
    floor: int
    target: int  # semester target to date (per month × months so far)
    open_items: int
    overdue_items: int

    @property
    def due(self) -> int:
        """Visits still due this month: the month's target, or the semester's arrears if larger."""
        return max(0, self.per_month - self.month_visits, self.target - self.semester_visits)


def my_schools(user, today: datetime.date) -> list[SchoolRow]:
    """The schools the user is the responsible inspector of (挂牌), with this month's visits against
    the region's monthly target (``visits.target_per_month``), the semester against its floor
    (``visits.min_per_semester``), and each school's open and overdue problems."""
    from dudao.inspections import selectors as inspections
    from dudao.inspections.models import RegularVisit
    from dudao.inspectors.models import Posting
    from dudao.ledger.choices import OPEN_STATUSES
    from dudao.ledger.models import LedgerItem
    from dudao.regionsettings.services import get_setting

    postings = (Posting.objects.for_user(user, "view").current().filter(inspector__user=user)
                .select_related("school__region", "inspector").order_by("school__name", "pk"))
    _sem, rows = inspections.visit_compliance(postings, today)
    if not rows:
        return []
    schools = [r.posting.school_id for r in rows]
    month_start = today.replace(day=1)
    month = {(v["school"], v["inspector"]): v["n"] for v in RegularVisit.objects.for_user(user, "view").filter(
        school_id__in=schools, visited_on__range=(month_start, today)).values("school", "inspector")
        .annotate(n=Count("id"))}
    items = {r["unit"]: r for r in LedgerItem.objects.for_user(user, "view").filter(
        unit_id__in=schools, status__in=OPEN_STATUSES).values("unit").annotate(
        n=Count("id"), late=Count("id", filter=Q(deadline__lt=today)))}
    per_month: dict[int, int] = {}
    out = []
    for r in rows:
        school = r.posting.school
        if school.region_id not in per_month:
            per_month[school.region_id] = int(get_setting(school.region, "visits.target_per_month"))
        counts = items.get(school.pk, {})
        out.append(SchoolRow(school, month.get((school.pk, r.posting.inspector_id), 0), per_month[school.region_id],
                             r.visits, r.floor, r.target, counts.get("n", 0), counts.get("late", 0)))
    return out


# ---- the office's morning and the leader's summary -------------------------------------------------
def _list(title, icon, url, qs, row, *, tone="", count=None) -> dict:
    """One list on a home: its count, its link and its first ``TOP`` rows."""
    n = qs.count() if count is None else count
    return {"title": title, "icon": icon, "url": url, "count": n, "tone": tone if n else "",
            "rows": [row(obj) for obj in qs[:TOP]]}


def _item_row(today):
    def row(it):
        late = (today - it.deadline).days
        meta = _("逾期%(n)s天") % {"n": late} if late > 0 else _("%(d)s到期") % {"d": it.deadline}
        return {"text": f"{it.unit.name}：{it.description[:40]}", "url": it.get_absolute_url(), "meta": meta,
                "tone": "danger" if late > 0 else ""}
    return row


def office_lists(user, today: datetime.date) -> list[dict]:
    """The office's morning: overdue problems, problems due this week, 督办 to issue, supervision
    tasks waiting for the office, data submissions to review or accept."""
    from dudao.inspections.selectors import tasks_waiting_for_office
    from dudao.ledger.choices import OPEN_STATUSES, OrderStatus
    from dudao.ledger.models import LedgerItem, SupervisionOrder
    from dudao.monitoring.choices import SubmissionStatus
    from dudao.monitoring.models import Submission

    lists = []
    ledger = reverse("ledger:list")
    if user_has_perm(user, "ledger.view_ledgeritem"):
        items = LedgerItem.objects.for_user(user, "view").filter(status__in=OPEN_STATUSES).select_related("unit")
        week_end = today + datetime.timedelta(days=6 - today.weekday())
        lists.append(_list(_("逾期未整改"), "alarm", reverse("ledger:overdue"),
                           items.filter(deadline__lt=today).order_by("deadline", "pk"), _item_row(today), tone="danger"))
        lists.append(_list(_("本周到期"), "hourglass-split", f"{ledger}?stage=owed",
                           items.filter(deadline__gte=today, deadline__lte=week_end).order_by("deadline", "pk"),
                           _item_row(today), tone="warning"))
    if user_has_perm(user, "ledger.change_supervisionorder"):
        orders = (SupervisionOrder.objects.for_user(user, "change").filter(status=OrderStatus.DRAFT)
                  .select_related("item__unit").order_by("created_on", "pk"))
        lists.append(_list(_("督办待签发"), "megaphone", reverse("ledger:overdue"), orders, lambda o: {
            "text": f"{o.item.unit.name}：{o.item.description[:40]}", "url": o.item.get_absolute_url(),
            "meta": _("%(n)s级督办") % {"n": o.level}, "tone": "warning"}, tone="warning"))
    if user_has_perm(user, "inspections.change_supervisiontask"):
        lists.append(_list(_("待本室办理的督导任务"), "kanban", reverse("inspections:task_board"),
                           tasks_waiting_for_office(user, today), lambda t: {
                               "text": t.title, "url": t.get_absolute_url(), "meta": t.get_status_display(),
                               "tone": ""}, tone="primary"))
    subs = reverse("monitoring:submission_list")
    waiting = Submission.objects.none()
    if user_has_perm(user, "monitoring.review_submission"):
        waiting = Submission.objects.for_user(user, "review").filter(status=SubmissionStatus.SUBMITTED)
    if user_has_perm(user, "monitoring.accept_submission"):
        waiting = waiting | Submission.objects.for_user(user, "accept").filter(status=SubmissionStatus.APPROVED)
    if user_has_perm(user, "monitoring.review_submission") or user_has_perm(user, "monitoring.accept_submission"):
        waiting = waiting.select_related("unit", "round__collection").order_by("submitted_at", "pk")
        lists.append(_list(_("待审核的数据填报"), "clipboard-data", f"{subs}?status={SubmissionStatus.SUBMITTED}",
                           waiting, lambda s: {
                               "text": f"{s.unit.name}：{s.round.collection.name}", "url": s.get_absolute_url(),
                               "meta": s.get_status_display(), "tone": ""}, tone="primary"))
    return lists


def leader_figures(user, today: datetime.date) -> list[dict]:
    """The leader's one screen: the figures of the region, each a link to the rows behind it."""
    from dudao.inspections.choices import ACTIVE_STATUSES, TaskStatus
    from dudao.inspections.models import SupervisionTask
    from dudao.ledger import reports
    from dudao.ledger.choices import LedgerStatus, OrderStatus
    from dudao.ledger.models import LedgerItem, SupervisionOrder

    figures = []
    if user_has_perm(user, "ledger.view_ledgeritem"):
        ledger = reverse("ledger:list")
        items = LedgerItem.objects.for_user(user, "view")
        totals = reports.totals(items, today=today)  # the same figures as the ledger's own cards
        year_start = today.replace(month=1, day=1)
        agg = items.exclude(status=LedgerStatus.DRAFT).filter(created_at__date__gte=year_start).aggregate(
            year=Count("id"), closed=Count("id", filter=Q(status=LedgerStatus.CLOSED)))
        agg.update(open=totals["open"], overdue=totals["overdue"])
        # 销号率: of this year's problems, the share closed
        rate = f"{agg['closed'] * 100 // agg['year']}%" if agg["year"] else "—"
        figures += [
            {"label": _("未销号问题"), "value": agg["open"], "url": f"{ledger}?stage=open", "icon": "clipboard-check"},
            {"label": _("逾期未整改"), "value": agg["overdue"], "url": reverse("ledger:overdue"), "icon": "alarm",
             "tone": "danger" if agg["overdue"] else ""},
            {"label": _("今年登记问题已销号"), "value": agg["closed"], "url": f"{ledger}?status=closed",
             "icon": "check2-circle"},
            {"label": _("今年销号率"), "value": rate, "url": reverse("ledger:summary"), "icon": "percent"},
        ]
        if user_has_perm(user, "ledger.view_supervisionorder"):
            orders = SupervisionOrder.objects.for_user(user, "view").filter(status=OrderStatus.ISSUED).count()
            figures.append({"label": _("已签发督办"), "value": orders, "url": reverse("ledger:overdue"),
                            "icon": "megaphone"})
    if user_has_perm(user, "inspections.view_supervisiontask"):
        active = SupervisionTask.objects.for_user(user, "view").filter(status__in=ACTIVE_STATUSES).exclude(
            status__in=(TaskStatus.PUBLISHED,)).count()
        figures.append({"label": _("进行中的督导任务"), "value": active, "url": reverse("inspections:task_board"),
                        "icon": "kanban"})
    if user_has_perm(user, "inspections.view_regularvisit"):
        from dudao.inspections.selectors import visit_compliance
        from dudao.inspectors.models import Posting

        _sem, rows = visit_compliance(Posting.objects.for_user(user, "view").current(), today)
        below = sum(1 for r in rows if r.below_floor)
        figures.append({"label": _("本学期经常性督导未达底线的学校"), "value": below, "url": reverse("inspections:compliance"),
                        "icon": "clipboard-x", "tone": "warning" if below else ""})
    return figures
