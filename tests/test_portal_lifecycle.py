"""My entries, deleting and submitting drafts, revisions and their diff, withdrawal, confirmations."""

import pytest

from registry import workflow
from registry.models import Entry, Status
from tests.factories import UserFactory, make_draft, make_published, make_submitted
from tests.portal_data import existing_claim_row, form_data

pytestmark = pytest.mark.django_db


def test_my_entries_lists_each_state_with_the_moderators_reason(client, owner, moderator, draft, submitted,
                                                                published):
    returned = make_submitted(owner, title="Sent back for more runs")
    workflow.entry_reject(entry=returned, by=moderator, reason="Please add the seeds you used.")
    withdrawn = make_published(owner, moderator, title="Later withdrawn")
    workflow.entry_withdraw(entry=withdrawn, by=owner, reason="A bug in our evaluation script.")
    make_draft(UserFactory(), title="Someone else's draft")
    client.force_login(owner)
    body = client.get("/me/").content.decode()
    for heading in ("Returned to you", "Drafts (1)", "Submitted, awaiting review (1)", "Published (1)",
                    "Withdrawn (1)"):
        assert heading in body
    for entry in (draft, submitted, published, returned, withdrawn):
        assert entry.title in body
    assert "Please add the seeds you used." in body and "A bug in our evaluation script." in body
    assert "Someone else&#x27;s draft" not in body and "Someone else's draft" not in body
    assert f"/entries/{draft.accession}/edit/" in body and f"/entries/{draft.accession}/delete/" in body


def test_the_owner_deletes_a_draft_after_confirming(client, owner, draft):
    client.force_login(owner)
    assert "Delete this draft" in client.get(f"/entries/{draft.accession}/delete/").content.decode()
    response = client.post(f"/entries/{draft.accession}/delete/")
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert not Entry.objects.filter(pk=draft.pk).exists()


def test_a_returned_draft_cannot_be_deleted(client, owner, moderator, submitted):
    workflow.entry_reject(entry=submitted, by=moderator, reason="More detail")
    client.force_login(owner)
    assert client.post(f"/entries/{submitted.accession}/delete/").status_code == 409
    assert Entry.objects.filter(pk=submitted.pk).exists()


def test_the_owner_submits_a_draft_from_its_page(client, owner, draft):
    client.force_login(owner)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f'action="/entries/{draft.accession}/submit/"' in page
    response = client.post(f"/entries/{draft.accession}/submit/", {"revision": draft.revision})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_submitting_from_a_stale_page_is_refused(client, owner, draft):
    client.force_login(owner)
    old = draft.revision
    workflow.entry_update(entry=draft, by=owner, expected_revision=old, fields={"title": "Newer"})
    response = client.post(f"/entries/{draft.accession}/submit/", {"revision": old}, follow=True)
    assert "changed by someone else" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_revising_a_published_entry_needs_a_change_note_and_makes_version_two(client, owner, published):
    client.force_login(owner)
    url = f"/entries/{published.accession}/edit/"
    form = client.get(url).content.decode()
    assert "Publish version 2" in form and "What changed in this version" in form
    claim = published.evidence.get().claim
    data = form_data(fields={"title": "A published negative result, corrected"},
                     evidence=[existing_claim_row(claim)], revision=published.revision)
    refused = client.post(url, data)
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert "A published negative result, corrected" in refused.content.decode()
    response = client.post(url, {**data, "change_note": "Fixed the title."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.version == 2 and published.status == Status.PUBLISHED
    assert client.get(f"/entries/{published.accession}/v/1/").status_code == 200
    v1 = client.get(f"/entries/{published.accession}/v/1/").content.decode()
    assert "A published negative result</h1>" in v1


def test_the_diff_page_shows_what_changed_between_versions_escaped(client, owner, published):
    claim = published.evidence.get().claim
    workflow.entry_revise(
        entry=published, by=owner, expected_revision=published.revision, change_note="Clarified <b>summary</b>",
        fields={"summary": "A new summary with <script>alert(1)</script>"},
        evidence=[{"claim": claim, "relation": "contradicts", "observed_value": 70.0}],
    )
    response = client.get(f"/entries/{published.accession}/diff/?from=1&to=2")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="diff-add">+ A new summary with &lt;script&gt;alert(1)&lt;/script&gt;' in body
    assert "<script>alert(1)</script>" not in body
    assert 'class="diff-del">- The paper reports 80% top-1' in body
    assert "Clarified &lt;b&gt;summary&lt;/b&gt;" in body
    assert "Unchanged:" in body and "Title" in body.split("Unchanged:")[1]
    assert client.get(f"/entries/{published.accession}/diff/").status_code == 200  # defaults: latest vs previous
    assert client.get(f"/entries/{published.accession}/diff/?from=1&to=9").status_code == 404
    assert client.get(f"/entries/{published.accession}/diff/?from=x").status_code == 400
    assert "What changed in version 2" in client.get(published.get_absolute_url()).content.decode()


def test_the_owner_withdraws_with_a_reason_and_the_page_becomes_a_tombstone(client, owner, published):
    client.force_login(owner)
    url = f"/entries/{published.accession}/withdraw/"
    assert "Withdraw the entry" in client.get(url).content.decode()
    assert "This field is required." in client.post(url, {"reason": "  "}).content.decode()
    response = client.post(url, {"reason": "Our baseline had a data leak."})
    assert response.status_code == 302
    client.logout()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "This entry was withdrawn" in page and "Our baseline had a data leak." in page
    assert published.accession in page and published.title in page and "Ada Author 1" in page
    assert "Version 1" in page


def test_a_researcher_confirms_once_with_a_note_and_the_count_shows(client, other_researcher, published):
    client.force_login(other_researcher)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "I observed this too" in page
    response = client.post(f"/entries/{published.accession}/confirm/", {"note": "Same on <b>4 seeds</b>."})
    assert response.status_code == 302
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Confirmations (1)" in page and "Same on &lt;b&gt;4 seeds&lt;/b&gt;." in page
    assert "You have confirmed this entry." in page
    again = client.post(f"/entries/{published.accession}/confirm/", {"note": "twice"})
    assert again.status_code == 409 and "already confirmed" in again.content.decode()
    assert published.confirmations.count() == 1


def test_the_owner_cannot_confirm_their_own_entry(client, owner, published):
    client.force_login(owner)
    assert "I observed this too" not in client.get(published.get_absolute_url()).content.decode()
    assert client.post(f"/entries/{published.accession}/confirm/").status_code == 403
    assert published.confirmations.count() == 0


def test_a_submitted_entry_cannot_be_edited_by_its_owner(client, owner, submitted):
    client.force_login(owner)
    response = client.get(f"/entries/{submitted.accession}/edit/")
    assert response.status_code == 409 and "with the moderators" in response.content.decode()
