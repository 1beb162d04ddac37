"""``manage.py ledger_daily [--date YYYY-MM-DD]``: the ledger's daily job, for cron when Celery beat
is not used (see ``dudao.ledger.deadlines``)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from dudao.ledger.deadlines import ledger_daily


class Command(BaseCommand):
    help = "问题台账每日任务：整改期限提醒、逾期督办、再次逾期升级。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期运行（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        result = ledger_daily(today=today)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))
