"""``manage.py export_entries``: every published entry as JSON Lines (see registry.exporting)."""

import os
import tempfile

from django.core.management.base import BaseCommand, CommandError

from registry.exporting import CHUNK_SIZE, export_lines


class Command(BaseCommand):
    help = (
        "Write every published entry as JSON Lines: its latest version snapshot plus its versions' "
        "numbers, SHA-256s, change notes and dates, and its status. Streamed in chunks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE",
                            help="write to FILE (replaced only once the export is complete); default stdout")
        parser.add_argument("--include-withdrawn", action="store_true",
                            help="also export withdrawn entries, with their withdrawn_reason")
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE,
                            help=f"entries fetched per database round (default {CHUNK_SIZE})")

    def handle(self, *args, output=None, include_withdrawn=False, chunk_size=CHUNK_SIZE, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        lines = export_lines(include_withdrawn=include_withdrawn, chunk_size=chunk_size)
        if not output or output == "-":
            for line in lines:
                self.stdout.write(line, ending="")
            return
        directory = os.path.dirname(os.path.abspath(output))
        try:
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=".export-", suffix=".jsonl")
        except OSError as exc:
            raise CommandError(f"Cannot write to {output}: {exc.strerror}.") from None
        count = 0
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                for line in lines:
                    out.write(line)
                    count += 1
            os.replace(temporary, output)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        self.stderr.write(f"Exported {count} entr{'y' if count == 1 else 'ies'} to {output}.")
