"""The moderation queue: submissions in full, publish, return with a reason, withdraw any entry."""

import pytest

from registry.models import Entry, Status
from tests.factories import ModeratorFactory, make_submitted

pytestmark = pytest.mark.django_db


def test_the_queue_shows_each_submission_in_full_with_its_claims(client, moderator, submitted, draft):
    client.force_login(moderator)
    body = client.get("/moderation/").content.decode()
    assert submitted.title in body and submitted.summary in body
    assert "Filed by <strong>owner</strong>" in body
    claim = submitted.evidence.select_related("claim__benchmark").get().claim
    assert claim.benchmark.name in body and claim.metric in body
    assert "Ada Author 1" in body
    assert draft.title not in body
    assert f'action="/moderation/{submitted.accession}/publish/"' in body


def test_a_moderator_publishes_a_submission_and_it_appears_publicly(client, moderator, submitted):
    client.force_login(moderator)
    response = client.post(f"/moderation/{submitted.accession}/publish/")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED and submitted.version == 1
    client.logout()
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_a_moderator_returns_a_submission_with_a_reason_the_owner_sees(client, moderator, owner, submitted):
    client.force_login(moderator)
    url = f"/moderation/{submitted.accession}/return/"
    refused = client.post(url, {f"return-{submitted.pk}-reason": ""})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert Entry.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    client.post(url, {f"return-{submitted.pk}-reason": "Say which seeds you used."})
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT and submitted.returned_reason == "Say which seeds you used."
    client.force_login(owner)
    assert "Say which seeds you used." in client.get("/me/").content.decode()
    assert "Say which seeds you used." in client.get(f"/entries/{submitted.accession}/edit/").content.decode()


def test_a_moderator_cannot_publish_their_own_submission(client):
    moderator = ModeratorFactory()
    own = make_submitted(moderator)
    client.force_login(moderator)
    assert "another moderator must publish it" in client.get("/moderation/").content.decode()
    assert client.post(f"/moderation/{own.accession}/publish/").status_code == 403
    assert Entry.objects.get(pk=own.pk).status == Status.SUBMITTED


def test_a_moderator_withdraws_any_published_entry_with_a_reason(client, moderator, published):
    client.force_login(moderator)
    response = client.get(f"/moderation/?accession={published.accession}")
    assert response["Location"] == f"/entries/{published.accession}/withdraw/"
    client.post(response["Location"], {"reason": "Duplicate of NR-000001."})
    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN and published.withdrawn_reason == "Duplicate of NR-000001."


def test_staff_moderate_too(client, submitted, django_user_model):
    staff = django_user_model.objects.create_user("staffer", is_staff=True)
    client.force_login(staff)
    assert client.get("/moderation/").status_code == 200


def test_publishing_twice_is_a_conflict(client, moderator, submitted):
    client.force_login(moderator)
    client.post(f"/moderation/{submitted.accession}/publish/")
    assert client.post(f"/moderation/{submitted.accession}/publish/").status_code == 409
