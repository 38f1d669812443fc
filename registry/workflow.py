"""Every change of an entry's state, in one place.

Each public function is one transaction: it checks who may act and from which
state, writes the change, records an Event, and (on publish and revise) writes
an immutable Version. Web views, the API, the admin and management commands
call these; none of them sets ``status`` itself.

Input is plain data (dicts), so forms, serializers and commands share it:

- ``fields``: Entry field values (see ``ENTRY_FIELDS``);
- ``authors``: ``[{"name", "orcid", "affiliation"}, ...]`` in order;
- ``evidence``: ``[{"claim": <Claim | claim id | claim spec dict>, "relation",
  "observed_value", "observed_spread", "spread_kind", "runs", "conditions", "notes"}]``;
  a claim spec is ``{"paper": {...} | "<DOI, arXiv or OpenReview id>", "benchmark": {...} | "<name>",
  "metric", "reported_value", "higher_is_better", "model_name", "setting", "location"}`` and is found
  or created.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from registry import identifiers
from registry.models import (
    Author,
    Benchmark,
    Claim,
    Confirmation,
    Entry,
    Event,
    EventKind,
    Evidence,
    Paper,
    Status,
    Version,
    is_moderator,
)

ENTRY_FIELDS = (
    "title", "summary", "body", "result_type", "keywords", "anonymous",
    "models_tested", "datasets", "runs", "compute_gpu_hours", "hardware", "framework",
    "code_url", "data_url", "preregistration_url", "license",
    "authors_contacted", "authors_reply",
)
EVIDENCE_FIELDS = (
    "relation", "observed_value", "observed_spread", "spread_kind", "runs", "conditions", "notes",
)
CLAIM_FIELDS = ("metric", "reported_value", "higher_is_better", "model_name", "setting", "location")
PAPER_FIELDS = ("title", "authors", "year", "venue", "doi", "arxiv_id", "openreview_id", "url")
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


# --------------------------------------------------------------------------- claims


def paper_resolve(spec: dict | Paper | int | str) -> Paper:
    """Find a paper by DOI, arXiv id, OpenReview id (normalised) or exact title; create it if new.

    A string is read as a bare identifier in any common form (``arXiv:1902.10811v2``, a doi.org link).
    """
    if isinstance(spec, Paper):
        return spec
    if isinstance(spec, int):
        found = Paper.objects.filter(pk=spec).first()
        if found is None:
            raise ValidationError({"paper": [f"There is no paper with id {spec}."]})
        return found
    if isinstance(spec, str):
        # A bare identifier, as a tool would paste it: DOI, arXiv id or OpenReview id in any common form.
        try:
            ident = identifiers.parse_paper_identifier(spec)
        except identifiers.IdentifierError as exc:
            raise ValidationError({"paper": [str(exc)]}) from None
        field = {"doi": "doi", "arxiv": "arxiv_id", "openreview": "openreview_id"}[ident.kind]
        spec = {field: ident.value}
    if spec is not None and not isinstance(spec, dict):
        raise ValidationError({"paper": ["Describe the paper by DOI, arXiv id, OpenReview id or title."]})
    spec = {k: v for k, v in (spec or {}).items() if k in PAPER_FIELDS and v not in (None, "")}
    normalisers = {
        "doi": identifiers.normalize_doi,
        "arxiv_id": identifiers.normalize_arxiv_id,
        "openreview_id": identifiers.normalize_openreview_id,
    }
    errors = {}
    for field, normalise in normalisers.items():
        if field in spec:
            try:
                spec[field] = normalise(spec[field])
            except identifiers.IdentifierError as exc:
                errors[field] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    given = [field for field in normalisers if field in spec]
    if given:
        query = Q()
        for field in given:
            query |= Q(**{field: spec[field]})
        matches = list(Paper.objects.filter(query)[:3])
        if len(matches) > 1:
            raise ValidationError({"paper": [
                "Those identifiers name different papers in the registry: "
                + "; ".join(str(p) for p in matches) + "."
            ]})
        if matches:
            return _adopt_identifiers(matches[0], spec, given)
    title = _text(spec.get("title"))
    if not title:
        raise ValidationError({"paper": [
            "No paper with that identifier is known yet; give its title to add it."
            if given
            else "Name the paper by DOI, arXiv id, OpenReview id or title."
        ]})
    # A paper first recorded by title alone is the same paper when it later comes with an identifier.
    same_title = Paper.objects.filter(title__iexact=title)
    if given:
        same_title = same_title.filter(doi__isnull=True, arxiv_id__isnull=True, openreview_id__isnull=True)
    found = same_title.first()
    if found:
        return _adopt_identifiers(found, spec, given)
    paper = Paper(**spec)
    paper.full_clean()
    paper.save()
    return paper


def _adopt_identifiers(paper: Paper, spec: dict, given: list[str]) -> Paper:
    """Return ``paper``, adding identifiers it lacked; refuse identifiers that contradict its own."""
    conflicts = [f for f in given if getattr(paper, f) and getattr(paper, f) != spec[f]]
    if conflicts:
        raise ValidationError({"paper": [
            f"{paper} is recorded with {f.replace('_', ' ')} {getattr(paper, f)}, not {spec[f]}." for f in conflicts
        ]})
    missing = [f for f in given if not getattr(paper, f)]
    if missing:
        for field in missing:
            setattr(paper, field, spec[field])
        paper.full_clean()
        paper.save(update_fields=[*missing, "updated_at"])
        catalogue_changed(paper)
    return paper


def benchmark_resolve(spec: dict | Benchmark | int | str) -> Benchmark:
    """Find a benchmark by slug or name (case-insensitive); create it if a name is given and it is new."""
    if isinstance(spec, Benchmark):
        return spec
    if isinstance(spec, int):
        found = Benchmark.objects.filter(pk=spec).first()
        if found is None:
            raise ValidationError({"benchmark": [f"There is no benchmark with id {spec}."]})
        return found
    if isinstance(spec, str):
        spec = {"name": spec}
    if spec is not None and not isinstance(spec, dict):
        raise ValidationError({"benchmark": ["Name the benchmark, or give its slug."]})
    spec = {k: v for k, v in (spec or {}).items() if k in BENCHMARK_FIELDS and v not in (None, "")}
    slug = _text(spec.get("slug"))
    name = _text(spec.get("name"))
    if slug:
        found = Benchmark.objects.filter(slug=slug.lower()).first()
        if found:
            return found
    if name:
        found = Benchmark.objects.filter(name__iexact=name).first()
        if found:
            return found
    if not name:
        raise ValidationError({"benchmark": [f"No benchmark with slug {slug!r}; give a name to create one."
                                             if slug else "Name the benchmark."]})
    spec.setdefault("slug", slugify(name)[:80] or "benchmark")
    spec.setdefault("task", "unspecified")
    benchmark = Benchmark(**spec)
    benchmark.full_clean()
    benchmark.save()
    return benchmark


def claim_resolve(spec: dict | Claim | int, *, by=None) -> Claim:
    """Find an existing claim (by id, or by its paper, benchmark, metric, model and setting) or create it."""
    if isinstance(spec, Claim):
        return spec
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isascii() and spec.strip().isdigit()):
        try:
            return Claim.objects.get(pk=int(spec))
        except Claim.DoesNotExist:
            raise ValidationError({"claim": [f"There is no claim with id {spec}."]}) from None
    if not isinstance(spec, dict):
        raise ValidationError({"claim": ["Give a claim id or describe the claim."]})
    paper = paper_resolve(spec.get("paper") or {})
    benchmark = benchmark_resolve(spec.get("benchmark") or {})
    values = {k: spec[k] for k in CLAIM_FIELDS if k in spec and spec[k] is not None}
    for text_field in ("metric", "model_name", "setting", "location"):
        values[text_field] = _text(values.get(text_field))
    key = {
        "paper": paper, "benchmark": benchmark, "metric": values["metric"],
        "model_name": values["model_name"], "setting": values["setting"],
    }
    found = Claim.objects.filter(**key).first()
    if found:
        # Silently reusing a claim with a different number would misquote the paper.
        given_value = values.get("reported_value")
        if given_value is not None and found.reported_value is not None:
            try:
                differs = float(given_value) != found.reported_value
            except (TypeError, ValueError):
                differs = False
            if differs:
                raise ValidationError({"claim": [
                    f"This claim is already recorded with reported value {found.reported_value:g}, not "
                    f"{given_value}: pick the existing claim (id {found.pk}) or describe a different setting."
                ]})
        return found
    claim = Claim(created_by=by if by is not None and by.is_authenticated else None, **{**values, **key})
    claim.full_clean()
    claim.save()
    return claim


# --------------------------------------------------------------------------- entry content


def _apply_fields(entry: Entry, fields: dict):
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationError({name: ["This field cannot be set."] for name in sorted(unknown)})
    for name, value in fields.items():
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
    rows, errors, seen = [], [], set()
    for index, data in enumerate(evidence):
        prefix = f"Claim {index + 1}"
        if not isinstance(data, dict):
            errors.append(f"{prefix}: name the claim and what you observed.")
            continue
        try:
            claim = claim_resolve(data.get("claim"), by=by)
        except ValidationError as exc:
            errors.extend(_prefix_errors(exc, prefix))
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
    if errors:
        raise ValidationError({"evidence": errors})
    entry.evidence.all().delete()
    Evidence.objects.bulk_create(rows)


def _write_content(entry: Entry, *, by, fields, authors, evidence):
    """Apply fields, authors and evidence; validate everything; bump the revision."""
    errors = {}
    _apply_fields(entry, fields or {})
    try:
        entry.full_clean(exclude=["owner"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    entry.revision = (entry.revision or 0) + 1 if entry.pk else 1
    entry.save()
    for replace, rows in ((_replace_authors, authors), (_replace_evidence, evidence)):
        if rows is None:
            continue
        try:
            if replace is _replace_evidence:
                replace(entry, rows, by)
            else:
                replace(entry, rows)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
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
    entry = _lock(entry)
    _require_status(entry, [Status.SUBMITTED], "be published")
    if entry.owner_id == by.pk:
        raise NotAllowed("Moderators cannot publish their own submissions; another moderator must.")
    _require_complete(entry)
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
    entry.version += 1
    entry.save(update_fields=["version", "updated_at"])
    _write_version(entry, by=by, change_note=change_note)
    _record(entry, EventKind.REVISED, by, from_status=entry.status, reason=change_note, version=entry.version)
    return entry


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


# --------------------------------------------------------------------------- versions


def entry_snapshot(entry: Entry) -> dict:
    """The public content of an entry as plain JSON data: what a Version freezes."""
    evidence = (
        entry.evidence.select_related("claim__paper", "claim__benchmark").order_by("position", "pk")
    )
    return {
        "accession": entry.accession,
        "version": entry.version,
        "title": entry.title,
        "summary": entry.summary,
        "body": entry.body,
        "result_type": entry.result_type,
        "keywords": list(entry.keywords or []),
        "anonymous": entry.anonymous,
        "authors": [] if entry.anonymous else [
            {"name": a.name, "orcid": a.orcid, "affiliation": a.affiliation}
            for a in entry.authors.order_by("position")
        ],
        "setup": {
            "models_tested": entry.models_tested, "datasets": entry.datasets, "runs": entry.runs,
            "compute_gpu_hours": entry.compute_gpu_hours, "hardware": entry.hardware,
            "framework": entry.framework,
        },
        "availability": {
            "code_url": entry.code_url, "data_url": entry.data_url,
            "preregistration_url": entry.preregistration_url, "license": entry.license,
        },
        "authors_contacted": entry.authors_contacted,
        "authors_reply": entry.authors_reply,
        "evidence": [
            {
                "claim": {
                    "id": ev.claim_id,
                    "paper": {
                        "title": ev.claim.paper.title, "doi": ev.claim.paper.doi,
                        "arxiv_id": ev.claim.paper.arxiv_id, "openreview_id": ev.claim.paper.openreview_id,
                        "venue": ev.claim.paper.venue, "year": ev.claim.paper.year,
                    },
                    "benchmark": {"slug": ev.claim.benchmark.slug, "name": ev.claim.benchmark.name},
                    "metric": ev.claim.metric, "reported_value": ev.claim.reported_value,
                    "higher_is_better": ev.claim.higher_is_better, "model_name": ev.claim.model_name,
                    "setting": ev.claim.setting, "location": ev.claim.location,
                },
                "relation": ev.relation, "observed_value": ev.observed_value,
                "observed_spread": ev.observed_spread, "spread_kind": ev.spread_kind, "runs": ev.runs,
                "conditions": ev.conditions, "notes": ev.notes,
            }
            for ev in evidence
        ],
        "published_at": entry.published_at.isoformat() if entry.published_at else None,
    }


def canonical_json(data) -> bytes:
    """The one byte form a snapshot is hashed in: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def snapshot_sha256(data) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _write_version(entry: Entry, *, by, change_note: str) -> Version:
    snapshot = entry_snapshot(entry)
    return Version.objects.create(
        entry=entry, number=entry.version, snapshot=snapshot, sha256=snapshot_sha256(snapshot),
        change_note=change_note, created_by=by,
    )


# --------------------------------------------------------------------------- search text


def build_search_text(entry: Entry) -> str:
    """Everything about an entry that search should find beyond its title, summary and body."""
    parts = [entry.models_tested, entry.datasets, entry.hardware, entry.framework, entry.result_type,
             entry.get_result_type_display(), " ".join(entry.keywords or [])]
    if not entry.anonymous:
        for author in entry.authors.all():
            parts += [author.name, author.affiliation]
    for ev in entry.evidence.select_related("claim__paper", "claim__benchmark"):
        claim, paper, bench = ev.claim, ev.claim.paper, ev.claim.benchmark
        parts += [paper.title, paper.authors, paper.venue, paper.doi or "", paper.arxiv_id or "",
                  bench.name, bench.slug, bench.task, claim.metric, claim.model_name, claim.setting,
                  ev.conditions]
    return "\n".join(p for p in parts if p)


def refresh_search_text(entry_ids: Iterable[int]) -> int:
    """Rebuild the denormalised search text of the given entries; returns how many."""
    count = 0
    for entry in Entry.objects.filter(pk__in=list(entry_ids)).prefetch_related("authors"):
        text = build_search_text(entry)
        if text != entry.search_text:
            Entry.objects.filter(pk=entry.pk).update(search_text=text)
            count += 1
    return count


def refresh_search_text_for_claims(claim_ids: Iterable[int]) -> int:
    """After a claim, paper or benchmark changes: rebuild the entries that counter those claims."""
    ids = Evidence.objects.filter(claim_id__in=list(claim_ids)).values_list("entry_id", flat=True).distinct()
    return refresh_search_text(ids)


@transaction.atomic
def catalogue_update(*, obj: Paper | Benchmark | Claim, by, fields: dict):
    """Change a paper, benchmark or claim (moderators), keeping entries' search text current."""
    _require_moderator(by, "change papers, benchmarks and claims")
    allowed = {Paper: PAPER_FIELDS, Benchmark: BENCHMARK_FIELDS, Claim: CLAIM_FIELDS}[type(obj)]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    catalogue_changed(obj)
    return obj


def catalogue_changed(obj: Paper | Benchmark | Claim) -> int:
    """Rebuild the search text of every entry that mentions ``obj``."""
    if isinstance(obj, Claim):
        return refresh_search_text_for_claims([obj.pk])
    key = "paper" if isinstance(obj, Paper) else "benchmark"
    return refresh_search_text_for_claims(Claim.objects.filter(**{key: obj}).values_list("pk", flat=True))
