"""``manage.py load_dump``: rebuild the registry from a public dump (see registry.workflow.restore)."""

import gzip
import sys

from django.core.management.base import BaseCommand, CommandError

from registry.workflow.restore import RestoreError, restore_dump


class Command(BaseCommand):
    help = (
        "Restore a public dump (dump_registry's output; a FILE ending in .gz is gunzipped) into an empty "
        "database, in one transaction: every line is checked, and the first refused line is reported with "
        "its number and nothing is written. Owners and confirmers become stand-in accounts without e-mail "
        "or usable password."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the dump, or - for standard input")
        parser.add_argument("--allow-nonempty", action="store_true",
                            help="restore even though the database already holds entries or a catalogue "
                                 "(ids that clash are refused)")

    def handle(self, *args, file, allow_nonempty=False, **options):
        try:
            if file == "-":
                report = restore_dump(sys.stdin.buffer, stdout=self.stdout, allow_nonempty=allow_nonempty)
            else:
                opener = gzip.open if file.endswith(".gz") else open
                with opener(file, "rb") as source:
                    report = restore_dump(source, stdout=self.stdout, allow_nonempty=allow_nonempty)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from None
        except EOFError:
            raise CommandError(f"{file} is cut off (the gzip stream ends early); nothing was restored.") from None
        except RestoreError as exc:
            source = "standard input" if file == "-" else file
            raise CommandError(f"{source}, {str(exc).rstrip('.')}. Nothing was restored.") from None
        if report.hash_mismatches:
            self.stderr.write("Run `manage.py verify_versions` to list the versions whose hash does not match.")
