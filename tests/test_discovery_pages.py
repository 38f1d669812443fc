"""Discovery pages: search, lookup, claim, paper, benchmark, benchmarks, statistics and feeds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import workflow
from registry.models import Benchmark
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
def world(db):
    """A benchmark, a paper and a shared claim on them; ``add(n)`` publishes n entries against it."""
    benchmark = BenchmarkFactory(slug="shared-bench", name="Shared Bench")
    paper = PaperFactory(title="The paper everyone counters", arxiv_id="2001.99999", venue="ICML 2020")
    shared = ClaimFactory(paper=paper, benchmark=benchmark, model_name="Shared model", reported_value=80.0)
    owner, moderator = UserFactory(), UserFactory(is_staff=True)
    made = []

    def add(count):
        for _ in range(count):
            index = len(made)
            own = ClaimFactory(paper=paper, benchmark=benchmark, model_name=f"Own model {index}")
            rows = evidence_rows(shared) + [{**evidence_rows(own)[0], "observed_value": 70.0 + index % 7}]
            entry = make_published(owner, moderator, title=f"Replication attempt {index} does not replicate",
                                   evidence=rows)
            workflow.entry_confirm(entry=entry, by=moderator)
            made.append(entry)
        return made

    return {"benchmark": benchmark, "paper": paper, "claim": shared, "add": add, "entries": made,
            "owner": owner, "moderator": moderator}


PAGES = {
    "search": lambda w: "/search/?q=replicate",
    "search with facets": lambda w: "/search/?q=replicate&benchmark=shared-bench&relation=contradicts"
                                    "&ordering=most_confirmed&page=2",
    "search without query": lambda w: "/search/",
    "lookup": lambda w: "/lookup/?ids=arXiv:2001.99999v2%0Abogus!%0A10.9999/unknown",
    "lookup report": lambda w: "/lookup/report.md?ids=arXiv:2001.99999",
    "claim": lambda w: f"/claims/{w['claim'].pk}/",
    "paper": lambda w: f"/papers/{w['paper'].pk}/",
    "benchmark": lambda w: "/benchmarks/shared-bench/",
    "benchmarks": lambda w: "/benchmarks/",
    "stats": lambda w: "/stats/",
    "feed": lambda w: "/feeds/entries/",
    "benchmark feed": lambda w: "/feeds/benchmarks/shared-bench/",
    "claim feed": lambda w: f"/feeds/claims/{w['claim'].pk}/",
    "entry": lambda w: w["entries"][0].get_absolute_url(),
}


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context)


@pytest.mark.parametrize("page", list(PAGES))
def test_it_runs_a_constant_number_of_queries_with_1_and_50_results(client, world, page):
    world["add"](1)
    with_one = _queries(client, PAGES[page](world))
    world["add"](49)
    assert _queries(client, PAGES[page](world)) == with_one


def test_the_search_page_shows_snippets_facets_and_counts(client, world):
    world["add"](3)
    make_draft(world["owner"], title="Draft that would replicate")
    make_withdrawn(world["owner"], world["moderator"], title="Withdrawn that would replicate")
    html = client.get("/search/?q=replicate").content.decode()
    assert html.count('class="card entry-card result"') == 3
    assert "<mark>replication</mark>" in html  # a keyword: the excerpt comes from the linked text
    assert "five <mark>seeds</mark> of the released code" in client.get("/search/?q=seeds").content.decode()
    assert "Draft that would" not in html and "Withdrawn that would" not in html
    assert "Shared Bench" in html and "ICML 2020" in html  # facets
    assert "1 confirmation" in html
    assert "Counters 2 claims" in html


def test_its_facet_links_add_and_remove_filters(client, world):
    world["add"](2)
    response = client.get("/search/?q=replicate")
    facet = next(f for f in response.context["facets"] if f["name"] == "benchmark")
    (option,) = facet["options"]
    assert option["count"] == 2 and "benchmark=shared-bench" in option["url"] and "q=replicate" in option["url"]
    active = client.get("/search/" + option["url"]).context["facets"]
    (active_option,) = next(f for f in active if f["name"] == "benchmark")["options"]
    assert active_option["active"] and "benchmark" not in active_option["url"]


def test_it_paginates_results(client, world):
    world["add"](25)
    first = client.get("/search/?q=replicate")
    assert len(first.context["page"].object_list) == 20 and "page=2" in first.content.decode()
    assert len(client.get("/search/?q=replicate&page=2").context["page"].object_list) == 5
    assert client.get("/search/?q=replicate&page=banana").status_code == 200


@pytest.mark.parametrize("query", ['a"b', "foo AND", "c++", "-z", "*", "😀", "שלום", "x" * 10_000, "a\x00b", "%00"])
def test_the_search_page_never_fails_on_odd_input(client, world, query):
    world["add"](1)
    assert client.get("/search/", {"q": query}).status_code == 200


def test_the_search_page_reports_invalid_filters(client, world):
    response = client.get("/search/?benchmark=nope&ordering=random")
    assert response.status_code == 400
    assert "could not be used" in response.content.decode()


def test_the_lookup_page_reports_each_identifier(client, world):
    world["add"](2)
    html = client.get("/lookup/", {"ids": "arXiv:2001.99999v2\nnot-an-id!\n10.9999/unknown"}).content.decode()
    assert "The paper everyone counters" in html
    assert "Contested by 2 entries" in html and "Uncontested" not in html.split("Own model 0")[0][-10:]
    assert "Not a paper identifier" in html
    assert "is not in the registry" in html
    assert "/lookup/report.md?ids=" in html


def test_the_lookup_report_downloads_as_markdown(client, world):
    world["add"](1)
    response = client.get("/lookup/report.md", {"ids": "arXiv:2001.99999"})
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    assert "The paper everyone counters" in response.content.decode()


def test_the_claim_page_shows_a_timeline_and_a_chart(client, world):
    world["add"](2)
    html = client.get(f"/claims/{world['claim'].pk}/").content.decode()
    assert "Contested by 2 entries" in html
    assert "Claim recorded in the registry" in html and html.count("published: contradicts") == 2
    assert "<svg" in html and "<title" in html


def test_the_benchmark_page_draws_reported_vs_observed(client, world):
    world["add"](2)
    html = client.get("/benchmarks/shared-bench/").content.decode()
    assert html.count("<svg") == 1  # one metric, one chart
    assert "Shared Bench: top-1 accuracy (%), reported vs observed" in html
    assert 'class="axis-label"' in html


def test_the_benchmark_list_counts_only_published_entries(client, world):
    world["add"](1)
    make_draft(world["owner"], evidence=evidence_rows(world["claim"]))
    make_withdrawn(world["owner"], world["moderator"], evidence=evidence_rows(world["claim"]))
    benchmark = next(b for b in client.get("/benchmarks/").context["benchmarks"] if b.slug == "shared-bench")
    assert benchmark.entry_count == 1 and benchmark.contested_claims == 2


def test_the_stats_page_counts_only_published_entries(client, world):
    world["add"](2)
    make_draft(world["owner"])
    make_withdrawn(world["owner"], world["moderator"])
    response = client.get("/stats/")
    assert response.context["totals"]["entries"] == 2
    assert sum(n for _, n in response.context["per_type"]) == 2
    assert response.context["top_benchmarks"][0].name == "Shared Bench"
    assert response.context["top_papers"][0].n == 2
    assert response.content.decode().count("<svg") == 3


def test_it_escapes_user_text_in_charts(client, world):
    Benchmark.objects.filter(pk=world["benchmark"].pk).update(name='<script>alert("x")</script>')
    world["add"](1)
    html = client.get("/benchmarks/shared-bench/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
