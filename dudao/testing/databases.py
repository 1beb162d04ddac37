"""One migrated test database per run, copied to every pytest-xdist worker.

``migrate`` of the test database costs 30–55 s of CPU (Django renders the migration states); with
``-n 2`` every worker paid it, on each backend. Here the first worker to need a database migrates a
template and each worker (that one included) gets a copy of it:

- SQLite (the in-memory test database): the migrated database is written to a file in the run's
  shared temporary directory with SQLite's backup API and read back into each worker's in-memory
  database the same way;
- PostgreSQL: ``CREATE DATABASE <worker's> TEMPLATE <template>``; the copy that completes the set
  drops the template.

Workers take turns under a file lock in the run's shared temporary directory (the xdist recipe for
a session fixture that runs once). Without xdist (``-n 0``/``-n 1``), with ``--reuse-db``,
``--no-migrations``, more than one database or a serialized rollback, the root conftest falls back to
pytest-django's own set-up (:func:`default_setup`). See docs/performance.md, "The CI run itself".
"""

import contextlib
import fcntl
import json
import sqlite3


def default_setup(request, aliases, serialized_aliases, keepdb):
    """pytest-django's ``django_db_setup``: create (and migrate) each worker's own test databases."""
    from django.test.utils import setup_databases

    return setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases=aliases,
                           serialized_aliases=serialized_aliases, keepdb=keepdb)


@contextlib.contextmanager
def _locked(path):
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_setup(request, shared_dir, workers: int):
    """Set up this worker's test database from the run's template (migrating the template first if
    no worker has); returns the old-names config that ``teardown_databases`` takes."""
    from django.db import connections

    connection = connections["default"]
    old_name = connection.settings_dict["NAME"]
    state_path = shared_dir / "django-test-db.json"
    with _locked(shared_dir / "django-test-db.lock"):
        state = json.loads(state_path.read_text()) if state_path.exists() else None
        if state is not None and state["template"] is None:
            # A worker restarted after every copy was made: it migrates its own.
            return default_setup(request, {"default"}, set(), keepdb=False)
        if state is None:
            state = {"copies": 0, "template": _migrate_template(request, connection, shared_dir)}
        if not (state["copies"] == 0 and connection.vendor == "sqlite"):
            # (the migrating worker's in-memory SQLite database is the template already)
            _copy_template(connection, state["template"])
        state["copies"] += 1
        if state["copies"] >= workers:
            _drop_template(connection, state["template"])
            state["template"] = None
        state_path.write_text(json.dumps(state))
    return [(connection, old_name, True)]


def _migrate_template(request, connection, shared_dir) -> str:
    """Migrate the template database; returns its name (PostgreSQL) or file (SQLite)."""
    if connection.vendor == "sqlite":
        # This worker's own in-memory test database, migrated as pytest-django would, then saved.
        default_setup(request, {"default"}, set(), keepdb=False)
        path = str(shared_dir / "django-test-db.sqlite3")
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    test_settings = connection.settings_dict["TEST"]
    own = test_settings.get("NAME")
    own_name = connection.creation._get_test_db_name()  # e.g. test_dudao_ci_gw1
    worker = request.config.workerinput["workerid"]
    template = f"{own_name.removesuffix('_' + worker)}_template"
    test_settings["NAME"] = template
    try:
        default_setup(request, {"default"}, set(), keepdb=False)  # creates and migrates the template
    finally:
        test_settings["NAME"] = own
    connection.close()  # CREATE DATABASE … TEMPLATE wants no one connected to the template
    return template


def _copy_template(connection, template: str) -> None:
    """Make this worker's test database a copy of the template and connect to it."""
    from django.conf import settings

    creation = connection.creation
    name = creation._get_test_db_name()  # (SQLite: the in-memory URI; PG: test_…_gw0)
    connection.close()
    if connection.vendor != "sqlite":
        quote = connection.ops.quote_name
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(template)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def _drop_template(connection, template: str) -> None:
    if connection.vendor == "sqlite":
        return  # a file in the run's temporary directory
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")
