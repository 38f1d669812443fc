"""SQLite: the full-text index holds public entries only, so drafts never move public rankings.

See ``registry.search_index``. PostgreSQL is unchanged (its rank needs no collection statistics).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from registry import search_index

    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*search_index.DROP, search_index.CREATE_VIEW, search_index.CREATE_TABLE,
                *search_index.CREATE_TRIGGERS, search_index.REBUILD]:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    from importlib import import_module

    from registry import search_index

    if schema_editor.connection.vendor != "sqlite":
        return
    old = import_module("registry.migrations.0002_search_index")
    for sql in [*search_index.DROP, old.SQLITE_TABLE, *old.SQLITE_TRIGGERS, search_index.REBUILD]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_rendered_html_and_guards"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
