"""Citations of an entry, or of one of its versions: BibTeX, RIS and CSL-JSON.

Each names the accession, the version, the authors (or "Anonymous"), the year and the entry's URL. Without
a version the latest published version is cited; with one, that version's frozen snapshot is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from registry.models import Entry, Status, Version


@dataclass
class _Citable:
    accession: str
    version: int
    title: str
    authors: list[str]
    anonymous: bool
    summary: str
    keywords: list[str]
    date: object  # datetime of publication of that version
    url: str
    withdrawn: bool


def cited_version(entry: Entry, version=None) -> Version:
    """The Version a citation names: ``version`` (a Version or a number), else the latest.

    Raises ``Version.DoesNotExist`` for an entry never published or a number it does not have.
    """
    if isinstance(version, Version):
        return version
    number = entry.version if version is None else int(version)
    for candidate in entry.versions.all():  # the prefetch cache, when the caller made one
        if candidate.number == number:
            return candidate
    raise Version.DoesNotExist(f"{entry.accession} has no version {number}.")


def _citable(entry: Entry, version=None) -> _Citable:
    cited = cited_version(entry, version)
    snap = cited.snapshot
    anonymous = bool(snap.get("anonymous"))
    return _Citable(
        accession=entry.accession, version=cited.number, title=snap.get("title", ""),
        authors=["Anonymous"] if anonymous else [a["name"] for a in snap.get("authors", [])],
        anonymous=anonymous, summary=snap.get("summary", ""), keywords=list(snap.get("keywords") or []),
        date=cited.created_at,
        # The latest version is cited by the entry's own address; an earlier one by its archived page.
        url=settings.SITE_URL
        + (entry.get_absolute_url() if cited.number == entry.version else cited.get_absolute_url()),
        withdrawn=entry.status == Status.WITHDRAWN,
    )


def citation_key(entry: Entry, version_number: int) -> str:
    return f"{entry.accession}v{version_number}"


# --------------------------------------------------------------------------- BibTeX

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
    "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}
_BIBTEX_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))


def _bib(text: str) -> str:
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(str(text).split()))


def _bib_name(name: str) -> str:
    # A comma or a lone "and" inside one name would make BibTeX split it: such names are braced whole.
    escaped = _bib(name)
    return f"{{{escaped}}}" if ("," in name or re.search(r"\band\b", name)) else escaped


def bibtex(entry: Entry, version=None) -> str:
    """A BibTeX ``@misc`` record."""
    c = _citable(entry, version)
    authors = "{Anonymous}" if c.anonymous else " and ".join(_bib_name(n) for n in c.authors) or "{Anonymous}"
    note = f"Negative Results Registry accession {c.accession}, version {c.version}"
    if c.withdrawn:
        note += "; since withdrawn"
    fields = [
        ("title", "{" + _bib(c.title) + "}"),
        ("author", authors),
        ("year", str(c.date.year)),
        ("month", None),
        ("howpublished", _bib(settings.SITE_NAME)),
        ("publisher", _bib(settings.SITE_NAME)),
        ("version", str(c.version)),
        ("note", _bib(note)),
        ("url", c.url),
    ]
    if c.keywords:
        fields.append(("keywords", _bib(", ".join(c.keywords))))
    # The month is BibTeX's own macro (jan, feb, ...), which takes no braces.
    month = c.date.strftime("%b").lower()
    body = ",\n".join(f"  {name} = {month}" if value is None else f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation_key(entry, c.version)},\n{body}\n}}\n"


# --------------------------------------------------------------------------- RIS


def _ris(text: str) -> str:
    return " ".join(str(text).split())


def ris(entry: Entry, version=None) -> str:
    """An RIS record (generic type), one tag per line."""
    c = _citable(entry, version)
    lines = [("TY", "GEN"), ("ID", citation_key(entry, c.version)), ("TI", c.title)]
    lines += [("AU", name) for name in (c.authors or ["Anonymous"])]
    lines += [
        ("PY", str(c.date.year)), ("DA", c.date.strftime("%Y/%m/%d/")), ("PB", settings.SITE_NAME),
        ("ET", f"version {c.version}"), ("M1", c.accession), ("UR", c.url), ("AB", c.summary),
    ]
    lines += [("KW", k) for k in c.keywords]
    if c.withdrawn:
        lines.append(("N1", "This entry has since been withdrawn."))
    return "".join(f"{tag}  - {_ris(value)}\r\n" for tag, value in lines) + "ER  - \r\n"


# --------------------------------------------------------------------------- CSL-JSON


def csl_json(entry: Entry, version=None) -> dict:
    """A CSL-JSON item (a dict; serve it inside a list for citeproc tools)."""
    c = _citable(entry, version)
    item = {
        "id": citation_key(entry, c.version),
        "type": "report",
        "genre": "Negative result",
        "title": c.title,
        "author": [{"literal": name} for name in (c.authors or ["Anonymous"])],
        "issued": {"date-parts": [[c.date.year, c.date.month, c.date.day]]},
        "publisher": settings.SITE_NAME,
        "number": c.accession,
        "version": str(c.version),
        "URL": c.url,
        "abstract": c.summary,
    }
    if c.keywords:
        item["keyword"] = ", ".join(c.keywords)
    if c.withdrawn:
        item["note"] = "This entry has since been withdrawn."
    return item
