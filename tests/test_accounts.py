"""Sign up, sign in and out, password change and reset, lockout after repeated failures, the profile."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from registry.models import Profile
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def test_it_signs_up_with_the_standard_fields_and_signs_in(client, django_user_model):
    page = client.get("/accounts/signup/").content.decode()
    for name in ("username", "email", "password1", "password2", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in page
    response = client.post("/accounts/signup/", {
        "username": "grace", "email": "grace@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    # The same "check your e-mail" answer whatever happened (tests/test_accounts_security.py has the rest).
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/done/"
    user = django_user_model.objects.get(username="grace")
    assert Profile.objects.filter(user=user, email_confirmed_at=None).exists()
    assert client.post("/accounts/login/", {"username": "grace", "password": NEW_PASSWORD}).status_code == 302
    assert client.get("/me/").status_code == 200  # signed in


def test_a_refused_sign_up_keeps_what_was_typed(client, django_user_model, owner):
    response = client.post("/accounts/signup/", {
        "username": "grace", "email": owner.email, "password1": NEW_PASSWORD, "password2": "different"})
    body = response.content.decode()
    assert response.status_code == 200 and not django_user_model.objects.filter(username="grace").exists()
    # The taken address is not revealed; the typed user name is kept and the mismatch is said.
    assert 'value="grace"' in body and "exists already" not in body and "didn’t match" in body


def test_it_signs_in_with_username_and_password_and_signs_out_by_post(client, owner):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in page and 'name="password"' in page
    response = client.post("/accounts/login/", {"username": "owner", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302


def test_a_wrong_password_says_so(client, owner):
    response = client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    assert response.status_code == 200 and "correct username and password" in response.content.decode()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_repeated_failures_lock_sign_in_with_a_clear_message_even_for_the_right_password(client, owner):
    for _ in range(4):
        assert client.post("/accounts/login/", {"username": "owner", "password": "guess"}).status_code == 200
    locked = client.post("/accounts/login/", {"username": "owner", "password": "guess"})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    still_locked = client.post("/accounts/login/", {"username": "owner", "password": DEFAULT_PASSWORD})
    assert still_locked.status_code == 429 and client.get("/me/").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_successful_sign_in_resets_the_failure_count(client, owner):
    for _ in range(4):
        client.post("/accounts/login/", {"username": "owner", "password": "guess"})
    assert client.post("/accounts/login/", {"username": "owner", "password": DEFAULT_PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert client.post("/accounts/login/", {"username": "owner", "password": "guess"}).status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_an_administrator_lifts_a_lock_with_axes_reset(client, owner):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "owner", "password": "guess"})
    assert client.post("/accounts/login/", {"username": "owner", "password": DEFAULT_PASSWORD}).status_code == 429
    call_command("axes_reset_username", "owner", stdout=io.StringIO())
    assert client.post("/accounts/login/", {"username": "owner", "password": DEFAULT_PASSWORD}).status_code == 302


def test_the_password_is_changed_from_the_account(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/password_change/", {
        "old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


def test_a_password_reset_link_is_sent_by_email(client, owner):
    assert client.get("/accounts/password_reset/").status_code == 200
    client.post("/accounts/password_reset/", {"email": owner.email})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body and owner.username in mail.outbox[0].body


def test_the_account_page_edits_the_profile_and_validates_the_orcid(client, owner):
    client.force_login(owner)
    page = client.get("/accounts/").content.decode()
    assert "/accounts/tokens/" in page and "/accounts/password_change/" in page
    refused = client.post("/accounts/", {"display_name": "Ada L.", "affiliation": "Uni",
                                         "orcid": "0000-0002-1825-0098"})
    assert "not a valid ORCID iD" in refused.content.decode() and 'value="Ada L."' in refused.content.decode()
    client.post("/accounts/", {"display_name": "Ada L.", "affiliation": "Uni",
                               "orcid": "https://orcid.org/0000-0002-1825-0097"})
    profile = Profile.objects.get(user=owner)
    assert (profile.display_name, profile.orcid) == ("Ada L.", "0000-0002-1825-0097")


def test_the_profile_fills_in_the_first_author_of_a_new_entry(client, owner):
    Profile.objects.filter(user=owner).update(display_name="Ada Lovelace", affiliation="Analytical Engines Ltd")
    client.force_login(owner)
    body = client.get("/entries/new/").content.decode()
    assert 'value="Ada Lovelace"' in body and 'value="Analytical Engines Ltd"' in body
