"""The registry's domain model. See DESIGN.md for the words."""

from registry.models.catalogue import (
    Benchmark,
    BenchmarkAlias,
    CatalogueChange,
    ChangeKind,
    ChangeStatus,
    Claim,
    Modality,
    Paper,
    PaperIdentifier,
    ReviewStatus,
    benchmark_key,
)
from registry.models.entries import (
    ACCESSION_PREFIX,
    MODERATORS_GROUP,
    RESULT_TYPE_HELP,
    Author,
    AuthorsContacted,
    Confirmation,
    Entry,
    Event,
    EventKind,
    Evidence,
    Profile,
    Relation,
    ResultType,
    SpreadKind,
    Status,
    Version,
    format_accession,
    is_moderator,
    parse_accession,
)

__all__ = [
    "ACCESSION_PREFIX", "MODERATORS_GROUP", "RESULT_TYPE_HELP", "Author", "AuthorsContacted", "Benchmark",
    "BenchmarkAlias", "CatalogueChange", "ChangeKind", "ChangeStatus", "PaperIdentifier", "ReviewStatus",
    "benchmark_key",
    "Claim", "Confirmation", "Entry", "Event", "EventKind", "Evidence", "Modality", "Paper", "Profile",
    "Relation", "ResultType", "SpreadKind", "Status", "Version", "format_accession", "is_moderator",
    "parse_accession",
]
