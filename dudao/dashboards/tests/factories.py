"""Generated ledgers for the dashboards' tests and benchmark."""

import datetime
import random

from django.utils import timezone

from dudao.ledger import services, workflows
from dudao.ledger.models import LedgerItem
from dudao.testing.schools_factories import school

SOURCES = ("monitoring", "complaint", "hotline", "media", "upper_feedback")
CATEGORIES = ("safety", "teaching", "management", "moral")
STAGES = ("issued", "plan_submitted", "in_progress", "reported", "rechecking", "closed")


def advance(item, to: str):
    steps = {
        "issued": lambda i: workflows.item_submit_plan(actor=None, item=i, plan="整改方案"),
        "plan_submitted": lambda i: workflows.item_accept_plan(actor=None, item=i, note="同意"),
        "in_progress": lambda i: workflows.item_report(actor=None, item=i, report="已整改", evidence="照片"),
        "reported": lambda i: workflows.item_begin_recheck(actor=None, item=i, method="on_site"),
        "rechecking": lambda i: workflows.item_close(actor=None, item=i, conclusion="整改到位"),
    }
    while item.status != to:
        item = steps[item.status](item)
    return item


def generated_ledger(regions, *, items: int = 40, seed: int = 13, year: int | None = None):
    """``items`` items at a school in each of ``regions`` (round robin), at random stages, sources
    and categories, registered over the year's months, some past their deadline; the
    passing of time is set with ``QuerySet.update`` (rebuild the rollup afterwards)."""
    rnd = random.Random(seed)
    today = timezone.localdate()
    year = year or today.year
    schools = [school(r, name=f"看板学校{r.code}") for r in regions]
    made = []
    for n in range(items):
        unit = schools[n % len(schools)]
        item = services.ledger_item_create(
            actor=None, unit=unit, source=rnd.choice(SOURCES), description=f"看板问题{n}",
            category=rnd.choice(CATEGORIES), requirement="整改", deadline=today + datetime.timedelta(days=30))
        item = advance(item, rnd.choice(STAGES))
        month = rnd.randint(1, today.month if year == today.year else 12)
        registered = timezone.make_aware(datetime.datetime(year, month, rnd.randint(1, 28), 10))
        fields = {"created_at": registered}
        if rnd.random() < 0.4:
            fields["deadline"] = fields["original_deadline"] = registered.date() + datetime.timedelta(days=20)
        if item.status == "closed":
            fields["closed_at"] = registered + datetime.timedelta(days=rnd.randint(5, 60))
        LedgerItem.objects.filter(pk=item.pk).update(**fields)
        made.append(item.pk)
    return schools, made
