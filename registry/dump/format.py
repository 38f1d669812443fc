"""The dump's format: its constants, what each record holds, how a line is read and checked.

See ``registry.dump`` for the records and their order.
"""

from __future__ import annotations

import datetime
import json
import math

from django.core.exceptions import ValidationError

from registry.models import EventKind, Status
from registry.workflow.versions import canonical_json

FORMAT = "nrr-public-dump"
FORMAT_VERSION = 1
CHUNK_SIZE = 200

PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
PUBLIC_EVENT_KINDS = (EventKind.PUBLISHED, EventKind.REVISED, EventKind.WITHDRAWN, EventKind.CONFIRMED)
# The order of the sections; a dump lists its records in it and a restore insists on it.
SECTIONS = ("header", "benchmark", "paper", "claim", "entry", "version", "event", "confirmation",
            "catalogue_change", "end")

ENTRY_CONTENT_FIELDS = (
    "title", "summary", "body", "result_type", "keywords", "anonymous", "models_tested", "datasets", "runs",
    "compute_gpu_hours", "hardware", "framework", "code_url", "data_url", "preregistration_url", "license",
    "authors_contacted", "authors_reply",
)
ENTRY_DATES = ("created_at", "updated_at", "submitted_at", "published_at")
TOMBSTONE_FIELDS = ("title", "result_type", "withdrawn_reason")
BENCHMARK_FIELDS = ("slug", "name", "task", "modality", "homepage", "description")
PAPER_FIELDS = ("title", "authors", "year", "venue", "doi", "arxiv_id", "openreview_id", "url")
CLAIM_FIELDS = ("metric", "reported_value", "higher_is_better", "model_name", "setting", "location")
AUTHOR_FIELDS = ("name", "orcid", "affiliation")
EVIDENCE_FIELDS = ("relation", "observed_value", "observed_spread", "spread_kind", "runs", "conditions", "notes")


def when(value: datetime.datetime | None) -> str | None:
    """A date as the dump writes it: ISO 8601 in UTC, microseconds kept."""
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


def dump_line(record: dict) -> str:
    """One record as one line of canonical JSON, newline included."""
    return canonical_json(record).decode("utf-8") + "\n"


def header_record() -> dict:
    return {"type": "header", "format": FORMAT, "format_version": FORMAT_VERSION}


class RecordError(ValueError):
    """A line that is not a dump record at all (not UTF-8, not JSON, not an object with a type)."""


# --------------------------------------------------------------------------- what each record holds

_DATES = {"created_at": "when", "updated_at": "when"}
SCHEMAS = {
    "header": {"format": "str", "format_version": "int"},
    "benchmark": {"id": "int", **dict.fromkeys(BENCHMARK_FIELDS, "str"), "aliases": "strings", **_DATES},
    "paper": {
        "id": "int", "title": "str", "authors": "str", "year": "int?", "venue": "str", "doi": "str?",
        "arxiv_id": "str?", "openreview_id": "str?", "url": "str", "identifiers": "objects", **_DATES,
    },
    "claim": {
        "id": "int", "paper": "int", "benchmark": "int", "metric": "str", "reported_value": "number?",
        "higher_is_better": "bool", "model_name": "str", "setting": "str", "location": "str", **_DATES,
    },
    "published": {
        "accession": "str", "status": "str", "revision": "int", "version": "int", **_DATES,
        "submitted_at": "when?", "published_at": "when", "owner": "str?", "title": "str", "summary": "str",
        "body": "str", "result_type": "str", "keywords": "strings", "anonymous": "bool", "models_tested": "str",
        "datasets": "str", "runs": "int?", "compute_gpu_hours": "number?", "hardware": "str", "framework": "str",
        "code_url": "str", "data_url": "str", "preregistration_url": "str", "license": "str",
        "authors_contacted": "str", "authors_reply": "str", "authors": "objects", "evidence": "objects",
        "source_paper": "int?",
    },
    "withdrawn": {
        "accession": "str", "status": "str", "revision": "int", "version": "int", **_DATES,
        "submitted_at": "when?", "published_at": "when", "withdrawn_at": "when", "title": "str",
        "result_type": "str", "withdrawn_reason": "str", "claims": "ints",
    },
    "version": {"entry": "str", "number": "int", "sha256": "str", "change_note": "str", "created_at": "when"},
    "event": {"entry": "str", "kind": "str", "version": "int?", "reason": "str", "created_at": "when"},
    "confirmation": {"entry": "str", "note": "str", "created_at": "when"},
    "catalogue_change": {
        "kind": "str", "target_type": "str", "target": "int", "changes": "object", "reason": "str",
        "location": "str", "entry": "str?", "decided": "bool", "decided_at": "when?", "created_at": "when",
    },
    "end": {"counts": "object"},
    # Rows inside records.
    "identifier": {"kind": "str", "value": "str"},
    "author": {"name": "str", "orcid": "str", "affiliation": "str"},
    "evidence": {"claim": "int", "relation": "str", "observed_value": "number?", "observed_spread": "number?",
                 "spread_kind": "str", "runs": "int?", "conditions": "str", "notes": "str"},
}
_EXPECTED = {"int": "a whole number", "str": "text", "bool": "true or false", "number": "a finite number",
             "when": "an ISO 8601 date-time with its time zone", "strings": "a list of texts", "ints": "a list of ids",
             "objects": "a list of objects", "object": "an object"}


# --------------------------------------------------------------------------- reading lines


def _reject_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError(f"the key {next(k for k in keys if keys.count(k) > 1)!r} appears twice")
    return dict(pairs)


def parse_record(raw: bytes | str) -> dict:
    """One dump line as a record (a JSON object with a ``type``), or ``RecordError``."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not raw.strip():
        raise RecordError("blank line (a dump has one record on every line)")
    try:
        record = json.loads(raw, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except ValueError as exc:
        raise RecordError(f"not valid JSON: {exc}") from None
    if not isinstance(record, dict) or not isinstance(record.get("type"), str):
        raise RecordError("each line is one JSON object with a \"type\"")
    return record


def _when(value: str) -> datetime.datetime | None:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _fits(kind: str, value) -> bool:
    if kind.endswith("?"):
        if value is None:
            return True
        kind = kind[:-1]
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "when":
        return isinstance(value, str) and _when(value) is not None
    if kind == "strings":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind == "ints":
        return isinstance(value, list) and all(_fits("int", item) for item in value)
    if kind == "objects":
        return isinstance(value, list) and all(isinstance(item, dict) for item in value)
    return isinstance(value, dict)  # "object"


def check(record: dict, schema: str, where: str = "") -> dict:
    """``record`` (without its ``type``) checked against ``SCHEMAS[schema]``; dates parsed. Raises ValidationError."""
    spec = SCHEMAS[schema]
    given = {key: value for key, value in record.items() if key != "type"}
    errors = [f"{where}{key}: unknown key" for key in sorted(set(given) - set(spec))]
    errors += [f"{where}{key}: missing" for key in spec if key not in given]
    for key, kind in spec.items():
        if key in given and not _fits(kind, given[key]):
            errors.append(f"{where}{key}: expected {_EXPECTED[kind.rstrip('?')]}"
                          + (" or null" if kind.endswith("?") else ""))
    if errors:
        raise ValidationError(errors)
    return {key: _when(value) if spec[key].startswith("when") and value is not None else value
            for key, value in given.items()}


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {message}" if name != "__all__" else message
                         for name, messages in exc.message_dict.items() for message in messages)
    return "; ".join(exc.messages)


# --------------------------------------------------------------------------- withheld snapshots

WITHHELD_KEY = "withheld"


def withheld_snapshot(*, accession: str, number: int, title: str) -> dict:
    """What a restored withdrawn entry's version holds in place of its snapshot, which no public dump carries.

    Its ``sha256`` is still the original one, listed on the tombstone; only this registry cannot recompute it.
    """
    return {"accession": accession, "version": number, "title": title, WITHHELD_KEY: True}


def is_withheld(snapshot, *, accession: str, number: int) -> bool:
    """Whether ``snapshot`` is exactly the stand-in ``withheld_snapshot`` writes for that version."""
    return (isinstance(snapshot, dict) and set(snapshot) == {"accession", "version", "title", WITHHELD_KEY}
            and snapshot[WITHHELD_KEY] is True and snapshot["accession"] == accession
            and snapshot["version"] == number)
