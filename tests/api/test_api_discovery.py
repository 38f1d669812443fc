"""Finding entries through the API: the whole story, search, lookup, export, paging and query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import workflow
from tests.api.test_api_entries import ENTRIES, new_entry_body
from tests.factories import ClaimFactory, UserFactory, claim_spec, evidence_rows, make_draft, make_published

pytestmark = pytest.mark.django_db


def test_one_post_files_an_entry_that_after_publication_is_found_by_lookup_and_search(api, owner, moderator):
    body = new_entry_body(
        title="Mixup gains vanish under a tuned baseline",
        evidence=[{
            "claim": {
                "paper": {"title": "mixup: Beyond Empirical Risk Minimization", "arxiv_id": "1710.09412"},
                "benchmark": {"name": "CIFAR-10", "slug": "cifar-10", "task": "image classification"},
                "metric": "error (%)", "reported_value": 2.7, "higher_is_better": False,
                "model_name": "PreAct ResNet-18", "setting": "test set",
            },
            "relation": "weakens", "observed_value": 2.9,
        }],
    )
    owner_client, moderator_client = api(owner), api(moderator)

    created = owner_client.post(ENTRIES, body, format="json")
    assert created.status_code == 201, created.json()
    url = created.json()["url"]
    assert owner_client.post(url + "submit/").status_code == 200
    assert moderator_client.post(url + "publish/").status_code == 200

    lookup = api(None).get("/api/v1/lookup/", {"id": "https://arxiv.org/abs/1710.09412v2"}).json()["results"][0]
    assert lookup["paper"]["arxiv_id"] == "1710.09412"
    claim = lookup["claims"][0]
    assert claim["status"] == "contested"
    assert claim["entries"] == [{
        "accession": created.json()["accession"], "title": "Mixup gains vanish under a tuned baseline",
        "relation": "weakens", "observed_value": 2.9, "url": url,
    }]
    found = api(None).get(ENTRIES, {"q": "mixup tuned baseline"}).json()["results"]
    assert [e["accession"] for e in found] == [created.json()["accession"]]


def test_no_draft_leaks_through_list_search_lookup_export_or_counts(api, owner, other_researcher, moderator):
    claim = ClaimFactory(paper__arxiv_id="1905.00001")
    make_draft(owner, title="Secret zebra draft", evidence=evidence_rows(claim))
    workflow.entry_submit(entry=make_draft(owner, title="Secret zebra submission", evidence=evidence_rows(claim)),
                          by=owner)

    for client in (api(None), api(other_researcher), api(moderator)):
        assert client.get(ENTRIES).json()["results"] == []
        assert client.get(ENTRIES, {"q": "zebra"}).json()["results"] == []
        result = client.get("/api/v1/lookup/", {"id": "1905.00001"}).json()["results"][0]
        assert result["claims"][0]["entries"] == [] and result["claims"][0]["status"] == "uncontested"
        assert b"zebra" not in b"".join(client.get("/api/v1/export/").streaming_content)
        read_claim = client.get(f"/api/v1/claims/{claim.pk}/").json()
        assert read_claim["counter_entries"] == 0 and read_claim["status"] == "uncontested"


def test_lookup_takes_many_ids_by_post_and_reports_bad_ones_per_id(api, published):
    arxiv = published.evidence.get().claim.paper.arxiv_id

    response = api(None).post("/api/v1/lookup/", {"ids": [f"arXiv:{arxiv}v3", "not-an-id", "10.9999/unknown"]},
                              format="json")

    assert response.status_code == 200
    first, bad, unknown = response.json()["results"]
    assert first["paper"]["arxiv_id"] == arxiv and first["error"] is None
    assert (first["matched_by"], first["identifier"]) == ("identifier", f"arXiv:{arxiv}")
    assert first["claims"][0]["entries"][0]["accession"] == published.accession
    assert bad["paper"] is None and "not a recognised paper identifier" in bad["error"]
    assert unknown["paper"] is None and unknown["claims"] == []
    # A well-formed identifier of a paper the registry lacks is said so, not answered with a null error.
    assert unknown["error"] == "doi:10.9999/unknown is not in the registry: no claims and no entries recorded."


def test_lookup_refuses_more_than_100_ids_and_none(api, db):
    assert api(None).post("/api/v1/lookup/", {"ids": ["1905.00001"] * 101}, format="json").status_code == 400
    assert api(None).get("/api/v1/lookup/?" + "&".join(["id=1905.00001"] * 101)).status_code == 400
    assert api(None).get("/api/v1/lookup/").status_code == 400
    assert api(None).post("/api/v1/lookup/", {"ids": []}, format="json").status_code == 400


def test_export_streams_every_published_entry_with_its_version_hashes(api, owner, moderator, draft):
    entries = [make_published(owner, moderator, title=f"Exported {i}") for i in range(3)]

    response = api(None).get("/api/v1/export/")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/jsonl")
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert [line["accession"] for line in lines] == [e.accession for e in entries]
    assert lines[0]["versions"][0]["number"] == 1
    assert lines[0]["versions"][0]["sha256"] == entries[0].versions.get().sha256


def test_export_reads_in_chunks_with_a_fixed_number_of_queries_per_chunk(api, owner, moderator, monkeypatch):
    from api.views import export

    monkeypatch.setattr(export, "CHUNK_SIZE", 5)
    request = api(None).get("/api/v1/export/").wsgi_request
    for i in range(5):
        make_published(owner, moderator, title=f"Entry {i}")
    with CaptureQueriesContext(connection) as one_chunk:
        assert len(list(export.export_lines(request))) == 5
    for i in range(10):
        make_published(owner, moderator, title=f"More {i}")

    with CaptureQueriesContext(connection) as three_chunks:
        assert len(list(export.export_lines(request))) == 15

    # One query for the entries, then the same prefetches for every chunk: never one query per entry.
    per_chunk = len(one_chunk) - 1
    assert len(three_chunks) == 1 + 3 * per_chunk


def test_filters_of_the_shared_filterset_apply_and_bad_values_are_400(api, owner, moderator):
    imagenet = ClaimFactory(benchmark__slug="imagenet-x", benchmark__name="ImageNet X")
    hit = make_published(owner, moderator, title="On ImageNet X", evidence=evidence_rows(imagenet))
    make_published(owner, moderator, title="Elsewhere")

    by_benchmark = api(None).get(ENTRIES, {"benchmark": "imagenet-x"}).json()["results"]
    assert [e["accession"] for e in by_benchmark] == [hit.accession]
    assert api(None).get(ENTRIES, {"result_type": "nonsense"}).status_code == 400
    assert api(None).get(ENTRIES, {"year": "abc"}).status_code == 400
    assert api(None).get(ENTRIES, {"paper": "not-an-id!"}).status_code == 400
    assert api(None).get(ENTRIES, {"ordering": "sideways"}).status_code == 400


@pytest.mark.parametrize("params", [
    {"ordering": "newest"}, {"ordering": "oldest"}, {"ordering": "most_confirmed"},
    {"q": "replicate", "ordering": "relevance"}, {"q": "replicate"},
])
def test_paging_through_all_results_gives_each_entry_exactly_once(api, owner, moderator, params):
    entries = [make_published(owner, moderator, title=f"Gain {i} does not replicate") for i in range(7)]
    expected = {entry.accession for entry in entries}
    reader = UserFactory()
    for entry in entries[2:5]:  # ties in the confirmation count, to page through
        workflow.entry_confirm(entry=entry, by=reader)

    seen, url, pages = [], ENTRIES, 0
    client = api(None)
    query = {**params, "page_size": 2}
    while url:
        response = client.get(url, query if pages == 0 else None)
        assert response.status_code == 200
        body = response.json()
        seen += [e["accession"] for e in body["results"]]
        url, pages = body["next"], pages + 1
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == expected
    assert pages == 4


def test_the_previous_link_leads_back(api, owner, moderator):
    for i in range(5):
        make_published(owner, moderator, title=f"E{i}")
    client = api(None)
    first = client.get(ENTRIES, {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert first["previous"] is None
    assert back["results"] == first["results"]


def test_a_cursor_we_did_not_make_is_a_404_and_a_bad_page_size_a_400(api, db):
    assert api(None).get(ENTRIES, {"cursor": "%%%"}).status_code == 404
    assert api(None).get(ENTRIES, {"cursor": "bz0tMQ"}).status_code == 404
    assert api(None).get(ENTRIES, {"page_size": "0"}).status_code == 400
    assert api(None).get(ENTRIES, {"page_size": "101"}).status_code == 400


LIST_ENDPOINTS = ["/api/v1/entries/", "/api/v1/entries/?q=replicate", "/api/v1/entries/?ordering=most_confirmed",
                  "/api/v1/claims/", "/api/v1/papers/", "/api/v1/benchmarks/"]


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_list_endpoints_run_the_same_number_of_queries_for_1_and_50_results(api, owner, moderator, path):
    client = api(owner)
    client.get(path)  # authenticates once (token last-used stamp) before counting
    make_published(owner, moderator, title="The result does not replicate")
    with CaptureQueriesContext(connection) as one:
        response = client.get(path, {"page_size": 50})
    assert len(response.json()["results"]) == 1

    for i in range(49):
        make_published(owner, moderator, title=f"Result {i} does not replicate",
                       evidence=evidence_rows(claim_spec(paper={"title": f"P{i}", "arxiv_id": f"2002.{i:05d}"},
                                                         benchmark={"name": f"B{i}"})))
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(path, {"page_size": 50})
    assert len(response.json()["results"]) == 50

    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]
