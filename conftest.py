import pytest


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations,
                    django_db_keepdb, django_db_createdb, django_db_modify_db_settings, tmp_path_factory):
    """pytest-django's fixture, but under xdist the test database is migrated once per run and copied
    to each worker (``dudao/testing/databases.py``; ~40 s of ``migrate`` saved per worker)."""
    from django.conf import settings
    from django.test.utils import teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from dudao.testing import databases

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    workers = int(getattr(request.config, "workerinput", {}).get("workercount") or 1)
    shared = (workers > 1 and not keepdb and django_db_use_migrations and aliases <= {"default"}
              and not serialized_aliases and set(settings.DATABASES) == {"default"})
    with django_db_blocker.unblock():
        if shared:
            config = databases.shared_setup(request, tmp_path_factory.getbasetemp().parent, workers)
        else:
            config = databases.default_setup(request, aliases, serialized_aliases, keepdb)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(config, verbosity=request.config.option.verbose)
            except Exception as exc:
                request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}"))


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


def _scan_static_files_once():
    """Every test ``Client`` builds its own handler, and with it a ``WhiteNoiseMiddleware`` that walks
    and stats every static file (``WHITENOISE_USE_FINDERS``) — ~20 ms a client, a fifth of a
    permission-matrix case. A server builds it once per process; here the walk is done once per
    process and its result (the URL → file map) reused while the settings it depends on are the same."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    original = WhiteNoiseMiddleware.add_files_from_finders
    if getattr(original, "_scanned_once", False):
        return
    scans = {}

    def add_files_from_finders(self):
        from django.conf import settings

        key = (self.static_prefix, self.max_age, self.allow_all_origins, self.charset, self.index_file,
               self.add_headers_function, type(self), getattr(settings, "WHITENOISE_IMMUTABLE_FILE_TEST", None),
               tuple(sorted(self.media_types.types_map.items())),
               repr(settings.STATICFILES_DIRS), tuple(settings.STATICFILES_FINDERS), tuple(settings.INSTALLED_APPS))
        if key not in scans:
            before = dict(self.files)
            original(self)
            scans[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(scans[key])

    add_files_from_finders._scanned_once = True
    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders


_scan_static_files_once()


def pytest_collection_modifyitems(config, items):
    """The data-migration walks (``migration_walk``) run on PostgreSQL, the production database: each
    walks the whole migration graph back and forth (≈ 25 s of CPU), and on SQLite the same migrations
    run forward in every test database's set-up. ``DUDAO_MIGRATION_WALKS=1`` runs them on SQLite too."""
    import os

    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DUDAO_MIGRATION_WALKS") or engine != "django.db.backends.sqlite3":
        return
    skip = pytest.mark.skip(reason="migration walk: PostgreSQL run only (DUDAO_MIGRATION_WALKS=1 runs it here)")
    for item in items:
        if "migration_walk" in item.keywords:
            item.add_marker(skip)
