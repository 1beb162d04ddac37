"""The audit log: every create, update, delete and login, append-only, searchable and exportable
by the audit administrator only."""

import io

import pytest
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditAction, AuditEntry, ImmutableError
from dudao.orgs.models import Unit
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db


def test_create_update_delete_through_api_are_recorded_with_before_and_after(tree):
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    client = api_client(office)
    r = client.post("/api/v1/units", {"kind": "school", "name": "审计学校", "region_code": "500108"},
                    content_type="application/json", HTTP_X_REQUEST_ID="audit-req-0001", REMOTE_ADDR="10.9.8.7")
    unit_id = r.json()["id"]
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="orgs.unit", object_id=str(unit_id))
    assert created.actor == office and created.channel == "api"
    assert created.request_id == "audit-req-0001" and created.ip == "10.9.8.7"
    assert created.after["name"] == "审计学校" and created.before is None

    client.patch(f"/api/v1/units/{unit_id}", {"name": "审计学校（改）", "phone": "023-1"},
                 content_type="application/json")
    updated = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="orgs.unit", object_id=str(unit_id))
    assert updated.before == {"name": "审计学校", "phone": ""}
    assert updated.after == {"name": "审计学校（改）", "phone": "023-1"}

    client.delete(f"/api/v1/units/{unit_id}")
    deleted = AuditEntry.objects.get(action=AuditAction.DELETE, object_type="orgs.unit", object_id=str(unit_id))
    assert deleted.before["name"] == "审计学校（改）" and deleted.after is None


def test_ui_changes_are_recorded_with_ui_channel(tree):
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    client = Client()
    client.force_login(office)
    client.post("/units/add/", {"kind": "kindergarten", "name": "页面审计园", "region": "500108", "is_active": "on"})
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="orgs.unit")
    assert entry.channel == "ui" and entry.actor == office


def test_password_changes_are_logged_without_the_hash():
    user = user_with_role(RoleCode.INSPECTOR)
    user.set_password("Another@2025")
    user.save()
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="accounts.user").latest("id")
    assert "password" in entry.after
    assert entry.after["password"].startswith("******")
    assert user.password not in str(entry.after) and user.password not in str(entry.before)


def test_entries_cannot_be_changed_or_deleted_through_the_application():
    UnitFactory()
    entry = AuditEntry.objects.first()
    entry.note = "tamper"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.all().update(note="x")
    with pytest.raises(ImmutableError):
        AuditEntry.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger exists on PostgreSQL only")
def test_database_refuses_update_on_postgresql():
    from django.db import DatabaseError, transaction

    UnitFactory()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'x'")


def test_audit_admin_searches_and_exports(tree):
    auditor = user_with_role(RoleCode.AUDIT_ADMIN)
    UnitFactory(name="被搜索的学校")
    client = Client()
    client.force_login(auditor)
    page = client.get("/audit/", {"action": "create", "object_type": "orgs.unit"})
    assert page.status_code == 200 and "被搜索的学校" in page.content.decode()
    export = client.get("/audit/", {"action": "create", "export": "xlsx"})
    assert export.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "时间" and any("被搜索的学校" in str(r) for r in rows[1:])
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=auditor).exists()
    detail = client.get(AuditEntry.objects.filter(object_type="orgs.unit").first().get_absolute_url())
    assert detail.status_code == 200


@pytest.mark.parametrize("role", [RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN, RoleCode.OFFICE_ADMIN])
def test_nobody_else_reads_the_audit_log(role, tree):
    user = user_with_role(role, region=None if role != RoleCode.OFFICE_ADMIN else tree["cq"])
    UnitFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/audit/").status_code == 403
    entry = AuditEntry.objects.first()
    assert client.get(f"/audit/{entry.pk}/").status_code == 404


def test_bulk_import_is_recorded_once(tree):
    from dudao.regions.services import import_regions_csv

    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    import_regions_csv("code,name\n500108002,花园路街道\n500108003,南坪街道\n", actor=admin)
    entry = AuditEntry.objects.get(object_type="regions.region", object_repr="导入行政区划")
    assert entry.after["created"] == 2 and entry.actor == admin
    assert Unit.objects.count() == 0
