"""Immutable versions: the canonical JSON snapshot of a published entry and its SHA-256."""

from __future__ import annotations

import hashlib
import json

from registry.models import (
    Entry,
    Version,
)


def _paper(paper) -> dict:
    """A paper as a snapshot holds it: enough to find it again by any of its accepted identifiers."""
    return {
        "title": paper.title, "doi": paper.doi, "arxiv_id": paper.arxiv_id, "openreview_id": paper.openreview_id,
        "venue": paper.venue, "year": paper.year,
        "identifiers": [row.label for row in paper.identifiers.all() if row.review_status == "accepted"],
    }


def entry_snapshot(entry: Entry) -> dict:
    """The public content of an entry as plain JSON data: what a Version freezes.

    Snapshots written before the catalogue held several identifiers per paper (and source papers) lack
    ``identifiers`` and ``source_paper``; they are never rewritten, so their hashes still verify.
    """
    evidence = (
        entry.evidence.select_related("claim__paper", "claim__benchmark")
        .prefetch_related("claim__paper__identifiers").order_by("position", "pk")
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
        "source_paper": _paper(entry.source_paper) if entry.source_paper_id else None,
        "authors_contacted": entry.authors_contacted,
        "authors_reply": entry.authors_reply,
        "evidence": [
            {
                "claim": {
                    "id": ev.claim_id,
                    "paper": _paper(ev.claim.paper),
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
        change_note=change_note, created_by=by, body_html=entry.body_html,
    )
