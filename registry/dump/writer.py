"""Writing the dump: each section read in id order with ``iterator(chunk_size=...)``, in one read transaction."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import F, Prefetch, Q

from registry.dump.format import (
    AUTHOR_FIELDS,
    BENCHMARK_FIELDS,
    CHUNK_SIZE,
    CLAIM_FIELDS,
    ENTRY_CONTENT_FIELDS,
    ENTRY_DATES,
    EVIDENCE_FIELDS,
    PAPER_FIELDS,
    PUBLIC_EVENT_KINDS,
    PUBLIC_STATUSES,
    TOMBSTONE_FIELDS,
    dump_line,
    header_record,
    when,
)
from registry.models import (
    Author,
    Benchmark,
    BenchmarkAlias,
    CatalogueChange,
    ChangeStatus,
    Claim,
    Confirmation,
    Entry,
    Event,
    Evidence,
    Paper,
    PaperIdentifier,
    Profile,
    ReviewStatus,
    Status,
    Version,
    format_accession,
)

# --------------------------------------------------------------------------- the catalogue


def _benchmarks(chunk_size: int) -> Iterator[dict]:
    aliases = BenchmarkAlias.objects.order_by("name", "pk")
    queryset = (Benchmark.objects.accepted().prefetch_related(Prefetch("aliases", queryset=aliases))
                .order_by("pk"))
    for benchmark in queryset.iterator(chunk_size=chunk_size):
        yield {
            "type": "benchmark", "id": benchmark.pk, **{name: getattr(benchmark, name) for name in BENCHMARK_FIELDS},
            "aliases": [alias.name for alias in benchmark.aliases.all()],
            "created_at": when(benchmark.created_at), "updated_at": when(benchmark.updated_at),
        }


def _papers(chunk_size: int) -> Iterator[dict]:
    # Within a kind, identifiers keep their order: the first is the paper's preferred one.
    identifiers = PaperIdentifier.objects.filter(review_status=ReviewStatus.ACCEPTED).order_by("kind", "pk")
    queryset = (Paper.objects.accepted().prefetch_related(Prefetch("identifiers", queryset=identifiers))
                .order_by("pk"))
    for paper in queryset.iterator(chunk_size=chunk_size):
        yield {
            "type": "paper", "id": paper.pk, **{name: getattr(paper, name) for name in PAPER_FIELDS},
            "identifiers": [{"kind": row.kind, "value": row.value} for row in paper.identifiers.all()],
            "created_at": when(paper.created_at), "updated_at": when(paper.updated_at),
        }


def _claims(chunk_size: int) -> Iterator[dict]:
    for claim in Claim.objects.accepted().order_by("pk").iterator(chunk_size=chunk_size):
        yield {
            "type": "claim", "id": claim.pk, "paper": claim.paper_id, "benchmark": claim.benchmark_id,
            **{name: getattr(claim, name) for name in CLAIM_FIELDS},
            "created_at": when(claim.created_at), "updated_at": when(claim.updated_at),
        }


# --------------------------------------------------------------------------- entries and what hangs off them


def entry_record(entry: Entry) -> dict:
    """A public entry as a dump record: in full if published, its tombstone if withdrawn."""
    record = {
        "type": "entry", "accession": entry.accession, "status": entry.status, "revision": entry.revision,
        "version": entry.version, **{name: when(getattr(entry, name)) for name in ENTRY_DATES},
    }
    if entry.status == Status.WITHDRAWN:
        record.update({name: getattr(entry, name) for name in TOMBSTONE_FIELDS})
        record["withdrawn_at"] = when(entry.withdrawn_at)
        # Which claims it countered, not what it observed: the claim and benchmark feeds announce the withdrawal.
        record["claims"] = [row.claim_id for row in entry.evidence.all()]
        return record
    record.update({name: getattr(entry, name) for name in ENTRY_CONTENT_FIELDS})
    record["keywords"] = list(entry.keywords or [])
    # What the public sees of the people behind an anonymous entry: nothing (the API's owner is null).
    record["owner"] = None if entry.anonymous else entry.owner.get_username()
    record["authors"] = [] if entry.anonymous else [
        {name: getattr(author, name) for name in AUTHOR_FIELDS} for author in entry.authors.all()]
    record["evidence"] = [
        {"claim": row.claim_id, **{name: getattr(row, name) for name in EVIDENCE_FIELDS}}
        for row in entry.evidence.all()
    ]
    record["source_paper"] = entry.source_paper_id
    return record


def _entries(chunk_size: int) -> Iterator[dict]:
    queryset = (
        Entry.objects.public().select_related("owner")
        .prefetch_related(Prefetch("authors", queryset=Author.objects.order_by("position", "pk")),
                          Prefetch("evidence", queryset=Evidence.objects.order_by("position", "pk")))
        .defer("search_text", "body_html", "returned_reason")
        .order_by("pk")
    )
    for entry in queryset.iterator(chunk_size=chunk_size):
        yield entry_record(entry)


def _versions(chunk_size: int) -> Iterator[dict]:
    queryset = (
        Version.objects.filter(entry__status__in=PUBLIC_STATUSES).annotate(entry_status=F("entry__status"))
        .defer("body_html").order_by("entry_id", "number")
    )
    # Snapshots can be large: fewer of them per round keeps memory flat.
    for version in queryset.iterator(chunk_size=max(1, chunk_size // 4)):
        record = {
            "type": "version", "entry": format_accession(version.entry_id), "number": version.number,
            "sha256": version.sha256, "change_note": version.change_note, "created_at": when(version.created_at),
        }
        if version.entry_status == Status.PUBLISHED:
            record["snapshot"] = version.snapshot
        yield record


def _events(chunk_size: int) -> Iterator[dict]:
    queryset = (Event.objects.filter(entry__status__in=PUBLIC_STATUSES, kind__in=PUBLIC_EVENT_KINDS)
                .order_by("entry_id", "created_at", "pk"))
    for event in queryset.iterator(chunk_size=chunk_size):
        yield {
            "type": "event", "entry": format_accession(event.entry_id), "kind": event.kind, "version": event.version,
            "reason": event.reason, "created_at": when(event.created_at),
        }


def shown_name(user) -> tuple[str, str]:
    """How the entry page names a confirmer: ``("display_name", ...)`` if they set one, else their user name."""
    try:
        display_name = user.profile.display_name
    except Profile.DoesNotExist:
        display_name = ""
    return ("display_name", display_name) if display_name else ("username", user.get_username())


def _confirmations(chunk_size: int) -> Iterator[dict]:
    # Only published entries show their confirmations; a tombstone does not.
    queryset = (Confirmation.objects.filter(entry__status=Status.PUBLISHED).select_related("user__profile")
                .order_by("entry_id", "created_at", "pk"))
    for confirmation in queryset.iterator(chunk_size=chunk_size):
        key, name = shown_name(confirmation.user)
        yield {
            "type": "confirmation", "entry": format_accession(confirmation.entry_id), key: name,
            "note": confirmation.note, "created_at": when(confirmation.created_at),
        }


def _catalogue_changes(chunk_size: int) -> Iterator[dict]:
    accepted = ReviewStatus.ACCEPTED
    queryset = (
        CatalogueChange.objects.filter(status=ChangeStatus.ACCEPTED)
        .filter(Q(paper__review_status=accepted) | Q(benchmark__review_status=accepted)
                | Q(claim__review_status=accepted))
        .annotate(entry_status=F("entry__status")).order_by("created_at", "pk")
    )
    for change in queryset.iterator(chunk_size=chunk_size):
        target_type = "paper" if change.paper_id else "benchmark" if change.benchmark_id else "claim"
        public_entry = change.entry_id is not None and change.entry_status in PUBLIC_STATUSES
        yield {
            "type": "catalogue_change", "kind": change.kind, "target_type": target_type,
            "target": getattr(change, f"{target_type}_id"), "changes": change.changes, "reason": change.reason,
            "location": change.location, "entry": format_accession(change.entry_id) if public_entry else None,
            # The page says "accepted by a moderator", never which one.
            "decided": change.decided_by_id is not None,
            "decided_at": when(change.decided_at), "created_at": when(change.created_at),
        }


# --------------------------------------------------------------------------- the whole dump

_SECTION_READERS = (
    ("benchmark", _benchmarks), ("paper", _papers), ("claim", _claims), ("entry", _entries),
    ("version", _versions), ("event", _events), ("confirmation", _confirmations),
    ("catalogue_change", _catalogue_changes),
)


def dump_records(*, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """Every record of the dump, header to end, streamed from one consistent read of the database."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every section, so that no reference points at a row written mid-dump (SET
            # TRANSACTION must be a transaction's first statement: only when this block opened it).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield header_record()
        counts = {}
        for name, reader in _SECTION_READERS:
            counts[name] = 0
            for record in reader(chunk_size):
                counts[name] += 1
                yield record
        yield {"type": "end", "counts": counts}


def dump_lines(*, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """The dump as lines of text, newline included."""
    for record in dump_records(chunk_size=chunk_size):
        yield dump_line(record)


