"""The public dump: every public fact of the registry as JSON Lines (``manage.py dump_registry``).

Export (``registry.exporting``) gives tools the entries; the dump is the backup. It carries everything a
visitor can read, and nothing else, so that ``load_dump`` (``registry.workflow.restore``) rebuilds a
registry whose public pages and API answers are the same, and whose dump is byte for byte the same file.

One record per line, canonical JSON (``registry.workflow.canonical_json``: sorted keys, no spaces,
UTF-8), each with a ``type``, in this order (every reference points back to a line already read):

- ``header``: ``format`` (``nrr-public-dump``) and ``format_version``;
- ``benchmark``, ``paper``, ``claim``: the accepted catalogue by id, with a benchmark's aliases and a
  paper's accepted identifiers (never proposals, merged duplicates or who proposed what);
- ``entry``: published entries in full (fields, authors, evidence by claim id, dates, revision, owner's
  user name unless anonymous), withdrawn ones as their tombstone (accession, title, result type, dates,
  reason, and the ids of the claims they countered, which the claim and benchmark feeds announce the
  withdrawal under: not their content, which is for the owner and moderators);
- ``version``: every version of those entries: number, SHA-256, change note, date, and the snapshot as
  stored (withheld for withdrawn entries, whose hashes stay listed);
- ``event``: the public timeline (published, revised, withdrawn, confirmed), without who acted;
- ``confirmation``: date and note, and the name the entry page shows (display name, else user name);
- ``catalogue_change``: the accepted history of catalogue items (what, when, why, with which entry);
- ``end``: how many records of each type came before, so that a cut-off file is refused.

Entries, papers, benchmarks and claims keep their ids (and so accessions and addresses). Sections are
read with ``iterator(chunk_size=...)``, in one read transaction, so memory stays flat and the dump is a
consistent picture even while the registry is in use (on SQLite, writers wait until the dump is done).
"""

from registry.dump.format import (
    CHUNK_SIZE,
    FORMAT,
    FORMAT_VERSION,
    SECTIONS,
    RecordError,
    check,
    dump_line,
    is_withheld,
    parse_record,
    withheld_snapshot,
)
from registry.dump.hashes import HashCheck, check_version_hashes
from registry.dump.writer import dump_lines, dump_records, entry_record

__all__ = [
    "CHUNK_SIZE", "FORMAT", "FORMAT_VERSION", "SECTIONS", "RecordError", "check", "dump_line", "is_withheld",
    "parse_record", "withheld_snapshot", "HashCheck", "check_version_hashes", "dump_lines", "dump_records",
    "entry_record",
]
