"""``manage.py demo`` — load the demo data (idempotent).

Each app may contribute a ``demo.py`` module with ``load(context: dict, stdout)``; they run in
INSTALLED_APPS order and share ``context`` (regions, units, users created so far)."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from dudao.accounts.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "加载演示数据（可重复执行）。所有演示账户的密码均为 Demo@2025（仅供演示）。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账户")

    def handle(self, *args, quiet_logins=False, **options):
        context = {"password": DEMO_PASSWORD}
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("dudao."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(context, self.stdout)
        if not quiet_logins:
            self.stdout.write(self.style.SUCCESS("\n演示账户（密码均为 %s，仅供演示）：" % DEMO_PASSWORD))
            for username, label in context.get("logins", []):
                self.stdout.write(f"  {username:<18} {label}")
            if context.get("walkthrough"):  # step-by-step stories to try in the browser, with their logins
                self.stdout.write("")
                for line in context["walkthrough"]:
                    self.stdout.write(line)
