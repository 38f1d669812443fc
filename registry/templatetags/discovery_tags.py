"""Template helpers of the discovery pages: citations for the entry page's "Cite" box."""

from django import template

from registry import citations
from registry.models import Version

register = template.Library()


@register.simple_tag
def entry_bibtex(entry) -> str:
    """The BibTeX of an entry's latest version ('' if it has none); autoescaped by the template."""
    try:
        return citations.bibtex(entry)
    except Version.DoesNotExist:
        return ""


@register.simple_tag
def entry_citation_text(entry) -> str:
    """A one-line citation: authors (year). Title. Registry, accession, version. URL."""
    try:
        item = citations.csl_json(entry)
    except Version.DoesNotExist:
        return ""
    authors = ", ".join(a["literal"] for a in item["author"])
    year = item["issued"]["date-parts"][0][0]
    return (f"{authors} ({year}). {item['title']}. {item['publisher']}, {item['number']}, "
            f"version {item['version']}. {item['URL']}")
