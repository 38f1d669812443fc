"""Who may open each portal page and do each action: one table, every row × the fixed cast.

"login" means: redirected to the sign-in page. 404 (not 403) where the entry is not visible to the
person asking, so nobody learns that someone else's draft exists.
"""

import pytest

from registry.models import Entry, Status
from tests.portal_data import existing_claim_row, form_data

pytestmark = pytest.mark.django_db

CAST = ("anonymous", "owner", "other_researcher", "moderator")


def _entry_form(entry, **extra):
    claim = entry.evidence.get().claim
    return form_data(evidence=[existing_claim_row(claim)], revision=entry.revision, **extra)


# (name, method, entry fixture or None, path (with {acc}), data builder, expected statuses per CAST)
TABLE = [
    ("new entry form", "get", None, "/entries/new/", None, ("login", 200, 200, 200)),
    ("file a new entry", "post", None, "/entries/new/", lambda e: form_data(), ("login", 302, 302, 302)),
    ("markdown preview", "post", None, "/entries/preview/", lambda e: {"body": "*x*"}, ("login", 200, 200, 200)),
    ("my entries", "get", None, "/me/", None, ("login", 200, 200, 200)),
    ("account page", "get", None, "/accounts/", None, ("login", 200, 200, 200)),
    ("moderation queue", "get", None, "/moderation/", None, ("login", 403, 403, 200)),
    ("draft page", "get", "draft", "/entries/{acc}/", None, (404, 200, 404, 404)),
    ("draft edit form", "get", "draft", "/entries/{acc}/edit/", None, ("login", 200, 404, 404)),
    ("save a draft", "post", "draft", "/entries/{acc}/edit/", _entry_form, ("login", 302, 404, 404)),
    ("delete page", "get", "draft", "/entries/{acc}/delete/", None, ("login", 200, 404, 404)),
    ("delete a draft", "post", "draft", "/entries/{acc}/delete/", lambda e: {}, ("login", 302, 404, 404)),
    ("submit page", "get", "draft", "/entries/{acc}/submit/", None, ("login", 200, 404, 404)),
    ("submit a draft", "post", "draft", "/entries/{acc}/submit/", lambda e: {"revision": e.revision},
     ("login", 302, 404, 404)),
    ("publish a draft", "post", "draft", "/moderation/{acc}/publish/", lambda e: {}, ("login", 403, 403, 404)),
    ("submitted page", "get", "submitted", "/entries/{acc}/", None, (404, 200, 404, 200)),
    ("edit a submission", "get", "submitted", "/entries/{acc}/edit/", None, ("login", 409, 404, 403)),
    ("publish a submission", "post", "submitted", "/moderation/{acc}/publish/", lambda e: {},
     ("login", 403, 403, 302)),
    ("return a submission", "post", "submitted", "/moderation/{acc}/return/",
     lambda e: {f"return-{e.pk}-reason": "needs work"}, ("login", 403, 403, 302)),
    ("withdraw a submission", "post", "submitted", "/entries/{acc}/withdraw/", lambda e: {"reason": "x"},
     ("login", 409, 404, 409)),
    ("published page", "get", "published", "/entries/{acc}/", None, (200, 200, 200, 200)),
    ("version page", "get", "published", "/entries/{acc}/v/1/", None, (200, 200, 200, 200)),
    ("version diff", "get", "published", "/entries/{acc}/diff/", None, (200, 200, 200, 200)),
    ("revise form", "get", "published", "/entries/{acc}/edit/", None, ("login", 200, 403, 403)),
    ("revise", "post", "published", "/entries/{acc}/edit/", lambda e: _entry_form(e, change_note="typo"),
     ("login", 302, 403, 403)),
    ("delete a published entry", "post", "published", "/entries/{acc}/delete/", lambda e: {},
     ("login", 409, 403, 403)),
    ("withdraw page", "get", "published", "/entries/{acc}/withdraw/", None, ("login", 200, 403, 200)),
    ("withdraw", "post", "published", "/entries/{acc}/withdraw/", lambda e: {"reason": "a flaw"},
     ("login", 302, 403, 302)),
    ("confirm", "post", "published", "/entries/{acc}/confirm/", lambda e: {"note": ""}, ("login", 403, 302, 302)),
]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name, method, fixture, path, data, expected", TABLE, ids=[row[0] for row in TABLE])
def test_each_page_and_action_gives_each_person_the_expected_status(
    client, request, owner, who, name, method, fixture, path, data, expected,
):
    entry = request.getfixturevalue(fixture) if fixture else None
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = path.format(acc=entry.accession if entry else "")
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data(entry))
    want = expected[CAST.index(who)]
    if want == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), name
    else:
        assert response.status_code == want, (name, who, response.status_code)
        if want == 302:
            assert not response["Location"].startswith("/accounts/login/"), name


def test_refused_actions_change_nothing(client, other_researcher, draft, submitted, published):
    client.force_login(other_researcher)
    client.post(f"/entries/{draft.accession}/edit/", _entry_form(draft, fields={"title": "Hijacked"}))
    client.post(f"/entries/{draft.accession}/delete/")
    client.post(f"/moderation/{submitted.accession}/publish/")
    client.post(f"/entries/{published.accession}/withdraw/", {"reason": "spite"})
    client.post(f"/entries/{published.accession}/edit/", _entry_form(published, change_note="x",
                                                                      fields={"title": "Hijacked"}))
    assert dict(Entry.objects.values_list("pk", "status")) == {
        draft.pk: Status.DRAFT, submitted.pk: Status.SUBMITTED, published.pk: Status.PUBLISHED}
    assert not Entry.objects.filter(title="Hijacked").exists()


@pytest.mark.parametrize("who", CAST)
def test_no_draft_appears_to_anyone_but_its_owner_and_submissions_only_to_moderators(
    client, request, who, draft, submitted, published,
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    pages = ["/", "/me/", "/moderation/", draft.get_absolute_url(), submitted.get_absolute_url(),
             f"/entries/{draft.accession}/edit/", f"/entries/{draft.accession}/submit/", published.get_absolute_url()]
    seen = "".join(client.get(page).content.decode() for page in pages)
    assert (draft.title in seen) == (who == "owner")
    assert (submitted.title in seen) == (who in ("owner", "moderator"))
    assert published.title in seen
