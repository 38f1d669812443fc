"""``flush`` that steps the version guards aside while it empties the database, then puts them back.

Emptying the whole database is deliberate (tests between cases, an operator resetting a demo); the
guards in ``registry.db_guards`` exist against accidental rewrites of published versions. PostgreSQL's
flush truncates, which row triggers never see; SQLite's deletes row by row, which they refuse.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from registry import db_guards


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        guarded = connection.vendor == "sqlite" and _has_guards(connection)
        if guarded:
            with connection.cursor() as cursor:
                for sql in db_guards.SQLITE_DROP:
                    cursor.execute(sql)
        try:
            return super().handle(**options)
        finally:
            if guarded:
                with connection.cursor() as cursor:
                    for sql in db_guards.SQLITE_CREATE:
                        cursor.execute(sql)


def _has_guards(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
                       list(db_guards.SQLITE_TRIGGER_NAMES))
        return cursor.fetchone()[0] > 0
