"""``manage.py dump_registry``: the public dump, every public fact as JSON Lines (see registry.dump)."""

import gzip
import io
import os
import tempfile

from django.core.management.base import BaseCommand, CommandError

from registry.dump import CHUNK_SIZE, dump_lines


class Command(BaseCommand):
    help = (
        "Write the public dump: the accepted catalogue, every published entry with all its versions (snapshots "
        "and SHA-256s), withdrawn entries as tombstones, the public timeline, confirmations and catalogue "
        "history, as canonical JSON Lines. A FILE ending in .gz is gzipped. load_dump restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE",
                            help="write to FILE (replaced only once the dump is complete; .gz: gzipped); "
                                 "default stdout")
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE,
                            help=f"rows fetched per database round (default {CHUNK_SIZE})")

    def handle(self, *args, output=None, chunk_size=CHUNK_SIZE, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        lines = dump_lines(chunk_size=chunk_size)
        if not output or output == "-":
            for line in lines:
                self.stdout.write(line, ending="")
            return
        directory = os.path.dirname(os.path.abspath(output))
        try:
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=".dump-", suffix=".part")
        except OSError as exc:
            raise CommandError(f"Cannot write to {output}: {exc.strerror}.") from None
        count = 0
        try:
            with os.fdopen(handle, "wb") as raw:
                # mtime=0 and no file name in the gzip header: the same dump gives the same bytes.
                binary = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) \
                    if output.endswith(".gz") else raw
                with io.TextIOWrapper(binary, encoding="utf-8", newline="\n") as out:
                    for line in lines:
                        out.write(line)
                        count += 1
            os.replace(temporary, output)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        self.stderr.write(f"Dumped {count} records to {output}.")
