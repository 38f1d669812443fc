"""API tokens: several named ones per user, stored hashed, made and revoked on the account page or by command."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from api.models import ApiToken, token_digest

pytestmark = pytest.mark.django_db


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_user_holds_several_named_tokens_and_only_their_hashes_are_stored(owner):
    laptop, laptop_key = ApiToken.issue(user=owner, name="laptop")
    bot, bot_key = ApiToken.issue(user=owner, name="review-bot")

    assert laptop_key != bot_key
    assert laptop.digest == token_digest(laptop_key)
    stored = set(ApiToken.objects.values_list("digest", "prefix", "name"))
    assert all(laptop_key not in value and bot_key not in value for row in stored for value in row)
    assert token_client(laptop_key).get("/api/v1/entries/").status_code == 200
    assert token_client(bot_key).post("/api/v1/entries/", {}, format="json").status_code == 400  # signed in


def test_a_revoked_token_is_refused_and_the_others_keep_working(owner):
    laptop, laptop_key = ApiToken.issue(user=owner, name="laptop")
    _, bot_key = ApiToken.issue(user=owner, name="bot")

    laptop.delete()

    assert token_client(laptop_key).get("/api/v1/entries/").status_code == 401
    assert token_client(bot_key).get("/api/v1/entries/").status_code == 200


def test_a_token_of_a_deactivated_user_is_refused(owner):
    _, key = ApiToken.issue(user=owner, name="laptop")
    owner.is_active = False
    owner.save()

    assert token_client(key).get("/api/v1/entries/").status_code == 401


def test_using_a_token_records_when_it_was_last_used(owner):
    token, key = ApiToken.issue(user=owner, name="laptop")
    assert token.last_used_at is None

    token_client(key).get("/api/v1/entries/")

    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token \u00e9", "Token " + "x" * 500])
def test_malformed_authorization_headers_are_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    assert client.get("/api/v1/entries/").status_code == 401


def test_writes_without_credentials_are_401_with_a_challenge(db):
    response = APIClient().post("/api/v1/entries/", {}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_command_prints_a_working_key_as_its_last_line(owner):
    out = io.StringIO()

    call_command("create_api_token", "owner", "--name", "ci", stdout=out, stderr=io.StringIO())

    key = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(user=owner).name == "ci"
    assert token_client(key).post("/api/v1/entries/", {}, format="json").status_code == 400


def test_the_command_refuses_an_unknown_user_and_a_duplicate_name(owner):
    ApiToken.issue(user=owner, name="ci")

    with pytest.raises(CommandError, match="no user"):
        call_command("create_api_token", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="already have a token"):
        call_command("create_api_token", "owner", "--name", "ci", stdout=io.StringIO(), stderr=io.StringIO())


# --------------------------------------------------------------------------- the account page


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_the_token_page_asks_visitors_to_sign_in(client, db):
    response = client.get("/accounts/tokens/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_making_a_token_shows_its_key_once(signed_in, owner):
    made = signed_in.post("/accounts/tokens/", {"name": "laptop"})

    assert made.status_code == 200
    key = made.context["new_key"]
    assert key and key in made.content.decode()
    assert made["Cache-Control"] == "no-store"
    again = signed_in.get("/accounts/tokens/").content.decode()
    assert key not in again
    assert "laptop" in again
    assert token_client(key).get("/api/v1/entries/").status_code == 200


def test_a_duplicate_token_name_is_refused_on_the_page(signed_in, owner):
    ApiToken.issue(user=owner, name="laptop")

    response = signed_in.post("/accounts/tokens/", {"name": "laptop"})

    assert "already have a token" in response.content.decode()
    assert ApiToken.objects.filter(user=owner).count() == 1


def test_the_page_lists_names_creation_and_last_use(signed_in, owner):
    _, key = ApiToken.issue(user=owner, name="review-bot")
    token_client(key).get("/api/v1/entries/")

    page = signed_in.get("/accounts/tokens/").content.decode()

    assert "review-bot" in page
    assert "never" not in page


def test_revoking_on_the_page_stops_the_token(signed_in, owner):
    token, key = ApiToken.issue(user=owner, name="laptop")

    response = signed_in.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert token_client(key).get("/api/v1/entries/").status_code == 401


def test_nobody_revokes_another_users_token(client, owner, other_researcher):
    token, _ = ApiToken.issue(user=owner, name="laptop")
    client.force_login(other_researcher)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_sessions_work_for_the_browsable_api_with_csrf(owner, draft):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)

    assert browser.get("/api/v1/entries/", HTTP_ACCEPT="text/html").status_code == 200
    page = browser.get(f"/api/v1/entries/{draft.accession}/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and draft.title in page.content.decode()
    as_json = browser.get(f"/api/v1/entries/{draft.accession}/", HTTP_ACCEPT="application/json")
    assert as_json.json()["status"] == "draft"
    assert browser.post("/api/v1/entries/", "{}", content_type="application/json").status_code == 403  # no CSRF


def test_the_docs_page_loads_nothing_from_outside_the_server(client, db):
    page = client.get("/api/docs/").content.decode()

    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    assert "https://" not in page.split("</head>")[0]
