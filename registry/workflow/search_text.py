"""The denormalised search text of entries, rebuilt whenever what it mentions changes."""

from __future__ import annotations

from collections.abc import Iterable

from registry.models import (
    Entry,
    Evidence,
)


def build_search_text(entry: Entry) -> str:
    """Everything about an entry that search should find beyond its title, summary and body."""
    parts = [entry.models_tested, entry.datasets, entry.hardware, entry.framework, entry.result_type,
             entry.get_result_type_display(), " ".join(entry.keywords or [])]
    if not entry.anonymous:
        for author in entry.authors.all():
            parts += [author.name, author.affiliation]
    papers = [entry.source_paper] if entry.source_paper_id else []
    for ev in entry.evidence.select_related("claim__paper", "claim__benchmark").prefetch_related(
            "claim__benchmark__aliases"):
        claim, bench = ev.claim, ev.claim.benchmark
        papers.append(claim.paper)
        # The name's squashed key and the aliases let "CIFAR10" or "MultiNLI" find CIFAR-10 or MNLI.
        # "CIFAR-10" is read as "cifar" and "-10" by PostgreSQL's parser: the spaced form matches "cifar 10".
        parts += [bench.name, bench.name.replace("-", " "), bench.name_key, bench.slug, bench.task,
                  claim.metric, claim.model_name, claim.setting, ev.conditions]
        parts += [a.name for a in bench.aliases.all()] + [a.key for a in bench.aliases.all()]
    for paper in papers:
        parts += [paper.title, paper.authors, paper.venue]
        parts += [row.value for row in paper.identifiers.all() if row.review_status == "accepted"
                  or entry.status not in ("published", "withdrawn")]
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
