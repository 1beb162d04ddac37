"""等保2.0 level 3, 安全审计 (issue 17 "audit"): every export is audited with its filter and row count;
the database refuses UPDATE/DELETE/TRUNCATE; the hash chain shows the first tampered entry; old
entries are purged only past the retention period, which is never below 180 days."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.audit import chain, guard
from dudao.audit.models import AuditAction, AuditEntry
from dudao.audit.services import purge
from dudao.testing import schools_factories as sf
from dudao.testing.factories import UnitFactory, UserFactory, user_with_role
from dudao.testing.ledger_factories import item, ledger_world

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _download(response):
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def _last_export(user):
    return AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=user).latest("id")


# ---- every export is audited -------------------------------------------------------------------

def test_ledger_export_is_audited_with_filter_and_rows(tree):
    world = ledger_world(tree)
    item(world)
    item(world, description="第二个问题")
    admin = world["admin"]
    rows = _download(_client(admin).get("/ledger/", {"export": "xlsx", "q": ""}))
    entry = _last_export(admin)
    assert entry.object_type == "ledger.ledgeritem"
    assert entry.after["rows"] == len(rows) - 1 == 2
    assert entry.after["filter"] == {"q": ""}
    assert entry.ip == "127.0.0.1" and entry.channel == "ui"


def test_inspector_export_is_audited(tree):
    office = UnitFactory(region=tree["nanan"], kind="office", name="南岸区督导室")
    sf.inspector(office, name="导出督学")
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    rows = _download(_client(admin).get("/inspectors/", {"export": "xlsx"}))
    entry = _last_export(admin)
    assert entry.object_type == "inspectors.inspector" and entry.after["rows"] == len(rows) - 1 >= 1


def test_user_export_with_mobile_numbers_is_audited(tree):
    UserFactory(real_name="带手机号的用户", mobile="13912345678")
    sysadmin = user_with_role(RoleCode.SYSTEM_ADMIN)
    rows = _download(_client(sysadmin).get("/accounts/users/", {"export": "xlsx", "q": "带手机号"}))
    entry = _last_export(sysadmin)
    assert entry.object_type == "accounts.user" and entry.after == {
        "filter": {"q": "带手机号"}, "rows": len(rows) - 1, "format": "xlsx"}


def test_the_audit_export_itself_is_audited_by_the_generic_path():
    auditor = user_with_role(RoleCode.AUDIT_ADMIN)
    UnitFactory()
    rows = _download(_client(auditor).get("/audit/", {"action": "create", "export": "xlsx"}))
    entry = _last_export(auditor)
    assert entry.object_type == "audit.auditentry"
    assert entry.after["rows"] == len(rows) - 1 and entry.after["filter"] == {"action": "create"}
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=auditor).count() == 1


def test_only_the_audit_administrator_exports_the_audit_log():
    for role in (RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN):
        assert _client(user_with_role(role)).get("/audit/", {"export": "xlsx"}).status_code == 403


# ---- the database refuses changes --------------------------------------------------------------

def _refused(sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_database_refuses_update_and_delete():
    UnitFactory()
    assert AuditEntry.objects.exists()
    _refused("UPDATE audit_auditentry SET note = 'x'")
    _refused("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.filter(note="x").count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_database_refuses_truncate_on_postgresql():
    UnitFactory()
    _refused("TRUNCATE audit_auditentry")
    _refused("TRUNCATE audit_auditentry CASCADE")
    assert AuditEntry.objects.exists()


# ---- the hash chain ----------------------------------------------------------------------------

def test_each_entry_is_chained_to_the_one_before():
    UnitFactory()
    UnitFactory()
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) >= 2
    for before, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == before.hash and len(entry.hash) == 64
    assert chain.verify(AuditEntry.objects.all()).ok


def _tamper(sql, params):
    with transaction.atomic(), guard.suspended(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_tampering_is_found_at_the_first_broken_link():
    for n in range(4):
        UnitFactory(name=f"链上单位{n}")
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    victim = ids[2]
    call_command("audit_verify", stdout=io.StringIO())
    _tamper("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["改过的", victim])
    result = chain.verify(AuditEntry.objects.all())
    assert (result.broken_id, result.reason, result.checked) == (victim, "content", 2)
    with pytest.raises(CommandError, match=f"#{victim}"):
        call_command("audit_verify", stdout=io.StringIO())

    auditor = user_with_role(RoleCode.AUDIT_ADMIN)
    page = _client(auditor).get("/audit/verify/")
    assert page.status_code == 200 and f"/audit/{victim}/" in page.content.decode()
    assert _client(user_with_role(RoleCode.SECURITY_ADMIN)).get("/audit/verify/").status_code == 403


def test_a_deleted_entry_breaks_the_next_link():
    for n in range(3):
        UnitFactory(name=f"删除链{n}")
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [ids[1]])
    result = chain.verify(AuditEntry.objects.all())
    assert (result.broken_id, result.reason) == (ids[2], "prev_hash")


# ---- retention ---------------------------------------------------------------------------------

def _age(entry_ids, days):
    when = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=days))
    for pk in entry_ids:
        _tamper("UPDATE audit_auditentry SET timestamp = %s WHERE id = %s", [when, pk])


def test_purge_removes_only_entries_past_retention_and_never_younger_than_180_days(settings):
    for n in range(4):
        UnitFactory(name=f"留存{n}")
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    _age(ids[:2], 400)
    _age(ids[2:3], 100)
    settings.DUDAO_AUDIT_RETENTION_DAYS = 30  # below the legal floor: 180 days apply
    assert purge() == 2
    remaining = set(AuditEntry.objects.values_list("id", flat=True))
    assert not remaining & set(ids[:2]) and set(ids[2:]) <= remaining
    log = AuditEntry.objects.filter(object_type="audit.auditentry", action=AuditAction.DELETE).get()
    assert log.after["deleted"] == 2 and log.after["retention_days"] == 180
    assert chain.verify(AuditEntry.objects.filter(id__gt=ids[2])).ok

    # the database itself refuses deleting an entry younger than 180 days
    _refused(f"DELETE FROM audit_auditentry WHERE id = {ids[2]}")


def test_purge_runs_from_the_beat_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["audit-purge"]["task"] == "audit.purge"
