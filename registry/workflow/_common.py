"""Shared by the workflow modules: the input field lists, the domain errors, small checks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection

from registry.models import (
    Entry,
    Event,
    is_moderator,
)

ENTRY_FIELDS = (
    "title", "summary", "body", "result_type", "keywords", "anonymous",
    "models_tested", "datasets", "runs", "compute_gpu_hours", "hardware", "framework",
    "code_url", "data_url", "preregistration_url", "license",
    "authors_contacted", "authors_reply", "source_paper",
)
EVIDENCE_FIELDS = (
    "relation", "observed_value", "observed_spread", "spread_kind", "runs", "conditions", "notes",
)
CLAIM_FIELDS = ("metric", "reported_value", "higher_is_better", "model_name", "setting", "location")
PAPER_FIELDS = ("title", "authors", "year", "venue", "doi", "arxiv_id", "openreview_id", "url")
# Besides these fields, a description may carry "identifiers" (a paper's, any kind) and "correction_reason".
BENCHMARK_FIELDS = ("slug", "name", "task", "modality", "homepage", "description")


class WorkflowError(Exception):
    """A state change that cannot happen; the message is meant for the user."""


class NotAllowed(WorkflowError):
    """The acting user may not do this (HTTP 403)."""


class IllegalTransition(WorkflowError):
    """The entry is not in a state that allows this (HTTP 409)."""


class StaleRevision(WorkflowError):
    """The change was based on an older revision of the entry (HTTP 412)."""

    def __init__(self, *, expected: int, current: int):
        super().__init__(
            f"This entry was changed by someone else since you loaded it (you had revision {expected}, "
            f"it is now at revision {current}). Your changes were not saved: reload the entry and apply "
            "them again."
        )
        self.expected = expected
        self.current = current


# --------------------------------------------------------------------------- helpers


def _require_user(by):
    if by is None or not by.is_authenticated or not by.is_active:
        raise NotAllowed("Sign in to do this.")


def _require_owner(entry: Entry, by, action: str):
    _require_user(by)
    if entry.owner_id != by.pk:
        raise NotAllowed(f"Only the entry's owner may {action}.")


def _require_moderator(by, action: str):
    _require_user(by)
    if not is_moderator(by):
        raise NotAllowed(f"Only moderators may {action}.")


def _require_status(entry: Entry, allowed: Iterable[str], action: str):
    if entry.status not in allowed:
        raise IllegalTransition(
            f"{entry.accession} is {entry.get_status_display().lower()}; it cannot {action} from that state."
        )


def _lock(entry: Entry, expected_revision: int | None = None) -> Entry:
    """Re-read the entry under a row lock and check the revision the caller started from."""
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    if expected_revision is not None and int(expected_revision) != locked.revision:
        raise StaleRevision(expected=int(expected_revision), current=locked.revision)
    return locked


def _record(entry: Entry, kind: str, by, *, from_status="", reason="", version=None) -> Event:
    return Event.objects.create(
        entry=entry, kind=kind, actor=by, from_status=from_status, to_status=entry.status,
        reason=reason, version=version,
    )


def _text(value) -> str:
    """Plain input as stripped text: None is empty, and a number is not a crash."""
    return "" if value is None else str(value).strip()


def _require_reason(reason: str | None, what: str) -> str:
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": [f"Say why the entry is {what}."]})
    return reason


def _prefix_errors(exc: ValidationError, prefix: str) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{prefix} {field}: {msg}" if field != "__all__" else f"{prefix}: {msg}"
                for field, msgs in exc.message_dict.items() for msg in msgs]
    return [f"{prefix}: {msg}" for msg in exc.messages]


def _serialise(*key) -> None:
    """Wait until no other transaction is working on the same catalogue item (PostgreSQL); held to commit.

    Two requests describing the same new paper, benchmark or claim at once would both find nothing and both
    insert it. On PostgreSQL a transaction-scoped advisory lock on the item's key makes the second wait and
    then find the first's row. SQLite runs one write transaction at a time already (IMMEDIATE).
    """
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])
