"""Markdown is rendered once, when it is written, and only within a budget no input can exhaust.

Issue 9: a 1 KB body of nested list markers overflowed Python-Markdown's recursion on every read, and runs
of ``[`` made rendering quadratic (Python-Markdown #798). These tests hold the budget to its promise: no
text the registry accepts takes over a second to render, over-budget text is refused with a field error
and nothing is saved, and the list and export endpoints serve stored HTML without rendering anything.
"""

import time

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import markdown as md
from registry.markdown import MAX_BRACKETS, MAX_MARKDOWN_LENGTH, MAX_NESTING, markdown_problems, render_markdown
from registry.models import Entry, Version
from tests.api.conftest import client_for
from tests.factories import claim_spec, make_published

pytestmark = pytest.mark.django_db

# The render budget is one second; a refusal (at the deadline) may take a little longer to come back.
SECOND = 1.0
WORKER_SECONDS = 1.5

# Shapes known to hurt Python-Markdown, each as long as the budget allows.
KNOWN_SHAPES = {
    "nested bullets": "- " * MAX_NESTING + "x",
    "nested numbers": "1. " * MAX_NESTING + "x",
    "nested quotes": "> " * MAX_NESTING + "x",
    "mixed nesting": "> - 1. " * (MAX_NESTING // 3) + "x",
    "bracket run": "[" * MAX_BRACKETS,
    "empty links": "[](" * MAX_BRACKETS,
    "links with text": "[a](" * MAX_BRACKETS,
    "images": "![" * MAX_BRACKETS,
    "escapes": "\\*" * (MAX_MARKDOWN_LENGTH // 2),
    "headings in one paragraph": "# h\n" * (MAX_MARKDOWN_LENGTH // 4),
    "spread brackets": ("[" + "x" * 98 + " ") * (MAX_MARKDOWN_LENGTH // 100),
    "unclosed tags": ("<" + "http://x.org") * (MAX_MARKDOWN_LENGTH // 13),
    "loose ordered lists": ("1. x\n\n=\n\n<" * (MAX_MARKDOWN_LENGTH // 12)),
    "emphasis runs": "*a" * (MAX_MARKDOWN_LENGTH // 2),
    "underscores": "_a" * (MAX_MARKDOWN_LENGTH // 2),
    "backticks": "`" * MAX_MARKDOWN_LENGTH,
    "angle brackets": "<" * MAX_MARKDOWN_LENGTH,
    "entities": "&#" * (MAX_MARKDOWN_LENGTH // 2),
    "parentheses": "(" * MAX_MARKDOWN_LENGTH,
    "ordinary prose": ("Some *text* with a [link](https://example.org) and `code`.\n\n" * 400)
    + "Plain words, no marks at all. " * 800,
    "indented lists": "\n".join("    " * (i % MAX_NESTING) + "- item" for i in range(4000))[:MAX_MARKDOWN_LENGTH],
    "tables": ("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 8000)[:MAX_MARKDOWN_LENGTH],
}


def worker_time(text: str) -> float:
    """How long a write of ``text`` holds a worker: checking the budget, then rendering or refusing."""
    start = time.perf_counter()
    if not markdown_problems(text):
        try:
            render_markdown(text)
        except ValidationError:
            pass  # refused at the deadline
    return time.perf_counter() - start


@pytest.mark.parametrize("name", KNOWN_SHAPES)
def test_no_known_hostile_shape_holds_a_worker_over_the_budget(name):
    text = KNOWN_SHAPES[name][:MAX_MARKDOWN_LENGTH]

    assert worker_time(text) < WORKER_SECONDS


@pytest.mark.parametrize("name", ["ordinary prose", "indented lists", "nested bullets", "tables"])
def test_ordinary_text_within_the_budget_is_rendered_well_under_a_second(name):
    text = KNOWN_SHAPES[name]
    assert markdown_problems(text) == []

    start = time.perf_counter()
    html = render_markdown(text)

    assert time.perf_counter() - start < SECOND and html.startswith("<")


def test_text_the_renderer_cannot_finish_in_time_is_refused_not_waited_for():
    slow = ("[" + "x" * 98 + " ") * 400  # passes the static checks only because its brackets are spread out
    start = time.perf_counter()

    with pytest.raises(ValidationError, match="within the time allowed|too complex"):
        md._render_with_deadline(slow, 0.2)

    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("text, limit", [
    ("- " * 500 + "x", "nested"),
    ("1. " * 500, "nested"),
    ("> " * (MAX_NESTING + 1) + "x", "nested"),
    ("[" * 50_000, "brackets"),
    ("[](" * (MAX_BRACKETS + 1), "brackets"),
    ("x" * (MAX_MARKDOWN_LENGTH + 1), "characters long"),
])
def test_text_over_the_budget_is_refused_with_the_limit_it_broke(text, limit):
    problems = markdown_problems(text)

    assert problems and limit in " ".join(problems)


_blocks = st.sampled_from(["- ", "* ", "+ ", "1. ", "> ", "    ", "  ", "\t"])
_inline = st.sampled_from(["[", "](", "]", "![", "*", "**", "_", "`", "<", ">", "(", ")", "\\", "&", "#", "x", " "])


@st.composite
def nested_markdown(draw):
    """Lines of nested lists and quotes with brackets, emphasis and links inside, up to the budget."""
    lines = []
    for _ in range(draw(st.integers(1, 40))):
        prefix = "".join(draw(st.lists(_blocks, max_size=MAX_NESTING + 4)))
        body = "".join(draw(st.lists(_inline, max_size=60)))
        lines.append(prefix + body)
    repeat = draw(st.integers(1, 200))
    return ("\n".join(lines) + "\n") * repeat


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(nested_markdown())
def test_generated_nesting_never_holds_a_worker_over_the_budget(text):
    assert worker_time(text[:MAX_MARKDOWN_LENGTH]) < WORKER_SECONDS


def test_a_body_over_the_budget_is_a_400_naming_the_field_and_nothing_is_saved(owner):
    api = client_for
    body = {"title": "Nested", "summary": "s", "result_type": "other", "body": "- " * 500 + "x",
            "authors": [{"name": "A"}], "evidence": [{"claim": claim_spec()}]}

    response = api(owner).post("/api/v1/entries/", body, format="json")

    assert response.status_code == 400
    assert "nested more than" in str(response.json()["errors"]["body"])
    assert not Entry.objects.exists()


def test_the_portal_preview_obeys_the_same_budget(client, owner):
    client.force_login(owner)

    response = client.post("/entries/preview/", {"body": "[" * 50_000})

    assert response.status_code == 200
    assert b"opening brackets" in response.content and b"<a" not in response.content


def test_pages_list_and_export_serve_stored_html_without_rendering(client, owner, moderator, monkeypatch):
    api = client_for
    entry = make_published(owner, moderator, body="A **bold** claim with [a link](https://example.org).")
    assert "<strong>bold</strong>" in entry.body_html
    assert "<strong>bold</strong>" in Version.objects.get(entry=entry).body_html

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown was rendered on a read")

    monkeypatch.setattr(md._markdown, "markdown", refuse)
    for url in ("/api/v1/entries/", "/api/v1/entries/?q=bold", f"/api/v1/entries/{entry.accession}/",
                "/api/v1/export/"):
        response = api(None).get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"bold" in content, url
    for url in (entry.get_absolute_url(), f"{entry.get_absolute_url()}v/1/", "/"):
        assert client.get(url).status_code == 200, url
    assert "<strong>bold</strong>" in client.get(entry.get_absolute_url()).content.decode()
