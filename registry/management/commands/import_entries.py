"""``manage.py import_entries``: file each line of a JSON Lines file as a new draft (see registry.importing)."""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registry.importing import import_lines


class Command(BaseCommand):
    help = (
        "File each line of a JSON Lines file (export_entries' shape, or the API's entry write shape) as a "
        "new draft owned by --owner, each line in its own transaction. Never publishes and never "
        "overwrites: importing a file twice files its entries twice (see --skip-existing). Refused lines "
        "are reported with their line numbers; the exit status is 1 if any line was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="JSON Lines file, or - for standard input")
        parser.add_argument("--owner", required=True, metavar="USERNAME", help="who the drafts belong to")
        parser.add_argument("--submit", action="store_true", help="submit each draft to the moderators")
        parser.add_argument("--dry-run", action="store_true",
                            help="check every line as if filing it, then roll everything back")
        parser.add_argument("--skip-existing", action="store_true",
                            help="skip lines whose title the owner already has an entry under")

    def handle(self, *args, file, owner, submit=False, dry_run=False, skip_existing=False, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: owner})
        except User.DoesNotExist:
            raise CommandError(f"There is no user {owner!r}.") from None
        if not user.is_active:
            raise CommandError(f"The account {owner!r} is not active.")
        try:
            if file == "-":
                report = self._run(sys.stdin.buffer, user, submit, dry_run, skip_existing)
            else:
                with open(file, "rb") as source:
                    report = self._run(source, user, submit, dry_run, skip_existing)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None

        would = "would be " if dry_run else ""
        summary = f"{report.filed} {would}filed, {report.refused} refused"
        if skip_existing:
            summary += f", {report.skipped} skipped"
        if dry_run:
            summary += " (dry run: nothing was written)"
        self.stdout.write(summary + ".")
        if report.refused:
            raise CommandError(f"{report.refused} line(s) refused; nothing of those lines was written.")

    def _run(self, source, user, submit, dry_run, skip_existing):
        self._submit, self._dry_run = submit, dry_run
        return import_lines(source, owner=user, submit=submit, dry_run=dry_run, skip_existing=skip_existing,
                            on_result=self._say)

    def _say(self, result):
        if result.outcome == "filed":
            if self._dry_run:
                self.stdout.write(f"line {result.number}: would be filed: {result.title}")
            else:
                state = "submitted" if self._submit else "draft"
                self.stdout.write(f"line {result.number}: filed {result.accession} ({state}): {result.title}")
        elif result.outcome == "skipped":
            self.stdout.write(f"line {result.number}: skipped, {'; '.join(result.messages)}: {result.title}")
        else:
            label = f" ({result.title})" if result.title else ""
            self.stderr.write(f"line {result.number}: refused{label}:")
            for message in result.messages:
                self.stderr.write(f"    {message}")
