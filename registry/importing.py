"""Bulk import of entries from JSON Lines as new drafts (``manage.py import_entries``).

A line is one JSON object, either in the export's shape (``registry.exporting``: a version snapshot
with nested ``setup`` and ``availability``, plus ``versions`` and ``status``) or in the API's entry
write shape (flat setup and availability fields). Evidence names a claim by id or describes it
inline (paper, benchmark, metric, reported value, model, setting): inline claims are found, or created
when new. An exported claim is matched by its description, not its id, so a file moves between
registries; a description that carries only an ``id`` uses that id.

Every line becomes a *new* draft owned by the importing user, through ``workflow.entry_create`` (and
``entry_submit`` if asked), each line in its own transaction: a refused line writes nothing, and the
other lines go on. Nothing is ever published (moderators do that) and no existing entry is changed:
importing the same file twice files every entry twice, unless ``skip_existing`` skips lines whose
title the owner already has an entry under.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from registry import workflow
from registry.models import Entry

# Keys an export line (or an API read) carries that describe the entry where it came from; the new
# draft gets its own accession, version, status and dates, so these are read past.
IGNORED_KEYS = frozenset({
    # export / version snapshot
    "accession", "version", "published_at", "versions", "status", "withdrawn_reason",
    # API read shape
    "url", "page_url", "body_html", "owner", "revision", "confirmations", "created_at", "submitted_at",
    "updated_at", "returned_reason",
})
NESTED_GROUPS = {
    "setup": ("models_tested", "datasets", "runs", "compute_gpu_hours", "hardware", "framework"),
    "availability": ("code_url", "data_url", "preregistration_url", "license"),
}
TEXT_FIELDS = frozenset({
    "title", "summary", "body", "result_type", "models_tested", "datasets", "hardware", "framework",
    "code_url", "data_url", "preregistration_url", "license", "authors_contacted", "authors_reply",
})


class LineError(Exception):
    """A line that cannot be filed; ``messages`` are ``"field: message"`` texts."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class LineResult:
    number: int
    outcome: str  # "filed", "refused" or "skipped"
    accession: str = ""
    title: str = ""
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    results: list[LineResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def filed(self) -> int:
        return self.count("filed")

    @property
    def refused(self) -> int:
        return self.count("refused")

    @property
    def skipped(self) -> int:
        return self.count("skipped")


class _DryRun(Exception):
    pass


def _reject_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_line(raw: bytes | str) -> dict:
    """One line as a JSON object, or ``LineError``."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LineError([f"not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    try:
        data = json.loads(raw.rstrip("\r\n"), parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise LineError([f"not valid JSON: {exc.msg} (column {exc.colno})"]) from None
    except ValueError as exc:
        raise LineError([f"not valid JSON: {exc}"]) from None
    if not isinstance(data, dict):
        raise LineError(["each line must be one JSON object describing an entry"])
    return data


def to_workflow(data: dict) -> dict:
    """An export line or API write body as ``entry_create``'s ``fields``, ``authors`` and ``evidence``."""
    errors: list[str] = []
    fields: dict = {}
    for key, value in data.items():
        if key in IGNORED_KEYS or key in ("authors", "evidence"):
            continue
        if key in NESTED_GROUPS:
            if not isinstance(value, dict):
                errors.append(f"{key}: give an object with {', '.join(NESTED_GROUPS[key])}")
                continue
            for name, inner in value.items():
                if name not in NESTED_GROUPS[key]:
                    errors.append(f"{key}.{name}: unknown field")
                else:
                    fields[name] = inner
            continue
        if key not in workflow.ENTRY_FIELDS:
            errors.append(f"{key}: unknown field")
            continue
        fields[key] = value
    for name, value in fields.items():
        if name in TEXT_FIELDS and value is not None and not isinstance(value, str):
            errors.append(f"{name}: give text, not {type(value).__name__}")
        elif name in ("runs", "compute_gpu_hours") and isinstance(value, bool | list | dict):
            errors.append(f"{name}: give a number, not {type(value).__name__}")
        elif name == "anonymous" and isinstance(value, list | dict):
            errors.append(f"{name}: give true or false, not {type(value).__name__}")
    # The model's blank checks are the ones that count; a missing text field is an empty one.
    fields = {k: ("" if v is None and k in TEXT_FIELDS else v) for k, v in fields.items()}
    authors = data.get("authors") or []
    evidence = data.get("evidence") or []
    if not isinstance(evidence, list):
        errors.append("evidence: give the claims this result counters as a list")
    else:
        evidence = [_evidence_row(row) for row in evidence]
    if errors:
        raise LineError(errors)
    return {"fields": fields, "authors": authors, "evidence": evidence}


def _evidence_row(row):
    if not isinstance(row, dict):
        return row  # the workflow says what is wrong with it
    claim = row.get("claim")
    if isinstance(claim, dict):
        described = any(claim.get(k) for k in ("paper", "benchmark", "metric"))
        if not described and claim.get("id") is not None:
            claim = claim["id"]  # a reference by id only
        else:
            claim = {k: v for k, v in claim.items() if k != "id"}  # portable: matched by description
    elif isinstance(claim, bool):
        claim = None  # not an id; claim_resolve refuses it
    return {**row, "claim": claim}


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [f"{name}: {msg}" if name != "__all__" else msg
                    for name, msgs in exc.message_dict.items() for msg in msgs]
        return list(exc.messages)
    if isinstance(exc, LineError):
        return exc.messages
    return [str(exc)]


def import_lines(lines: Iterable[bytes | str], *, owner, submit: bool = False, dry_run: bool = False,
                 skip_existing: bool = False, on_result: Callable[[LineResult], None] | None = None,
                 ) -> ImportReport:
    """File each non-blank line as a new draft of ``owner`` (submitted if ``submit``); see the module.

    With ``dry_run`` every line is validated and written exactly as it would be, then everything is
    rolled back. Line numbers count every line of the input, blank ones included. ``on_result`` is
    called with each line's result as soon as it is known.
    """
    report = ImportReport()
    # Without dry_run each line commits on its own; with it, one outer transaction is rolled back.
    try:
        with transaction.atomic() if dry_run else nullcontext():
            for number, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                result = _import_one(number, raw, owner=owner, submit=submit, skip_existing=skip_existing)
                report.results.append(result)
                if on_result is not None:
                    on_result(result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _import_one(number, raw, *, owner, submit, skip_existing) -> LineResult:
    title = ""
    try:
        data = parse_line(raw)
        title = data.get("title") if isinstance(data.get("title"), str) else ""
        if skip_existing and title and Entry.objects.filter(owner=owner, title=title).exists():
            return LineResult(number, "skipped", title=title,
                              messages=["an entry with this title is already yours"])
        args = to_workflow(data)
        with transaction.atomic():
            entry = workflow.entry_create(by=owner, **args)
            if submit:
                entry = workflow.entry_submit(entry=entry, by=owner)
    except (LineError, ValidationError, workflow.WorkflowError) as exc:
        return LineResult(number, "refused", title=title, messages=_messages(exc))
    except (DatabaseError, TypeError, ValueError) as exc:
        # Values the checks above let through but the database refuses (out of range, ...).
        return LineResult(number, "refused", title=title, messages=[f"could not be stored: {exc}"])
    return LineResult(number, "filed", accession=entry.accession, title=entry.title)
