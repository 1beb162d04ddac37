"""Database triggers that keep the audit table append-only, below the application (等保 安全审计 c).

PostgreSQL: row triggers refuse UPDATE and DELETE, a statement trigger refuses TRUNCATE.
SQLite: triggers refuse UPDATE and DELETE. On both, DELETE of an entry older than the legal floor of
retention (``LEGAL_MIN_DAYS``, 网络安全法 第二十一条: 网络日志留存不少于六个月) is let through, so the
retention purge (``audit.services.purge``) works and can never remove a younger entry.

Switching the triggers off needs DDL rights on the table (its owner): run the application as a
role that does not own it (docs/security.md). ``suspended()`` is for the test suite's flush and
tamper tests only.
"""

from contextlib import contextmanager

LEGAL_MIN_DAYS = 180

PG_INSTALL = f"""
CREATE OR REPLACE FUNCTION audit_entry_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.timestamp < now() - interval '{LEGAL_MIN_DAYS} days' THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '审计日志不可修改或删除 (audit entries are append-only: %)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_guard_row BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_guard();
CREATE TRIGGER audit_entry_guard_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard();
"""
PG_UNINSTALL = """
DROP TRIGGER IF EXISTS audit_entry_guard_row ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_guard_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_guard();
"""
SQLITE_INSTALL = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, '审计日志不可修改 (audit entries are append-only)'); END""",
    f"""CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       WHEN OLD.timestamp >= datetime('now', '-{LEGAL_MIN_DAYS} days')
       BEGIN SELECT RAISE(ABORT, '审计日志不可删除 (audit entries are append-only)'); END""",
]
SQLITE_UNINSTALL = ["DROP TRIGGER IF EXISTS audit_entry_no_update", "DROP TRIGGER IF EXISTS audit_entry_no_delete"]


def _run(connection, statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, [PG_INSTALL])
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)


def uninstall(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, [PG_UNINSTALL])
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)


@contextmanager
def suspended(connection):
    """Triggers off inside the caller's transaction (the test suite's flush, tamper tests)."""
    if connection.vendor == "postgresql":
        _run(connection, ["ALTER TABLE audit_auditentry DISABLE TRIGGER USER"])
        try:
            yield
        finally:
            _run(connection, ["ALTER TABLE audit_auditentry ENABLE TRIGGER USER"])
    else:
        uninstall(connection)
        try:
            yield
        finally:
            install(connection)
