"""Reviewer lookup: identifiers in any form, each paper's claims, the entries that counter them."""

import pytest

from registry import workflow
from registry.demo import load_demo
from registry.lookup import lookup_identifiers, markdown_report, split_identifiers
from registry.models import Entry
from tests.factories import ClaimFactory, PaperFactory, evidence_rows, make_draft, make_published, make_withdrawn


@pytest.fixture
def demo(db):
    load_demo(create_accounts=False)


@pytest.mark.parametrize("query,title_start", [
    ("arXiv:1902.10811v1", "ImageNet classifiers lose 11% to 14%"),
    ("https://arxiv.org/abs/1707.07328", "SQuAD models collapse"),
    ("https://doi.org/10.1145/3298689.3347058", "Most recent neural top-n recommenders"),
])
def test_it_returns_the_demo_entries_for_their_papers(demo, query, title_start):
    (result,) = lookup_identifiers([query])
    assert result.error is None and result.found
    assert [e.title[: len(title_start)] for e in result.source_entries] == [title_start]
    assert result.paper is not None  # the demo records each source paper too


def test_it_lists_a_countered_papers_claims_with_the_entries_against_them(demo):
    (result,) = lookup_identifiers(["https://arxiv.org/pdf/1512.03385v3.pdf"])  # ResNet
    assert result.paper.title == "Deep Residual Learning for Image Recognition"
    assert result.claims and all(claim.counter_entries >= 1 for claim in result.claims)
    cifar = next(c for c in result.claims if c.benchmark.slug == "cifar-10")
    assert cifar.counter_entries == len(cifar.counter_evidence) == 2
    assert {row.relation for row in cifar.counter_evidence} == {"weakens"}
    assert all(row.entry.status == "published" for row in cifar.counter_evidence)


@pytest.mark.parametrize("form", [
    "1902.10811", "1902.10811v2", "arXiv:1902.10811", "arxiv:1902.10811V3", "https://arxiv.org/abs/1902.10811",
    "http://export.arxiv.org/abs/1902.10811v1", "arxiv.org/pdf/1902.10811.pdf",
])
def test_it_accepts_every_arxiv_form(demo, form):
    (result,) = lookup_identifiers([form])
    assert result.kind == "arxiv" and result.identifier == "1902.10811"
    assert len(result.source_entries) == 1


@pytest.mark.parametrize("form", [
    "10.1145/3298689.3347058", "doi:10.1145/3298689.3347058", "DOI: 10.1145/3298689.3347058",
    "https://dx.doi.org/10.1145/3298689.3347058", "doi.org/10.1145%2F3298689.3347058",
])
def test_it_accepts_every_doi_form(demo, form):
    (result,) = lookup_identifiers([form])
    assert result.kind == "doi" and len(result.source_entries) == 1


def test_it_accepts_openreview_ids_and_links(owner, moderator):
    paper = PaperFactory(arxiv_id=None, openreview_id="rJl-b3RcF7")
    make_published(owner, moderator, evidence=evidence_rows(ClaimFactory(paper=paper)))
    for form in ["rJl-b3RcF7", "openreview:rJl-b3RcF7", "https://openreview.net/forum?id=rJl-b3RcF7"]:
        (result,) = lookup_identifiers([form])
        assert result.paper == paper and result.claims[0].counter_entries == 1


def test_it_names_malformed_identifiers_without_failing_the_rest(demo):
    results = lookup_identifiers(["xyz!", "arXiv:1913.00001", "1902.10811", "", "10.9999/not-here"])
    assert [bool(r.error) for r in results] == [True, True, False, True, False]
    assert "xyz!" in results[0].error
    assert results[2].found
    assert results[4].error is None and not results[4].found and results[4].claims == []


def test_it_counts_only_published_entries(owner, moderator):
    claim = ClaimFactory()
    make_published(owner, moderator, evidence=evidence_rows(claim))
    make_draft(owner, evidence=evidence_rows(claim))
    make_withdrawn(owner, moderator, evidence=evidence_rows(claim))
    (result,) = lookup_identifiers([claim.paper.arxiv_id])
    assert result.claims[0].counter_entries == 1
    assert [row.entry.status for row in result.claims[0].counter_evidence] == ["published"]


def test_it_shows_an_uncontested_claim_as_such(owner, moderator, published):
    published_claim = published.evidence.get().claim
    quiet = ClaimFactory(paper=published_claim.paper, model_name="Quiet model")
    (result,) = lookup_identifiers([published_claim.paper.arxiv_id])
    by_pk = {claim.pk: claim for claim in result.claims}
    assert by_pk[quiet.pk].counter_entries == 0 and by_pk[quiet.pk].counter_evidence == []
    assert result.contested_claims == 1


def test_it_ignores_withdrawn_entries_that_report_a_paper(demo, moderator):
    entry = Entry.objects.get(title__startswith="SQuAD models collapse")
    workflow.entry_withdraw(entry=entry, by=moderator, reason="Test.")
    (result,) = lookup_identifiers(["1707.07328"])
    assert result.source_entries == []


def test_it_looks_up_many_identifiers_in_a_constant_number_of_queries(demo, django_assert_num_queries):
    from registry.models import Paper

    ids = [f"arXiv:{p.arxiv_id}" for p in Paper.objects.exclude(arxiv_id=None).order_by("pk")] + ["bogus!"]
    # Identifiers, claims with counts, the evidence against them, entries whose source paper it is; and one
    # for titles when a line is no identifier.
    with django_assert_num_queries(4):
        one = lookup_identifiers(["arXiv:1512.03385"])
        [claim.counter_evidence for claim in one[0].claims]
    with django_assert_num_queries(5):
        many = lookup_identifiers(ids)
        assert sum(len(r.claims) for r in many) > 10
        [(row.entry.title, row.claim.reported_value) for r in many for c in r.claims for row in c.counter_evidence]


def test_it_splits_pasted_text_into_identifiers():
    text = "arXiv:1902.10811v1\n https://doi.org/10.1145/3298689.3347058 ,1707.07328;\n\n1707.07328"
    assert split_identifiers(text) == ["arXiv:1902.10811v1", "https://doi.org/10.1145/3298689.3347058", "1707.07328"]
    assert split_identifiers("") == split_identifiers(None) == []


def test_it_writes_a_markdown_report(demo):
    results = lookup_identifiers(["arXiv:1512.03385", "1707.07328", "10.9999/none", "nonsense!"])
    report = markdown_report(results, site_url="https://nrr.example")
    assert report.startswith("# Negative Results Registry: reviewer lookup")
    assert "Deep Residual Learning for Image Recognition" in report
    assert "contested by 2 entries" in report
    assert "https://nrr.example/entries/NR-" in report
    assert "is not in the registry" in report
    assert "Not a paper identifier" in report
