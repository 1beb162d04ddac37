"""Helpers for data-migration tests: move the test database to given migration nodes and get the
historical app registry there."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to ``targets`` ([(app, migration)…]); returns the historical apps at that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaf_nodes():
    """The newest migration of every app (the state ``migrate`` leaves)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
