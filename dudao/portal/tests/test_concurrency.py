"""Two offices act on one submitted statement at the same moment (approve and return), or publish
one draft twice: the row lock lets exactly one transition happen and one event be written."""

import pytest

from dudao.portal import services, workflows
from dudao.portal.models import Publication, PublicationEvent
from dudao.testing.concurrency import needs_row_locks, race
from dudao.testing.portal_factories import closed_item, portal_world

pytestmark = needs_row_locks


@pytest.mark.django_db(transaction=True)
def test_concurrent_approve_and_return_exactly_one_wins(tree):
    world = portal_world(tree)
    pub = services.statement_create(actor=None, unit=world["unit"], title="整改情况说明", body="已整改")
    pub = workflows.statement_submit(actor=None, publication=pub)
    results = race(
        lambda: workflows.statement_approve(actor=world["admin"], publication=Publication.objects.get(pk=pub.pk)),
        lambda: workflows.statement_return(actor=world["parent"], publication=Publication.objects.get(pk=pub.pk),
                                           note="请补充"),
    )
    assert results == ["ok", "refused"]
    assert PublicationEvent.objects.filter(publication=pub, action__in=["approve", "return"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_publish_exactly_one_wins(tree):
    world = portal_world(tree)
    pub = services.publication_create(actor=None, kind="rectification", ledger_item=closed_item(world))
    results = race(*[
        (lambda: workflows.publication_publish(actor=world["admin"], publication=Publication.objects.get(pk=pub.pk)))
        for _ in range(2)])
    assert results == ["ok", "refused"]
    assert PublicationEvent.objects.filter(publication=pub, action="publish").count() == 1
