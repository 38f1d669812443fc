"""Checking every version's hash: ``snapshot_sha256`` of the stored snapshot against the stored ``sha256``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from registry.dump.format import CHUNK_SIZE, is_withheld
from registry.models import Status, Version, format_accession
from registry.workflow.versions import snapshot_sha256


@dataclass
class HashCheck:
    """What ``check_version_hashes`` found: counts, and ``(accession, number, recorded, computed)`` per mismatch."""

    entries: int = 0
    versions: int = 0
    verified: int = 0
    withheld: int = 0
    mismatches: list[tuple[str, int, str, str]] = field(default_factory=list)


def check_version_hashes(*, chunk_size: int = CHUNK_SIZE) -> HashCheck:
    """Recompute ``snapshot_sha256`` of every version's stored snapshot and compare it with its ``sha256``.

    A withdrawn entry restored from a public dump holds a stand-in instead of its snapshots: those versions
    are counted as withheld, not verified (and not as mismatches).
    """
    result, last_entry = HashCheck(), None
    queryset = (Version.objects.annotate(entry_status=F("entry__status"))
                .only("entry_id", "number", "snapshot", "sha256").order_by("entry_id", "number"))
    for version in queryset.iterator(chunk_size=max(1, chunk_size // 4)):
        if version.entry_id != last_entry:
            result.entries += 1
            last_entry = version.entry_id
        result.versions += 1
        accession = format_accession(version.entry_id)
        if version.entry_status == Status.WITHDRAWN and is_withheld(version.snapshot, accession=accession,
                                                                     number=version.number):
            result.withheld += 1
            continue
        computed = snapshot_sha256(version.snapshot)
        if computed == version.sha256:
            result.verified += 1
        else:
            result.mismatches.append((accession, version.number, version.sha256, computed))
    return result
