"""Reads shared by the portal's pages and API: the public listing, and the sources an office user
may publish from (each through ``for_user``)."""

from __future__ import annotations

from django.db.models import Count, Q

from .choices import PublicationKind
from .models import Publication
from .sources import REPORT_STATUSES

SOURCE_LIMIT = 200


def public_publications(*, region=None, kind: str = ""):
    """What the public sees: published items only, newest first, optionally within a region
    (and everything below it) and of one kind."""
    qs = Publication.objects.published().select_related("region")
    if region is not None:
        qs = qs.filter(region_path__startswith=region.path)
    if kind in PublicationKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-published_at", "-id")


def public_regions():
    """Regions that have something published (for the portal's filter), coarsest first."""
    from dudao.regions.models import Region

    paths = set(Publication.objects.published().values_list("region_path", flat=True).distinct())
    prefixes = set()
    for path in paths:
        parts = path.strip("/").split("/")
        prefixes.update("/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    return Region.objects.filter(path__in=prefixes).order_by("path")


def report_sources(user):
    from dudao.inspections.models import SupervisionTask

    return (SupervisionTask.objects.for_user(user, "view").filter(status__in=REPORT_STATUSES)
            .select_related("region").order_by("-created_at", "-id")[:SOURCE_LIMIT])


def closed_item_sources(user):
    from dudao.ledger.models import LedgerItem

    return (LedgerItem.objects.for_user(user, "view").filter(status="closed").select_related("unit")
            .order_by("-closed_at", "-id")[:SOURCE_LIMIT])


def task_unit_sources(user) -> list[tuple]:
    """(task, unit) pairs where the unit had problems from the task and every one is closed."""
    from dudao.inspections.models import SupervisionTask
    from dudao.ledger.models import LedgerItem
    from dudao.orgs.models import Unit

    rows = (LedgerItem.objects.for_user(user, "view").filter(task__isnull=False)
            .values("task_id", "unit_id")
            .annotate(total=Count("id"), open=Count("id", filter=~Q(status="closed")))
            .filter(open=0).order_by("-task_id", "unit_id")[:SOURCE_LIMIT])
    rows = list(rows)
    tasks = SupervisionTask.objects.in_bulk({r["task_id"] for r in rows})
    units = Unit.objects.in_bulk({r["unit_id"] for r in rows})
    return [(tasks[r["task_id"]], units[r["unit_id"]]) for r in rows]


def case_sources(user):
    from dudao.accountability.models import AccountabilityCase

    return (AccountabilityCase.objects.for_user(user, "view").filter(status="decided").select_related("unit")
            .order_by("-decided_on", "-id")[:SOURCE_LIMIT])


def history(pub):
    return pub.events.select_related("actor").order_by("created_at", "id")
