"""Reviewer lookup: papers in (by any identifier, or by title), every known failure against their claims out.

Each line a reviewer pastes is read as one or more identifiers (DOI, arXiv id, OpenReview id, ACL Anthology
id, PMLR / proceedings link, in any form ``registry.identifiers`` reads), as a reference that contains
identifiers, or else as a paper's title (normalised: case, punctuation, diacritics, LaTeX braces). For each:

- the paper, if the public catalogue holds it, with each of its accepted claims, whether it is contested
  and the published entries that counter it (relation, reported vs observed value);
- the published entries whose *source paper* it is: a negative result is often itself a paper.

Only the accepted catalogue and published entries count. Everything is fetched in a fixed number of
queries, however many lines and claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from registry import identifiers
from registry.models import Claim, Entry, Evidence, Paper, PaperIdentifier, ReviewStatus, Status

MAX_LOOKUP_IDS = 100

_TOKENS = re.compile(r"[\s,;]+")


@dataclass
class LookupResult:
    """What the registry knows about one pasted line.

    ``identifier`` is the normalised value (``1902.10811``, ``10.1145/3298689.3347058``) and ``kind`` its
    type (``doi``, ``arxiv``, ``openreview``, ``acl``, …); both are None for a title or an unreadable line.
    ``matched_by`` says how the paper was found (``identifier`` or ``title``), ``error`` why a line could
    not be read. ``claims`` are the paper's accepted claims, each with ``counter_entries`` (how many
    published entries counter it) and ``counter_evidence`` (those entries' evidence rows).
    ``source_entries`` are published entries whose source paper this is.
    """

    query: str
    identifier: str | None = None
    kind: str | None = None
    title: str | None = None
    matched_by: str | None = None
    paper: Paper | None = None
    error: str | None = None
    claims: list[Claim] = field(default_factory=list)
    source_entries: list[Entry] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.paper is not None

    @property
    def parsed(self) -> identifiers.PaperIdentifier | None:
        return identifiers.PaperIdentifier(self.kind, self.identifier) if self.identifier else None

    @property
    def label(self) -> str:
        """The identifier as a reviewer writes it, or the title that was searched for."""
        return self.parsed.label if self.parsed else self.query

    @property
    def not_found_message(self) -> str:
        if self.error:
            return self.error
        if self.parsed:
            return f"{self.label} is not in the registry: no claims and no entries recorded."
        return f"No paper titled “{self.query}” is in the registry (matched by title, ignoring case and punctuation)."

    @property
    def contested_claims(self) -> int:
        return sum(1 for claim in self.claims if claim.counter_entries)


def split_identifiers(text: str | None) -> list[str]:
    """What a reviewer pasted, as lookup items: one per line; a line of several identifiers gives each.

    A line that is not all identifiers but contains some (a reference) gives those; any other line is a
    title. Repeats are dropped.
    """
    seen, result = set(), []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        tokens = [t for t in _TOKENS.split(line) if t]
        if len(tokens) > 1 and all(_parses(t) for t in tokens):
            items = tokens
        elif len(tokens) > 1 and not _parses(line):
            items = [ident.label for ident in identifiers.find_identifiers(line)] or [line]
        else:
            items = [line]
        for item in items:
            if item not in seen:
                seen.add(item)
                result.append(item)
    return result


def _parses(text: str) -> bool:
    try:
        identifiers.parse_paper_identifier(text)
    except identifiers.IdentifierError:
        return False
    return True


def _read(raw) -> LookupResult:
    """One lookup item read as an identifier, a reference holding one, or a title."""
    result = LookupResult(query=raw if isinstance(raw, str) else repr(raw))
    if not isinstance(raw, str) or not raw.strip():
        result.error = "An empty line is not an identifier or a title."
        return result
    try:
        ident = identifiers.parse_paper_identifier(raw)
    except identifiers.IdentifierError as exc:
        found = identifiers.find_identifiers(raw)
        if found:
            ident = found[0]
        elif len(raw.split()) > 1 or not identifiers.normalize_title(raw):
            result.title = raw.strip()
            if not identifiers.normalize_title(raw):
                result.error = str(exc)
            return result
        else:
            # One word that is no identifier: a (rare) one-word title, or else the parser's explanation.
            result.title, result.error = raw.strip(), str(exc)
            return result
    result.identifier, result.kind = ident.value, ident.kind
    return result


def lookup_identifiers(raw_ids: list[str]) -> list[LookupResult]:
    """Look up each item; one result per input, in order. Only the public catalogue and entries count."""
    results = [_read(raw) for raw in raw_ids]

    # 1. Papers by identifier (and the identifiers equivalent to each), then by title.
    match = Q()
    for result in results:
        if result.parsed:
            for name in (result.parsed, *identifiers.equivalents(result.parsed)):
                match |= Q(kind=name.kind, value=name.value)
    by_ident = {}
    if match:
        rows = PaperIdentifier.objects.filter(match, review_status=ReviewStatus.ACCEPTED,
                                              paper__review_status=ReviewStatus.ACCEPTED).select_related("paper")
        by_ident = {(row.kind, row.value): row.paper for row in rows}
    keys = {identifiers.normalize_title(r.title) for r in results if r.title}
    keys.discard("")
    by_title = {}
    if keys:
        for paper in Paper.objects.accepted().filter(title_key__in=keys).order_by("pk"):
            by_title.setdefault(paper.title_key, paper)
    for result in results:
        if result.parsed:
            for name in (result.parsed, *identifiers.equivalents(result.parsed)):
                if (name.kind, name.value) in by_ident:
                    result.paper, result.matched_by = by_ident[(name.kind, name.value)], "identifier"
                    break
        elif result.title:
            paper = by_title.get(identifiers.normalize_title(result.title))
            if paper is not None:
                result.paper, result.matched_by, result.error = paper, "title", None

    # One object per paper, however many lines named it (two identifiers, or an identifier and the title).
    papers = {}
    for result in results:
        if result.paper:
            result.paper = papers.setdefault(result.paper.pk, result.paper)
    if not papers:
        return results
    for paper in papers.values():
        paper.claim_list, paper.source_list = [], []

    # 2. Their accepted claims with counts, and 3. the published evidence against them.
    published_evidence = (
        Evidence.objects.filter(entry__status=Status.PUBLISHED)
        .select_related("entry").order_by("-entry__published_at", "entry_id")
    )
    claims = (
        Claim.objects.accepted().filter(paper__in=papers).with_counter_counts().select_related("benchmark")
        .prefetch_related(Prefetch("evidence", queryset=published_evidence, to_attr="counter_evidence"))
        .order_by("benchmark__name", "metric", "model_name", "pk")
    )
    for claim in claims:
        paper = papers[claim.paper_id]
        claim.paper = paper
        for row in claim.counter_evidence:
            row.claim = claim
        paper.claim_list.append(claim)

    # 4. Published entries whose source paper it is.
    for entry in Entry.objects.published().filter(source_paper__in=papers).order_by("-published_at", "-pk"):
        papers[entry.source_paper_id].source_list.append(entry)

    for result in results:
        if result.paper:
            result.claims, result.source_entries = result.paper.claim_list, result.paper.source_list
    return results


# --------------------------------------------------------------------------- Markdown report

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text) -> str:
    """Plain text made inert in Markdown (emphasis, links, tables, HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def _num(value) -> str:
    return "not given" if value is None else f"{value:g}"


def markdown_report(results: list[LookupResult], *, site_url: str) -> str:
    """The lookup as a Markdown report a reviewer can paste into a review."""
    lines = ["# Negative Results Registry: reviewer lookup", ""]
    for result in results:
        lines.append(f"## {_md(result.query)}")
        lines.append("")
        if result.error:
            lines += [f"Not a paper identifier: {_md(result.error)}", ""]
            continue
        if not result.found:
            lines += [_md(result.not_found_message), ""]
            continue
        paper = result.paper
        if paper:
            where = ", ".join(str(x) for x in (paper.venue, paper.year) if x)
            lines.append(f"**{_md(paper.title)}**" + (f" ({_md(where)})" if where else "")
                         + f" — {site_url}{paper.get_absolute_url()}")
            lines.append("")
            if result.matched_by == "title":
                lines += ["Matched by title (no identifier given).", ""]
            if not result.claims and not result.source_entries:
                lines += ["The registry records no claims from this paper.", ""]
            for claim in result.claims:
                model = f" [{_md(claim.model_name)}]" if claim.model_name else ""
                setting = f", {_md(claim.setting)}" if claim.setting else ""
                status = (f"contested by {claim.counter_entries} entr{'y' if claim.counter_entries == 1 else 'ies'}"
                          if claim.counter_entries else "uncontested")
                lines.append(f"- {_md(claim.benchmark.name)}{setting}: {_md(claim.metric)}{model}, reported "
                             f"{_num(claim.reported_value)}; **{status}** ({site_url}{claim.get_absolute_url()})")
                for row in claim.counter_evidence:
                    relation = row.get_relation_display().lower()
                    lines.append(
                        f"  - {row.entry.accession} {_md(row.entry.title)}: {relation}, observed "
                        f"{_num(row.observed_value)} vs reported {_num(claim.reported_value)} "
                        f"({site_url}{row.entry.get_absolute_url()})"
                    )
            lines.append("")
        if result.source_entries:
            lines.append("Entries reporting this paper's own negative findings:")
            lines.append("")
            for entry in result.source_entries:
                lines.append(f"- {entry.accession} {_md(entry.title)} ({site_url}{entry.get_absolute_url()})")
            lines.append("")
    lines.append("Only published entries are counted; withdrawn entries and unpublished drafts are not.")
    return "\n".join(lines) + "\n"
