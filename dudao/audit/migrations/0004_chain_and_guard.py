"""Chain the existing entries (in id order) and replace the PostgreSQL UPDATE/DELETE trigger of 0002
by the guard of ``dudao.audit.guard``: UPDATE, DELETE (younger than the legal retention) and
TRUNCATE refused on PostgreSQL, UPDATE and DELETE on SQLite."""

from django.db import migrations

from dudao.audit import chain, guard

OLD_PG_DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""
OLD_PG_CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计日志不可修改或删除 (audit entries are append-only)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(OLD_PG_DROP)
    AuditEntry = apps.get_model("audit", "AuditEntry")
    prev = ""
    with connection.cursor() as cursor:
        for row in AuditEntry.objects.order_by("id").values("id", *chain.FIELDS).iterator(chunk_size=2000):
            digest = chain.entry_hash(prev, row)
            cursor.execute("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                           [prev, digest, row["id"]])
            prev = digest
    guard.install(connection)


def backwards(apps, schema_editor):
    guard.uninstall(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_PG_CREATE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain")]
    operations = [migrations.RunPython(forwards, backwards)]
