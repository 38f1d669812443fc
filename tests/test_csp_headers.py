"""Every response carries the strict Content-Security-Policy, and nothing the site serves needs it relaxed.

The browser test (tests/e2e/test_csp.py) shows the pages work under the policy; these tests pin the header
itself on pages, API answers, feeds and error pages, and keep inline code out of the templates.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import include, path

from tests.factories import make_published

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def policy_of(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}."""
    assert "Content-Security-Policy" in response, f"no CSP on {response.status_code} {response.get('Content-Type')}"
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {name: sources for name, *sources in directives}


def boom(request):
    raise RuntimeError("a bug in a view")


# The site's routes plus one view that fails, for the 500 page.
urlpatterns = [path("boom/", boom), path("", include("config.urls"))]


@pytest.fixture
def entry(owner, moderator):
    return make_published(owner, moderator, title="A published negative result")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search/?q=imagenet",
        "/lookup/?ids=arXiv:1512.03385",
        "/benchmarks/",
        "/stats/",
        "/accounts/login/",
        "/accounts/signup/",
        "/api/docs/",
        "/api/schema/",
    ],
)
def test_a_page_carries_the_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert policy_of(response) == POLICY


def test_an_entry_page_and_its_citation_carry_the_policy(client, entry):
    assert policy_of(client.get(entry.get_absolute_url())) == POLICY
    assert policy_of(client.get(f"/entries/{entry.accession}.bib")) == POLICY


def test_a_signed_in_researchers_pages_carry_the_policy(client, owner):
    client.force_login(owner)
    for url in ["/accounts/", "/me/", "/entries/new/", "/accounts/tokens/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy_of(response) == POLICY, url


def test_an_api_answer_in_json_carries_the_policy(client, entry):
    response = client.get("/api/v1/entries/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert policy_of(response) == POLICY
    assert policy_of(client.get(f"/api/v1/entries/{entry.accession}/", HTTP_ACCEPT="application/json")) == POLICY


def test_the_browsable_api_carries_the_policy(client, entry):
    response = client.get("/api/v1/entries/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("text/html")
    assert policy_of(response) == POLICY


def test_a_feed_carries_the_policy(client, entry):
    response = client.get("/feeds/entries/")
    assert response.status_code == 200 and "xml" in response["Content-Type"]
    assert policy_of(response) == POLICY


def test_a_missing_page_and_a_missing_api_resource_carry_the_policy(client):
    assert policy_of(client.get("/no-such-page/")) == POLICY
    assert client.get("/no-such-page/").status_code == 404
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert policy_of(response) == POLICY


def test_the_server_error_page_carries_the_policy(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert policy_of(response) == POLICY


def test_a_refused_post_carries_the_policy(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/entries/new/", {"title": "no token"})
    assert response.status_code == 403
    assert policy_of(response) == POLICY


def test_the_policy_allows_no_inline_code_no_eval_and_no_other_origin():
    sources = " ".join(str(s) for v in django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].values() for s in v)
    sources = sources.lower()
    for forbidden in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "nonce"):
        assert forbidden not in sources


def test_the_api_docs_load_their_script_and_style_from_files(client):
    """Swagger UI's start-up script comes from the docs view itself (?script), not from an inline block."""
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert len(scripts) == 3 and all('src="/' in attributes for attributes in scripts)
    assert '<script src="/api/docs/?script="></script>' in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content


# What a policy without 'unsafe-inline' refuses: a <script> with a body, a <style> element, a style=""
# attribute, an on* handler attribute, a javascript: URL. Scripts with src= and <template> are fine.
INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_holds_inline_script_style_or_handlers():
    found = []
    for template in sorted(Path(django_settings.BASE_DIR, "templates").rglob("*.html")):
        text = template.read_text()
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
        for pattern, what in INLINE_CODE:
            found += [f"{template.name}: {what}: {m.group(0)!r}" for m in pattern.finditer(text)]
    assert found == []
