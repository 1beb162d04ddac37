"""Two office staff post different inspectors to the same school at the same moment: exactly one
posting is created (row lock on the school plus the one-open-posting constraint)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from dudao.inspectors.models import Posting
from dudao.inspectors.postings import posting_create
from dudao.testing import schools_factories as sf

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_postings_to_one_school_exactly_one_wins(tree):
    office = sf.office(tree["nanan"])
    school = sf.school(tree["nanan"])
    a, b = sf.inspector(office), sf.inspector(office)
    barrier = threading.Barrier(2)
    results = []

    def post(inspector):
        try:
            barrier.wait()
            posting_create(actor=None, inspector=inspector, school=school, start_date=datetime.date(2025, 9, 1))
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Posting.objects.filter(school=school, end_date__isnull=True).count() == 1
