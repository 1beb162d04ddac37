"""发文字号: per office per year, allocated in the database, never duplicated, voided never reused."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from dudao.documents.choices import NumberStatus
from dudao.documents.models import DocumentNumber
from dudao.documents.samples import sample
from dudao.documents.services import document_issue, number_allocate, number_void
from dudao.testing.documents_factories import office


def take(office_, year=2025):
    with transaction.atomic():
        return number_allocate(office=office_, year=year, kind="opinion_letter")


def test_sequence_per_office_per_year(nanan_office, ddk_office):
    assert [take(nanan_office).text for _ in range(3)] == ["南岸教督〔2025〕1号", "南岸教督〔2025〕2号", "南岸教督〔2025〕3号"]
    assert take(ddk_office).text == "大渡口教督〔2025〕1号"
    assert take(nanan_office, 2026).text == "南岸教督〔2026〕1号"


def test_voided_numbers_are_recorded_and_never_reused(nanan_office, nanan_admin):
    first = take(nanan_office)
    number_void(actor=nanan_admin, number=first, reason="文件内容有误，重新发文")
    first.refresh_from_db()
    assert first.status == NumberStatus.VOIDED and first.void_reason
    assert take(nanan_office).number == 2
    assert DocumentNumber.objects.filter(office=nanan_office).count() == 2


def test_void_needs_reason_and_scope(nanan_office, nanan_admin, tree):
    from django.core.exceptions import PermissionDenied, ValidationError

    from dudao.accounts.roles import RoleCode
    from dudao.testing.factories import user_with_role

    n = take(nanan_office)
    with pytest.raises(ValidationError):
        number_void(actor=nanan_admin, number=n, reason=" ")
    with pytest.raises(PermissionDenied):
        number_void(actor=user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]), number=n, reason="x")


@pytest.mark.django_db
def test_unique_constraint_on_office_year_number(nanan_office):
    take(nanan_office)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumber.objects.create(office=nanan_office, region_path=nanan_office.region_path, year=2025, number=1,
                                      text="南岸教督〔2025〕1号", kind="report")


def test_issuing_takes_the_number_and_a_failed_render_takes_none(nanan_office, nanan_admin):
    doc = document_issue(actor=nanan_admin, office=nanan_office, kind="opinion_letter", context=sample("opinion_letter"))
    assert doc.number_text == "南岸教督〔2025〕1号" and doc.number.text == doc.number_text
    bad = sample("opinion_letter")
    bad.pop("problems")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        document_issue(actor=nanan_admin, office=nanan_office, kind="opinion_letter", context=bad)
    assert DocumentNumber.objects.filter(office=nanan_office).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="真实并发取号需要 PostgreSQL（SQLite 为单写者）")
def test_concurrent_allocation_never_duplicates(tree):
    off = office(tree["nanan"])
    threads_n, per_thread = 8, 10
    barrier = threading.Barrier(threads_n)
    results, errors = [], []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    results.append(number_allocate(office=off, year=2025, kind="report").number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, threads_n * per_thread + 1))
    assert DocumentNumber.objects.filter(office=off).count() == threads_n * per_thread
