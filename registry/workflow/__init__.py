"""Every change of an entry's state, in one place (a package: see each module).

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
  or created. New catalogue items, and additions or corrections to existing ones, are *proposals* until a
  moderator publishes the entry (see ``registry.workflow.catalogue`` and ``registry.workflow.proposals``).
"""

from registry.workflow._common import (
    BENCHMARK_FIELDS,
    CLAIM_FIELDS,
    ENTRY_FIELDS,
    EVIDENCE_FIELDS,
    PAPER_FIELDS,
    IllegalTransition,
    NotAllowed,
    StaleRevision,
    WorkflowError,
)
from registry.workflow.catalogue import (
    CatalogueConflict,
    benchmark_resolve,
    catalogue_changed,
    catalogue_update,
    claim_resolve,
    paper_resolve,
    resolve_benchmark,
    resolve_claim,
    resolve_paper,
)
from registry.workflow.entries import (
    entry_confirm,
    entry_create,
    entry_delete,
    entry_edit,
    entry_publish,
    entry_reject,
    entry_revise,
    entry_submit,
    entry_update,
    entry_withdraw,
)
from registry.workflow.proposals import (
    EntryProposals,
    accept_entry_proposals,
    catalogue_accept,
    catalogue_change_reject,
    catalogue_merge,
    catalogue_proposal_reject,
    entry_proposals,
    prune_entry_proposals,
    standalone_proposals,
)
from registry.workflow.search_text import build_search_text, refresh_search_text, refresh_search_text_for_claims
from registry.workflow.versions import canonical_json, entry_snapshot, snapshot_sha256

__all__ = [
    "BENCHMARK_FIELDS", "CLAIM_FIELDS", "ENTRY_FIELDS", "EVIDENCE_FIELDS", "PAPER_FIELDS",
    "IllegalTransition", "NotAllowed", "StaleRevision", "WorkflowError", "CatalogueConflict",
    "benchmark_resolve", "catalogue_changed", "catalogue_update", "claim_resolve", "paper_resolve",
    "resolve_benchmark", "resolve_claim", "resolve_paper",
    "EntryProposals", "accept_entry_proposals", "catalogue_accept", "catalogue_change_reject",
    "catalogue_proposal_reject", "standalone_proposals", "catalogue_merge", "entry_proposals",
    "prune_entry_proposals",
    "entry_confirm", "entry_create", "entry_delete", "entry_edit", "entry_publish", "entry_reject", "entry_revise",
    "entry_submit", "entry_update", "entry_withdraw",
    "build_search_text", "refresh_search_text", "refresh_search_text_for_claims",
    "canonical_json", "entry_snapshot", "snapshot_sha256",
]
