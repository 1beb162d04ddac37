"""Same-transaction hooks the portal connects to the machines of the apps below it (registered in
``PortalConfig.ready``).

公布督导报告 (the task's ``publish`` transition) creates the report's portal entry: a redacted
draft for the office to review, or — when the region setting ``portal.report_publish_mode`` is 1 —
published at once. A report already on the portal (e.g. the task was published from its portal
entry) is left as it is."""

from __future__ import annotations

import contextvars

from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope

from .choices import PublicationKind, PublicationStatus

REVIEW, IMMEDIATE = 0, 1
#: The publication being published from the portal (which publishes its task): the hook leaves it alone.
PUBLISHING: contextvars.ContextVar = contextvars.ContextVar("portal_publishing", default=None)


def report_publish_mode(region) -> int:
    from dudao.regionsettings.services import get_setting

    return IMMEDIATE if int(get_setting(region, "portal.report_publish_mode")) == IMMEDIATE else REVIEW


def on_task_publish(task, step):
    """Create (and, in ``immediate`` mode, publish) the portal entry of the task's report."""
    from .models import Publication
    from .services import ADD, publication_create
    from .workflows import apply

    actor = step.actor
    if actor is not None and not region_in_scope(actor, ADD, task.region):
        actor = None  # the system creates it in the office's name
    pub = (Publication.objects.select_for_update(of=("self",))
           .filter(kind=PublicationKind.REPORT, task=task).exclude(status=PublicationStatus.WITHDRAWN).first())
    if pub is not None and pub.pk == PUBLISHING.get():
        return
    if pub is None:
        pub = publication_create(actor=actor, kind=PublicationKind.REPORT, task=task)
    if report_publish_mode(task.region) == IMMEDIATE and pub.status == PublicationStatus.DRAFT:
        publisher = actor if actor is not None and region_in_scope(actor, "portal.publish_publication",
                                                                   task.region) else None
        apply(actor=publisher, publication=pub, name="publish", note=_("公布督导报告时自动公开"))


def connect() -> None:
    from dudao.inspections.workflows import WORKFLOW

    WORKFLOW.connect("publish", on_task_publish)
