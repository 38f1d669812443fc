"""A researcher signs up and files an entry in a real browser; a moderator publishes it."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connections
from playwright.sync_api import expect

from registry.models import Entry, Status
from tests.factories import DEFAULT_PASSWORD, ModeratorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase-42"


def orm(query):
    """Run a database call in a thread of its own, closing its connection after.

    Called from the test body while Playwright's loop runs, the ORM would open a connection in
    another context that nothing closes, and PostgreSQL would then refuse to drop the test database.
    """
    def run():
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def sign_out(page):
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_it_signs_up_files_an_entry_with_an_inline_claim_and_a_moderator_publishes_it(live_server, page):
    base = live_server.url

    # Sign up through the form.
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=username]", "grace")
    page.fill("input[name=email]", "grace@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(f"{base}/accounts/signup/done/")

    # Confirm the address with the mailed link, signing in on the way.
    page.goto(base + re.search(r"/accounts/confirm/\S+/", mail.outbox[-1].body).group(0))
    page.fill("input[name=username]", "grace")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/accounts/")
    expect(page.get_by_text("is confirmed").first).to_be_visible()

    # File an entry that counters a claim described inline.
    page.get_by_role("link", name="New entry").click()
    page.fill("input[name=title]", "ResNet gains vanish on a fresh test set")
    page.fill("textarea[name=summary]", "The reported 80% top-1 drops to 71% on a freshly collected test set.")
    page.check("input[name=result_type][value=distribution_shift]")
    page.fill("textarea[name=body]", "We **re-collected** the test set following the original protocol.")
    page.get_by_role("button", name="Preview the Markdown").click()
    expect(page.locator("#preview strong")).to_have_text("re-collected")
    page.locator("details.new-claim summary").first.click()
    page.fill("input[name='evidence-0-paper_id']", "arXiv:1902.10811v2")
    page.fill("input[name='evidence-0-paper_title']", "Do ImageNet Classifiers Generalize to ImageNet?")
    page.fill("input[name='evidence-0-benchmark']", "ImageNet-1k")
    page.fill("input[name='evidence-0-metric']", "top-1 accuracy (%)")
    page.fill("input[name='evidence-0-reported_value']", "80")
    page.fill("input[name='evidence-0-observed_value']", "71.2")
    page.fill("input[name='authors-0-name']", "Grace Hopper")
    page.fill("input[name='authors-0-affiliation']", "Example University")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".banner")).to_contain_text("Submitted for review")
    entry = orm(lambda: Entry.objects.get(owner__username="grace"))
    assert entry.status == Status.SUBMITTED
    assert orm(lambda: entry.evidence.get().claim.paper.arxiv_id) == "1902.10811"
    sign_out(page)

    # A moderator signs in and publishes it.
    orm(lambda: ModeratorFactory(username="mod"))
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "mod")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Moderation").click()
    expect(page.locator(".queue-item")).to_contain_text("ResNet gains vanish on a fresh test set")
    page.get_by_role("button", name=f"Publish {entry.accession}").click()
    expect(page.locator(".messages")).to_contain_text(f"Published {entry.accession}")
    sign_out(page)

    # Anyone finds it on its entry page.
    page.goto(f"{base}/entries/{entry.accession}/")
    expect(page.locator("h1")).to_have_text("ResNet gains vanish on a fresh test set")
    expect(page.locator(".status")).to_have_text("Published")
    expect(page.locator("table.evidence")).to_contain_text("Do ImageNet Classifiers Generalize to ImageNet?")
    expect(page.locator(".authors")).to_contain_text("Grace Hopper")
    assert re.search(r"version 1", page.locator(".meta").first.inner_text())
    assert orm(lambda: Entry.objects.get(pk=entry.pk).status) == Status.PUBLISHED
