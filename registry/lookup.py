"""Reviewer lookup: paper identifiers in, every known failure against each paper's claims out.

For each identifier (DOI, arXiv id, OpenReview id, in any form ``registry.identifiers`` accepts):

- the paper, if the registry holds it, with each of its claims, whether it is contested and the
  published entries that counter it (relation, reported vs observed value);
- the published entries that *report* the paper's findings: a negative result is often itself a paper,
  and its entry names that paper's identifiers among its keywords (the demo data does so). Such a paper
  makes no claim of its own in the registry, but a reviewer looking it up should land on the entry.

Everything is fetched in a fixed number of queries, however many identifiers and claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from registry import identifiers
from registry.models import Claim, Entry, Evidence, Paper, Status
from registry.search import match_any_phrase

MAX_LOOKUP_IDS = 100

_SEPARATORS = re.compile(r"[\s,;]+")
_FIELD = {"doi": "doi", "arxiv": "arxiv_id", "openreview": "openreview_id"}
_EXPLICIT_OPENREVIEW = re.compile(r"^(openreview:|(https?://)?(www\.)?openreview\.net/)", re.IGNORECASE)


@dataclass
class LookupResult:
    """What the registry knows about one pasted identifier.

    ``identifier`` is the normalised value (``1902.10811``, ``10.1145/3298689.3347058``) and ``kind`` its
    type (``doi``, ``arxiv``, ``openreview``); both are None, and ``error`` says why, if it is malformed.
    ``claims`` are the paper's claims, each with ``counter_entries`` (how many published entries counter it)
    and ``counter_evidence`` (those entries' evidence rows, each with ``entry``, ``relation`` and
    ``observed_value``). ``source_entries`` are published entries that report this paper's own findings.
    """

    query: str
    identifier: str | None = None
    kind: str | None = None
    paper: Paper | None = None
    error: str | None = None
    claims: list[Claim] = field(default_factory=list)
    source_entries: list[Entry] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.paper is not None or bool(self.source_entries)

    @property
    def label(self) -> str:
        """The identifier as a reviewer writes it."""
        if self.kind == "arxiv":
            return f"arXiv:{self.identifier}"
        if self.kind == "doi":
            return f"doi:{self.identifier}"
        if self.kind == "openreview":
            return f"OpenReview {self.identifier}"
        return self.query

    @property
    def contested_claims(self) -> int:
        return sum(1 for claim in self.claims if claim.counter_entries)


def split_identifiers(text: str | None) -> list[str]:
    """Identifiers pasted as text: one per line, or separated by commas, semicolons or spaces; repeats dropped."""
    seen, result = set(), []
    for part in _SEPARATORS.split(text or ""):
        if part and part not in seen:
            seen.add(part)
            result.append(part)
    return result


def keyword_identifiers(keywords) -> set[tuple[str, str]]:
    """The paper identifiers an entry's keywords name, as ``(kind, value)``.

    A bare word could pass for an OpenReview id ("ImageNet"), so OpenReview ids count only when written
    as such (``openreview:…`` or an openreview.net link).
    """
    found = set()
    for keyword in keywords or []:
        if not isinstance(keyword, str):
            continue
        try:
            ident = identifiers.parse_paper_identifier(keyword)
        except identifiers.IdentifierError:
            continue
        if ident.kind == "openreview" and not _EXPLICIT_OPENREVIEW.match(keyword.strip()):
            continue
        found.add((ident.kind, ident.value))
    return found


def lookup_identifiers(raw_ids: list[str]) -> list[LookupResult]:
    """Look up each identifier; one result per input, in order. Only published entries count."""
    results = []
    for raw in raw_ids:
        result = LookupResult(query=raw if isinstance(raw, str) else repr(raw))
        try:
            ident = identifiers.parse_paper_identifier(raw)
        except identifiers.IdentifierError as exc:
            result.error = str(exc)
        else:
            result.identifier, result.kind = ident.value, ident.kind
        results.append(result)

    wanted = [r for r in results if r.identifier]
    if not wanted:
        return results

    # 1. The papers.
    query = Q()
    for result in wanted:
        query |= Q(**{_FIELD[result.kind]: result.identifier})
    papers = list(Paper.objects.filter(query))
    by_ident = {}
    for paper in papers:
        paper.claim_list = []
        for kind, name in _FIELD.items():
            if getattr(paper, name):
                by_ident[(kind, getattr(paper, name))] = paper

    # 2. Their claims with counts, and 3. the published evidence against them.
    if papers:
        published_evidence = (
            Evidence.objects.filter(entry__status=Status.PUBLISHED)
            .select_related("entry").order_by("-entry__published_at", "entry_id")
        )
        claims = (
            Claim.objects.filter(paper__in=papers).with_counter_counts().select_related("benchmark")
            .prefetch_related(Prefetch("evidence", queryset=published_evidence, to_attr="counter_evidence"))
            .order_by("benchmark__name", "metric", "model_name", "pk")
        )
        papers_by_pk = {paper.pk: paper for paper in papers}
        for claim in claims:
            paper = papers_by_pk[claim.paper_id]
            claim.paper = paper
            for row in claim.counter_evidence:
                row.claim = claim
            paper.claim_list.append(claim)

    # 4. Published entries reporting the papers' own findings, named in their keywords: candidates from
    # the full-text index, confirmed by parsing each candidate's keywords.
    idents = {(r.kind, r.identifier) for r in wanted}
    for paper in papers:
        idents |= {(kind, getattr(paper, name)) for kind, name in _FIELD.items() if getattr(paper, name)}
    candidates = list(
        match_any_phrase(sorted(value for _, value in idents)).order_by("-published_at", "pk")
    )
    reported_in = {}
    for entry in candidates:
        for ident in keyword_identifiers(entry.keywords) & idents:
            reported_in.setdefault(ident, []).append(entry)

    for result in wanted:
        paper = by_ident.get((result.kind, result.identifier))
        result.paper = paper
        result.claims = paper.claim_list if paper else []
        same_paper = {(result.kind, result.identifier)}
        if paper:
            same_paper |= {(kind, getattr(paper, name)) for kind, name in _FIELD.items() if getattr(paper, name)}
        entries = {}
        for ident in same_paper:
            for entry in reported_in.get(ident, []):
                entries[entry.pk] = entry
        result.source_entries = sorted(entries.values(), key=lambda e: (e.published_at, e.pk), reverse=True)
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
            lines += [f"{_md(result.label)} is not in the registry: no claims and no entries recorded.", ""]
            continue
        paper = result.paper
        if paper:
            where = ", ".join(str(x) for x in (paper.venue, paper.year) if x)
            lines.append(f"**{_md(paper.title)}**" + (f" ({_md(where)})" if where else "")
                         + f" — {site_url}{paper.get_absolute_url()}")
            lines.append("")
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
