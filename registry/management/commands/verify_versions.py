"""``manage.py verify_versions``: recompute every version's SHA-256 from its stored snapshot."""

from django.core.management.base import BaseCommand, CommandError

from registry.dump import CHUNK_SIZE, check_version_hashes


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of every version's canonical JSON snapshot and compare it with the recorded "
        "sha256. Prints the counts; exits 1 if any version does not match."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE,
                            help=f"versions fetched per database round is a quarter of this (default {CHUNK_SIZE})")

    def handle(self, *args, chunk_size=CHUNK_SIZE, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        result = check_version_hashes(chunk_size=chunk_size)
        line = (f"{result.versions} versions of {result.entries} entries: {result.verified} verified, "
                f"{len(result.mismatches)} mismatches")
        if result.withheld:
            line += (f", {result.withheld} withheld (withdrawn entries restored from a public dump keep their "
                     "hashes but not their content)")
        self.stdout.write(line + ".")
        for accession, number, recorded, computed in result.mismatches:
            self.stderr.write(f"{accession} v{number}: recorded sha256 {recorded}, the snapshot hashes to {computed}")
        if result.mismatches:
            raise CommandError(f"{len(result.mismatches)} version(s) do not match their recorded SHA-256.")
