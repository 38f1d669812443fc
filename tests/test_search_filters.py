"""The one FilterSet (pages and API) and its facet counts."""

import pytest
from django.utils import timezone

from registry import workflow
from registry.filters import FACETS, EntryFilterSet, facet_counts
from registry.models import Modality
from tests.factories import (
    BenchmarkFactory,
    ClaimFactory,
    PaperFactory,
    UserFactory,
    evidence_rows,
    make_draft,
    make_published,
    make_withdrawn,
)


@pytest.fixture
def catalogue(owner, moderator):
    """Published entries spread over two benchmarks, two relations, two venues; plus hidden ones."""
    text = BenchmarkFactory(slug="squad", name="SQuAD", task="reading comprehension", modality=Modality.TEXT)
    image = BenchmarkFactory(slug="imagenet", name="ImageNet", task="image classification", modality=Modality.IMAGE)
    acl = PaperFactory(title="Readers that win", venue="ACL 2019", arxiv_id=None, doi="10.1000/readers")
    cvpr = PaperFactory(title="Nets that win", venue="CVPR 2016")
    squad_claim = ClaimFactory(paper=acl, benchmark=text)
    image_claim = ClaimFactory(paper=cvpr, benchmark=image)
    both = [*evidence_rows(squad_claim), {**evidence_rows(image_claim)[0], "relation": "weakens"}]
    entries = {
        "squad": make_published(owner, moderator, title="Readers fail on distractors",
                                evidence=evidence_rows(squad_claim), result_type="robustness_failure",
                                code_url="https://example.org/code"),
        "image": make_published(owner, moderator, title="Nets fail on new images", evidence=evidence_rows(image_claim)),
        "both": make_published(owner, moderator, title="Both fail on fresh data", evidence=both),
    }
    make_draft(owner, title="Draft readers", evidence=evidence_rows(squad_claim))
    make_withdrawn(owner, moderator, title="Withdrawn readers", evidence=evidence_rows(squad_claim),
                   code_url="https://example.org/withdrawn")
    for user in UserFactory.create_batch(2):
        workflow.entry_confirm(entry=entries["image"], by=user)
    return entries


def _titles(filterset):
    return {entry.title for entry in filterset.qs}


def test_it_filters_by_each_facet(catalogue):
    assert _titles(EntryFilterSet({"benchmark": "squad"})) == {"Readers fail on distractors", "Both fail on fresh data"}
    assert _titles(EntryFilterSet({"task": "image classification"})) == {"Nets fail on new images",
                                                                         "Both fail on fresh data"}
    assert _titles(EntryFilterSet({"modality": "text"})) == {"Readers fail on distractors", "Both fail on fresh data"}
    assert _titles(EntryFilterSet({"relation": "weakens"})) == {"Both fail on fresh data"}
    assert _titles(EntryFilterSet({"venue": "ACL 2019"})) == {"Readers fail on distractors", "Both fail on fresh data"}
    assert _titles(EntryFilterSet({"result_type": "robustness_failure"})) == {"Readers fail on distractors"}
    assert _titles(EntryFilterSet({"code_available": "true"})) == {"Readers fail on distractors"}
    assert len(_titles(EntryFilterSet({"code_available": "false"}))) == 2
    assert len(_titles(EntryFilterSet({"year": str(timezone.now().year)}))) == 3
    assert _titles(EntryFilterSet({"year": "1999"})) == set()


def test_it_finds_entries_by_countered_paper_in_any_identifier_form(catalogue):
    for form in ["10.1000/readers", "https://doi.org/10.1000/READERS", "doi:10.1000/readers"]:
        assert _titles(EntryFilterSet({"paper": form})) == {"Readers fail on distractors", "Both fail on fresh data"}


def test_it_lists_an_entry_once_even_when_several_of_its_claims_match(catalogue):
    assert EntryFilterSet({"task": ""}).qs.count() == 3
    assert [e.title for e in EntryFilterSet({"modality": ""}).qs].count("Both fail on fresh data") == 1


@pytest.mark.parametrize("params", [
    {"result_type": "bogus"}, {"benchmark": "no-such-benchmark"}, {"modality": "smell"}, {"relation": "loves"},
    {"year": "twenty"}, {"year": "2019.5"}, {"year": "-1"}, {"code_available": "perhaps"},
    {"paper": "not an id at all"}, {"ordering": "random"},
])
def test_it_reports_invalid_values_as_form_errors(catalogue, params):
    filterset = EntryFilterSet(params)
    assert not filterset.is_valid()
    assert set(filterset.errors) == set(params)


def test_it_combines_search_with_facets(catalogue):
    assert _titles(EntryFilterSet({"q": "fail", "benchmark": "imagenet"})) == {"Nets fail on new images",
                                                                               "Both fail on fresh data"}
    assert _titles(EntryFilterSet({"q": ""})) == set(e.title for e in catalogue.values())


def test_it_orders_by_relevance_newest_oldest_and_confirmations(catalogue):
    newest = [e.title for e in EntryFilterSet({"ordering": "newest"}).qs]
    assert newest == ["Both fail on fresh data", "Nets fail on new images", "Readers fail on distractors"]
    assert [e.title for e in EntryFilterSet({"ordering": "oldest"}).qs] == newest[::-1]
    assert next(iter(EntryFilterSet({"ordering": "most_confirmed"}).qs)).title == "Nets fail on new images"
    # Relevance without a query falls back to newest.
    assert [e.title for e in EntryFilterSet({"ordering": "relevance"}).qs] == newest
    assert next(iter(EntryFilterSet({"q": "readers distractors"}).qs)).title == "Readers fail on distractors"


def test_its_facet_counts_match_the_results_they_filter(catalogue):
    base = {"q": "fail"}
    counts = facet_counts(EntryFilterSet(base).qs)
    assert set(counts) == set(FACETS)
    assert dict((v, n) for v, _, n in counts["benchmark"]) == {"squad": 2, "imagenet": 2}
    assert dict((v, n) for v, _, n in counts["relation"]) == {"contradicts": 3, "weakens": 1}
    for facet, rows in counts.items():
        assert rows, facet
        for value, _label, count in rows:
            assert EntryFilterSet({**base, facet: str(value)}).qs.count() == count, (facet, value)


def test_its_facet_counts_ignore_drafts_and_withdrawn_entries(catalogue):
    counts = facet_counts(EntryFilterSet({}).qs)
    assert sum(n for _, _, n in counts["result_type"]) == 3
    assert dict((v, n) for v, _, n in counts["code_available"]) == {"true": 1, "false": 2}


def test_it_counts_facets_in_a_constant_number_of_queries(catalogue, django_assert_num_queries):
    with django_assert_num_queries(8):
        facet_counts(EntryFilterSet({"q": "fail"}).qs)


def test_it_takes_any_search_text(catalogue):
    for q in ["x" * 10_000, "a\x00b", "\x00"]:
        assert EntryFilterSet({"q": q}).is_valid()
