"""The entry form: filing, picking or describing claims, refusals that keep every row, stale revisions."""

import re

import pytest

from registry import workflow
from registry.models import RESULT_TYPE_HELP, Claim, Entry, Paper, Status
from tests.factories import ClaimFactory, UserFactory, make_draft, make_published
from tests.portal_data import INLINE_CLAIM, existing_claim_row, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_it_shows_the_form_in_sections_with_each_result_types_explanation(signed_in):
    body = signed_in.get("/entries/new/").content.decode()
    for section in ("1. What failed", "2. The claims it counters", "3. Setup", "4. Availability", "5. Authors"):
        assert section in body
    for explanation in RESULT_TYPE_HELP.values():
        assert str(explanation).replace("'", "&#x27;") in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "Save draft" in body and "Submit for review" in body
    # A new entry's keywords box starts empty (not the model's empty list, "[]").
    assert re.search(r'<input[^>]*name="keywords"[^>]*value="\[\]"', body) is None


def test_it_files_a_draft_with_an_inline_claim_and_finds_or_creates_paper_and_benchmark(signed_in, owner):
    response = signed_in.post("/entries/new/", form_data())
    entry = Entry.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == f"/entries/{entry.accession}/edit/"
    assert entry.status == Status.DRAFT
    assert entry.keywords == ["replication", "image classification"]
    evidence = entry.evidence.select_related("claim__paper", "claim__benchmark").get()
    assert evidence.claim.paper.arxiv_id == "1902.10811"
    assert evidence.claim.benchmark.name == "ImageNet-1k"
    assert evidence.claim.reported_value == 80.0 and evidence.observed_value == 74.1
    assert evidence.spread_kind == "sd" and evidence.runs == 5
    assert [a.name for a in entry.authors.all()] == ["Ada Author"]


def test_it_submits_straight_from_the_form(signed_in, owner):
    response = signed_in.post("/entries/new/", form_data(action="submit"))
    entry = Entry.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert entry.status == Status.SUBMITTED


def test_it_finds_existing_claims_by_identifier_without_javascript(signed_in):
    claim = ClaimFactory(paper__arxiv_id="2001.00042", paper__title="A strong claim")
    ClaimFactory(paper__title="Something unrelated")
    data = form_data(action="find", evidence=[{"find": "https://arxiv.org/abs/2001.00042v3"}])
    response = signed_in.post("/entries/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'name="evidence-0-claim" value="{claim.pk}"' in body
    assert "A strong claim" in body and "Something unrelated" not in body
    assert not Entry.objects.exists()  # finding saves nothing


def test_it_finds_existing_claims_by_title_or_benchmark(signed_in):
    claim = ClaimFactory(paper__title="Deep residual learning", benchmark__name="CIFAR-10")
    ClaimFactory(paper__title="Unrelated paper", benchmark__name="MNIST")
    for query in ("residual", "cifar-10", "Deep residual"):
        body = signed_in.post("/entries/new/", form_data(action="find", evidence=[{"find": query}])).content.decode()
        assert f'name="evidence-0-claim" value="{claim.pk}"' in body, query
        assert "Unrelated paper" not in body


def test_it_files_evidence_against_a_picked_existing_claim(signed_in, owner):
    claim = ClaimFactory()
    signed_in.post("/entries/new/", form_data(evidence=[existing_claim_row(claim)]))
    evidence = Entry.objects.get(owner=owner).evidence.get()
    assert evidence.claim == claim and evidence.relation == "weakens" and evidence.observed_value == 77.5
    assert Claim.objects.count() == 1


def test_a_refused_form_keeps_every_field_evidence_row_and_author_row(signed_in):
    claim = ClaimFactory()
    rows = [dict(INLINE_CLAIM), existing_claim_row(claim, conditions="second row kept"),
            {**INLINE_CLAIM, "paper_id": "not an identifier", "conditions": "third row kept"}]
    authors = [{"name": "First Author", "orcid": "", "affiliation": "Uni A"},
               {"name": "Second Author", "orcid": "0000-0002-1825-0098", "affiliation": "Uni B"},
               {"name": "Third Author", "orcid": "", "affiliation": "Uni C"}]
    data = form_data(fields={"title": ""}, evidence=rows, authors=authors)
    response = signed_in.post("/entries/new/", data)
    body = response.content.decode()
    assert response.status_code == 200 and not Entry.objects.exists()
    assert "This field is required." in body  # the title
    assert "not a valid ORCID iD" in body  # the second author's check digit
    assert "not a recognised paper identifier" in body  # the third claim
    for value in ("Uni A", "Uni B", "Uni C", "First Author", "Second Author", "Third Author",
                  "second row kept", "third row kept", "released code, 5 seeds", ENTRY_SUMMARY,
                  "They could not reproduce it either.", "8x A100"):
        assert value in body, value
    assert 'name="evidence-TOTAL_FORMS" value="3"' in body and 'name="authors-TOTAL_FORMS" value="3"' in body
    assert f'name="evidence-1-claim" value="{claim.pk}" checked' in body


ENTRY_SUMMARY = "The paper reports 80% top-1; five seeds of the released code give 74%."


def test_a_workflow_refusal_lands_on_the_row_it_is_about_and_keeps_the_text(signed_in):
    ClaimFactory(paper__title="Known paper", paper__arxiv_id="2001.00077", benchmark__name="GLUE",
                 metric="accuracy", model_name="M", setting="dev", reported_value=90.0)
    conflicting = {**INLINE_CLAIM, "paper_id": "2001.00077", "paper_title": "", "benchmark": "GLUE",
                   "metric": "accuracy", "model_name": "M", "setting": "dev", "reported_value": "85"}
    response = signed_in.post("/entries/new/", form_data(evidence=[dict(INLINE_CLAIM), conflicting]))
    body = response.content.decode()
    assert response.status_code == 200 and not Entry.objects.exists()
    assert "reported value is 90, you gave 85" in body
    # The first row's new paper was rolled back with everything else.
    assert not Paper.objects.filter(arxiv_id="1902.10811").exists()
    assert 'value="GLUE"' in body and 'value="Do ImageNet Classifiers Generalize to ImageNet?"' in body


def test_a_row_needs_a_claim_picked_or_described(signed_in):
    response = signed_in.post("/entries/new/", form_data(evidence=[{"observed_value": "3", "relation": "weakens"}]))
    assert "Pick an existing claim or describe a new claim." in response.content.decode()
    response = signed_in.post("/entries/new/", form_data(evidence=[{"metric": "F1"}]))
    body = response.content.decode()
    assert "Name the paper by identifier or title." in body and "Name the benchmark." in body
    assert not Entry.objects.exists()


def test_submitting_without_a_claim_is_refused_and_nothing_is_saved(signed_in):
    response = signed_in.post("/entries/new/", form_data(action="submit", evidence=[]))
    assert response.status_code == 200
    assert "Link at least one claim" in response.content.decode()
    assert not Entry.objects.exists()


def test_add_another_row_works_without_javascript(signed_in):
    data = form_data(action="add-evidence")
    body = signed_in.post("/entries/new/", data).content.decode()
    assert 'name="evidence-TOTAL_FORMS" value="2"' in body and 'name="evidence-1-find"' in body
    assert INLINE_CLAIM["paper_title"] in body
    body = signed_in.post("/entries/new/", form_data(action="add-author")).content.decode()
    assert 'name="authors-1-name"' in body and "Ada Author" in body
    assert not Entry.objects.exists()


def test_the_preview_button_renders_sanitised_markdown_server_side(signed_in):
    data = form_data(action="preview", fields={"body": "**bold** <script>alert(1)</script>"})
    body = signed_in.post("/entries/new/", data).content.decode()
    assert "<strong>bold</strong>" in body and "<script>alert(1)</script>" not in body
    assert signed_in.post("/entries/preview/", {"body": "*x* <img src=x onerror=alert(1)>"}).content.decode() \
        .startswith("<p><em>x</em>")


def test_blank_and_removed_rows_are_left_out_and_authors_keep_their_order(signed_in, owner):
    authors = [{"name": "Goes second", "ORDER": "2"}, {"name": "Goes first", "ORDER": "1"},
               {"name": "Removed", "ORDER": "3", "DELETE": "on"}, {"name": "", "ORDER": ""}]
    evidence = [dict(INLINE_CLAIM), {"relation": "contradicts", "direction": "higher"},
                {**INLINE_CLAIM, "metric": "other", "DELETE": "on"}]
    signed_in.post("/entries/new/", form_data(evidence=evidence, authors=authors))
    entry = Entry.objects.get(owner=owner)
    assert [a.name for a in entry.authors.all()] == ["Goes first", "Goes second"]
    assert entry.evidence.count() == 1


def test_editing_a_draft_loads_every_row_and_saves_changes(signed_in, owner):
    draft = make_draft(owner, authors=[{"name": "One"}, {"name": "Two"}])
    body = signed_in.get(f"/entries/{draft.accession}/edit/").content.decode()
    assert f'name="revision" value="{draft.revision}"' in body
    assert 'value="One"' in body and 'value="Two"' in body
    claim = draft.evidence.get().claim
    assert f'name="evidence-0-claim" value="{claim.pk}" checked' in body
    response = signed_in.post(f"/entries/{draft.accession}/edit/", form_data(
        fields={"title": "A better title"}, evidence=[existing_claim_row(claim)], revision=draft.revision))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "A better title" and draft.revision > 1


def test_a_stale_revision_is_refused_and_the_text_is_kept(signed_in, owner):
    draft = make_draft(owner)
    loaded_revision = draft.revision
    workflow.entry_update(entry=draft, by=owner, expected_revision=loaded_revision,
                          fields={"title": "Changed elsewhere"})
    response = signed_in.post(f"/entries/{draft.accession}/edit/", form_data(
        fields={"title": "My careful rewrite", "summary": "Every word of this summary matters."},
        revision=loaded_revision))
    body = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else" in body and "Not saved." in body
    assert 'value="My careful rewrite"' in body and "Every word of this summary matters." in body
    draft.refresh_from_db()
    assert draft.title == "Changed elsewhere"


def test_an_edit_without_a_revision_is_refused(signed_in, owner):
    draft = make_draft(owner)
    response = signed_in.post(f"/entries/{draft.accession}/edit/", form_data(fields={"title": "No revision"}))
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "No revision"


def test_it_warns_of_published_entries_against_a_chosen_claim_before_submission(signed_in, owner, moderator):
    other = make_published(moderator.__class__.objects.create_user("someone"), moderator, title="Earlier finding")
    claim = other.evidence.get().claim
    body = signed_in.post("/entries/new/", form_data(action="find", evidence=[
        existing_claim_row(claim)])).content.decode()
    assert "Already countered" in body and "Earlier finding" in body and other.accession in body

    response = signed_in.post("/entries/new/", form_data(action="submit", evidence=[existing_claim_row(claim)]))
    entry = Entry.objects.get(owner=owner)
    assert entry.status == Status.DRAFT  # saved, but held back until the duplicates were looked at
    assert response["Location"] == f"/entries/{entry.accession}/submit/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Earlier finding" in page
    refused = signed_in.post(response["Location"], {"revision": entry.revision})
    assert "Tick this once you have checked" in refused.content.decode()
    signed_in.post(response["Location"], {"revision": entry.revision, "not_duplicate": "on"})
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


def test_acknowledging_duplicates_on_the_form_submits_at_once(signed_in, owner, published):
    claim = published.evidence.get().claim
    other_owner_client = signed_in
    other_owner_client.force_login(UserFactory(username="newcomer"))
    other_owner_client.post("/entries/new/", form_data(action="submit", evidence=[existing_claim_row(claim)],
                                                       not_duplicate="on"))
    entry = Entry.objects.get(owner__username="newcomer")
    assert entry.status == Status.SUBMITTED


def test_anonymous_entries_hide_the_names_from_the_public_but_not_from_moderators(client, owner, moderator):
    client.force_login(owner)
    client.post("/entries/new/", form_data(action="submit", fields={"anonymous": "on"},
                                           authors=[{"name": "Hidden Person"}]))
    entry = Entry.objects.get(owner=owner)
    client.force_login(moderator)
    assert "Hidden Person" in client.get("/moderation/").content.decode()
    client.post(f"/moderation/{entry.accession}/publish/")
    client.logout()
    body = client.get(entry.get_absolute_url()).content.decode()
    assert "Anonymous" in body and "Hidden Person" not in body


def test_result_types_are_radio_buttons_with_the_chosen_one_checked(signed_in):
    body = signed_in.post("/entries/new/", form_data(action="preview", fields={"result_type": "contamination"})) \
        .content.decode()
    assert re.search(r'value="contamination" required checked', body)
