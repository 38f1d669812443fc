"""What the database itself refuses: a published version's snapshot is never rewritten, by any route.

``Version.save()`` refuses updates, but ``Version.objects.update()``, a bulk write or raw SQL would not
pass through it. These triggers make the database refuse an UPDATE of a version's content columns and
any DELETE, on PostgreSQL and on SQLite. ``created_by`` may still become NULL when a user is deleted, and
``body_html`` may be re-rendered (it is derived from the snapshot's body, e.g. after a sanitiser change).

Migration 0004 creates them; on SQLite a later migration that rebuilds ``registry_version`` drops them,
and ``registry.apps`` recreates them after every ``migrate`` (as it does the full-text triggers).
"""

MESSAGE = "Published versions are immutable."
PROTECTED_COLUMNS = ("entry_id", "number", "snapshot", "sha256", "change_note", "created_at")

SQLITE_TRIGGER_NAMES = ("registry_version_no_update", "registry_version_no_delete")
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_version_no_update
    BEFORE UPDATE OF {", ".join(PROTECTED_COLUMNS)} ON registry_version
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_version_no_delete
    BEFORE DELETE ON registry_version
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES]

_CHANGED = " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in PROTECTED_COLUMNS)
PG_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION registry_version_immutable() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR ({_CHANGED}) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS registry_version_immutable ON registry_version",
    """
    CREATE TRIGGER registry_version_immutable BEFORE UPDATE OR DELETE ON registry_version
    FOR EACH ROW EXECUTE FUNCTION registry_version_immutable()
    """,
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS registry_version_immutable ON registry_version",
    "DROP FUNCTION IF EXISTS registry_version_immutable()",
]


def create(schema_editor) -> None:
    """Create the guards on this connection's engine."""
    vendor = schema_editor.connection.vendor
    for sql in PG_CREATE if vendor == "postgresql" else SQLITE_CREATE if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def drop(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in PG_DROP if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else []:
        schema_editor.execute(sql)
