"""Two office staff press "发出督导通知" on the same draft at the same moment: the row lock makes
exactly one transition happen and one event be written; the other sees the new state and is refused."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from dudao.inspections import workflows
from dudao.inspections.models import SupervisionTask, TaskEvent
from dudao.testing.inspections_factories import setting, special_task

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_notify_exactly_one_wins(tree):
    world = setting(tree)
    task = special_task(world, framework=False)
    barrier = threading.Barrier(2)
    results = []

    def notify():
        try:
            barrier.wait()
            workflows.task_notify(actor=None, task=SupervisionTask.objects.get(pk=task.pk))
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=notify) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert TaskEvent.objects.filter(task=task, action="notify").count() == 1
