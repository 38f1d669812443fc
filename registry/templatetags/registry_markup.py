"""Template filters for rendering user-supplied text.

Usage::

    {% load registry_markup %}
    {{ entry.body|markdown }}

This is the only place in the project allowed to call ``mark_safe`` on user
text: ``render_markdown`` sanitises its output with an explicit allow-list
(see ``registry.markdown``).
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from registry.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown", is_safe=True)
def markdown_filter(value: object) -> SafeString:
    """Render ``value`` as Markdown and return sanitised, safe HTML."""
    if value is None:
        return mark_safe("")
    # Deliberately str(): an already-"safe" string is still user text and
    # goes through the sanitiser like anything else.
    return mark_safe(render_markdown(str(value)))  # noqa: S308 - output sanitised by nh3
