"""The entries endpoint: reading, filing, editing with If-Match, the workflow actions and versions."""

import hashlib
import json

import pytest

from registry import workflow
from registry.models import Entry, Status, Version
from tests.factories import ClaimFactory, claim_spec, make_published

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/entries/"


def detail(entry) -> str:
    return f"{ENTRIES}{entry.accession}/"


def new_entry_body(**overrides) -> dict:
    body = {
        "title": "Label smoothing does not help on our fresh test set",
        "summary": "The claimed gain vanishes on a newly collected test set.",
        "body": "We collected **10,000** new images.",
        "result_type": "distribution_shift",
        "keywords": ["fresh data", "label smoothing"],
        "authors": [{"name": "Grace Hopper", "orcid": "0000-0002-1825-0097", "affiliation": "Navy"}],
        "evidence": [{
            "claim": claim_spec(paper={"title": "Smooth labels win", "arxiv_id": "arXiv:1906.02629v3"}),
            "relation": "contradicts", "observed_value": 76.2, "runs": 3,
        }],
    }
    body.update(overrides)
    return body


def test_an_entry_reads_with_every_field_of_the_contract(api, published):
    response = api(None).get(detail(published))

    assert response.status_code == 200
    data = response.json()
    for field in ("accession", "url", "title", "summary", "body", "body_html", "result_type", "status", "authors",
                  "evidence", "models_tested", "datasets", "compute_gpu_hours", "hardware", "code_url", "data_url",
                  "preregistration_url", "license", "keywords", "version", "confirmations", "created_at",
                  "submitted_at", "published_at", "updated_at", "withdrawn_reason"):
        assert field in data, field
    assert data["accession"] == published.accession
    assert data["status"] == "published"
    assert data["version"] == 1
    assert "<strong>released code</strong>" in data["body_html"]
    assert set(data["authors"][0]) == {"name", "orcid", "affiliation"}
    evidence = data["evidence"][0]
    assert {"claim", "relation", "observed_value", "observed_spread", "runs", "conditions", "notes"} <= set(evidence)
    assert evidence["claim"]["paper"]["arxiv_id"]
    assert response["ETag"] == f'"{published.accession}-r{published.revision}"'


def test_an_anonymous_entry_shows_no_authors_or_owner_to_the_public(api, owner, moderator):
    entry = make_published(owner, moderator, anonymous=True)

    public = api(None).get(detail(entry)).json()
    own = api(owner).get(detail(entry)).json()

    assert public["authors"] == [] and public["owner"] is None
    assert own["authors"] and own["owner"] == "owner"


def test_one_post_with_an_inline_claim_files_a_complete_draft_owned_by_the_caller(api, owner):
    response = api(owner).post(ENTRIES, new_entry_body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    entry = Entry.objects.get(pk=int(data["accession"].split("-")[1]))
    assert entry.owner == owner
    assert entry.status == Status.DRAFT
    claim = entry.evidence.get().claim
    assert claim.paper.arxiv_id == "1906.02629"
    assert claim.benchmark.slug == "imagenet-1k"
    assert data["authors"][0]["orcid"] == "0000-0002-1825-0097"
    assert response["Location"].endswith(f"/api/v1/entries/{entry.accession}/")
    assert response["ETag"] == f'"{entry.accession}-r{entry.revision}"'


@pytest.mark.parametrize(("field", "value"), [
    ("status", "published"), ("accession", "NR-999999"), ("version", 7), ("revision", 99), ("owner", "other"),
    ("created_at", "2001-01-01T00:00:00Z"), ("published_at", "2001-01-01T00:00:00Z"), ("confirmations", 50),
    ("withdrawn_reason", "x"), ("url", "http://evil.example/"),
])
def test_a_client_cannot_set_status_accession_version_owner_or_timestamps(api, owner, field, value):
    response = api(owner).post(ENTRIES, new_entry_body(**{field: value}), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: ["Set by the server; it cannot be written."]}
    assert not Entry.objects.exists()


def test_protected_fields_cannot_be_changed_by_an_update_either(api, owner, moderator, draft):
    client = api(owner)
    etag = client.get(detail(draft))["ETag"]

    for field, value in (("status", "published"), ("version", 3), ("owner", moderator.username)):
        response = client.patch(detail(draft), {field: value}, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 400, field
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.owner) == (Status.DRAFT, 0, owner)


def test_what_the_server_sets_is_what_a_new_draft_reads(api, owner):
    data = api(owner).post(ENTRIES, new_entry_body(), format="json").json()

    assert data["status"] == "draft" and data["version"] == 0 and data["owner"] == "owner"
    assert data["published_at"] is None and data["submitted_at"] is None and data["confirmations"] == 0


def test_it_refuses_unknown_fields_with_a_field_message(api, owner):
    response = api(owner).post(ENTRIES, new_entry_body(titel="typo"), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"titel": ["Unknown field."]}


def test_bad_input_gets_field_level_messages(api, owner):
    body = new_entry_body(result_type="bad", runs="5", compute_gpu_hours=-1)
    body["authors"] = [{"name": "A", "orcid": "0000-0002-1825-0098"}]

    response = api(owner).post(ENTRIES, body, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"result_type", "runs", "compute_gpu_hours"}


def test_workflow_validation_comes_back_as_field_messages(api, owner):
    body = new_entry_body(authors=[{"name": "A", "orcid": "0000-0002-1825-0098"}])

    response = api(owner).post(ENTRIES, body, format="json")

    assert response.status_code == 400
    assert "check digit" in response.json()["errors"]["authors"][0]


# --------------------------------------------------------------------------- editing


def test_an_update_without_if_match_is_refused_with_428(api, owner, draft):
    response = api(owner).patch(detail(draft), {"title": "New title"}, format="json")

    assert response.status_code == 428
    draft.refresh_from_db()
    assert draft.title != "New title"


def test_it_rejects_a_stale_revision_with_412(api, owner, draft):
    stale = f'"{draft.accession}-r{draft.revision}"'
    workflow.entry_update(entry=draft, by=owner, expected_revision=draft.revision, fields={"title": "Theirs"})

    response = api(owner).patch(detail(draft), {"title": "Mine"}, format="json", HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    draft.refresh_from_db()
    assert draft.title == "Theirs"


def test_a_patch_with_the_current_etag_changes_only_what_it_names(api, owner, draft):
    client = api(owner)
    etag = client.get(detail(draft))["ETag"]

    response = client.patch(detail(draft), {"title": "A sharper title"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "A sharper title"
    assert response.json()["summary"] == draft.summary
    assert len(response.json()["evidence"]) == 1
    assert response["ETag"] != etag


def test_a_put_replaces_the_content_and_resets_what_it_omits(api, owner, draft):
    client = api(owner)
    etag = client.get(detail(draft))["ETag"]
    claim_id = draft.evidence.get().claim_id
    body = {"title": "Replaced", "summary": "New summary.", "result_type": "null_result",
            "evidence": [{"claim": claim_id, "relation": "weakens"}]}

    response = client.put(detail(draft), body, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["title"] == "Replaced" and data["result_type"] == "null_result"
    assert data["authors"] == [] and data["keywords"] == [] and data["runs"] is None
    assert data["evidence"][0]["claim"]["id"] == claim_id and data["evidence"][0]["relation"] == "weakens"


def test_changing_a_published_entry_makes_a_new_version_and_needs_a_change_note(api, owner, published):
    client = api(owner)
    etag = client.get(detail(published))["ETag"]

    without_note = client.patch(detail(published), {"title": "Revised"}, format="json", HTTP_IF_MATCH=etag)
    with_note = client.patch(detail(published), {"title": "Revised", "change_note": "Sharper title."},
                             format="json", HTTP_IF_MATCH=etag)

    assert without_note.status_code == 400
    assert "change_note" in without_note.json()["errors"]
    assert with_note.status_code == 200
    assert with_note.json()["version"] == 2


def test_a_submission_cannot_be_edited(api, owner, submitted):
    etag = f'"{submitted.accession}-r{submitted.revision}"'

    response = api(owner).patch(detail(submitted), {"title": "x"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 409


def test_a_draft_can_be_deleted_but_a_published_entry_cannot(api, owner, draft, published):
    client = api(owner)

    assert client.delete(detail(draft)).status_code == 204
    assert not Entry.objects.filter(pk=draft.pk).exists()
    assert client.delete(detail(published)).status_code == 409
    assert Entry.objects.filter(pk=published.pk).exists()


# --------------------------------------------------------------------------- actions


def test_a_draft_goes_through_submit_publish_withdraw(api, owner, moderator, draft):
    assert api(owner).post(detail(draft) + "submit/").json()["status"] == "submitted"
    published = api(moderator).post(detail(draft) + "publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "published" and published.json()["version"] == 1
    withdrawn = api(owner).post(detail(draft) + "withdraw/", {"reason": "A bug in our loader."}, format="json")
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["withdrawn_reason"] == "A bug in our loader."


def test_submit_honours_an_optional_if_match(api, owner, draft):
    response = api(owner).post(detail(draft) + "submit/", HTTP_IF_MATCH=f'"{draft.accession}-r0"')

    assert response.status_code == 412
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_moderator_returns_a_submission_with_a_reason(api, owner, moderator, submitted):
    no_reason = api(moderator).post(detail(submitted) + "reject/", {}, format="json")
    returned = api(moderator).post(detail(submitted) + "reject/", {"reason": "Add the seeds."}, format="json")

    assert no_reason.status_code == 400
    assert returned.status_code == 200
    assert returned.json()["status"] == "draft"
    assert api(owner).get(detail(submitted)).json()["returned_reason"] == "Add the seeds."


def test_actions_in_the_wrong_state_are_conflicts(api, owner, moderator, draft, published):
    assert api(moderator).post(detail(published) + "publish/").status_code == 409
    assert api(owner).post(detail(published) + "submit/").status_code == 409
    assert api(owner).post(detail(draft) + "withdraw/", {"reason": "x"}, format="json").status_code == 409


def test_confirming_counts_once_per_researcher(api, other_researcher, owner, published):
    client = api(other_researcher)

    first = client.post(detail(published) + "confirm/", {"note": "Same on TPUs."}, format="json")
    second = client.post(detail(published) + "confirm/", {}, format="json")
    own = api(owner).post(detail(published) + "confirm/", {}, format="json")

    assert first.status_code == 201
    assert first.json()["confirmations"] == 1
    assert second.status_code == 409
    assert own.status_code == 403


# --------------------------------------------------------------------------- versions


def test_versions_list_and_one_version_with_its_sha256(api, owner, published):
    workflow.entry_revise(entry=published, by=owner, expected_revision=published.revision,
                          change_note="Fixed a typo.", fields={"title": "Fixed title"})

    listing = api(None).get(detail(published) + "versions/")
    second = api(None).get(detail(published) + "versions/2/")
    missing = api(None).get(detail(published) + "versions/3/")

    assert listing.status_code == 200
    assert [v["number"] for v in listing.json()] == [1, 2]
    assert second.status_code == 200
    data = second.json()
    stored = Version.objects.get(entry=published, number=2)
    assert data["sha256"] == stored.sha256
    canonical = json.dumps(data["snapshot"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == data["sha256"]
    assert data["snapshot"]["title"] == "Fixed title"
    assert missing.status_code == 404


def test_an_entry_can_name_an_existing_claim_by_id(api, owner):
    claim = ClaimFactory()

    response = api(owner).post(ENTRIES, new_entry_body(evidence=[{"claim": claim.pk, "observed_value": 1.5}]),
                               format="json")

    assert response.status_code == 201
    assert response.json()["evidence"][0]["claim"]["id"] == claim.pk


def test_a_claim_id_that_does_not_exist_is_a_field_error(api, owner):
    response = api(owner).post(ENTRIES, new_entry_body(evidence=[{"claim": 987654}]), format="json")

    assert response.status_code == 400
    assert "987654" in str(response.json()["errors"]["evidence"])


def test_drafts_of_others_are_not_found(api, other_researcher, moderator, draft):
    assert api(other_researcher).get(detail(draft)).status_code == 404
    assert api(moderator).get(detail(draft)).status_code == 404
    assert api(None).get(detail(draft)).status_code == 404
    assert api(None).get(f"{ENTRIES}not-an-accession/").status_code == 404


def test_the_list_holds_published_entries_and_the_callers_own(api, owner, other_researcher, draft, published):
    mine = {e["accession"] for e in api(owner).get(ENTRIES).json()["results"]}
    theirs = {e["accession"] for e in api(other_researcher).get(ENTRIES).json()["results"]}

    assert mine == {draft.accession, published.accession}
    assert theirs == {published.accession}


# --------------------------------------------------------------------------- citations


def test_an_entry_is_cited_in_bibtex_ris_and_csl_json(api, published):
    client = api(None)

    bibtex = client.get(detail(published) + "citation/", {"style": "bibtex"})
    ris = client.get(detail(published) + "citation/", {"style": "ris"})
    csl = client.get(detail(published) + "citation/", {"style": "csl-json"})

    assert bibtex.status_code == 200 and bibtex["Content-Type"].startswith("application/x-bibtex")
    assert bibtex.content.decode().startswith("@misc{") and published.accession in bibtex.content.decode()
    assert ris.status_code == 200 and "TY  - " in ris.content.decode()
    assert csl.status_code == 200
    assert json.loads(csl.content)[0]["title"] == published.title


def test_a_citation_names_a_version_and_refuses_unknown_styles_and_unpublished_entries(api, owner, draft, published):
    assert api(None).get(detail(published) + "citation/", {"version": "1"}).status_code == 200
    assert api(None).get(detail(published) + "citation/", {"version": "2"}).status_code == 404
    assert api(None).get(detail(published) + "citation/", {"version": "x"}).status_code == 400
    assert api(None).get(detail(published) + "citation/", {"style": "mla"}).status_code == 400
    assert api(owner).get(detail(draft) + "citation/").status_code == 409
