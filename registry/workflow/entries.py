"""The life of an entry: create, update, delete, submit, publish, reject, revise, withdraw, confirm."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.markdown import render_markdown
from registry.models import (
    Author,
    Confirmation,
    Entry,
    EventKind,
    Evidence,
    Status,
    is_moderator,
)
from registry.workflow._common import (
    ENTRY_FIELDS,
    EVIDENCE_FIELDS,
    IllegalTransition,
    NotAllowed,
    _lock,
    _prefix_errors,
    _record,
    _require_moderator,
    _require_owner,
    _require_reason,
    _require_status,
    _require_user,
    _serialise,
    _text,
)
from registry.workflow.catalogue import CatalogueConflict, claim_resolve, paper_resolve
from registry.workflow.proposals import accept_entry_proposals, entry_proposals, prune_entry_proposals
from registry.workflow.search_text import build_search_text
from registry.workflow.versions import _write_version


def _apply_fields(entry: Entry, fields: dict):
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationError({name: ["This field cannot be set."] for name in sorted(unknown)})
    for name, value in fields.items():
        if name == "source_paper":
            continue  # a paper description: resolved once the entry is saved (see _write_source_paper)
        if name == "keywords":
            value = _clean_keywords(value)
        setattr(entry, name, value)


def _clean_keywords(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if value is not None and not isinstance(value, list | tuple):
        raise ValidationError({"keywords": ["Give keywords as a list of words, or as comma-separated text."]})
    seen, result = set(), []
    for word in value or []:
        word = str(word).strip()
        if word and word.lower() not in seen:
            seen.add(word.lower())
            result.append(word[:60])
    return result


def _replace_authors(entry: Entry, authors: list[dict]):
    if not isinstance(authors, list | tuple):
        raise ValidationError({"authors": ["Give the authors as a list, in order."]})
    rows, errors = [], []
    for index, data in enumerate(authors):
        if not isinstance(data, dict):
            errors.append(f"Author {index + 1}: give a name, and optionally an ORCID iD and affiliation.")
            continue
        author = Author(
            entry=entry, position=index,
            name=_text(data.get("name")),
            orcid=_text(data.get("orcid")),
            affiliation=_text(data.get("affiliation")),
        )
        try:
            author.full_clean(exclude=["entry"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.extend(_prefix_errors(exc, f"Author {index + 1}"))
        rows.append(author)
    if errors:
        raise ValidationError({"authors": errors})
    entry.authors.all().delete()
    Author.objects.bulk_create(rows)


def _replace_evidence(entry: Entry, evidence: list[dict], by):
    if not isinstance(evidence, list | tuple):
        raise ValidationError({"evidence": ["Give the claims this result counters as a list."]})
    rows, errors, seen, conflicts = [], [], set(), []
    for index, data in enumerate(evidence):
        prefix = f"Claim {index + 1}"
        if not isinstance(data, dict):
            errors.append(f"{prefix}: name the claim and what you observed.")
            continue
        try:
            claim = claim_resolve(data.get("claim"), by=by, entry=entry)
        except ValidationError as exc:
            errors.extend(_prefix_errors(exc, prefix))
            conflicts += [{**c, "path": f"evidence[{index}].claim"} for c in getattr(exc, "conflicts", [])]
            continue
        if claim.pk in seen:
            errors.append(f"{prefix}: this claim is listed twice.")
            continue
        seen.add(claim.pk)
        row = Evidence(entry=entry, claim=claim, position=index,
                       **{k: data[k] for k in EVIDENCE_FIELDS if data.get(k) is not None})
        row.conditions = _text(row.conditions)
        try:
            row.full_clean(exclude=["entry"], validate_unique=False)
        except ValidationError as exc:
            errors.extend(_prefix_errors(exc, prefix))
        rows.append(row)
    if conflicts:
        raise CatalogueConflict({"evidence": errors}, conflicts)
    if errors:
        raise ValidationError({"evidence": errors})
    entry.evidence.all().delete()
    Evidence.objects.bulk_create(rows)


def _write_source_paper(entry: Entry, spec, by) -> None:
    """The paper that reports this negative result, found or proposed like any other paper."""
    if spec in (None, "", {}):
        paper = None
    else:
        try:
            paper = paper_resolve(spec, by=by, entry=entry)
        except CatalogueConflict as exc:
            raise CatalogueConflict({"source_paper": exc.messages},
                                    [{**c, "path": "source_paper"} for c in exc.conflicts]) from None
        except ValidationError as exc:
            raise ValidationError({"source_paper": exc.messages}) from None
    if paper != entry.source_paper:
        entry.source_paper = paper
        Entry.objects.filter(pk=entry.pk).update(source_paper=paper)


def _write_content(entry: Entry, *, by, fields, authors, evidence):
    """Apply fields, authors and evidence; validate everything; bump the revision."""
    errors = {}
    _apply_fields(entry, fields or {})
    try:
        entry.full_clean(exclude=["owner"])
        # Rendered once, here, within the budget the body's validator checked; pages serve the stored HTML.
        entry.body_html = render_markdown(entry.body)
    except ValidationError as exc:
        errors.update(exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages})
    if errors:
        raise ValidationError(errors)
    entry.revision = (entry.revision or 0) + 1 if entry.pk else 1
    entry.save()
    conflicts = []
    fields = fields or {}
    steps = []
    if authors is not None:
        steps.append(lambda: _replace_authors(entry, authors))
    if evidence is not None:
        steps.append(lambda: _replace_evidence(entry, evidence, by))
    if "source_paper" in fields:
        steps.append(lambda: _write_source_paper(entry, fields["source_paper"], by))
    for step in steps:
        try:
            step()
        except ValidationError as exc:
            errors.update(exc.message_dict)
            conflicts += getattr(exc, "conflicts", [])
    if conflicts:
        raise CatalogueConflict(errors, conflicts)
    if errors:
        raise ValidationError(errors)
    prune_entry_proposals(entry)
    # Kept on the instance too, so the entry handed back is the entry as stored.
    entry.search_text = build_search_text(entry)
    Entry.objects.filter(pk=entry.pk).update(search_text=entry.search_text)


def _require_complete(entry: Entry):
    errors = {}
    if not entry.authors.exists():
        errors["authors"] = ["Name at least one author."]
    if not entry.evidence.exists():
        errors["evidence"] = ["Link at least one claim that this result counters."]
    if errors:
        raise ValidationError(errors)


# --------------------------------------------------------------------------- transitions


@transaction.atomic
def entry_create(*, by, fields: dict, authors: list[dict] | None = None,
                 evidence: list[dict] | None = None) -> Entry:
    """File a new draft owned by ``by``."""
    _require_user(by)
    entry = Entry(owner=by)
    _write_content(entry, by=by, fields=fields, authors=authors or [], evidence=evidence or [])
    _record(entry, EventKind.CREATED, by)
    return entry


@transaction.atomic
def entry_update(*, entry: Entry, by, expected_revision: int | None, fields: dict,
                 authors: list[dict] | None = None, evidence: list[dict] | None = None) -> Entry:
    """Edit a draft. ``expected_revision`` is the revision the editor loaded."""
    _require_owner(entry, by, "edit it")
    entry = _lock(entry, expected_revision)
    _require_status(entry, [Status.DRAFT], "be edited as a draft (published entries are revised)")
    _write_content(entry, by=by, fields=fields, authors=authors, evidence=evidence)
    _record(entry, EventKind.EDITED, by, from_status=entry.status)
    return entry


@transaction.atomic
def entry_delete(*, entry: Entry, by) -> None:
    """Delete a draft that was never submitted. Nothing is deleted once submitted."""
    _require_owner(entry, by, "delete it")
    entry = _lock(entry)
    _require_status(entry, [Status.DRAFT], "be deleted")
    if entry.submitted_at is not None or entry.versions.exists():
        raise IllegalTransition(f"{entry.accession} has been submitted before; it can no longer be deleted.")
    # What the draft proposed to the catalogue goes with it: drop its links, prune, then delete.
    entry.evidence.all().delete()
    Entry.objects.filter(pk=entry.pk).update(source_paper=None)
    entry.source_paper = None
    prune_entry_proposals(entry)
    entry.delete()


@transaction.atomic
def entry_submit(*, entry: Entry, by, expected_revision: int | None = None) -> Entry:
    """Send a draft to the moderators."""
    _require_owner(entry, by, "submit it")
    entry = _lock(entry, expected_revision)
    _require_status(entry, [Status.DRAFT], "be submitted")
    _require_complete(entry)
    before = entry.status
    entry.status = Status.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.returned_reason = ""
    entry.revision += 1
    entry.save()
    _record(entry, EventKind.SUBMITTED, by, from_status=before)
    return entry


@transaction.atomic
def entry_publish(*, entry: Entry, by) -> Entry:
    """A moderator publishes a submission; it gets Version 1."""
    _require_moderator(by, "publish entries")
    if entry_proposals(entry):
        # Publications that accept catalogue proposals run one at a time, and take that turn before any row
        # lock: accepting merges duplicates and re-indexes other entries, which would otherwise deadlock.
        _serialise("catalogue-acceptance")
    entry = _lock(entry)
    _require_status(entry, [Status.SUBMITTED], "be published")
    if entry.owner_id == by.pk:
        raise NotAllowed("Moderators cannot publish their own submissions; another moderator must.")
    _require_complete(entry)
    accept_entry_proposals(entry, by)
    before = entry.status
    entry.status = Status.PUBLISHED
    entry.published_at = timezone.now()
    entry.version = 1
    entry.revision += 1
    entry.save()
    _write_version(entry, by=by, change_note="First published version.")
    _record(entry, EventKind.PUBLISHED, by, from_status=before, version=1)
    return entry


@transaction.atomic
def entry_reject(*, entry: Entry, by, reason: str) -> Entry:
    """A moderator returns a submission to its owner as a draft, saying why."""
    _require_moderator(by, "return submissions")
    reason = _require_reason(reason, "returned")
    entry = _lock(entry)
    _require_status(entry, [Status.SUBMITTED], "be returned to draft")
    before = entry.status
    entry.status = Status.DRAFT
    entry.returned_reason = reason
    entry.revision += 1
    entry.save()
    _record(entry, EventKind.RETURNED, by, from_status=before, reason=reason)
    return entry


@transaction.atomic
def entry_revise(*, entry: Entry, by, expected_revision: int | None, change_note: str, fields: dict,
                 authors: list[dict] | None = None, evidence: list[dict] | None = None) -> Entry:
    """The owner changes a published entry; it becomes version n+1 at once."""
    _require_owner(entry, by, "revise it")
    change_note = _text(change_note)
    if not change_note:
        raise ValidationError({"change_note": ["Say what changed in this version."]})
    entry = _lock(entry, expected_revision)
    _require_status(entry, [Status.PUBLISHED], "be revised")
    _write_content(entry, by=by, fields=fields, authors=authors, evidence=evidence)
    _require_complete(entry)
    if entry_proposals(entry):
        # A revision is public at once, and the public catalogue holds only what a moderator accepted.
        raise ValidationError({"evidence": [
            "A revision of a published entry is public at once, so it can only use papers, benchmarks and claims "
            "already in the catalogue, as they are recorded. Propose the new item or the correction on its own "
            "first (it is listed to moderators), then revise the entry once it is accepted."
        ]})
    entry.version += 1
    entry.save(update_fields=["version", "updated_at"])
    _write_version(entry, by=by, change_note=change_note)
    _record(entry, EventKind.REVISED, by, from_status=entry.status, reason=change_note, version=entry.version)
    return entry


def entry_edit(*, entry: Entry, by, expected_revision: int | None, fields: dict, authors: list[dict] | None = None,
               evidence: list[dict] | None = None, change_note: str = "") -> Entry:
    """Save the owner's edit: a draft is updated in place, a published entry is revised (version n+1)."""
    common = {"entry": entry, "by": by, "expected_revision": expected_revision, "fields": fields,
              "authors": authors, "evidence": evidence}
    if entry.status == Status.PUBLISHED:
        return entry_revise(change_note=change_note, **common)
    return entry_update(**common)


@transaction.atomic
def entry_withdraw(*, entry: Entry, by, reason: str) -> Entry:
    """The owner or a moderator withdraws a published entry; its page becomes a tombstone."""
    _require_user(by)
    if entry.owner_id != by.pk and not is_moderator(by):
        raise NotAllowed("Only the entry's owner or a moderator may withdraw it.")
    reason = _require_reason(reason, "withdrawn")
    entry = _lock(entry)
    _require_status(entry, [Status.PUBLISHED], "be withdrawn")
    before = entry.status
    entry.status = Status.WITHDRAWN
    entry.withdrawn_reason = reason
    entry.withdrawn_at = timezone.now()
    entry.revision += 1
    entry.save()
    _record(entry, EventKind.WITHDRAWN, by, from_status=before, reason=reason, version=entry.version)
    return entry


@transaction.atomic
def entry_confirm(*, entry: Entry, by, note: str = "") -> Confirmation:
    """Another researcher records that they observed this failure too."""
    _require_user(by)
    entry = _lock(entry)
    _require_status(entry, [Status.PUBLISHED], "be confirmed")
    if entry.owner_id == by.pk:
        raise NotAllowed("You cannot confirm your own entry.")
    if Confirmation.objects.filter(entry=entry, user=by).exists():
        raise IllegalTransition("You have already confirmed this entry.")
    try:
        with transaction.atomic():
            confirmation = Confirmation.objects.create(entry=entry, user=by, note=_text(note)[:2000])
    except IntegrityError:
        raise IllegalTransition("You have already confirmed this entry.") from None
    _record(entry, EventKind.CONFIRMED, by, from_status=entry.status)
    return confirmation
