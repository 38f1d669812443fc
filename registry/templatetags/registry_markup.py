"""Template filters for rendering user-supplied text.

Usage::

    {% load registry_markup %}
    {{ entry.body_html|stored_html }}     (pages: the HTML rendered when the text was written)
    {{ form.body.value|markdown }}         (the form's preview, within the same budget)

This is the only place in the project allowed to call ``mark_safe`` on user
text: ``render_markdown`` sanitises its output with an explicit allow-list
(see ``registry.markdown``), and stored HTML is passed through the same
allow-list again as it is shown (linear and cheap; it guards against a row
written by some other route).
"""

from django import template
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from registry.markdown import markdown_problems, render_markdown, sanitise_html

register = template.Library()


@register.filter(name="markdown", is_safe=True)
def markdown_filter(value: object) -> SafeString:
    """Render ``value`` as Markdown and return sanitised, safe HTML."""
    if value is None:
        return mark_safe("")
    # Deliberately str(): an already-"safe" string is still user text and
    # goes through the sanitiser like anything else.
    text = str(value)
    problems = markdown_problems(text)
    if problems:
        return mark_safe(f'<p class="error">{escape(" ".join(problems))}</p>')  # noqa: S308 - escaped
    try:
        return mark_safe(render_markdown(text))  # noqa: S308 - output sanitised by nh3
    except ValidationError as exc:
        return mark_safe(f'<p class="error">{escape(" ".join(exc.messages))}</p>')  # noqa: S308 - escaped


@register.filter(name="stored_html", is_safe=True)
def stored_html_filter(value: object) -> SafeString:
    """HTML rendered from Markdown when it was written, passed through the allow-list again."""
    return mark_safe(sanitise_html(str(value or "")))  # noqa: S308 - output sanitised by nh3
