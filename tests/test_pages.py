"""The foundation's pages: home, entry, version, claim, paper and benchmark."""

import pytest
from django.urls import reverse

from registry import workflow
from registry.models import Entry

pytestmark = pytest.mark.django_db


def test_home_lists_recent_published_entries_and_not_drafts(client, published, draft):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert published.title in body
    assert published.accession in body
    assert draft.title not in body


def test_the_entry_page_shows_everything_on_the_entry(client, published):
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert published.title in body and published.accession in body
    assert published.get_result_type_display() in body
    for author in published.authors.all():
        assert author.name in body
    evidence = published.evidence.select_related("claim__benchmark").first()
    assert evidence.claim.benchmark.name in body and evidence.claim.metric in body
    version = published.versions.get(number=1)
    assert version.sha256 in body
    assert "Published" in body  # the timeline


def test_an_entry_page_renders_markdown_and_drops_script(client, owner, moderator):
    entry = workflow.entry_create(by=owner, fields={
        "title": "Markdown check", "summary": "s", "result_type": "null_result",
        "body": "## Heading\n\n<script>alert('x')</script>\n\n[bad](javascript:alert(1)) *emphasis*",
    }, authors=[{"name": "A. Author"}], evidence=[{"claim": {
        "paper": {"title": "Some paper"}, "benchmark": {"name": "Some bench"}, "metric": "accuracy"}}])
    workflow.entry_submit(entry=entry, by=owner)
    workflow.entry_publish(entry=entry, by=moderator)
    body = client.get(entry.get_absolute_url()).content.decode()
    assert "<h2>Heading</h2>" in body and "<em>emphasis</em>" in body
    assert "alert('x')" not in body and "javascript:" not in body


@pytest.mark.parametrize("who, status", [("anonymous", 404), ("other_researcher", 404), ("owner", 200),
                                         ("moderator", 404)])
def test_a_draft_page_is_seen_only_by_its_owner(client, request, draft, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(draft.get_absolute_url()).status_code == status


def test_a_submitted_entry_is_seen_by_moderators_but_not_the_public(client, submitted, moderator):
    assert client.get(submitted.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_a_withdrawn_entry_is_a_tombstone_with_its_reason(client, published, owner):
    workflow.entry_withdraw(entry=published, by=owner, reason="The evaluation script had a bug.")
    body = client.get(published.get_absolute_url()).content.decode()
    assert "This entry was withdrawn" in body
    assert "The evaluation script had a bug." in body
    assert published.accession in body and published.title in body
    assert "Version 1" in body


def test_an_earlier_version_stays_readable(client, published, owner):
    workflow.entry_revise(entry=published, by=owner, expected_revision=published.revision,
                          change_note="Clarified the summary.", fields={"summary": "A clearer summary."})
    old = client.get(reverse("registry:entry_version", args=[published.accession, 1]))
    new = client.get(reverse("registry:entry_version", args=[published.accession, 2]))
    assert old.status_code == 200 and new.status_code == 200
    assert "A clearer summary." in new.content.decode()
    assert "A clearer summary." not in old.content.decode()
    assert client.get(reverse("registry:entry_version", args=[published.accession, 3])).status_code == 404


@pytest.mark.parametrize("accession", ["NR-999999", "garbage", "NR-", "NR-00000x", "%00"])
def test_an_unknown_or_malformed_accession_is_a_404(client, accession):
    assert client.get(f"/entries/{accession}/").status_code == 404


def test_claim_paper_and_benchmark_pages_show_the_countering_entry(client, published):
    claim = published.evidence.first().claim
    for url in (claim.get_absolute_url(), claim.paper.get_absolute_url(), claim.benchmark.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
    assert published.accession in client.get(claim.get_absolute_url()).content.decode()
    assert "contested by 1" in client.get(claim.paper.get_absolute_url()).content.decode()


def test_the_home_page_counts_entries_and_claims(client, published, draft):
    body = " ".join(client.get("/").content.decode().split())
    assert "1 published entry countering 1 claim." in body


def _queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_home_and_benchmark_pages_run_the_same_queries_for_one_or_many_entries(client, owner, moderator):
    from tests.factories import make_published

    first = make_published(owner, moderator, title="Entry 0")
    benchmark_url = first.evidence.first().claim.benchmark.get_absolute_url()
    claim = first.evidence.first().claim
    one = (_queries_for(client, "/"), _queries_for(client, benchmark_url))
    for n in range(1, 8):
        entry = make_published(owner, moderator, title=f"Entry {n}")
        # Put every entry on the same benchmark too, so the benchmark page grows as well.
        workflow.entry_revise(entry=entry, by=owner, expected_revision=entry.revision, change_note="Add claim",
                              fields={}, evidence=[{"claim": claim.pk}, {"claim": entry.evidence.first().claim.pk}])
    many = (_queries_for(client, "/"), _queries_for(client, benchmark_url))
    assert Entry.objects.published().count() == 8
    assert many == one


def test_the_entry_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, published):
    with django_assert_max_num_queries(12):
        assert client.get(published.get_absolute_url()).status_code == 200
