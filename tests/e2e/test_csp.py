"""Every page works in Chromium under the site's Content-Security-Policy, and none reports a violation.

A ``securitypolicyviolation`` listener is installed before any page script runs (Playwright's init
scripts are not subject to the page's policy); console errors and uncaught exceptions are kept too.
Each page must arrive with the header and report nothing, and its scripts must still do their job:
the entry form adds rows and previews Markdown in place, and Swagger UI draws and runs the API.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from playwright.sync_api import expect

from registry import workflow
from registry.demo import load_demo
from tests.factories import (
    DEFAULT_PASSWORD,
    ModeratorFactory,
    UserFactory,
    claim_spec,
    evidence_rows,
    make_draft,
    make_published,
    make_submitted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
}, true);
"""


class Watcher:
    """A browser page that records, per address visited, CSP violations, console errors and uncaught exceptions."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.problems: dict[str, list[str]] = {}
        self.current, self.expect_missing = "", False
        page.add_init_script(LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self._note(f"uncaught: {exc}"))

    def _note(self, problem: str):
        self.problems.setdefault(self.current, []).append(problem)

    def _console(self, msg):
        if msg.type != "error":
            return
        # Chromium asks for /favicon.ico by itself, and logs the 404 of a page we meant to be missing.
        url = msg.location.get("url", "")
        if msg.text.startswith("Failed to load resource") and (url.endswith("/favicon.ico") or self.expect_missing):
            return
        self._note(f"console error: {msg.text}")

    def visit(self, path: str, *, status: int = 200):
        """Open ``path``; check its status and that it came with the policy."""
        self.collect()
        self.current, self.expect_missing = path, status == 404
        response = self.page.goto(self.base + path)
        assert response.status == status, f"{path}: HTTP {response.status}"
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), f"{path}: no CSP"

    def collect(self):
        """Move the violations the open page reported into ``problems``."""
        if self.current:
            for violation in self.page.evaluate("window.__cspViolations.splice(0)"):
                self._note(f"CSP violation: {violation}")

    def assert_clean(self):
        self.collect()
        assert self.problems == {}


def orm(query):
    """Run a database call in a thread of its own (see tests/e2e/test_portal_browser.py)."""

    def run():
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def registry(transactional_db):
    """The demo entries, and the fixed cast's draft, submission (with catalogue proposals) and revised entry.

    Request it before ``watcher``, so the data is written before the browser starts. The flush that ends
    the test steps the version guards aside (registry/management/commands/flush.py).
    """
    load_demo(create_accounts=False)
    owner, moderator = UserFactory(username="owner"), ModeratorFactory(username="moderator")
    published = make_published(owner, moderator, title="A published negative result")
    published = workflow.entry_revise(
        entry=published,
        by=owner,
        expected_revision=published.revision,
        change_note="Clarified the summary.",
        fields={"summary": "A clearer summary."},
    )
    new_claim = dict(evidence_rows()[0], claim=claim_spec(model_name="NewNet", reported_value=91.0))
    yield {
        "published": published,
        "claim": published.evidence.get().claim,
        "draft": make_draft(owner, title="A draft in progress"),
        "submitted": make_submitted(owner, title="A submission awaiting review", evidence=[new_claim]),
    }


@pytest.fixture
def watcher(live_server, page):
    return Watcher(page, live_server.url)


def sign_in(watcher, username):
    watcher.visit("/accounts/login/")
    watcher.page.fill("input[name=username]", username)
    watcher.page.fill("input[name=password]", DEFAULT_PASSWORD)
    watcher.page.get_by_role("button", name="Sign in").click()
    expect(watcher.page.get_by_role("button", name="Sign out").first).to_be_visible()


def test_the_watcher_sees_an_injected_inline_style_and_script(watcher):
    watcher.visit("/")
    watcher.page.evaluate("""() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">injected</p>');
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
    }""")
    watcher.page.wait_for_function("window.__cspViolations.length >= 2")
    assert watcher.page.evaluate("window.injected") is None
    watcher.collect()
    found = " ".join(watcher.problems["/"])
    assert "style-src-attr refused inline" in found and "script-src-elem refused inline" in found


def test_public_pages_report_no_violation(registry, watcher):
    page, accession, claim = watcher.page, registry["published"].accession, registry["claim"]
    for path in [
        "/",
        f"/entries/{accession}/",
        f"/entries/{accession}/v/1/",
        f"/entries/{accession}/diff/?from=1&to=2",
        f"/claims/{claim.pk}/",
        f"/papers/{claim.paper_id}/",
        "/benchmarks/",
        "/benchmarks/imagenet-1k/",
        "/stats/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        "/feeds/entries/",
        f"/api/v1/entries/{accession}/",
    ]:
        watcher.visit(path)
    watcher.visit("/no-such-page/", status=404)

    watcher.visit("/search/?q=imagenet")
    expect(page.locator(".entry-card").first).to_be_visible()
    page.locator(".facet a").first.click()
    expect(page.locator(".facet li.active").first).to_be_visible()

    watcher.visit("/lookup/")
    page.fill("#lookup-ids", "arXiv:1512.03385\n10.9999/not.in.the.registry\nnot an identifier at all")
    page.get_by_role("button", name="Look up").click()
    expect(page.locator(".lookup-result")).to_have_count(3)

    # The browsable API, with its filters dialog (Bootstrap and jQuery from DRF's static files).
    watcher.visit("/api/v1/entries/")
    page.get_by_role("button", name="Filters").click()
    expect(page.locator("#filtersModal")).to_be_visible()
    watcher.assert_clean()


def test_a_researchers_pages_and_the_entry_forms_script_work(registry, watcher):
    page = watcher.page
    sign_in(watcher, "owner")
    for path in [
        "/accounts/",
        "/me/",
        "/accounts/tokens/",
        "/accounts/password_change/",
        "/api/v1/entries/",
        f"/entries/{registry['draft'].accession}/edit/",
        f"/entries/{registry['published'].accession}/edit/",
    ]:
        watcher.visit(path)

    watcher.visit("/entries/new/")
    page.evaluate("window.stillTheSamePage = true")
    for prefix, label in (("evidence", "Add another claim"), ("authors", "Add another author")):
        rows = page.locator(f"[data-rows='{prefix}'] > *")
        before = rows.count()
        page.get_by_role("button", name=label).click()
        expect(rows).to_have_count(before + 1)
        expect(page.locator(f"input[name='{prefix}-TOTAL_FORMS']")).to_have_value(str(before + 1))
    page.fill("textarea[name=body]", "We **re-ran** it.")
    page.get_by_role("button", name="Preview the Markdown").click()
    expect(page.locator("#preview strong")).to_have_text("re-ran")
    # The rows were added and the preview shown by the script, not by a round trip through the server.
    assert page.evaluate("window.stillTheSamePage") is True
    watcher.assert_clean()


def test_the_moderation_queue_reports_no_violation(registry, watcher):
    sign_in(watcher, "moderator")
    watcher.visit("/moderation/")
    expect(watcher.page.locator(".queue-item").first).to_contain_text("A submission awaiting review")
    expect(watcher.page.locator(".proposals").first).to_contain_text("NewNet")
    watcher.assert_clean()


def test_the_api_docs_draw_and_call_the_api_under_the_policy(registry, watcher):
    page = watcher.page
    watcher.visit("/api/docs/")
    operation = page.locator(".opblock-get").first
    expect(operation).to_be_visible()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    watcher.assert_clean()
