"""Rebuild a registry from its public dump (``registry.dump``), in one transaction (``manage.py load_dump``).

Every record is checked (its keys and their types, the model's own field checks, references to lines
read before it, the dump's order) and written with its original ids, dates and hashes; the first
refused line stops the restore, names its line number, and nothing is written. Versions are inserted
with their stored snapshot and SHA-256 (the version guards allow inserts, never updates), and their HTML
is rendered from the snapshot's body as it was when they were written; the search text is rebuilt at the
end and PostgreSQL's sequences are moved past the restored ids.

People appear in the dump only as the public sees them, so accounts are stand-ins:

- the owner of a published, named entry gets an account with the user name the API shows (reused if the
  database already has one), with no e-mail address and an unusable password;
- a confirmer gets the account of the user name the entry page shows, or, when the page shows a display
  name, an account of their own (``dump:confirmer-<entry>-<n>``) holding that display name;
- anonymous entries and withdrawn entries (whose content the dump does not carry) belong to the inactive
  ``dump:custodian`` account, which also stands for "a moderator" in the catalogue's history.

``dump:`` names cannot be signed up for (a user name holds letters, digits and ``@.+-_`` only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from registry import identifiers
from registry.dump.format import (
    BENCHMARK_FIELDS,
    CLAIM_FIELDS,
    ENTRY_CONTENT_FIELDS,
    ENTRY_DATES,
    FORMAT,
    FORMAT_VERSION,
    PAPER_FIELDS,
    SECTIONS,
    TOMBSTONE_FIELDS,
    RecordError,
    check,
    parse_record,
    withheld_snapshot,
)
from registry.markdown import render_markdown
from registry.models import (
    Author,
    Benchmark,
    BenchmarkAlias,
    CatalogueChange,
    ChangeKind,
    ChangeStatus,
    Claim,
    Confirmation,
    Entry,
    Event,
    EventKind,
    Evidence,
    Paper,
    PaperIdentifier,
    Profile,
    ReviewStatus,
    Status,
    Version,
    benchmark_key,
    format_accession,
    parse_accession,
)
from registry.workflow.search_text import refresh_search_text
from registry.workflow.versions import snapshot_sha256

CUSTODIAN_USERNAME = "dump:custodian"
CONFIRMER_USERNAME = "dump:confirmer-{entry}-{n}"
SEARCH_TEXT_BATCH = 500
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# How each public event moved the entry (not in the dump: the kind says it).
_EVENT_STATUSES = {
    EventKind.PUBLISHED: (Status.SUBMITTED, Status.PUBLISHED),
    EventKind.REVISED: (Status.PUBLISHED, Status.PUBLISHED),
    EventKind.WITHDRAWN: (Status.PUBLISHED, Status.WITHDRAWN),
    EventKind.CONFIRMED: (Status.PUBLISHED, Status.PUBLISHED),
}


class RestoreError(Exception):
    """A dump that cannot be restored; ``line`` is the line number that was refused (None: the whole file)."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.line = line


@dataclass
class RestoreReport:
    """What a restore wrote: records per type, the stand-in accounts made, and versions whose hash does not
    match their snapshot (restored as recorded: ``verify_versions`` reports them)."""

    counts: dict[str, int] = field(default_factory=dict)
    accounts: int = 0
    hash_mismatches: list[str] = field(default_factory=list)

    def summary(self) -> str:
        shown = ", ".join(f"{self.counts.get(name, 0)} {'entries' if name == 'entry' else name.replace('_', ' ') + 's'}"
                          for name in SECTIONS[1:-1])
        return f"Restored {shown}; {self.accounts} stand-in accounts."


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {message}" if name != "__all__" else message
                         for name, messages in exc.message_dict.items() for message in messages)
    return "; ".join(exc.messages)


def _insert(obj) -> None:
    """INSERT ``obj`` as it is: ``raw`` keeps the given dates (auto_now would overwrite them) and skips save()."""
    obj.save_base(raw=True, force_insert=True)


def _validate(obj, *, exclude=()) -> None:
    # Uniqueness and constraints are the database's to check: it names the clash (and one query less per row).
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


# --------------------------------------------------------------------------- the restorer


@dataclass
class _Entry:
    status: str
    version: int
    title: str
    versions: int = 0
    confirmers: int = 0


class _Restorer:
    """Takes a dump's records in order; keeps only ids, not rows, so memory grows with the ids alone."""

    def __init__(self):
        self.report = RestoreReport(counts=dict.fromkeys(SECTIONS[1:-1], 0))
        self.section = -1
        self.last_id: dict[str, int] = {}
        self.benchmarks: set[int] = set()
        self.papers: set[int] = set()
        self.claims: set[int] = set()
        self.entries: dict[int, _Entry] = {}
        self.accounts: dict[str, int] = {}
        self.ended = False
        self.rendered: dict[str, str] = {}

    def take(self, record: dict, number: int) -> None:
        kind = record["type"]
        if self.ended:
            raise RestoreError("nothing may follow the end record")
        if kind not in SECTIONS:
            raise RestoreError(f"unknown record type {kind!r}")
        rank = SECTIONS.index(kind)
        if (number == 1) != (kind == "header"):
            raise RestoreError("a dump starts with its header line, and has one")
        if rank < self.section:
            raise RestoreError(f"a {kind} record after {SECTIONS[self.section]} records: a dump lists "
                               f"{', '.join(SECTIONS)}, in that order")
        self.section = rank
        getattr(self, f"_{kind}")(record)
        if kind in self.report.counts:
            self.report.counts[kind] += 1

    # ----------------------------------------------------------------- helpers

    def _ascending(self, kind: str, pk: int) -> None:
        if pk < 1 or pk <= self.last_id.get(kind, 0):
            raise RestoreError(f"{kind} ids must be positive and ascending; {pk} comes after "
                               f"{self.last_id.get(kind, 0)}")
        self.last_id[kind] = pk

    def _entry_of(self, accession: str, what: str) -> tuple[int, _Entry]:
        pk = parse_accession(accession)
        if pk is None or pk not in self.entries:
            raise RestoreError(f"{what} of {accession!r}, an entry not listed before it")
        return pk, self.entries[pk]

    def _claim_id(self, pk: int, where: str) -> int:
        if pk not in self.claims:
            raise RestoreError(f"{where}: claim {pk} is not listed before it")
        return pk

    def _render(self, text: str) -> str:
        # Versions often share their body with the next: render each text once per entry.
        if text not in self.rendered:
            self.rendered[text] = render_markdown(text)
        return self.rendered[text]

    def _account(self, username: str, *, active: bool = True, display_name: str = "") -> int:
        """The id of the account ``username``: the existing one, or a stand-in made now."""
        if username in self.accounts:
            return self.accounts[username]
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            if not username or len(username) > User._meta.get_field(User.USERNAME_FIELD).max_length:
                raise RestoreError(f"{username!r} cannot be a user name")
            user = User(**{User.USERNAME_FIELD: username}, email="", is_active=active)
            user.set_unusable_password()
            user.save()
            if display_name:
                profile = Profile(user=user, display_name=display_name)
                _validate(profile, exclude=["user"])
                profile.save()
            self.report.accounts += 1
        self.accounts[username] = user.pk
        return user.pk

    def _custodian(self) -> int:
        return self._account(CUSTODIAN_USERNAME, active=False)

    # ----------------------------------------------------------------- records

    def _header(self, record: dict) -> None:
        data = check(record, "header")
        if data["format"] != FORMAT:
            raise RestoreError(f"this is not a registry dump (format {data['format']!r}, not {FORMAT!r})")
        if data["format_version"] != FORMAT_VERSION:
            raise RestoreError(f"this dump is format version {data['format_version']}; this registry reads "
                               f"version {FORMAT_VERSION}")

    def _benchmark(self, record: dict) -> None:
        data = check(record, "benchmark")
        self._ascending("benchmark", data["id"])
        benchmark = Benchmark(id=data["id"], review_status=ReviewStatus.ACCEPTED, created_at=data["created_at"],
                              updated_at=data["updated_at"], **{k: data[k] for k in BENCHMARK_FIELDS})
        benchmark.name_key = benchmark_key(benchmark.name)
        _validate(benchmark)
        _insert(benchmark)
        aliases = [BenchmarkAlias(benchmark=benchmark, name=name, key=benchmark_key(name)) for name in data["aliases"]]
        for alias in aliases:
            _validate(alias, exclude=["benchmark"])
        BenchmarkAlias.objects.bulk_create(aliases)
        self.benchmarks.add(benchmark.pk)

    def _paper(self, record: dict) -> None:
        data = check(record, "paper")
        self._ascending("paper", data["id"])
        paper = Paper(id=data["id"], review_status=ReviewStatus.ACCEPTED, created_at=data["created_at"],
                      updated_at=data["updated_at"], **{k: data[k] for k in PAPER_FIELDS})
        paper.title_key = identifiers.normalize_title(paper.title)[:500]
        _validate(paper)
        _insert(paper)
        rows = []
        for index, row in enumerate(data["identifiers"]):
            row = check(row, "identifier", f"identifiers[{index}].")
            if row["kind"] not in identifiers.KINDS:
                raise RestoreError(f"identifiers[{index}].kind: unknown kind {row['kind']!r}")
            rows.append(PaperIdentifier(paper=paper, review_status=ReviewStatus.ACCEPTED, **row))
            _validate(rows[-1], exclude=["paper"])
        PaperIdentifier.objects.bulk_create(rows)
        self.papers.add(paper.pk)

    def _claim(self, record: dict) -> None:
        data = check(record, "claim")
        self._ascending("claim", data["id"])
        if data["paper"] not in self.papers:
            raise RestoreError(f"claim {data['id']}: paper {data['paper']} is not listed before it")
        if data["benchmark"] not in self.benchmarks:
            raise RestoreError(f"claim {data['id']}: benchmark {data['benchmark']} is not listed before it")
        claim = Claim(id=data["id"], paper_id=data["paper"], benchmark_id=data["benchmark"],
                      review_status=ReviewStatus.ACCEPTED, created_at=data["created_at"],
                      updated_at=data["updated_at"], **{k: data[k] for k in CLAIM_FIELDS})
        _validate(claim, exclude=["paper", "benchmark"])
        _insert(claim)
        self.claims.add(claim.pk)

    def _entry(self, record: dict) -> None:
        status = record.get("status")
        if status not in (Status.PUBLISHED, Status.WITHDRAWN):
            raise RestoreError(f"status: a dump holds published and withdrawn entries, not {status!r}")
        data = check(record, status)
        pk = parse_accession(data["accession"])
        if pk is None or format_accession(pk) != data["accession"]:
            raise RestoreError(f"accession: {data['accession']!r} is not an accession such as NR-000042")
        self._ascending("entry", pk)
        self.rendered = {}
        common = {k: data[k] for k in ("status", "revision", "version", *ENTRY_DATES)}
        if status == Status.WITHDRAWN:
            # The tombstone: no content, no owner, no authors (shown as anonymous), its reason and dates.
            entry = Entry(pk=pk, owner_id=self._custodian(), anonymous=True, withdrawn_at=data["withdrawn_at"],
                          **common, **{k: data[k] for k in TOMBSTONE_FIELDS})
            _validate(entry, exclude=["owner", "summary"])
            _insert(entry)
            # Only the claims it countered (for the claim and benchmark feeds), nothing it observed.
            Evidence.objects.bulk_create([Evidence(entry=entry, claim_id=self._claim_id(claim, f"claims[{index}]"),
                                                   position=index) for index, claim in enumerate(data["claims"])])
            self.entries[pk] = _Entry(status, entry.version, entry.title)
            return
        if data["anonymous"] != (data["owner"] is None):
            raise RestoreError("owner: a named entry gives its owner's user name; an anonymous one gives null")
        if data["anonymous"] and data["authors"]:
            raise RestoreError("authors: an anonymous entry lists no authors in a public dump")
        if data["source_paper"] is not None and data["source_paper"] not in self.papers:
            raise RestoreError(f"source_paper: paper {data['source_paper']} is not listed before it")
        owner = self._custodian() if data["anonymous"] else self._account(data["owner"])
        entry = Entry(pk=pk, owner_id=owner, source_paper_id=data["source_paper"], **common,
                      **{k: data[k] for k in ENTRY_CONTENT_FIELDS})
        _validate(entry, exclude=["owner", "source_paper"])
        entry.body_html = self._render(entry.body)
        _insert(entry)
        authors = []
        for index, row in enumerate(data["authors"]):
            authors.append(Author(entry=entry, position=index, **check(row, "author", f"authors[{index}].")))
            _validate(authors[-1], exclude=["entry"])
        evidence = []
        for index, row in enumerate(data["evidence"]):
            row = check(row, "evidence", f"evidence[{index}].")
            claim = self._claim_id(row.pop("claim"), f"evidence[{index}].claim")
            evidence.append(Evidence(entry=entry, position=index, claim_id=claim, **row))
            _validate(evidence[-1], exclude=["entry", "claim"])
        Author.objects.bulk_create(authors)
        Evidence.objects.bulk_create(evidence)
        self.entries[pk] = _Entry(status, entry.version, entry.title)

    def _version(self, record: dict) -> None:
        record = dict(record)
        snapshot = record.pop("snapshot", None)
        data = check(record, "version")
        pk, entry = self._entry_of(data["entry"], "a version")
        if entry.versions == 0:
            self.rendered = {}  # another entry's versions begin: what was rendered for the last one is done with
        number = data["number"]
        if number != entry.versions + 1 or number > entry.version:
            raise RestoreError(f"{data['entry']} is at version {entry.version}: its versions are listed 1, 2, 3… "
                               f"in order, and this one is {number}")
        if not _SHA256.match(data["sha256"]):
            raise RestoreError("sha256: expected 64 lower-case hexadecimal digits")
        if entry.status == Status.WITHDRAWN:
            if snapshot is not None:
                raise RestoreError("snapshot: a withdrawn entry's versions carry no content in a public dump")
            snapshot, body_html = withheld_snapshot(accession=data["entry"], number=number,
                                                         title=entry.title), ""
        else:
            if not isinstance(snapshot, dict):
                raise RestoreError("snapshot: a published entry's version gives its snapshot, an object")
            body = snapshot.get("body") or ""
            if not isinstance(body, str):
                raise RestoreError("snapshot.body: expected text")
            body_html = self._render(body)
            if snapshot_sha256(snapshot) != data["sha256"]:
                self.report.hash_mismatches.append(f"{data['entry']} v{number}")
        _insert(Version(entry_id=pk, number=number, snapshot=snapshot, sha256=data["sha256"],
                        change_note=data["change_note"], created_at=data["created_at"], body_html=body_html))
        entry.versions = number

    def _event(self, record: dict) -> None:
        data = check(record, "event")
        pk, _ = self._entry_of(data["entry"], "an event")
        if data["kind"] not in _EVENT_STATUSES:
            raise RestoreError(f"kind: a public event is one of {', '.join(_EVENT_STATUSES)}, not {data['kind']!r}")
        from_status, to_status = _EVENT_STATUSES[data["kind"]]
        event = Event(entry_id=pk, kind=data["kind"], actor=None, from_status=from_status, to_status=to_status,
                      version=data["version"], reason=data["reason"], created_at=data["created_at"])
        _validate(event, exclude=["entry", "actor"])
        _insert(event)

    def _confirmation(self, record: dict) -> None:
        record = dict(record)
        names = {key: record.pop(key) for key in ("username", "display_name") if key in record}
        data = check(record, "confirmation")
        pk, entry = self._entry_of(data["entry"], "a confirmation")
        if entry.status != Status.PUBLISHED:
            raise RestoreError(f"{data['entry']} is withdrawn: a public dump lists no confirmations of it")
        if len(names) != 1 or not isinstance(next(iter(names.values())), str) or not next(iter(names.values())):
            raise RestoreError("a confirmation names its confirmer by one of username or display_name (text)")
        if "username" in names:
            user = self._account(names["username"])
        else:
            entry.confirmers += 1
            username = CONFIRMER_USERNAME.format(entry=pk, n=entry.confirmers)
            user = self._account(username, display_name=names["display_name"])
        confirmation = Confirmation(entry_id=pk, user_id=user, note=data["note"], created_at=data["created_at"])
        _validate(confirmation, exclude=["entry", "user"])
        _insert(confirmation)

    def _catalogue_change(self, record: dict) -> None:
        data = check(record, "catalogue_change")
        targets = {"paper": self.papers, "benchmark": self.benchmarks, "claim": self.claims}
        if data["target_type"] not in targets:
            raise RestoreError(f"target_type: one of paper, benchmark or claim, not {data['target_type']!r}")
        if data["target"] not in targets[data["target_type"]]:
            raise RestoreError(f"target: {data['target_type']} {data['target']} is not listed before it")
        if data["kind"] not in ChangeKind.values:
            raise RestoreError(f"kind: one of {', '.join(ChangeKind.values)}, not {data['kind']!r}")
        entry = self._entry_of(data["entry"], "a catalogue change")[0] if data["entry"] is not None else None
        change = CatalogueChange(
            kind=data["kind"], status=ChangeStatus.ACCEPTED, changes=data["changes"], reason=data["reason"],
            location=data["location"], entry_id=entry, decided_by_id=self._custodian() if data["decided"] else None,
            decided_at=data["decided_at"], created_at=data["created_at"],
            **{f"{data['target_type']}_id": data["target"]},
        )
        _validate(change, exclude=["paper", "benchmark", "claim", "entry", "decided_by", "proposed_by"])
        _insert(change)

    def _end(self, record: dict) -> None:
        data = check(record, "end")
        if data["counts"] != self.report.counts:
            differing = ", ".join(f"{name}: {data['counts'].get(name)} listed, {count} read"
                                  for name, count in self.report.counts.items() if data["counts"].get(name) != count)
            raise RestoreError(f"the dump's counts do not match its records ({differing or 'unknown types'})")
        self.ended = True

    def finish(self, last_line: int) -> None:
        if not self.ended:
            raise RestoreError(f"the dump stops after line {last_line} without its end record: it was cut off")
        short = [f"{format_accession(pk)} (version {e.version}, {e.versions} listed)"
                 for pk, e in self.entries.items() if e.versions != e.version]
        if short:
            raise RestoreError("entries without all their versions: " + ", ".join(short[:10]))
        ids = list(self.entries)
        for start in range(0, len(ids), SEARCH_TEXT_BATCH):
            refresh_search_text(ids[start:start + SEARCH_TEXT_BATCH])
        # Rows were inserted with explicit ids: PostgreSQL's sequences must move past them (SQLite's do).
        models = [Benchmark, BenchmarkAlias, Paper, PaperIdentifier, Claim, Entry, Author, Evidence, Version, Event,
                  Confirmation, CatalogueChange, get_user_model(), Profile]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


# --------------------------------------------------------------------------- the one entry point


def registry_is_empty() -> bool:
    """Whether the database holds no entries, papers, benchmarks, claims or catalogue history."""
    return not any(model.objects.exists() for model in (Entry, Paper, Benchmark, Claim, CatalogueChange))


def restore_dump(lines: Iterable[bytes | str], *, stdout=None, allow_nonempty: bool = False) -> RestoreReport:
    """Rebuild the registry from the lines of a public dump, in one transaction; see the module.

    Refuses a database that already holds a registry unless ``allow_nonempty`` (ids that clash are then
    refused by the database). A refused line raises ``RestoreError`` naming it, and nothing is written.
    """
    restorer = _Restorer()
    with transaction.atomic():
        if not allow_nonempty and not registry_is_empty():
            raise RestoreError("The database already holds a registry: a dump is restored into an empty one "
                               "(migrate a new database, or flush this one, first).")
        number = 0
        for number, raw in enumerate(lines, start=1):
            try:
                restorer.take(parse_record(raw), number)
            except (RestoreError, RecordError) as exc:
                raise RestoreError(str(exc), line=number) from None
            except ValidationError as exc:
                raise RestoreError(_messages(exc), line=number) from None
            except DatabaseError as exc:
                raise RestoreError(f"the database refused it: {str(exc).strip()}", line=number) from None
        restorer.finish(number)
    report = restorer.report
    if stdout is not None:
        stdout.write(report.summary())
        if report.hash_mismatches:
            stdout.write(f"Warning: {len(report.hash_mismatches)} version(s) were restored as recorded but their "
                         f"snapshot does not hash to their sha256 ({', '.join(report.hash_mismatches[:10])}); "
                         "run verify_versions.")
    return report
