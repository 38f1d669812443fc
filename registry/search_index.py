"""The SQLite full-text index's DDL, shared by its migration and by the post-migrate repair in ``registry.apps``.

Only *public* entries (published, and withdrawn ones whose tombstone stays searchable as before) are in the
SQLite FTS5 index: its content is a view of them. bm25 ranks with statistics over the whole index, so a
draft's words in the index would move the order of public answers (and the cursors of the API's relevance
pages). PostgreSQL's ``ts_rank`` scores each document alone and needs no such care. The triggers add an
entry when it becomes public and take it out when it stops being public or is deleted.
"""

COLUMNS = "title, summary, body, search_text"
PUBLIC = "('published', 'withdrawn')"
VIEW = "registry_entry_public_text"
TABLE = "registry_entry_fts"
TRIGGERS = ("registry_entry_fts_insert", "registry_entry_fts_delete", "registry_entry_fts_update")

CREATE_VIEW = f"""
    CREATE VIEW IF NOT EXISTS {VIEW} AS
    SELECT id, {COLUMNS} FROM registry_entry WHERE status IN {PUBLIC}
"""
CREATE_TABLE = f"""
    CREATE VIRTUAL TABLE {TABLE} USING fts5(
        {COLUMNS}, content='{VIEW}', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
"""
_OLD = "old.id, old.title, old.summary, old.body, old.search_text"
_NEW = "new.id, new.title, new.summary, new.body, new.search_text"
CREATE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_entry_fts_insert AFTER INSERT ON registry_entry
    WHEN new.status IN {PUBLIC} BEGIN
        INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES ({_NEW});
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_entry_fts_delete AFTER DELETE ON registry_entry
    WHEN old.status IN {PUBLIC} BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) VALUES ('delete', {_OLD});
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS registry_entry_fts_update AFTER UPDATE OF {COLUMNS}, status ON registry_entry BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) SELECT 'delete', {_OLD} WHERE old.status IN {PUBLIC};
        INSERT INTO {TABLE}(rowid, {COLUMNS}) SELECT {_NEW} WHERE new.status IN {PUBLIC};
    END
    """,
]
REBUILD = f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')"
DROP = [*(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS), f"DROP TABLE IF EXISTS {TABLE}",
        f"DROP VIEW IF EXISTS {VIEW}"]
