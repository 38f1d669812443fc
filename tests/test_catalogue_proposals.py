"""The moderated catalogue: what a draft proposes stays private until its entry is published, nothing a
description says is dropped silently, moderators reject single proposals and merge duplicates."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from api.models import ApiToken
from registry import workflow
from registry.models import (
    Author,
    Benchmark,
    BenchmarkAlias,
    CatalogueChange,
    ChangeKind,
    ChangeStatus,
    Claim,
    Entry,
    Event,
    Evidence,
    Paper,
    PaperIdentifier,
    ReviewStatus,
    Status,
    Version,
)
from registry.workflow import CatalogueConflict, IllegalTransition, NotAllowed
from tests.factories import (
    BenchmarkFactory,
    ClaimFactory,
    PaperFactory,
    author_rows,
    entry_fields,
    evidence_rows,
    make_published,
)
from tests.portal_data import INLINE_CLAIM, form_data

pytestmark = pytest.mark.django_db

COUNTED = (Entry, Evidence, Author, Event, Version, Paper, PaperIdentifier, Benchmark, BenchmarkAlias, Claim,
           CatalogueChange)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def api_as(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        _, key = ApiToken.issue(user=user, name=f"proposals-{ApiToken.objects.count()}")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def draft(owner, *claims, **fields):
    """A draft by ``owner`` countering each claim (a Claim, an id or a description)."""
    return workflow.entry_create(by=owner, fields=entry_fields(**fields), authors=author_rows(),
                                 evidence=[{"claim": claim, "observed_value": 70.0} for claim in claims])


def publish(entry, moderator):
    entry = workflow.entry_submit(entry=reload(entry), by=entry.owner)
    return workflow.entry_publish(entry=entry, by=moderator)


# --------------------------------------------------------------------------- the accepted catalogue


class Catalogue:
    """Two accepted papers, an accepted benchmark and an accepted claim with every field filled."""

    def __init__(self):
        self.paper = PaperFactory(title="Deep nets that win", authors="Doe, Roe", year=2020, venue="CVPR 2020",
                                  arxiv_id="2001.00001", doi="10.1234/win.2020")
        self.other_paper = PaperFactory(title="Shallow nets that lose", arxiv_id="2002.00002",
                                        doi="10.1234/lose.2020")
        self.benchmark = BenchmarkFactory(name="ImageNet-1k", slug="imagenet-1k", task="image classification")
        self.claim = ClaimFactory(paper=self.paper, benchmark=self.benchmark, metric="top-1 accuracy (%)",
                                  reported_value=80.0, higher_is_better=True, model_name="WinNet",
                                  setting="validation set", location="Table 2")

    def paper_spec(self, **changes) -> dict:
        return {"arxiv_id": "arXiv:2001.00001", **changes}

    def benchmark_spec(self, **changes) -> dict:
        return {"slug": "imagenet-1k", **changes}

    def claim_spec(self, **changes) -> dict:
        spec = {"paper": self.paper_spec(), "benchmark": self.benchmark_spec(), "metric": "top-1 accuracy (%)",
                "model_name": "WinNet", "setting": "validation set", "reported_value": 80.0}
        spec.update(changes)
        return spec


@pytest.fixture
def catalogue(db):
    return Catalogue()


# --------------------------------------------------------------------------- nothing is dropped silently

# Each shape: the description (as a claim description, and as what the item's own endpoint takes), and the
# conflicts it must raise: (type, which item, the differing fields).
CONFLICTS = {
    "claim reported value differs": lambda c: (
        c.claim_spec(reported_value=81.5), ("claims", c.claim_spec(reported_value=81.5)),
        [("claim", c.claim, {"reported_value"})]),
    "claim location differs": lambda c: (
        c.claim_spec(location="Table 5"), ("claims", c.claim_spec(location="Table 5")),
        [("claim", c.claim, {"location"})]),
    "higher_is_better differs": lambda c: (
        c.claim_spec(higher_is_better=False), ("claims", c.claim_spec(higher_is_better=False)),
        [("claim", c.claim, {"higher_is_better"})]),
    "paper title differs": lambda c: (
        c.claim_spec(paper=c.paper_spec(title="Deep nets that lose")),
        ("papers", c.paper_spec(title="Deep nets that lose")),
        [("paper", c.paper, {"title"})]),
    "paper year and venue differ": lambda c: (
        c.claim_spec(paper=c.paper_spec(year=2019, venue="ICML 2019")),
        ("papers", c.paper_spec(year=2019, venue="ICML 2019")),
        [("paper", c.paper, {"year", "venue"})]),
    "two identifiers name two papers": lambda c: (
        c.claim_spec(paper=c.paper_spec(doi="10.1234/lose.2020")),
        ("papers", c.paper_spec(doi="10.1234/lose.2020")),
        [("paper", c.paper, {"identifiers"}), ("paper", c.other_paper, {"identifiers"})]),
    "a second arXiv id for a paper": lambda c: (
        c.claim_spec(paper={"doi": "10.1234/win.2020", "arxiv_id": "2001.99999"}),
        ("papers", {"doi": "10.1234/win.2020", "arxiv_id": "2001.99999"}),
        [("paper", c.paper, {"arxiv"})]),
    "benchmark slug given with another name": lambda c: (
        c.claim_spec(benchmark=c.benchmark_spec(name="CIFAR-100")),
        ("benchmarks", c.benchmark_spec(name="CIFAR-100")),
        [("benchmark", c.benchmark, {"name"})]),
    "benchmark task differs": lambda c: (
        c.claim_spec(benchmark={"name": "imagenet 1k", "task": "object detection"}),
        ("benchmarks", {"name": "imagenet 1k", "task": "object detection"}),
        [("benchmark", c.benchmark, {"task"})]),
}


def assert_names(conflicts: list[dict], expected: list) -> None:
    """The conflicts name exactly the expected items, each with its differing fields, address and options."""
    got = sorted((c["type"], c["id"], frozenset(c["differing"])) for c in conflicts)
    assert got == sorted((kind, item.pk, frozenset(fields)) for kind, item, fields in expected)
    for conflict in conflicts:
        assert conflict["url"] and conflict["label"] and conflict["options"]
        for values in conflict["differing"].values():
            assert set(values) == {"existing", "given"} and values["existing"] != values["given"]


@pytest.mark.parametrize("shape", CONFLICTS)
def test_a_draft_describing_an_item_differently_is_refused_naming_it_and_its_fields_and_writes_nothing(
        shape, catalogue, owner):
    spec, _, expected = CONFLICTS[shape](catalogue)
    before = row_counts()

    with pytest.raises(CatalogueConflict) as refused:
        draft(owner, spec)

    assert_names(refused.value.conflicts, expected)
    assert {c["path"] for c in refused.value.conflicts} == {"evidence[0].claim"}
    text = " ".join(refused.value.messages)
    for kind, item, fields in expected:
        assert f"{kind.capitalize()} {item.pk}" in text or f"(paper {item.pk})" in text, text
        if kind != "paper" or "identifiers" not in fields:
            for name in fields:
                assert name.replace("_", " ") in text, (name, text)
    assert row_counts() == before


@pytest.mark.parametrize("shape", CONFLICTS)
def test_the_api_answers_a_conflicting_description_409_naming_the_item_and_fields_and_writes_nothing(
        shape, catalogue, owner):
    spec, (endpoint, body), expected = CONFLICTS[shape](catalogue)
    client = api_as(owner)
    before = row_counts()

    direct = client.post(f"/api/v1/{endpoint}/", body, format="json")
    inline = client.post("/api/v1/entries/", {"title": "T", "summary": "S", "result_type": "failed_replication",
                                              "evidence": [{"claim": spec}]}, format="json")

    for response in (direct, inline):
        assert response.status_code == 409, response.json()
        assert response.json()["code"] == "catalogue_conflict"
        assert_names(response.json()["conflicts"], expected)
    assert {c["path"] for c in inline.json()["conflicts"]} == {"evidence[0].claim"}
    assert row_counts() == before


def test_the_entry_form_shows_a_papers_differing_title_on_its_row_and_saves_nothing(catalogue, owner):
    row = {**INLINE_CLAIM, "paper_id": "arXiv:2001.00001", "paper_title": "Deep nets that lose",
           "benchmark": "ImageNet-1k", "model_name": "WinNet", "setting": "validation set", "reported_value": "80"}
    before = row_counts()

    response = signed_in(owner).post("/entries/new/", form_data(evidence=[row]))

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Paper {catalogue.paper.pk}" in body
    assert "title is &#x27;Deep nets that win&#x27;, you gave &#x27;Deep nets that lose&#x27;" in body
    assert row_counts() == before


def test_a_correction_reason_turns_a_differing_claim_into_a_proposed_change_and_nothing_else(catalogue, owner):
    spec = catalogue.claim_spec(reported_value=78.2, location="Table 2",
                                correction_reason="Table 2 gives 78.2, not 80.")

    entry = draft(owner, spec)

    change = CatalogueChange.objects.get(entry=entry)
    assert (change.kind, change.status, change.claim, change.proposed_by) == (
        ChangeKind.CHANGED, ChangeStatus.PROPOSED, catalogue.claim, owner)
    assert change.changes == {"reported_value": {"from": 80.0, "to": 78.2}}
    assert (change.reason, change.location) == ("Table 2 gives 78.2, not 80.", "Table 2")
    assert reload(catalogue.claim).reported_value == 80.0
    assert entry.evidence.get().claim == catalogue.claim


# --------------------------------------------------------------------------- additions and corrections


def test_additions_to_blank_fields_are_proposed_changes_applied_only_when_the_entry_is_published(owner, moderator):
    paper = PaperFactory(title="A paper with gaps", venue="", authors="", arxiv_id="2003.00003")
    claim = ClaimFactory(paper=paper, reported_value=None, location="", model_name="GapNet")
    spec = {"paper": {"arxiv_id": "2003.00003", "venue": "ICLR 2021", "authors": "Gap, Filler"},
            "benchmark": {"slug": claim.benchmark.slug}, "metric": claim.metric, "model_name": "GapNet",
            "setting": claim.setting, "reported_value": 71.3, "location": "Table 1"}

    entry = draft(owner, spec)

    changes = {c.target: c for c in CatalogueChange.objects.filter(entry=entry)}
    assert set(changes) == {claim, paper}
    assert {c.status for c in changes.values()} == {ChangeStatus.PROPOSED}
    assert changes[claim].changes == {"reported_value": {"from": None, "to": 71.3},
                                      "location": {"from": "", "to": "Table 1"}}
    assert changes[paper].changes == {"venue": {"from": "", "to": "ICLR 2021"},
                                      "authors": {"from": "", "to": "Gap, Filler"}}
    assert (reload(claim).reported_value, reload(claim).location, reload(paper).venue) == (None, "", "")
    assert "71.3" not in Client().get(claim.get_absolute_url()).content.decode()

    publish(entry, moderator)

    claim, paper = reload(claim), reload(paper)
    assert (claim.reported_value, claim.location, paper.venue, paper.authors) == (71.3, "Table 1", "ICLR 2021",
                                                                                "Gap, Filler")
    assert {c.status for c in CatalogueChange.objects.filter(entry=entry, kind=ChangeKind.CHANGED)} == {
        ChangeStatus.ACCEPTED}
    assert "71.3" in Client().get(claim.get_absolute_url()).content.decode()


def test_a_correction_with_a_reason_is_applied_on_publish_and_shown_in_the_claims_history(
        catalogue, owner, moderator):
    spec = catalogue.claim_spec(reported_value=78.2, location="Table 2",
                                correction_reason="Table 2 gives 78.2, not 80.")
    entry = draft(owner, spec)
    page = catalogue.claim.get_absolute_url()
    assert "78.2" not in Client().get(page).content.decode()

    entry = publish(entry, moderator)

    claim = reload(catalogue.claim)
    assert claim.reported_value == 78.2
    change = CatalogueChange.objects.get(entry=entry, claim=claim)
    assert (change.status, change.decided_by, change.proposed_by) == (ChangeStatus.ACCEPTED, moderator, owner)
    body = Client().get(page).content.decode()
    history = body[body.index("History in the catalogue"):]
    assert "reported value 80.0 → 78.2" in history  # what
    assert "(Table 2)" in history  # where in the paper
    assert "“Table 2 gives 78.2, not 80.”" in history  # why
    assert change.decided_at.strftime("%-d %b %Y") in history  # when
    assert f'<a href="{entry.get_absolute_url()}">{entry.accession}</a>' in history  # who: the entry
    assert "accepted by a moderator" in history
    assert api_as().get(f"/api/v1/claims/{claim.pk}/").json()["reported_value"] == 78.2


def test_a_moderator_rejects_one_change_and_one_identifier_and_the_entry_still_publishes(
        catalogue, owner, moderator):
    spec = catalogue.claim_spec(paper=catalogue.paper_spec(doi="10.5555/made.up"), reported_value=78.2,
                                location="Table 2", correction_reason="I read 78.2.")
    entry = workflow.entry_submit(entry=draft(owner, spec), by=owner)
    change = CatalogueChange.objects.get(entry=entry)
    identifier = PaperIdentifier.objects.get(value="10.5555/made.up")
    assert identifier.review_status == ReviewStatus.PROPOSED

    workflow.catalogue_change_reject(change=change, by=moderator, reason="Table 2 says 80.")
    workflow.catalogue_change_reject(change=identifier, by=moderator, reason="No such DOI.")
    entry = workflow.entry_publish(entry=reload(entry), by=moderator)

    assert entry.status == Status.PUBLISHED
    assert reload(catalogue.claim).reported_value == 80.0
    assert not PaperIdentifier.objects.filter(value="10.5555/made.up").exists()
    rejected = CatalogueChange.objects.filter(status=ChangeStatus.REJECTED).order_by("pk")
    assert [(c.kind, c.decision_reason, c.decided_by) for c in rejected] == [
        (ChangeKind.CHANGED, "Table 2 says 80.", moderator), (ChangeKind.IDENTIFIER, "No such DOI.", moderator)]
    body = Client().get(catalogue.claim.get_absolute_url()).content.decode()
    assert "Table 2 says 80." not in body and "78.2" not in body
    assert "made.up" not in Client().get(catalogue.paper.get_absolute_url()).content.decode()


def test_publishing_accepts_the_new_paper_benchmark_claim_and_identifiers_and_they_become_public(
        catalogue, owner, moderator):
    new = {"paper": {"title": "A brand-new paper", "arxiv_id": "2101.00001", "doi": "10.5555/brand.new",
                     "year": 2021, "venue": "ICML 2021"},
           "benchmark": {"name": "Brand Bench", "task": "image classification", "modality": "image"},
           "metric": "accuracy (%)", "reported_value": 90.0, "model_name": "BrandNet", "setting": "test"}
    with_doi = catalogue.claim_spec(paper=catalogue.paper_spec(doi="10.5555/second.doi"))
    entry = draft(owner, new, with_doi)
    claim = Claim.objects.get(model_name="BrandNet")
    paper, benchmark = claim.paper, claim.benchmark
    anonymous = Client()
    assert anonymous.get(paper.get_absolute_url()).status_code == 404

    publish(entry, moderator)

    for item in (reload(paper), reload(benchmark), reload(claim)):
        assert item.review_status == ReviewStatus.ACCEPTED and item.accepted_at is not None
        assert anonymous.get(item.get_absolute_url()).status_code == 200
        assert item.changes.filter(kind=ChangeKind.CREATED, status=ChangeStatus.ACCEPTED, entry=entry).exists()
    assert set(reload(paper).identifiers.values_list("review_status", flat=True)) == {ReviewStatus.ACCEPTED}
    assert reload(paper).doi == "10.5555/brand.new"
    second = PaperIdentifier.objects.get(value="10.5555/second.doi")
    assert (second.paper, second.review_status) == (catalogue.paper, ReviewStatus.ACCEPTED)
    assert "10.5555/second.doi" in anonymous.get(catalogue.paper.get_absolute_url()).content.decode()
    api = api_as()
    for ident, found in (("arXiv:2101.00001", paper), ("10.5555/brand.new", paper),
                         ("10.5555/second.doi", catalogue.paper)):
        [result] = api.get("/api/v1/lookup/", {"id": ident}).json()["results"]
        assert result["paper"]["id"] == found.pk, ident
        assert found.title in anonymous.get("/lookup/", {"ids": ident}).content.decode()
    assert claim.pk in [c["id"] for c in api.get("/api/v1/claims/", {"page_size": 100}).json()["results"]]
    assert paper.pk in [p["id"] for p in api.get("/api/v1/papers/", {"page_size": 100}).json()["results"]]
    assert "brand-bench" in [b["slug"] for b in api.get("/api/v1/benchmarks/").json()["results"]]
    assert "Brand Bench" in anonymous.get("/benchmarks/").content.decode()


# --------------------------------------------------------------------------- pruning


def everything_a_draft_can_propose(catalogue) -> list:
    """A new paper (two identifiers), benchmark and claim; a DOI for an accepted paper; an addition to a blank
    claim; a correction of a filled one."""
    blank = ClaimFactory(paper=catalogue.other_paper, benchmark=catalogue.benchmark, reported_value=None,
                         location="", model_name="LoseNet")
    return [
        {"paper": {"title": "A doomed paper", "arxiv_id": "2102.00002", "doi": "10.5555/doomed"},
         "benchmark": {"name": "Doomed Bench"}, "metric": "F1", "reported_value": 50.0},
        {"paper": {"doi": "10.1234/lose.2020", "identifiers": ["10.5555/extra.doi"]},
         "benchmark": {"slug": "imagenet-1k"}, "metric": blank.metric, "model_name": "LoseNet",
         "setting": blank.setting, "reported_value": 42.0, "location": "Table 9"},
        catalogue.claim_spec(reported_value=78.2, correction_reason="Table 2 gives 78.2."),
    ]


@pytest.mark.parametrize("via", ["workflow", "api", "portal"])
def test_deleting_a_draft_leaves_no_proposal_behind(via, catalogue, owner):
    specs = everything_a_draft_can_propose(catalogue)
    before = row_counts()
    entry = draft(owner, *specs, source_paper={"title": "Our own report", "arxiv_id": "2103.00003"})
    assert CatalogueChange.objects.filter(entry=entry).count() == 2
    assert PaperIdentifier.objects.filter(review_status=ReviewStatus.PROPOSED).count() == 4

    if via == "workflow":
        workflow.entry_delete(entry=entry, by=owner)
    elif via == "api":
        assert api_as(owner).delete(f"/api/v1/entries/{entry.accession}/").status_code == 204
    else:
        assert signed_in(owner).post(f"/entries/{entry.accession}/delete/").status_code == 302

    assert row_counts() == before
    assert not Paper.objects.filter(review_status=ReviewStatus.PROPOSED).exists()
    assert not PaperIdentifier.objects.filter(review_status=ReviewStatus.PROPOSED).exists()


def test_editing_a_draft_to_drop_a_new_claim_prunes_it_and_what_only_it_used(catalogue, owner):
    new, with_changes, correction = everything_a_draft_can_propose(catalogue)
    entry = draft(owner, new, with_changes, correction)
    doomed = Claim.objects.get(metric="F1")

    workflow.entry_update(entry=entry, by=owner, expected_revision=entry.revision, fields={},
                          evidence=[{"claim": catalogue.claim.pk, "observed_value": 70.0}])

    assert not Claim.objects.filter(pk=doomed.pk).exists()
    assert not Paper.objects.filter(pk=doomed.paper_id).exists()
    assert not Benchmark.objects.filter(pk=doomed.benchmark_id).exists()
    assert not PaperIdentifier.objects.filter(review_status=ReviewStatus.PROPOSED).exists()
    # The correction went with its row: the claim is still used, but no longer described.
    assert not CatalogueChange.objects.filter(entry=entry).exclude(claim=catalogue.claim).exists()


def test_editing_a_correction_back_to_the_recorded_value_withdraws_it(catalogue, owner, moderator):
    entry = draft(owner, catalogue.claim_spec(reported_value=78.2, correction_reason="I read 78.2."))
    assert CatalogueChange.objects.filter(entry=entry, status=ChangeStatus.PROPOSED).count() == 1

    # The researcher checks the paper again: it does say 80, and Table 2 is where.
    entry = workflow.entry_update(entry=entry, by=owner, expected_revision=entry.revision, fields={},
                                  evidence=[{"claim": catalogue.claim_spec(reported_value=80.0),
                                             "observed_value": 70.0}])
    publish(entry, moderator)

    assert reload(catalogue.claim).reported_value == 80.0
    assert not CatalogueChange.objects.filter(entry=entry, status=ChangeStatus.ACCEPTED,
                                              kind=ChangeKind.CHANGED).exists()


def test_deleting_one_draft_keeps_an_identifier_proposal_that_another_draft_of_theirs_uses(
        catalogue, owner, moderator):
    spec = catalogue.claim_spec(paper=catalogue.paper_spec(doi="10.5555/both.drafts"))
    first = draft(owner, spec, title="First")
    second = draft(owner, spec, title="Second")

    workflow.entry_delete(entry=first, by=owner)
    publish(second, moderator)

    row = PaperIdentifier.objects.filter(value="10.5555/both.drafts").first()
    assert row is not None, "the second draft's DOI proposal was deleted with the first draft"
    assert (row.paper, row.review_status) == (catalogue.paper, ReviewStatus.ACCEPTED)


def test_a_second_researcher_proposing_the_same_identifier_has_it_accepted_with_their_entry(
        catalogue, owner, other_researcher, moderator):
    spec = catalogue.claim_spec(paper=catalogue.paper_spec(doi="10.5555/proposed.twice"))
    draft(owner, spec, title="The first researcher's draft, never submitted")
    theirs = draft(other_researcher, spec, title="The second researcher's entry")

    assert [row.label for row in workflow.entry_proposals(theirs).identifiers] == ["doi:10.5555/proposed.twice"]
    publish(theirs, moderator)

    accepted = PaperIdentifier.objects.get(value="10.5555/proposed.twice", review_status=ReviewStatus.ACCEPTED)
    assert accepted.paper == theirs.evidence.get().claim.paper
    # The first researcher's own proposal stays theirs; publishing their draft would find it already accepted.
    assert PaperIdentifier.objects.get(value="10.5555/proposed.twice", review_status=ReviewStatus.PROPOSED
                                       ).proposed_by == owner


# --------------------------------------------------------------------------- privacy until publication


def test_returning_a_submission_keeps_its_proposals_private(catalogue, owner, other_researcher, moderator):
    new, with_changes, correction = everything_a_draft_can_propose(catalogue)
    entry = workflow.entry_submit(entry=draft(owner, new, with_changes, correction), by=owner)

    workflow.entry_reject(entry=reload(entry), by=moderator, reason="Please check Table 2.")

    claim = Claim.objects.get(metric="F1")
    items = [claim, claim.paper, claim.benchmark]
    assert {reload(item).review_status for item in items} == {ReviewStatus.PROPOSED}
    assert set(CatalogueChange.objects.filter(entry=entry).values_list("status", flat=True)) == {
        ChangeStatus.PROPOSED}
    assert reload(catalogue.claim).reported_value == 80.0
    anonymous, other, own = Client(), signed_in(other_researcher), signed_in(owner)
    for item in items:
        url = item.get_absolute_url()
        assert (anonymous.get(url).status_code, other.get(url).status_code, own.get(url).status_code) == (
            404, 404, 200), url
    for client in (api_as(), api_as(other_researcher)):
        assert claim.pk not in [c["id"] for c in client.get("/api/v1/claims/", {"page_size": 100}).json()["results"]]
        assert client.get(f"/api/v1/benchmarks/{claim.benchmark.slug}/").status_code == 404
        [found] = client.get("/api/v1/lookup/", {"id": "10.5555/extra.doi"}).json()["results"]
        assert found["paper"] is None
    assert "Doomed Bench" not in anonymous.get("/benchmarks/").content.decode()


REVISIONS = {
    "a new claim": lambda c: {"paper": {"title": "Never seen", "arxiv_id": "2104.00004"},
                              "benchmark": {"slug": "imagenet-1k"}, "metric": "top-5 error", "reported_value": 5.0},
    "a correction": lambda c: c.claim_spec(reported_value=78.2, correction_reason="Table 2 gives 78.2."),
    "an identifier for an accepted paper": lambda c: c.claim_spec(paper=c.paper_spec(doi="10.5555/late.doi")),
}


@pytest.mark.parametrize("what", REVISIONS)
def test_a_revision_of_a_published_entry_cannot_propose_anything_and_writes_nothing(
        what, catalogue, owner, moderator):
    entry = make_published(owner, moderator, evidence=evidence_rows(catalogue.claim))
    spec = REVISIONS[what](catalogue)
    before = row_counts()
    evidence = [{"claim": catalogue.claim.pk, "observed_value": 70.0}, {"claim": spec, "observed_value": 1.0}]
    if what != "a new claim":
        evidence = evidence[1:]

    with pytest.raises(ValidationError) as refused:
        workflow.entry_revise(entry=entry, by=owner, expected_revision=entry.revision, change_note="More.",
                              fields={}, evidence=evidence)
    response = api_as(owner).patch(f"/api/v1/entries/{entry.accession}/",
                                   {"evidence": evidence, "change_note": "More."}, format="json",
                                   HTTP_IF_MATCH=f'"{entry.accession}-r{entry.revision}"')

    message = " ".join(refused.value.message_dict["evidence"])
    assert "A revision of a published entry is public at once" in message
    assert "Propose the new item or the correction on its own first" in message
    assert response.status_code == 400 and response.json()["errors"]["evidence"] == [message]
    assert row_counts() == before
    assert (reload(entry).version, reload(entry).revision) == (1, entry.revision)
    assert reload(catalogue.claim).reported_value == 80.0


# --------------------------------------------------------------------------- duplicates


def test_two_researchers_proposing_the_same_new_benchmark_get_separate_private_proposals(
        owner, other_researcher):
    first = api_as(owner).post("/api/v1/benchmarks/", {"name": "Fresh Bench", "task": "ranking"}, format="json")
    second = api_as(other_researcher).post("/api/v1/benchmarks/", {"name": "fresh-bench", "task": "ranking"},
                                           format="json")
    again = api_as(owner).post("/api/v1/benchmarks/", {"name": "FRESH BENCH"}, format="json")

    assert (first.status_code, second.status_code, again.status_code) == (201, 201, 200)
    assert again.json()["slug"] == first.json()["slug"]
    slugs = first.json()["slug"], second.json()["slug"]
    assert slugs[0] != slugs[1]
    assert [b.proposed_by for b in Benchmark.objects.order_by("pk")] == [owner, other_researcher]
    assert api_as(owner).get(f"/api/v1/benchmarks/{slugs[1]}/").status_code == 404
    assert api_as(other_researcher).get(f"/api/v1/benchmarks/{slugs[0]}/").status_code == 404
    assert api_as().get("/api/v1/benchmarks/").json()["results"] == []
    # In drafts too: each draft gets its researcher's own proposal.
    mine = draft(owner, {"paper": {"title": "Paper A", "arxiv_id": "2105.00001"}, "benchmark": {"name": "Fresh Bench"},
                         "metric": "NDCG"})
    theirs = draft(other_researcher, {"paper": {"title": "Paper B", "arxiv_id": "2105.00002"},
                                      "benchmark": {"name": "Fresh Bench"}, "metric": "NDCG"})
    assert mine.evidence.get().claim.benchmark.slug == slugs[0]
    assert theirs.evidence.get().claim.benchmark.slug == slugs[1]


def test_after_one_is_published_the_others_duplicate_benchmark_is_merged_into_it_on_publish(
        owner, other_researcher, moderator):
    shared_claim = {"paper": {"title": "Paper A", "arxiv_id": "2106.00001"}, "benchmark": {"name": "Fresh Bench"},
                    "metric": "NDCG", "reported_value": 0.5, "model_name": "A"}
    other_claim = {"paper": {"title": "Paper B", "arxiv_id": "2106.00002"}, "benchmark": {"name": "fresh bench"},
                   "metric": "NDCG", "reported_value": 0.4, "model_name": "B"}
    mine = draft(owner, shared_claim)
    theirs = draft(other_researcher, other_claim, shared_claim)
    their_bench = theirs.evidence.get(position=0).claim.benchmark
    their_duplicate = theirs.evidence.get(position=1).claim
    publish(mine, moderator)
    accepted = Benchmark.objects.get(review_status=ReviewStatus.ACCEPTED)

    publish(theirs, moderator)

    their_bench = reload(their_bench)
    assert (their_bench.review_status, their_bench.merged_into) == (ReviewStatus.MERGED, accepted)
    assert {ev.claim.benchmark for ev in Evidence.objects.select_related("claim__benchmark")} == {accepted}
    assert set(Claim.objects.accepted().values_list("model_name", flat=True)) == {"A", "B"}
    assert reload(their_duplicate).review_status == ReviewStatus.MERGED
    assert theirs.evidence.get(position=1).claim == mine.evidence.get().claim
    response = Client().get(f"/benchmarks/{their_bench.slug}/")
    assert (response.status_code, response["Location"]) == (301, accepted.get_absolute_url())
    assert accepted.changes.filter(kind=ChangeKind.MERGED).exists()
    assert Client().get(accepted.get_absolute_url()).status_code == 200


def test_merging_two_accepted_claims_moves_evidence_and_old_addresses_lead_to_the_survivor(
        owner, moderator):
    source, target = ClaimFactory(model_name="Twin"), ClaimFactory(model_name="Twin too")
    entry = make_published(owner, moderator, evidence=evidence_rows(source))

    response = api_as(moderator).post(f"/api/v1/claims/{source.pk}/merge/",
                                      {"into": str(target.pk), "reason": "The same number, recorded twice."},
                                      format="json")

    assert response.status_code == 200 and response.json()["id"] == target.pk
    assert entry.evidence.get().claim_id == target.pk
    assert (reload(source).review_status, reload(source).merged_into) == (ReviewStatus.MERGED, target)
    page = Client().get(f"/claims/{source.pk}/")
    assert (page.status_code, page["Location"]) == (301, f"/claims/{target.pk}/")
    merge = target.changes.get(kind=ChangeKind.MERGED)
    assert (merge.status, merge.decided_by, merge.reason) == (ChangeStatus.ACCEPTED, moderator,
                                                              "The same number, recorded twice.")
    history = Client().get(f"/claims/{target.pk}/").content.decode()
    assert "Merged" in history and "The same number, recorded twice." in history and f"claim {source.pk}" in history
    assert api_as().get(f"/api/v1/claims/{target.pk}/").json()["counter_entries"] == 1
    assert source.pk not in [c["id"] for c in api_as().get("/api/v1/claims/", {"page_size": 100}).json()["results"]]
    detail = Client(raise_request_exception=False).get(f"/api/v1/claims/{source.pk}/")
    assert (detail.status_code, detail.get("Location")) == (301, f"http://testserver/api/v1/claims/{target.pk}/")


def test_merging_papers_moves_their_claims_and_identifiers_and_merges_identical_claims(owner, moderator):
    survivor = PaperFactory(title="Deep nets that win", arxiv_id="2107.00001")
    duplicate = PaperFactory(title="Deep nets that win (journal version)", arxiv_id=None, doi="10.5555/journal")
    benchmark = BenchmarkFactory()
    kept = ClaimFactory(paper=survivor, benchmark=benchmark, metric="accuracy", model_name="M", setting="test")
    twin = ClaimFactory(paper=duplicate, benchmark=benchmark, metric="accuracy", model_name="M", setting="test")
    moved = ClaimFactory(paper=duplicate, benchmark=benchmark, metric="accuracy", model_name="Other", setting="test")
    entry = make_published(owner, moderator, evidence=evidence_rows(twin))

    workflow.catalogue_merge(source=duplicate, target=survivor, by=moderator, reason="Journal version.")

    assert (reload(duplicate).review_status, reload(duplicate).merged_into) == (ReviewStatus.MERGED, survivor)
    assert reload(moved).paper == survivor and reload(moved).review_status == ReviewStatus.ACCEPTED
    assert (reload(twin).review_status, reload(twin).merged_into) == (ReviewStatus.MERGED, kept)
    assert entry.evidence.get().claim == kept
    assert sorted(survivor.identifiers.values_list("value", flat=True)) == ["10.5555/journal", "2107.00001"]
    assert reload(survivor).doi == "10.5555/journal"
    page = Client().get(f"/papers/{duplicate.pk}/")
    assert (page.status_code, page["Location"]) == (301, f"/papers/{survivor.pk}/")
    [found] = api_as().get("/api/v1/lookup/", {"id": "10.5555/journal"}).json()["results"]
    assert found["paper"]["id"] == survivor.pk
    assert survivor.changes.filter(kind=ChangeKind.MERGED, reason="Journal version.").exists()


# --------------------------------------------------------------------------- who may moderate


def test_a_researcher_may_neither_merge_nor_reject(catalogue, owner, other_researcher):
    entry = workflow.entry_submit(entry=draft(owner, catalogue.claim_spec(
        paper=catalogue.paper_spec(doi="10.5555/mine"), reported_value=78.2, correction_reason="78.2.")), by=owner)
    change = CatalogueChange.objects.get(entry=entry)
    identifier = PaperIdentifier.objects.get(value="10.5555/mine")
    twin = ClaimFactory(paper=catalogue.paper, benchmark=catalogue.benchmark, model_name="Twin")
    other_bench = BenchmarkFactory()
    before = row_counts()

    for who in (owner, other_researcher):
        with pytest.raises(NotAllowed):
            workflow.catalogue_merge(source=twin, target=catalogue.claim, by=who, reason="Same.")
        with pytest.raises(NotAllowed):
            workflow.catalogue_change_reject(change=change, by=who, reason="No.")
        with pytest.raises(NotAllowed):
            workflow.catalogue_change_reject(change=identifier, by=who, reason="No.")
    attempts = [
        (f"/api/v1/claims/{twin.pk}/merge/", str(catalogue.claim.pk)),
        (f"/api/v1/papers/{catalogue.other_paper.pk}/merge/", str(catalogue.paper.pk)),
        (f"/api/v1/benchmarks/{other_bench.slug}/merge/", catalogue.benchmark.slug),
    ]
    for url, into in attempts:
        assert api_as(owner).post(url, {"into": into, "reason": "Same."}, format="json").status_code == 403
        assert api_as().post(url, {"into": into, "reason": "Same."}, format="json").status_code in (401, 403)

    assert row_counts() == before
    assert reload(change).status == ChangeStatus.PROPOSED
    assert reload(identifier).review_status == ReviewStatus.PROPOSED
    assert {reload(twin).review_status, reload(catalogue.other_paper).review_status,
            reload(other_bench).review_status} == {ReviewStatus.ACCEPTED}


def test_a_moderator_cannot_merge_into_an_item_already_merged(owner, moderator):
    first, second, third = ClaimFactory(), ClaimFactory(), ClaimFactory()
    workflow.catalogue_merge(source=first, target=second, by=moderator, reason="Same.")

    with pytest.raises(IllegalTransition):
        workflow.catalogue_merge(source=third, target=reload(first), by=moderator, reason="Same.")


# --------------------------------------------------------------------------- what the public counts


def claims_recorded(benchmark) -> str:
    """The "Claims recorded" cell of a benchmark's row on /benchmarks/."""
    body = Client().get("/benchmarks/").content.decode()
    return re.search(rf'href="/benchmarks/{benchmark.slug}/">.*?<td class="num">([0-9]+)</td>', body, re.S).group(1)


def test_the_benchmark_list_counts_only_accepted_claims(catalogue, owner):
    assert claims_recorded(catalogue.benchmark) == "1"

    draft(owner, catalogue.claim_spec(model_name="A proposal", reported_value=1.0))
    api_as(owner).post("/api/v1/claims/", catalogue.claim_spec(model_name="Another proposal"), format="json")

    assert Claim.objects.filter(benchmark=catalogue.benchmark, review_status=ReviewStatus.PROPOSED).count() == 2
    assert claims_recorded(catalogue.benchmark) == "1"


def test_the_paper_api_finds_no_paper_by_an_identifier_that_is_only_proposed(catalogue, owner, other_researcher):
    draft(owner, catalogue.claim_spec(paper=catalogue.paper_spec(doi="10.5555/only.proposed")))

    for client in (api_as(), api_as(other_researcher)):
        for params in ({"doi": "10.5555/only.proposed"}, {"id": "doi:10.5555/only.proposed"}):
            assert client.get("/api/v1/papers/", params).json()["results"] == [], params
