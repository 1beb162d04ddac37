"""The demo: one published report, one published rectification result, one unit statement awaiting
the office's approval — readable on the public portal (the statement not yet); idempotent."""

import io

from django.core.management import call_command
from django.test import Client

from dudao.portal import demo
from dudao.portal.models import Publication, PublicationEvent


def check_demo_publications_and_idempotence():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    report = Publication.objects.get(kind="report")
    rect = Publication.objects.get(kind="rectification")
    statement = Publication.objects.get(kind="statement")
    assert (report.status, rect.status, statement.status) == ("published", "published", "submitted")
    assert report.task.title == demo.REPORT_TASK and rect.ledger_item.status == "closed"
    assert "13812345678" not in statement.body and "138****5678" in statement.body
    index = Client().get("/public/").content.decode()
    assert report.title in index and rect.title in index and statement.title not in index
    counts = (Publication.objects.count(), PublicationEvent.objects.count())
    demo.load({}, io.StringIO())
    assert (Publication.objects.count(), PublicationEvent.objects.count()) == counts
