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
"""

from __future__ import annotations

import re

import markdown as _markdown
import nh3

__all__ = ["render_markdown"]

MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
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


def render_markdown(text: str | None) -> str:
    """Render Markdown ``text`` to sanitised HTML; ``None`` or ``""`` gives ``""``."""
    if not text:
        return ""
    html = _markdown.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    )
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
