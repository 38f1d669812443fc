"""Moderating the catalogue: what a submission proposes, accepting it on publish, rejecting, pruning, merging.

A draft's new papers, benchmarks, claims and identifiers, and its proposed changes to existing ones, stay
private until a moderator publishes the entry (``accept_entry_proposals``, called by ``entry_publish``).
A moderator may reject single change proposals first (``catalogue_change_reject``). Deleting a draft, or
editing it so that it no longer uses a proposal, removes what it proposed (``prune_entry_proposals``).
Duplicates are merged by moderators (``catalogue_merge``); old addresses then lead to the survivor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from registry.models import (
    Benchmark,
    BenchmarkAlias,
    CatalogueChange,
    ChangeKind,
    ChangeStatus,
    Claim,
    Entry,
    Evidence,
    Paper,
    PaperIdentifier,
    ReviewStatus,
)
from registry.workflow._common import IllegalTransition, _require_moderator, _require_reason, _serialise, _text
from registry.workflow.catalogue import catalogue_changed, sync_preferred_identifiers
from registry.workflow.search_text import refresh_search_text, refresh_search_text_for_claims


@dataclass
class EntryProposals:
    """What one entry adds to or changes in the catalogue, for the moderation view."""

    papers: list[Paper] = field(default_factory=list)
    benchmarks: list[Benchmark] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    identifiers: list[PaperIdentifier] = field(default_factory=list)
    changes: list[CatalogueChange] = field(default_factory=list)

    def __bool__(self):
        return any((self.papers, self.benchmarks, self.claims, self.identifiers, self.changes))


def _entry_items(entry: Entry) -> tuple[list[Claim], set[int], set[int]]:
    """The claims an entry uses, and the ids of their papers (and its source paper) and benchmarks."""
    claims = list(Claim.objects.filter(evidence__entry=entry).select_related("paper", "benchmark").distinct())
    papers = {c.paper_id for c in claims}
    if entry.source_paper_id:
        papers.add(entry.source_paper_id)
    return claims, papers, {c.benchmark_id for c in claims}


def entry_proposals(entry: Entry) -> EntryProposals:
    """Every proposal an entry brings: new items it uses, identifiers and changes proposed with it."""
    claims, paper_ids, benchmark_ids = _entry_items(entry)
    proposed = ReviewStatus.PROPOSED
    return EntryProposals(
        papers=list(Paper.objects.filter(pk__in=paper_ids, review_status=proposed).prefetch_related("identifiers")),
        benchmarks=list(Benchmark.objects.filter(pk__in=benchmark_ids, review_status=proposed)),
        claims=[c for c in claims if c.review_status == proposed],
        identifiers=list(
            PaperIdentifier.objects.filter(paper_id__in=paper_ids, review_status=proposed,
                                           paper__review_status=ReviewStatus.ACCEPTED)
            .filter(Q(proposed_in=entry) | Q(proposed_by=entry.owner_id)).select_related("paper")
        ),
        changes=list(CatalogueChange.objects.filter(entry=entry, status=ChangeStatus.PROPOSED)
                     .select_related("paper", "benchmark", "claim__paper", "claim__benchmark")),
    )


# --------------------------------------------------------------------------- accepting, on publish


def _history(obj, kind: str, by, *, changes=None, reason="", entry=None, proposer=None) -> CatalogueChange:
    return CatalogueChange.objects.create(
        kind=kind, status=ChangeStatus.ACCEPTED, changes=changes or {}, reason=reason, entry=entry,
        proposed_by=proposer, decided_by=by, decided_at=timezone.now(), **{type(obj).__name__.lower(): obj},
    )


def _accept(obj, by, entry) -> None:
    obj.review_status = ReviewStatus.ACCEPTED
    obj.accepted_at = timezone.now()
    obj.save(update_fields=["review_status", "accepted_at"])
    _history(obj, ChangeKind.CREATED, by, entry=entry, proposer=obj.proposed_by)


def _accepted_twin_paper(paper: Paper) -> Paper | None:
    """An accepted paper the proposal duplicates: one of its identifiers, or (lacking them) its title."""
    rows = list(paper.identifiers.all())
    match = Q()
    for row in rows:
        match |= Q(kind=row.kind, value=row.value)
    if rows:
        twin = PaperIdentifier.objects.filter(match, review_status=ReviewStatus.ACCEPTED).exclude(paper=paper)
        first = twin.select_related("paper").first()
        if first:
            return first.paper
    return Paper.objects.accepted().filter(title_key=paper.title_key).exclude(pk=paper.pk).first() if not rows \
        else None


def _accept_identifiers(paper: Paper, rows, by, entry) -> None:
    for row in rows:
        clash = PaperIdentifier.objects.filter(kind=row.kind, value=row.value, review_status=ReviewStatus.ACCEPTED)
        clash = clash.exclude(pk=row.pk).select_related("paper").first()
        if clash is not None:
            if clash.paper_id == paper.pk:
                row.delete()
                continue
            raise IllegalTransition(
                f"{row.label}, proposed for “{paper}”, already names “{clash.paper}” (paper {clash.paper_id}). "
                "Reject that identifier proposal or return the entry to its filer."
            )
        row.review_status = ReviewStatus.ACCEPTED
        row.save(update_fields=["review_status"])
        if paper.review_status == ReviewStatus.ACCEPTED:
            _history(paper, ChangeKind.IDENTIFIER, by, entry=entry, proposer=row.proposed_by,
                     changes={"identifier": {"from": None, "to": row.label}})
    sync_preferred_identifiers(paper)


def accept_entry_proposals(entry: Entry, by) -> None:
    """Make public everything the entry proposes (called inside ``entry_publish``'s transaction).

    A proposal that duplicates what was accepted meanwhile is merged into it; a clash that cannot be
    merged (an identifier already naming another paper, a claim value that differs) stops the publication
    with a message naming it, so the moderator can reject that proposal or return the entry.
    """
    proposals = entry_proposals(entry)
    # Two publications accepting the same new item at once: the second waits, then finds the first's twin.
    for paper in proposals.papers:
        for row in paper.identifiers.all():
            _serialise("accept", "identifier", row.kind, row.value)
        _serialise("accept", "paper", paper.title_key)
    for benchmark in proposals.benchmarks:
        _serialise("accept", "benchmark", benchmark.name_key)
    for claim in proposals.claims:
        _serialise("accept", "claim", claim.metric, claim.model_name, claim.setting)
    for paper in proposals.papers:
        twin = _accepted_twin_paper(paper)
        if twin is not None:
            _merge(paper, twin, by=by, reason=f"Duplicate of an accepted paper, found when {entry.accession} "
                                               "was published.")
            continue
        _accept(paper, by, entry)
        _accept_identifiers(paper, paper.identifiers.filter(review_status=ReviewStatus.PROPOSED), by, entry)
    for benchmark in proposals.benchmarks:
        twin = Benchmark.objects.accepted().filter(name_key=benchmark.name_key).first()
        if twin is not None:
            _merge(benchmark, twin, by=by, reason=f"Duplicate name, found when {entry.accession} was published.")
        else:
            _accept(benchmark, by, entry)
    for row in proposals.identifiers:
        _accept_identifiers(row.paper, [row], by, entry)
    for claim in Claim.objects.filter(evidence__entry=entry, review_status=ReviewStatus.PROPOSED).distinct():
        twin = Claim.objects.accepted().filter(
            paper_id=claim.paper_id, benchmark_id=claim.benchmark_id, metric=claim.metric,
            model_name=claim.model_name, setting=claim.setting,
        ).first()
        if twin is None:
            _accept(claim, by, entry)
        elif twin.reported_value == claim.reported_value or claim.reported_value is None:
            _merge(claim, twin, by=by, reason=f"Duplicate claim, found when {entry.accession} was published.")
        else:
            raise IllegalTransition(
                f"The claim “{claim}” proposed by {entry.accession} now exists as claim {twin.pk} with reported "
                f"value {twin.reported_value:g}. Return the entry so that its filer uses that claim or proposes "
                "a correction."
            )
    for change in CatalogueChange.objects.filter(entry=entry, status=ChangeStatus.PROPOSED):
        _apply_change(change, by)


def _apply_change(change: CatalogueChange, by) -> None:
    target = type(change.target).objects.select_for_update().get(pk=change.target.pk)
    for name, values in change.changes.items():
        setattr(target, name, values.get("to"))
    try:
        target.full_clean(validate_constraints=False)
    except ValidationError as exc:
        raise IllegalTransition(f"The proposed change to “{target}” is no longer valid: "
                                + "; ".join(exc.messages)) from None
    target.save()
    change.status = ChangeStatus.ACCEPTED
    change.decided_by, change.decided_at = by, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    catalogue_changed(target)


# --------------------------------------------------------------------------- rejecting, pruning


@transaction.atomic
def catalogue_change_reject(*, change: CatalogueChange | PaperIdentifier, by, reason: str) -> None:
    """A moderator turns down one proposed change or identifier; the entry can still be published."""
    _require_moderator(by, "reject catalogue proposals")
    reason = _require_reason(reason, "rejected")
    if isinstance(change, PaperIdentifier):
        if change.review_status != ReviewStatus.PROPOSED:
            raise IllegalTransition("Only proposed identifiers can be rejected.")
        CatalogueChange.objects.create(
            kind=ChangeKind.IDENTIFIER, status=ChangeStatus.REJECTED, paper=change.paper,
            changes={"identifier": {"from": None, "to": change.label}}, entry=change.proposed_in,
            proposed_by=change.proposed_by, decided_by=by, decided_at=timezone.now(), decision_reason=reason,
        )
        change.delete()
        return
    if change.status != ChangeStatus.PROPOSED:
        raise IllegalTransition("This change has already been decided.")
    change.status = ChangeStatus.REJECTED
    change.decided_by, change.decided_at, change.decision_reason = by, timezone.now(), reason
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


def prune_entry_proposals(entry: Entry) -> None:
    """Remove what a draft proposed and no longer uses (all of it once its evidence is gone, on delete).

    A proposal another of the owner's entries still uses is handed to that entry instead of removed.
    """
    claims, paper_ids, benchmark_ids = _entry_items(entry)
    CatalogueChange.objects.filter(entry=entry, status=ChangeStatus.PROPOSED).exclude(
        Q(claim_id__in=[c.pk for c in claims]) | Q(paper_id__in=paper_ids) | Q(benchmark_id__in=benchmark_ids)
    ).delete()
    others = Entry.objects.filter(owner_id=entry.owner_id).exclude(pk=entry.pk)
    users = {
        "paper": lambda pk: others.filter(Q(evidence__claim__paper_id=pk) | Q(source_paper_id=pk)).first(),
        "benchmark": lambda pk: others.filter(evidence__claim__benchmark_id=pk).first(),
        "claim": lambda pk: others.filter(evidence__claim_id=pk).first(),
    }
    unused = {"proposed_in": entry, "review_status": ReviewStatus.PROPOSED}
    for row in PaperIdentifier.objects.filter(paper__review_status=ReviewStatus.ACCEPTED, **unused).exclude(
            paper_id__in=paper_ids):
        _hand_over_or_delete(row, users["paper"](row.paper_id))
    for claim in Claim.objects.filter(**unused).exclude(pk__in=[c.pk for c in claims]):
        _hand_over_or_delete(claim, users["claim"](claim.pk), in_use=Evidence.objects.filter(claim=claim).exists())
    for paper in Paper.objects.filter(**unused).exclude(pk__in=paper_ids):
        in_use = Claim.objects.filter(paper=paper).exists() or Entry.objects.filter(source_paper=paper).exists()
        _hand_over_or_delete(paper, users["paper"](paper.pk), in_use=in_use)
    for benchmark in Benchmark.objects.filter(**unused).exclude(pk__in=benchmark_ids):
        in_use = Claim.objects.filter(benchmark=benchmark).exists()
        _hand_over_or_delete(benchmark, users["benchmark"](benchmark.pk), in_use=in_use)


def _hand_over_or_delete(item, other_entry, *, in_use: bool = False) -> None:
    """Give a proposal to another of the owner's entries that uses it; else delete it if nothing uses it."""
    if other_entry is not None:
        type(item).objects.filter(pk=item.pk).update(proposed_in=other_entry)
    elif not in_use:
        item.delete()


# --------------------------------------------------------------------------- merging duplicates


@transaction.atomic
def catalogue_merge(*, source, target, by, reason: str):
    """A moderator merges a duplicate paper, benchmark or claim into another; evidence moves, the merge is kept."""
    _require_moderator(by, "merge papers, benchmarks and claims")
    reason = _require_reason(reason, "merged")
    if type(source) is not type(target) or source.pk == target.pk:
        raise ValidationError({"target": ["Merge an item into another item of the same kind."]})
    if target.review_status == ReviewStatus.MERGED or source.review_status == ReviewStatus.MERGED:
        raise IllegalTransition("One of these has already been merged; merge into the survivor.")
    _merge(source, target, by=by, reason=_text(reason))
    return target


def _merge(source, target, *, by, reason: str) -> None:
    touched_claims: list[int] = []
    if isinstance(source, Claim):
        clash = Evidence.objects.filter(claim=source, entry__evidence__claim=target).select_related("entry").first()
        if clash is not None:
            raise IllegalTransition(f"{clash.entry.accession} counters both claims; edit it first so that it "
                                    "counters one of them.")
        Evidence.objects.filter(claim=source).update(claim=target)
        touched_claims.append(target.pk)
    elif isinstance(source, Paper):
        for row in source.identifiers.all():
            if target.identifiers.filter(kind=row.kind, value=row.value).exists():
                row.delete()
            else:
                PaperIdentifier.objects.filter(pk=row.pk).update(paper=target)
        touched_claims += _move_claims(Claim.objects.filter(paper=source), {"paper": target}, by=by)
        Entry.objects.filter(source_paper=source).update(source_paper=target)
        sync_preferred_identifiers(target)
    else:
        touched_claims += _move_claims(Claim.objects.filter(benchmark=source), {"benchmark": target}, by=by)
        BenchmarkAlias.objects.filter(benchmark=source).update(benchmark=target)
        if source.name_key != target.name_key and not BenchmarkAlias.objects.filter(key=source.name_key).exists():
            BenchmarkAlias.objects.create(benchmark=target, name=source.name)
    type(source).objects.filter(pk=source.pk).update(review_status=ReviewStatus.MERGED, merged_into=target)
    source.review_status, source.merged_into = ReviewStatus.MERGED, target
    label = f"{type(source).__name__.lower()} {source.pk} “{source}”"
    _history(target, ChangeKind.MERGED, by, reason=reason, changes={"merged": {"from": label, "to": target.pk}})
    refresh_search_text_for_claims(touched_claims)
    if isinstance(target, Paper):
        refresh_search_text(Entry.objects.filter(source_paper=target).values_list("pk", flat=True))


def _move_claims(claims, new_parent: dict, *, by) -> list[int]:
    """Point claims at a new paper or benchmark, merging each into an identical claim already there."""
    moved = []
    for claim in list(claims):
        key = {"paper_id": claim.paper_id, "benchmark_id": claim.benchmark_id, "metric": claim.metric,
               "model_name": claim.model_name, "setting": claim.setting}
        key.update({f"{name}_id": obj.pk for name, obj in new_parent.items()})
        twin = Claim.objects.filter(**key).exclude(pk=claim.pk).exclude(review_status=ReviewStatus.MERGED).first()
        if twin is not None:
            _merge(claim, twin, by=by, reason="Merged with its paper or benchmark.")
            moved.append(twin.pk)
        else:
            Claim.objects.filter(pk=claim.pk).update(**{f"{n}_id": o.pk for n, o in new_parent.items()})
            moved.append(claim.pk)
    return moved


# --------------------------------------------------------------------------- proposals made on their own


def standalone_proposals() -> EntryProposals:
    """Proposals no draft brought (made through the API's catalogue endpoints), for the moderation view."""
    proposed = ReviewStatus.PROPOSED
    return EntryProposals(
        papers=list(Paper.objects.filter(review_status=proposed, proposed_in=None).prefetch_related("identifiers")),
        benchmarks=list(Benchmark.objects.filter(review_status=proposed, proposed_in=None)),
        claims=list(Claim.objects.filter(review_status=proposed, proposed_in=None)
                    .select_related("paper", "benchmark")),
        identifiers=list(PaperIdentifier.objects.filter(review_status=proposed, proposed_in=None,
                                                        paper__review_status=ReviewStatus.ACCEPTED)
                         .select_related("paper")),
        changes=list(CatalogueChange.objects.filter(status=ChangeStatus.PROPOSED, entry=None)
                     .select_related("paper", "benchmark", "claim__paper", "claim__benchmark")),
    )


@transaction.atomic
def catalogue_accept(*, item, by) -> None:
    """A moderator accepts one proposal made on its own: a new item (with what it needs), an identifier, a change."""
    _require_moderator(by, "accept catalogue proposals")
    if isinstance(item, CatalogueChange):
        if item.status != ChangeStatus.PROPOSED:
            raise IllegalTransition("This change has already been decided.")
        _apply_change(item, by)
        return
    if isinstance(item, PaperIdentifier):
        if item.review_status != ReviewStatus.PROPOSED:
            raise IllegalTransition("This identifier is not a proposal.")
        _accept_identifiers(item.paper, [item], by, None)
        return
    if item.review_status != ReviewStatus.PROPOSED:
        raise IllegalTransition("Only proposals can be accepted.")
    parents = [item.paper, item.benchmark] if isinstance(item, Claim) else []
    for parent in [*parents, item]:
        if parent.review_status == ReviewStatus.PROPOSED:
            _accept(parent, by, None)
            if isinstance(parent, Paper):
                _accept_identifiers(parent, parent.identifiers.filter(review_status=ReviewStatus.PROPOSED), by, None)


@transaction.atomic
def catalogue_proposal_reject(*, item, by, reason: str) -> None:
    """A moderator turns down a proposal made on its own; a new item no entry uses is removed."""
    if isinstance(item, CatalogueChange | PaperIdentifier):
        catalogue_change_reject(change=item, by=by, reason=reason)
        return
    _require_moderator(by, "reject catalogue proposals")
    _require_reason(reason, "rejected")
    if item.review_status != ReviewStatus.PROPOSED:
        raise IllegalTransition("Only proposals can be rejected.")
    used = {
        Claim: lambda: Evidence.objects.filter(claim=item).exists(),
        Paper: lambda: Claim.objects.filter(paper=item).exists() or Entry.objects.filter(source_paper=item).exists(),
        Benchmark: lambda: Claim.objects.filter(benchmark=item).exists(),
    }[type(item)]()
    if used:
        raise IllegalTransition(f"“{item}” is used by an entry or a claim; return that entry, or merge this "
                                "proposal into the item it duplicates.")
    item.delete()
