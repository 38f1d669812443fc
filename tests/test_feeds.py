"""Atom feeds: new entries, per benchmark, per claim; withdrawals appear as updates."""

from xml.etree import ElementTree

from registry import workflow
from tests.factories import ClaimFactory, evidence_rows, make_draft, make_published

ATOM = "{http://www.w3.org/2005/Atom}"


def _items(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [
        {"title": e.find(f"{ATOM}title").text, "id": e.find(f"{ATOM}id").text,
         "updated": e.find(f"{ATOM}updated").text, "summary": (e.find(f"{ATOM}summary").text or "")}
        for e in root.findall(f"{ATOM}entry")
    ]


def test_it_lists_newly_published_entries(client, published, draft, submitted):
    (item,) = _items(client, "/feeds/entries/")
    assert item["title"] == f"{published.accession}: {published.title}"
    assert item["id"].endswith(published.get_absolute_url())


def test_it_shows_a_withdrawal_as_an_update_without_the_withdrawn_content(client, published, owner):
    before = _items(client, "/feeds/entries/")[0]
    workflow.entry_withdraw(entry=published, by=owner, reason="Found a bug in the evaluation.")
    (after,) = _items(client, "/feeds/entries/")
    assert after["id"] == before["id"] and after["updated"] >= before["updated"]
    assert after["title"].startswith("Withdrawn: ")
    assert "Found a bug in the evaluation." in after["summary"]
    assert published.summary not in after["summary"]


def test_it_has_a_feed_per_benchmark_and_per_claim(client, owner, moderator):
    claim = ClaimFactory()
    on_claim = make_published(owner, moderator, title="Against the claim", evidence=evidence_rows(claim))
    make_published(owner, moderator, title="Elsewhere")
    make_draft(owner, title="Draft against the claim", evidence=evidence_rows(claim))
    assert [i["title"] for i in _items(client, f"/feeds/benchmarks/{claim.benchmark.slug}/")] == [
        f"{on_claim.accession}: Against the claim"]
    (item,) = _items(client, f"/feeds/claims/{claim.pk}/")
    assert "Contradicts; observed 74.1" in item["summary"]
    assert client.get("/feeds/claims/999999/").status_code == 404
    assert client.get("/feeds/benchmarks/nope/").status_code == 404
