"""Render user-supplied Markdown to HTML that is safe to put on a page.

This takes two steps, and both are needed:

1. **Python-Markdown** turns Markdown into HTML. It is *not* a sanitiser:
   by design it passes raw HTML through untouched (``<script>``, ``<img
   onerror=...>``, ``<iframe>``...), and it copies link targets verbatim, so
   ``[x](javascript:alert(1))`` becomes ``<a href="javascript:alert(1)">``.
   Only the ``fenced_code``, ``tables`` and ``sane_lists`` extensions are
   enabled; extensions that let authors write raw attributes (``attr_list``,
   ``md_in_html``...) must not be added.

2. **nh3** (the Rust ``ammonia`` sanitiser) parses that HTML the way a browser
   would and keeps only what is on an explicit allow-list of tags, attributes
   and URL schemes. This allow-list is the *only* thing that makes the output
   safe: because the HTML is parsed properly, tricks such as ``JaVaScRiPt:``,
   ``java&#9;script:``, ``&#106;avascript:`` or ``javascript&colon;`` are
   decoded before the scheme is checked and are rejected.

Policy (keep in sync with ``tests/test_markdown.py``):

* Tags: p, br, hr, h1-h6, strong, em, b, i, code, pre, blockquote, ul, ol,
  li, a, table, thead, tbody, tr, th, td, sup, sub, del. Anything else is
  removed but its text kept; ``script`` and ``style`` are removed together
  with their content.
* Attributes: ``a`` -> href, title; ``th``/``td`` -> align (left, center or
  right only); ``code`` -> class, only of the form ``language-<name>`` as
  emitted by ``fenced_code``. No ``style``, no ``on*`` handlers, no ids.
* URL schemes: http, https, mailto. Relative URLs (``/path``, ``../page``,
  ``#anchor``, ``?q=1``, and protocol-relative ``//host/path``, which resolves
  to the page's own http/https) are kept as written: they carry no scheme and
  so cannot run script. As belt and braces, a "relative" URL with a colon
  before its first ``/``, ``?`` or ``#`` is dropped: RFC 3986 forbids that in a
  relative reference, so it can only be a mangled scheme such as
  ``java    script:`` (Python-Markdown expands a tab to spaces). Every link
  gets ``rel="nofollow noopener"``.

``render_markdown`` returns a plain ``str``; the one place allowed to mark it
safe is the ``markdown`` filter in ``registry.templatetags.registry_markup``.

Budget. Python-Markdown recurses once per nested list or quote (``"- " * 500``
overflows the stack) and its link pattern is quadratic in runs of ``[``
(``"[](" * 10_000`` takes over 20 s). So text is rendered once, when it is
written, and only if it fits a budget that keeps every render under a second:
at most ``MAX_MARKDOWN_LENGTH`` characters, ``MAX_NESTING`` levels of lists and
quotes, ``MAX_BRACKETS`` opening brackets, and ``MAX_COST`` for links, headings,
escapes and inline tags weighed by the length of their paragraph (``markdown_cost``). ``validate_markdown`` is the
model validator that refuses the rest with a message saying which limit.
"""

from __future__ import annotations

import os
import re
import select
import signal
import time

import markdown as _markdown
import nh3
from django.core.exceptions import ValidationError

__all__ = ["MAX_BRACKETS", "MAX_MARKDOWN_LENGTH", "MAX_NESTING", "markdown_cost", "markdown_problems",
           "render_markdown", "sanitise_html", "validate_markdown"]

MAX_MARKDOWN_LENGTH = 50_000
MAX_NESTING = 16
MAX_BRACKETS = 500
# Python-Markdown scans from each '[' to the end of its paragraph for the link's end, and splits a paragraph
# anew at each heading; an unclosed '<' scans like '['; escapes cost less but grow too. Measured
# here: 500 '[' in one 50,000-character paragraph take 7 s, 25,000 headings 15 s, 50,000 escapes 9 s. So
# the cost of a paragraph is its length times its weighted count of these, and the sum must stay under
# MAX_COST (about 0.3 s on a slow core at the worst mix).
COST_WEIGHTS = {"[": 1.0, "heading": 1 / 50, "\\": 1 / 150, "<": 1.0}
MAX_COST = 1_000_000
_HEADING = re.compile(r"^[ \t]{0,3}#", re.MULTILINE)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")

# A line's container markers: list bullets, ordered-list numbers and quote marks, in any mix.
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:[-*+]|[0-9]{1,9}[.)]|>)(?=[ \t]|$))+")
_MARKER = re.compile(r"[-*+>]|[0-9]{1,9}[.)]")

MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
# Imported now, not on first use, so that a child forked to render never needs the import lock.
_markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
# Emit align="..." on table cells instead of style="text-align: ...", so no
# style attribute ever needs to be allowed.
MARKDOWN_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li",
        "a",
        "table", "thead", "tbody", "tr", "th", "td",
        "sup", "sub", "del",
    }
)  # fmt: skip

# Attributes allowed with any value (URL-valued ones are still scheme-checked).
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "code": {"class"},  # further restricted by _filter_attribute
}

# Attributes allowed only with one of the listed values.
ALLOWED_ATTRIBUTE_VALUES = {
    "th": {"align": {"left", "center", "right"}},
    "td": {"align": {"left", "center", "right"}},
}

ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Removed together with everything inside them (not just the tags).
CLEAN_CONTENT_TAGS = frozenset({"script", "style"})

LINK_REL = "nofollow noopener"

_CODE_CLASS_RE = re.compile(r"language-[A-Za-z0-9_+.#-]{1,40}")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep ``class`` on ``code`` only when it is a fenced-code language marker."""
    if tag == "code" and attribute == "class":
        return value if _CODE_CLASS_RE.fullmatch(value) else None
    return value


def _filter_relative_url(url: str) -> str | None:
    """Keep a relative URL unless it looks like a (mangled) scheme; see module docstring."""
    first_segment = re.split(r"[/?#]", url, maxsplit=1)[0]
    return None if ":" in first_segment else url


def markdown_problems(text: str | None) -> list[str]:
    """Why ``text`` is over the rendering budget; empty if it fits."""
    text = text or ""
    problems = []
    if len(text) > MAX_MARKDOWN_LENGTH:
        problems.append(f"It is {len(text):,} characters long; the limit is {MAX_MARKDOWN_LENGTH:,}.")
    depth = 0
    for line in text.splitlines():
        expanded = line.expandtabs(4)
        match = _CONTAINERS.match(expanded)
        if match:
            # Python-Markdown nests a list one level per four spaces of indentation, and per marker.
            indent = (len(expanded) - len(expanded.lstrip(" "))) // 4
            depth = max(depth, indent + len(_MARKER.findall(match.group(0))))
        if depth > MAX_NESTING:
            problems.append(f"Lists and quotes are nested more than {MAX_NESTING} levels deep.")
            break
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        problems.append(f"It has {brackets:,} opening brackets '['; the limit is {MAX_BRACKETS} (about as many "
                        "links).")
    if markdown_cost(text) > MAX_COST:
        problems.append("Its paragraphs hold too many links, brackets, headings or escapes for their length: "
                        "split long paragraphs with blank lines, or use fewer of them.")
    return problems


def markdown_cost(text: str) -> float:
    """An estimate of rendering work: each paragraph's length times its weighted count of costly marks."""
    cost = 0.0
    for paragraph in _PARAGRAPHS.split(text):
        marks = (paragraph.count("[") * COST_WEIGHTS["["] + len(_HEADING.findall(paragraph)) * COST_WEIGHTS["heading"]
                 + paragraph.count("\\") * COST_WEIGHTS["\\"] + paragraph.count("<") * COST_WEIGHTS["<"])
        cost += marks * len(paragraph)
    return cost


def validate_markdown(text: str | None) -> None:
    """Model validator: refuse Markdown that could not be rendered within the budget."""
    problems = markdown_problems(text)
    if problems:
        raise ValidationError("This Markdown is too complex to show: " + " ".join(problems), code="markdown_budget")


def render_markdown(text: str | None) -> str:
    """Render Markdown ``text`` to sanitised HTML; ``None`` or ``""`` gives ``""``.

    Small text renders here. Larger text renders in a forked child that is killed after
    ``RENDER_SECONDS``: Python-Markdown has more slow paths than any static check can list, so the clock
    is the last word. Text it cannot render in time is refused with a ValidationError, never a hung worker.
    """
    if not text:
        return ""
    if len(text) <= IN_PROCESS_LENGTH or not hasattr(os, "fork"):
        return _render(text)
    return _render_with_deadline(text, RENDER_SECONDS)


RENDER_SECONDS = 1.0
# Below this length every shape measured renders in milliseconds: no child process needed.
IN_PROCESS_LENGTH = 2_000
_TOO_SLOW = "This Markdown is too complex to show: it could not be rendered within the time allowed. " \
            "Split long paragraphs and lists, or use fewer links and nested lists."


def _render(text: str) -> str:
    try:
        html = _markdown.markdown(
            text,
            extensions=MARKDOWN_EXTENSIONS,
            extension_configs=MARKDOWN_EXTENSION_CONFIGS,
            output_format="html",
        )
    except RecursionError:
        # Defence in depth: the budget keeps real input away from this; never a 500, never raw text as HTML.
        raise ValidationError("This Markdown is nested too deeply to show.", code="markdown_budget") from None
    return sanitise_html(html)


def _render_with_deadline(text: str, seconds: float) -> str:
    """Render in a forked child; kill it at the deadline. The child only renders and writes to a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no database, no logging, no cleanup handlers
        status = 1
        try:
            os.close(read_end)
            html = _render(text)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(html.encode("utf-8"))
            status = 0
        except BaseException:  # noqa: BLE001 - any failure is reported by the exit status
            status = 2
        finally:
            os._exit(status)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                raise ValidationError(_TOO_SLOW, code="markdown_budget")
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if status != 0:
        raise ValidationError("This Markdown could not be rendered: it is nested too deeply or malformed.",
                              code="markdown_budget")
    return b"".join(chunks).decode("utf-8")


def sanitise_html(html: str) -> str:
    """HTML reduced to the allow-list above: tags, attributes, URL schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        tag_attribute_values={
            tag: {attr: set(values) for attr, values in attrs.items()}
            for tag, attrs in ALLOWED_ATTRIBUTE_VALUES.items()
        },
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative=_filter_relative_url,
        link_rel=LINK_REL,
        strip_comments=True,
    )
