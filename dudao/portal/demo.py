"""Demo rows for the public portal (E2, E4): the published report of 南岸区's spring-term special
supervision, the published rectification result of the closed 课后服务 problem, and that school's
own 整改情况说明 submitted and awaiting the office's approval. Loading again changes nothing."""

from dudao.inspections.models import SupervisionTask
from dudao.ledger.models import LedgerItem

from . import services, workflows
from .choices import PublicationKind, PublicationStatus
from .models import Publication

REPORT_TASK = "2025年南岸区春季学期开学工作专项督导"
RECTIFICATION_TASK = "2025年南岸区义务教育学校课后服务专项督导"
STATEMENT_BODY = (
    "一、问题情况\n督导反馈我校课后服务收费标准未在校门口公示。\n\n"
    "二、整改措施\n1. 在校门口公示栏和学校网站公示课后服务收费标准、服务内容和退费办法；\n"
    "2. 在家长会上逐班说明课后服务安排，接受家长监督。\n\n"
    "三、整改成效\n经区教育督导室暗访复查，公示到位，问题已销号。\n\n"
    "如有意见建议，请联系学校办公室（联系电话 13812345678）。")


def _live(**source):
    return Publication.objects.filter(**source).exclude(status=PublicationStatus.WITHDRAWN).exists()


def load(context, stdout):
    task = SupervisionTask.objects.filter(title=REPORT_TASK, status__in=("report", "published", "archived")).first()
    if task is not None:
        # publishing the task made its draft (portal.report_publish_mode = review); the demo publishes it
        pub = (Publication.objects.filter(kind=PublicationKind.REPORT, task=task)
               .exclude(status=PublicationStatus.WITHDRAWN).first())
        if pub is None:
            pub = services.publication_create(actor=None, kind=PublicationKind.REPORT, task=task)
        if pub.status == PublicationStatus.DRAFT:
            workflows.publication_publish(actor=None, publication=pub, note="演示数据")
    item = (LedgerItem.objects.filter(task__title=RECTIFICATION_TASK, status="closed")
            .select_related("unit").order_by("pk").first())
    if item is not None:
        if not _live(kind=PublicationKind.RECTIFICATION, ledger_item=item):
            pub = services.publication_create(actor=None, kind=PublicationKind.RECTIFICATION, ledger_item=item)
            workflows.publication_publish(actor=None, publication=pub, note="演示数据")
        if not _live(kind=PublicationKind.STATEMENT, unit=item.unit):
            pub = services.statement_create(actor=None, unit=item.unit, title=f"{item.unit.name}课后服务问题整改情况说明",
                                            body=STATEMENT_BODY, task=item.task)
            workflows.statement_submit(actor=None, publication=pub)
    published = Publication.objects.published().count()
    waiting = Publication.objects.filter(status=PublicationStatus.SUBMITTED).count()
    stdout.write(f"公开门户：已公开 {published} 条，待审核 {waiting} 条")
