"""The full-text index of entries, in each engine's own form (see registry/search.py).

PostgreSQL: a generated, weighted tsvector column on registry_entry and a GIN index on it.
SQLite: an external-content FTS5 table over registry_entry, kept current by triggers.

The Entry model does not declare either, so the model and its other migrations stay engine-neutral.
On SQLite, a later migration that makes Django rebuild registry_entry (altering a column) drops the
triggers with the old table: ``registry.apps.ensure_sqlite_search_triggers`` runs after every
``migrate``, recreates them from ``SQLITE_TRIGGERS`` below and rebuilds the index.
"""

from django.db import migrations

PG_FORWARD = [
    # The body is cut so that no entry can exceed tsvector's 1 MB limit and fail to save.
    """
    ALTER TABLE registry_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, left(coalesce(body, ''), 200000)), 'C') ||
        setweight(to_tsvector('english'::regconfig, left(coalesce(search_text, ''), 100000)), 'D')
    ) STORED
    """,
    "CREATE INDEX registry_entry_search_gin ON registry_entry USING gin (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS registry_entry_search_gin",
    "ALTER TABLE registry_entry DROP COLUMN IF EXISTS search_vector",
]

COLUMNS = "title, summary, body, search_text"
SQLITE_TABLE = f"""
    CREATE VIRTUAL TABLE registry_entry_fts USING fts5(
        {COLUMNS}, content='registry_entry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
"""
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_entry_fts_insert AFTER INSERT ON registry_entry BEGIN
        INSERT INTO registry_entry_fts(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.summary, new.body, new.search_text);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_entry_fts_delete AFTER DELETE ON registry_entry BEGIN
        INSERT INTO registry_entry_fts(registry_entry_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.search_text);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_entry_fts_update AFTER UPDATE OF {COLUMNS} ON registry_entry BEGIN
        INSERT INTO registry_entry_fts(registry_entry_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.search_text);
        INSERT INTO registry_entry_fts(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.summary, new.body, new.search_text);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_entry_fts_insert",
    "DROP TRIGGER IF EXISTS registry_entry_fts_delete",
    "DROP TRIGGER IF EXISTS registry_entry_fts_update",
    "DROP TABLE IF EXISTS registry_entry_fts",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = PG_FORWARD
    elif vendor == "sqlite":
        # 'rebuild' indexes the entries that exist already.
        statements = [SQLITE_TABLE, *SQLITE_TRIGGERS, "INSERT INTO registry_entry_fts(registry_entry_fts) VALUES ('rebuild')"]
    else:
        raise RuntimeError(f"Full-text search supports PostgreSQL and SQLite, not {vendor}.")
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in PG_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD if vendor == "sqlite" else []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
