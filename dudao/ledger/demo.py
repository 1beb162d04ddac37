"""Demo rows for the ledger (issue 6): the two problems the 南岸区 课后服务 special supervision's team
recorded (drafts, issued with its opinion letter by the inspections demo — no job involved). The first goes notice → plan → overdue → 督办通知 → reported → re-check (暗访) →
closed (销号); the second goes overdue → 督办 → overdue again (escalation), and the accountability
demo (``dudao.accountability.demo``) carries it on to 约谈 → 问责 decided and opens a case on a third.
Each step is in the item's history.
A fourth, the minor problem of the same supervision, is left for the browser: the unit's
plan accepted, the deadline passed and the daily job's level-1 督办 drafted, so that the office
issues the 督办, the school reports, the inspector re-checks and the office closes it — the demo
output names the login for each step (``context["walkthrough"]``). ``demo_spread`` adds problems
from the other sources at every stage for the ledger's views. "Overdue" is reached by moving the deadline into the past
(standing for the weeks that pass), never by setting a status. Loading again changes nothing."""

import datetime

from django.utils import timezone

from . import demo_spread, item_files, workflows
from .choices import LedgerStatus
from .deadlines import ledger_daily
from .models import LedgerItem, SupervisionOrder

TASK_TITLE = "2025年南岸区义务教育学校课后服务专项督导"
#: The task whose first problem is walked through in the browser.
BROWSER_TASK_TITLE = "2025年南岸区春季学期开学工作专项督导"
#: The school respondent created for that problem's unit (the other logins come from accounts' demo).
RESPONDENT = ("nanan_school2", "陈静")


def _pass_deadline(item, days_ago: int):
    """Demo only: the time that passes — the deadline is now ``days_ago`` days behind us."""
    past = timezone.localdate() - datetime.timedelta(days=days_ago)
    LedgerItem.objects.filter(pk=item.pk).update(deadline=past)
    item.refresh_from_db()


def _issue_order(item, level):
    order = SupervisionOrder.objects.get(item=item, level=level)
    workflows.order_issue(actor=None, order=order, signed_on=timezone.localdate(),
                          requirements=["按期完成整改并报送整改报告和佐证材料"])


def _demo_photo(name, colour=(70, 110, 160)):
    """A generated photo (the demo ships no image files)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(img).rectangle((80, 80, 560, 400), outline=(255, 255, 255), width=8)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _closed_story(item, today):
    item = workflows.item_submit_plan(actor=None, item=item, plan="一周内在校门口和学校网站公示课后服务收费标准。")
    item = workflows.item_accept_plan(actor=None, item=item, note="方案可行")
    _pass_deadline(item, 2)
    ledger_daily(today=today)  # overdue → 督办 drafted
    _issue_order(item, 1)
    item.refresh_from_db()
    item = item_files.item_step(actor=None, item=item, name="report",
                                report="已在校门口公示栏和学校网站公示收费标准和服务内容。",
                                evidence="公示栏照片；网站截图1张", files={"evidence": [_demo_photo("公示栏照片.jpg")]})
    item = workflows.item_begin_recheck(actor=None, item=item, method="unannounced")
    item_files.item_step(actor=None, item=item, name=item_files.RECHECK_NOTE, note="暗访：公示栏信息完整，与网站一致。",
                         files={"recheck": [_demo_photo("暗访复查照片.jpg", (90, 140, 90))]})
    workflows.item_close(actor=None, item=item, conclusion="暗访复查：公示到位，予以销号。")


def _escalated_story(item, today):
    """Overdue → 督办 → overdue again (escalation); the accountability demo carries it on to 约谈 and 问责."""
    _pass_deadline(item, 20)
    ledger_daily(today=today)  # first overdue → 督办 drafted
    _issue_order(item, 1)
    item.refresh_from_db()
    _pass_deadline(item, 1)
    ledger_daily(today=today)  # overdue again → escalated


def _respondent(context, unit):
    """The demo login of the school that answers the browser story (a unit respondent)."""
    from dudao.accounts.demo import DEMO_PASSWORD
    from dudao.accounts.models import RoleAssignment, User
    from dudao.accounts.roles import RoleCode

    username, real_name = RESPONDENT
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, real_name=real_name, unit=unit)
        user.set_password(context.get("password", DEMO_PASSWORD))
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=RoleCode.UNIT_RESPONDENT, region=None, unit=unit,
                                         defaults={"recursive": False})
    return user


def _demo_user(username):
    from dudao.accounts.models import User

    return User.objects.filter(username=username).first()


def _browser_story(item, respondent, today):
    """Plan accepted, deadline passed, the daily job drafts the level-1 督办: the rest is done in the browser."""
    item = workflows.item_submit_plan(actor=respondent, item=item,
                                      plan="两周内在校门口公示栏和学校网站公示课后服务收费标准、服务内容和监督电话。")
    workflows.item_accept_plan(actor=_demo_user("nanan_office"), item=item, note="方案可行，请按期完成")
    _pass_deadline(item, 3)
    ledger_daily(today=today)  # overdue → level-1 督办 drafted for the office to issue


def _walkthrough(context, item, respondent):
    lines = context.setdefault("walkthrough", [])
    lines.append(f"问题台账演示：/ledger/{item.pk}/ “{item.description}”（{item.unit.name}），已逾期，督办通知草稿待签发")
    lines.extend(["  1. nanan_office      签发督办通知（“督办”栏）",
                  f"  2. {respondent.username:<17} 报送整改结果（整改情况报告和佐证材料）",
                  "  3. nanan_inspector   开始复查（选择复查方式；nanan_office 也可以）",
                  "  4. nanan_office      销号（填写复查结论）；每一步都记入“办理记录”"])


def load(context, stdout):
    today = timezone.localdate()
    problems = list(LedgerItem.objects.filter(task__title=TASK_TITLE).order_by("id")[:2])
    if len(problems) < 2:
        stdout.write("问题台账：缺少演示督导任务的问题，跳过")
        return
    first, second = problems
    if first.status == LedgerStatus.ISSUED and not first.orders.exists():
        _closed_story(first, today)
    if second.status == LedgerStatus.ISSUED and not second.orders.exists():
        _escalated_story(second, today)
    item = LedgerItem.objects.filter(task__title=BROWSER_TASK_TITLE).select_related("unit").order_by("id").first()
    if item is not None:
        respondent = _respondent(context, item.unit)
        context.setdefault("logins", []).append((respondent.username, f"{item.unit.name}填报员"))
        if item.status == LedgerStatus.ISSUED and not item.orders.exists():
            _browser_story(item, respondent, today)
        if item.status != LedgerStatus.CLOSED:
            _walkthrough(context, item, respondent)
    demo_spread.load(context, stdout)
    stdout.write(f"问题台账：{LedgerItem.objects.count()} 个问题")
