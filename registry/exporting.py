"""Bulk export of published entries as JSON Lines, one entry per line (``manage.py export_entries``).

Each line is the entry's latest ``Version.snapshot`` exactly as stored (so ``snapshot_sha256`` of that
part equals the version's ``sha256``), plus keys that are not part of any snapshot:

- ``versions``: every version, oldest first: ``{"number", "sha256", "change_note", "created_at"}``;
- ``status``: ``published`` or ``withdrawn``;
- ``withdrawn_reason``: on withdrawn entries only (exported only when asked for).

Keys are sorted, so the same data always gives the same bytes. ``split_export_record`` takes a decoded
line apart again, and ``registry.importing`` reads these lines back as new drafts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import F, Prefetch, QuerySet

from registry.models import Entry, Status, Version

CHUNK_SIZE = 200
EXPORT_EXTRA_KEYS = ("versions", "status", "withdrawn_reason")


def export_queryset(*, include_withdrawn: bool = False) -> QuerySet:
    """Published (and optionally withdrawn) entries, oldest first, with what ``export_record`` reads.

    Two prefetches, run once per chunk by ``iterator(chunk_size=...)``: every version without its
    snapshot (for the ``versions`` list), and the latest version with its snapshot.
    """
    statuses = [Status.PUBLISHED, Status.WITHDRAWN] if include_withdrawn else [Status.PUBLISHED]
    history = Version.objects.defer("snapshot").order_by("number")
    latest = Version.objects.filter(number=F("entry__version"))
    return (
        Entry.objects.filter(status__in=statuses)
        .only("pk", "status", "version", "withdrawn_reason")
        .prefetch_related(
            Prefetch("versions", queryset=history, to_attr="export_versions"),
            Prefetch("versions", queryset=latest, to_attr="export_latest"),
        )
        .order_by("pk")
    )


def export_record(entry: Entry) -> dict:
    """One entry as export data: its latest snapshot plus ``versions``, ``status`` (and the reason)."""
    latest = getattr(entry, "export_latest", None)
    if latest is None:  # not fetched through export_queryset
        latest = list(entry.versions.filter(number=entry.version))
    history = getattr(entry, "export_versions", None)
    if history is None:
        history = entry.versions.defer("snapshot").order_by("number")
    if not latest:
        raise ValueError(f"{entry.accession} has no published version to export.")
    record = dict(latest[0].snapshot)
    record["versions"] = [
        {"number": v.number, "sha256": v.sha256, "change_note": v.change_note,
         "created_at": v.created_at.isoformat()}
        for v in history
    ]
    record["status"] = entry.status
    if entry.status == Status.WITHDRAWN:
        record["withdrawn_reason"] = entry.withdrawn_reason
    return record


def export_line(entry: Entry) -> str:
    """``export_record`` as one line of JSON (sorted keys, UTF-8 text, no NaN), newline included."""
    return json.dumps(export_record(entry), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False) + "\n"


def export_lines(*, include_withdrawn: bool = False, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """Every exported entry as a line, streamed: memory holds one chunk of entries at a time."""
    for entry in export_queryset(include_withdrawn=include_withdrawn).iterator(chunk_size=chunk_size):
        yield export_line(entry)


def split_export_record(record: dict) -> tuple[dict, dict]:
    """A decoded export line as (the version snapshot, the export-only keys)."""
    snapshot = {k: v for k, v in record.items() if k not in EXPORT_EXTRA_KEYS}
    extras = {k: record[k] for k in EXPORT_EXTRA_KEYS if k in record}
    return snapshot, extras
