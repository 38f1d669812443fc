"""Headless Chromium for the browser tests (Debian's `chromium` package, driven by Playwright).

Playwright's sync API runs an event loop in the test thread, so Django's async-safety check is
relaxed while a browser is open (and only then: the variable would leak into subprocesses).
Without Chromium the tests are skipped with a reason, except in CI (`CI` set), where a missing
browser is a failure: CI installs it (see .ci/run).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium_missing() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    return ""


@pytest.fixture
def browser(monkeypatch):
    missing = _chromium_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: the browser tests must run in CI.")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    # The ORM calls made while Playwright's loop ran may have opened a connection of their own.
    from django.db import connections

    connections.close_all()


@pytest.fixture(autouse=True)
def _no_persistent_connections():
    """The live server answers each request in its own thread: with persistent connections those
    threads would keep PostgreSQL sessions open, and the test database could not be dropped."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    before = settings_dict.get("CONN_MAX_AGE", 0)
    settings_dict["CONN_MAX_AGE"] = 0
    yield
    settings_dict["CONN_MAX_AGE"] = before
    connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
