"""Helpers for data-migration tests: move the test database to given migration nodes and get the
historical app registry there."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to ``targets`` ([(app, migration)…]; ``(app, None)`` unapplies every migration of the
    app, e.g. one that did not exist yet); returns the historical apps at that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def leaf_nodes():
    """The newest migration of every app (the state ``migrate`` leaves)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
