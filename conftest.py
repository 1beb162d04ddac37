import pytest


@pytest.fixture
def tree(db):
    from dudao.testing.factories import region_tree

    return region_tree()


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Production hashing is deliberately slow; tests check the policy, not the hash cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Login throttles, captchas and per-address limits are counted in the cache: start each test clean.
    from django.core.cache import cache

    cache.clear()


def _flush_past_the_audit_guard():
    """The audit table's triggers refuse DELETE/TRUNCATE (dudao/audit/guard.py); a transactional
    test's teardown flush suspends them inside its own transaction."""
    from django.db import transaction
    from django.db.backends.base.operations import BaseDatabaseOperations

    original = BaseDatabaseOperations.execute_sql_flush
    if getattr(original, "_audit_guard", False):
        return

    def execute_sql_flush(self, sql_list):
        if not any("audit_auditentry" in sql for sql in sql_list):
            return original(self, sql_list)
        from dudao.audit import guard

        with transaction.atomic(using=self.connection.alias), guard.suspended(self.connection):
            return original(self, sql_list)

    execute_sql_flush._audit_guard = True
    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush


_flush_past_the_audit_guard()
