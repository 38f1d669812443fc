from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from registry import db_guards, search_index


def ensure_sqlite_search_triggers(sender=None, using="default", **kwargs) -> bool:
    """Recreate the SQLite FTS5 triggers (and the version guards) if a migration lost them; returns whether
    it had to rebuild the search index.

    Django rebuilds a SQLite table to alter one of its columns, and the triggers that keep the
    full-text index current go with the old table. Running after every ``migrate`` makes such a
    migration safe without anyone having to remember it; the index is then rebuilt from the entries.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        names = {row[0] for row in cursor.fetchall()}
        if "registry_version" in names and not set(db_guards.SQLITE_TRIGGER_NAMES) <= names \
                and _applied(connection, "0004_rendered_html_and_guards"):
            for sql in db_guards.SQLITE_CREATE:
                cursor.execute(sql)
        if search_index.TABLE not in names or set(search_index.TRIGGERS) <= names:
            return False  # search index not migrated yet, or intact
        if _applied(connection, "0005_sqlite_public_search_index"):
            statements = search_index.CREATE_TRIGGERS
        else:  # a database between migrations 0002 and 0005: the triggers of 0002
            from importlib import import_module

            statements = import_module("registry.migrations.0002_search_index").SQLITE_TRIGGERS
        for sql in statements:
            cursor.execute(sql)
        cursor.execute(search_index.REBUILD)
    return True


def _applied(connection, name: str) -> bool:
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder(connection).migration_qs.filter(app="registry", name=name).exists()


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Negative Results Registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(ensure_sqlite_search_triggers, sender=self,
                             dispatch_uid="registry.ensure_sqlite_search_triggers")
