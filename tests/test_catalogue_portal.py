"""The moderated catalogue in the portal: the moderation view's choices, source papers in the entry form."""

import pytest

from registry import workflow
from registry.models import CatalogueChange, Claim, Entry, Paper, PaperIdentifier, ReviewStatus
from tests.factories import ClaimFactory, claim_spec, make_draft, make_submitted
from tests.portal_data import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted_claim():
    return ClaimFactory(paper__title="Deep Residual Learning", paper__arxiv_id="1512.03385", reported_value=76.1,
                        location="")


def spec_for(claim, **overrides):
    return {"paper": {"arxiv_id": claim.paper.arxiv_id}, "benchmark": {"slug": claim.benchmark.slug},
            "metric": claim.metric, "model_name": claim.model_name, "setting": claim.setting, **overrides}


def test_the_queue_lists_what_each_submission_proposes(client, owner, moderator, accepted_claim):
    spec = spec_for(accepted_claim, paper={"arxiv_id": "1512.03385", "doi": "10.1109/CVPR.2016.90"},
                    reported_value=75.3, correction_reason="Table 3 says 75.3", location="Table 3")
    make_submitted(owner, evidence=[{"claim": spec}, {"claim": claim_spec(metric="new metric")}])
    client.force_login(moderator)

    page = client.get("/moderation/").content.decode()

    assert "doi:10.1109/cvpr.2016.90 proposed for paper" in page
    assert "reported value 76.1 → 75.3" in page and "Table 3 says 75.3" in page
    assert "New claim" in page and "New paper" in page and "New benchmark" in page


def test_a_moderator_rejects_one_identifier_and_the_entry_still_publishes(client, owner, moderator, accepted_claim):
    spec = spec_for(accepted_claim, paper={"arxiv_id": "1512.03385", "doi": "10.5555/wrong.doi"})
    entry = make_submitted(owner, evidence=[{"claim": spec}])
    row = PaperIdentifier.objects.get(value="10.5555/wrong.doi")
    client.force_login(moderator)

    client.post(f"/moderation/catalogue/identifier/{row.pk}/", {"action": "reject", "reason": "Not this paper."})
    client.post(f"/moderation/{entry.accession}/publish/")

    assert Entry.objects.get(pk=entry.pk).status == "published"
    assert not PaperIdentifier.objects.filter(value="10.5555/wrong.doi").exists()
    assert CatalogueChange.objects.get(status="rejected").decision_reason == "Not this paper."


def test_a_researcher_cannot_decide_proposals(client, owner, other_researcher, accepted_claim):
    make_submitted(owner, evidence=[{"claim": claim_spec()}])
    claim = Claim.objects.get(review_status=ReviewStatus.PROPOSED)
    client.force_login(other_researcher)

    response = client.post(f"/moderation/catalogue/claim/{claim.pk}/", {"action": "merge", "into": accepted_claim.pk,
                                                                       "reason": "dup"})

    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).review_status == ReviewStatus.PROPOSED


def test_a_moderator_merges_a_proposed_duplicate_into_the_accepted_claim(client, owner, moderator, accepted_claim):
    entry = make_submitted(owner, evidence=[{"claim": claim_spec()}])
    proposed = entry.evidence.get().claim
    client.force_login(moderator)

    client.post(f"/moderation/catalogue/claim/{proposed.pk}/",
                {"action": "merge", "into": str(accepted_claim.pk), "reason": "Same claim as ResNet's."})

    assert entry.evidence.get().claim == accepted_claim
    assert client.get(f"/claims/{proposed.pk}/").status_code == 301
    assert client.get(f"/claims/{proposed.pk}/")["Location"] == f"/claims/{accepted_claim.pk}/"


def test_a_moderator_accepts_a_proposal_made_on_its_own(client, owner, moderator):
    claim = workflow.claim_resolve(claim_spec(), by=owner)
    assert claim.review_status == ReviewStatus.PROPOSED
    client.force_login(moderator)

    assert "Catalogue proposals made on their own" in client.get("/moderation/").content.decode()
    client.post(f"/moderation/catalogue/claim/{claim.pk}/", {"action": "accept"})

    claim.refresh_from_db()
    assert claim.review_status == ReviewStatus.ACCEPTED
    assert claim.paper.review_status == claim.benchmark.review_status == ReviewStatus.ACCEPTED
    assert client.get(claim.get_absolute_url()).status_code == 200


def test_the_entry_form_records_the_source_paper_and_the_page_shows_it(client, owner, moderator):
    Paper.objects.create(title="Do ImageNet Classifiers Generalize to ImageNet?")
    client.force_login(owner)
    data = form_data(source_paper_id="https://arxiv.org/abs/1902.10811v2",
                     source_paper_title="Do ImageNet classifiers generalize to ImageNet")

    client.post("/entries/new/", data)

    entry = Entry.objects.get()
    assert entry.source_paper.title == "Do ImageNet Classifiers Generalize to ImageNet?"  # found by its title
    assert entry.source_paper.identifiers.get().value == "1902.10811"
    workflow.entry_submit(entry=entry, by=owner)
    workflow.entry_publish(entry=Entry.objects.get(pk=entry.pk), by=moderator)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Reported in" in page and "Do ImageNet Classifiers Generalize to ImageNet?" in page
    edit = client.get(f"/entries/{entry.accession}/edit/").content.decode()
    assert 'value="arXiv:1902.10811"' in edit


def test_a_bad_source_paper_identifier_is_a_field_error_and_nothing_is_saved(client, owner):
    client.force_login(owner)

    response = client.post("/entries/new/", form_data(source_paper_id="not-an-id"))

    assert response.status_code == 200 and not Entry.objects.exists()
    assert "not a recognised paper identifier" in response.content.decode()


def test_deleting_a_draft_through_the_portal_removes_its_proposals(client, owner):
    entry = make_draft(owner, evidence=[{"claim": claim_spec()}])
    client.force_login(owner)

    client.post(f"/entries/{entry.accession}/delete/")

    assert not Entry.objects.exists()
    assert (Paper.objects.count(), Claim.objects.count()) == (0, 0)


def test_an_alias_added_in_the_admin_finds_the_benchmarks_entries(client, owner, moderator):
    from django.contrib.auth import get_user_model

    from registry.models import Benchmark
    from tests.factories import make_published

    entry = make_published(owner, moderator, evidence=[{"claim": claim_spec(benchmark={"name": "MNLI"})}])
    benchmark = Benchmark.objects.get(name="MNLI")
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123456")
    client.force_login(admin_user)
    page = client.get(f"/admin/registry/benchmark/{benchmark.pk}/change/")
    assert page.status_code == 200
    data = {"name": "MNLI", "task": benchmark.task, "modality": benchmark.modality, "homepage": "",
            "description": "", "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000", "aliases-0-name": "MultiNLI"}

    response = client.post(f"/admin/registry/benchmark/{benchmark.pk}/change/", data)

    errors = [line for line in response.content.decode().splitlines() if "errorlist" in line]
    assert response.status_code == 302, errors
    assert list(benchmark.aliases.values_list("name", flat=True)) == ["MultiNLI"]
    found = client.get("/api/v1/entries/", {"q": "MultiNLI"}).json()["results"]
    assert [e["accession"] for e in found] == [entry.accession]
