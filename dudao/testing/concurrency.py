"""Race two (or more) service calls for the concurrency tests: every call starts at the same moment
in its own thread (its own database connection) and each ends as ``"ok"`` or ``"refused"`` (a
``ValidationError``); any other exception ends as its class name, so the test's assertion shows it.
Row locks are only real on PostgreSQL: mark such tests with ``needs_row_locks`` and
``pytest.mark.django_db(transaction=True)``."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

needs_row_locks = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks (PostgreSQL)")


def race(*calls) -> list[str]:
    """Run ``calls`` (no-argument callables) at once; their outcomes, sorted."""
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except ValidationError:
            results.append("refused")
        except Exception as exc:
            results.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results)
