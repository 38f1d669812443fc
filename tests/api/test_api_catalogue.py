"""Claims, papers and benchmarks: find-or-create for researchers, changes for moderators."""

import pytest

from registry.models import Paper
from tests.factories import ClaimFactory, PaperFactory

pytestmark = pytest.mark.django_db


def test_a_paper_is_found_by_doi_or_arxiv_id_in_any_common_form(api, db):
    paper = PaperFactory(arxiv_id="1902.10811", doi="10.1234/abc.def")
    PaperFactory()

    for params in ({"arxiv": "arXiv:1902.10811v2"}, {"arxiv": "https://arxiv.org/abs/1902.10811"},
                   {"doi": "https://doi.org/10.1234/ABC.DEF"}, {"doi": "doi:10.1234/abc.def"}):
        results = api(None).get("/api/v1/papers/", params).json()["results"]
        assert [p["id"] for p in results] == [paper.pk], params


def test_a_malformed_paper_filter_is_a_400_naming_the_parameter(api, db):
    response = api(None).get("/api/v1/papers/", {"doi": "not-a-doi"})

    assert response.status_code == 400
    assert "doi" in response.json()["errors"]


def test_adding_a_known_paper_finds_it_and_a_new_one_is_created(api, owner):
    known = PaperFactory(arxiv_id="1902.10811")
    client = api(owner)

    found = client.post("/api/v1/papers/", {"arxiv_id": "https://arxiv.org/abs/1902.10811v1"}, format="json")
    created = client.post("/api/v1/papers/", {"title": "A brand-new paper", "doi": "10.5555/Brand.New"},
                          format="json")

    assert found.status_code == 200 and found.json()["id"] == known.pk
    assert created.status_code == 201
    assert Paper.objects.get(pk=created.json()["id"]).doi == "10.5555/brand.new"


def test_a_claim_reads_with_its_status_and_counter_entries(api, published):
    claim = published.evidence.get().claim
    uncontested = ClaimFactory()

    read = api(None).get(f"/api/v1/claims/{claim.pk}/").json()
    other = api(None).get(f"/api/v1/claims/{uncontested.pk}/").json()

    assert read["status"] == "contested" and read["counter_entries"] == 1
    assert other["status"] == "uncontested" and other["counter_entries"] == 0


def test_a_moderator_changes_a_claim_through_the_workflow(api, moderator, published):
    claim = published.evidence.get().claim

    response = api(moderator).patch(f"/api/v1/claims/{claim.pk}/", {"model_name": "ResNeXt"}, format="json")

    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.model_name == "ResNeXt"
    published.refresh_from_db()
    assert "ResNeXt" in published.search_text


def test_a_claim_that_contradicts_a_recorded_number_is_a_conflict_naming_the_claim(api, owner, published):
    claim = published.evidence.get().claim
    spec = {"paper": {"arxiv_id": claim.paper.arxiv_id}, "benchmark": {"slug": claim.benchmark.slug},
            "metric": claim.metric, "model_name": claim.model_name, "setting": claim.setting,
            "reported_value": claim.reported_value + 1}

    response = api(owner).post("/api/v1/claims/", spec, format="json")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "catalogue_conflict"
    [conflict] = body["conflicts"]
    assert (conflict["type"], conflict["id"]) == ("claim", claim.pk)
    assert conflict["differing"] == {"reported_value": {"existing": claim.reported_value,
                                                        "given": claim.reported_value + 1}}
    assert conflict["options"] == ["use_existing", "propose_correction"]


def test_a_benchmark_is_read_by_slug_and_a_bad_modality_is_refused(api, owner, published):
    benchmark = published.evidence.get().claim.benchmark

    assert api(None).get(f"/api/v1/benchmarks/{benchmark.slug}/").json()["name"] == benchmark.name
    bad = api(owner).post("/api/v1/benchmarks/", {"name": "X", "modality": "smell"}, format="json")
    assert bad.status_code == 400 and "modality" in bad.json()["errors"]
