"""Normalise and validate scholarly identifiers: DOIs, arXiv ids, OpenReview forum ids and ORCID iDs.

Each ``normalize_*`` function accepts the forms people paste (bare ids, prefixed ids, landing-page
URLs) and returns one canonical string, so that equal identifiers compare equal in the database.
Anything unusable raises :class:`IdentifierError` -- never another exception, whatever the input --
so callers (forms, importers, the API) need to handle only one error type.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

__all__ = [
    "IdentifierError",
    "PaperIdentifier",
    "normalize_arxiv_id",
    "normalize_doi",
    "normalize_openreview_id",
    "normalize_orcid",
    "parse_paper_identifier",
    "validate_arxiv_id",
    "validate_doi",
    "validate_openreview_id",
    "validate_orcid",
]

# Real identifiers are far shorter; the cap keeps hostile input from costing regex time or
# producing multi-kilobyte error messages.
MAX_INPUT_LENGTH = 2048

# Long inputs are shortened in messages so an error stays a readable sentence.
_MAX_SHOWN_LENGTH = 60

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# [0-9] rather than \d throughout: \d also matches non-ASCII digits such as Arabic-Indic ones.
_DOI_PREFIX = re.compile(
    r"^(?:doi:\s*|(?:https?://)?(?:www\.)?(?:dx\.)?doi\.org/)",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.[0-9]{4,9}(?:\.[0-9]+)*/[^\s]+$")
_ENCODED_SLASH = re.compile(r"%2f", re.IGNORECASE)

_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_ARXIV_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<id>.+?)(?:\.pdf)?/?$",
    re.IGNORECASE,
)
_ARXIV_NEW = re.compile(r"^(?P<yymm>[0-9]{4})\.(?P<number>[0-9]{4,5})(?:[vV][0-9]+)?$")
_ARXIV_OLD = re.compile(
    r"^(?P<archive>[A-Za-z]+(?:-[A-Za-z]+)*)(?:\.(?P<subject>[A-Za-z]{2}))?"
    r"/(?P<yymm>[0-9]{4})(?P<number>[0-9]{3})(?:[vV][0-9]+)?$"
)
# Loose shapes, used only to give a precise arXiv error for near-misses such as '1913.00001'.
_ARXIV_LOOKALIKE = re.compile(r"^(?:[0-9]{4}\.[0-9]+|[A-Za-z-]+(?:\.[A-Za-z]+)?/[0-9]+)(?:v[0-9]+)?$")

_OPENREVIEW_PREFIX = re.compile(r"^openreview:\s*", re.IGNORECASE)
_OPENREVIEW_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?openreview\.net/(?:forum|pdf)/?\?(?P<query>[^#]*)(?:#.*)?$",
    re.IGNORECASE,
)
_OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_ASCII_LETTER = re.compile(r"[A-Za-z]")

_ORCID_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
_ORCID = re.compile(r"^(?:[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}|[0-9]{15})[0-9Xx]$")

_DOI_FORMAT = "expected '10.<registrant>/<suffix>'"
_ARXIV_FORMAT = "expected e.g. '2101.00001' or 'hep-th/9901001'"
_OPENREVIEW_FORMAT = (
    "expected a forum id of 6-20 letters, digits, '_' or '-', or an openreview.net/forum?id=... URL"
)
_ORCID_FORMAT = "expected 16 digits like '0000-0002-1825-0097' (the last may be X)"


class IdentifierError(ValueError):
    """An identifier could not be recognised or failed validation."""


@dataclass(frozen=True)
class PaperIdentifier:
    """A paper identifier whose kind has been detected and whose value is normalised."""

    kind: str  # "doi" | "arxiv" | "openreview"
    value: str


def _shown(value: str) -> str:
    """Quote a value for an error message, shortening it if long."""
    if len(value) > _MAX_SHOWN_LENGTH:
        value = value[: _MAX_SHOWN_LENGTH - 3] + "..."
    return repr(value)


def _clean_input(value: object, what: str) -> str:
    """Return the stripped text of an input, or raise IdentifierError if it cannot be an identifier."""
    if not isinstance(value, str):
        shown = "None" if value is None else f"a value of type {type(value).__name__}"
        raise IdentifierError(f"Expected {what} as text, got {shown}.")
    # str() turns a str subclass into a plain str so that no overridden method runs below.
    text = str(value)
    if len(text) > MAX_INPUT_LENGTH:
        raise IdentifierError(
            f"{_shown(text.strip())} is too long to be {what} ({len(text)} characters; "
            f"the limit is {MAX_INPUT_LENGTH})."
        )
    text = text.strip()
    if not text:
        raise IdentifierError(f"Expected {what}, got an empty value.")
    if _CONTROL_CHARACTERS.search(text):
        raise IdentifierError(f"{_shown(text)} is not {what}: it contains control characters.")
    return text


def normalize_doi(value: str) -> str:
    """Return the bare, lower-case DOI for a DOI, 'doi:' string or doi.org URL."""
    text = _clean_input(value, "a DOI")
    doi = _ENCODED_SLASH.sub("/", _DOI_PREFIX.sub("", text, count=1))
    if not _DOI.match(doi):
        raise IdentifierError(f"{_shown(text)} is not a DOI: {_DOI_FORMAT}.")
    # DOIs are case-insensitive by definition, so one case makes uniqueness checks meaningful.
    return doi.lower()


def normalize_arxiv_id(value: str) -> str:
    """Return the version-less arXiv id for a bare id, 'arXiv:' string or arxiv.org URL."""
    text = _clean_input(value, "an arXiv identifier")
    url = _ARXIV_URL.match(text)
    candidate = url.group("id") if url else _ARXIV_PREFIX.sub("", text, count=1)

    new = _ARXIV_NEW.match(candidate)
    if new:
        _check_arxiv_month(text, new.group("yymm"))
        return f"{new.group('yymm')}.{new.group('number')}"

    old = _ARXIV_OLD.match(candidate)
    if old:
        _check_arxiv_month(text, old.group("yymm"))
        archive = old.group("archive").lower()
        # Subject classes are conventionally upper case ('math.GT'), but we keep what was given
        # rather than guess, because the archive list is not closed.
        if old.group("subject"):
            archive = f"{archive}.{old.group('subject')}"
        return f"{archive}/{old.group('yymm')}{old.group('number')}"

    raise IdentifierError(f"{_shown(text)} is not an arXiv identifier: {_ARXIV_FORMAT}.")


def _check_arxiv_month(text: str, yymm: str) -> None:
    """Raise IdentifierError unless the YYMM part of an arXiv id names a real month."""
    if not 1 <= int(yymm[2:]) <= 12:
        raise IdentifierError(
            f"{_shown(text)} is not an arXiv identifier: '{yymm}' is not a valid year and month (YYMM)."
        )


def normalize_openreview_id(value: str) -> str:
    """Return the forum id for a bare OpenReview id, 'openreview:' string or openreview.net URL."""
    text = _clean_input(value, "an OpenReview forum id")
    url = _OPENREVIEW_URL.match(text)
    if url:
        forum_id = _query_parameter(url.group("query"), "id")
        if forum_id is None:
            raise IdentifierError(f"{_shown(text)} is not an OpenReview link: it has no 'id=' parameter.")
    else:
        forum_id = _OPENREVIEW_PREFIX.sub("", text, count=1)
    if not _OPENREVIEW_ID.match(forum_id):
        raise IdentifierError(f"{_shown(text)} is not an OpenReview forum id: {_OPENREVIEW_FORMAT}.")
    return forum_id


def _query_parameter(query: str, name: str) -> str | None:
    """Return the first value of a query-string parameter, or None if it is absent."""
    for pair in query.split("&"):
        key, _, parameter_value = pair.partition("=")
        if key == name:
            return parameter_value
    return None


def normalize_orcid(value: str) -> str:
    """Return the hyphenated ORCID iD (e.g. '0000-0002-1825-0097') after checking its check digit."""
    text = _clean_input(value, "an ORCID iD")
    candidate = _ORCID_PREFIX.sub("", text, count=1).rstrip("/")
    if not _ORCID.match(candidate):
        raise IdentifierError(f"{_shown(text)} is not an ORCID iD: {_ORCID_FORMAT}.")
    digits = candidate.replace("-", "").upper()
    expected = _orcid_check_digit(digits[:15])
    if digits[15] != expected:
        raise IdentifierError(
            f"{_shown(text)} is not a valid ORCID iD: its check digit is {digits[15]!r} "
            f"but should be {expected!r}, so it is probably mistyped."
        )
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def _orcid_check_digit(base_digits: str) -> str:
    """Compute the ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def parse_paper_identifier(value: str) -> PaperIdentifier:
    """Detect whether a string is a DOI, arXiv id or OpenReview id and return it normalised."""
    text = _clean_input(value, "a paper identifier")

    # Explicit prefixes and URLs say what the user meant, so their errors are reported as such
    # instead of falling through to a vaguer "unrecognised" message.
    if _DOI_PREFIX.match(text) or text.startswith("10."):
        return PaperIdentifier("doi", normalize_doi(text))
    if _ARXIV_PREFIX.match(text) or _ARXIV_URL.match(text):
        return PaperIdentifier("arxiv", normalize_arxiv_id(text))
    if _OPENREVIEW_PREFIX.match(text) or _OPENREVIEW_URL.match(text):
        return PaperIdentifier("openreview", normalize_openreview_id(text))

    if _ARXIV_NEW.match(text) or _ARXIV_OLD.match(text) or _ARXIV_LOOKALIKE.match(text):
        return PaperIdentifier("arxiv", normalize_arxiv_id(text))

    # Bare OpenReview ids have no distinctive shape; requiring a letter keeps plain numbers out.
    if _OPENREVIEW_ID.match(text) and _ASCII_LETTER.search(text):
        return PaperIdentifier("openreview", text)

    raise IdentifierError(
        f"{_shown(text)} is not a recognised paper identifier: expected a DOI ('10.<registrant>/<suffix>'), "
        "an arXiv id (e.g. '2101.00001') or an OpenReview forum id or URL."
    )


def _as_validator(normalise, value) -> None:
    """Run a normaliser and turn its IdentifierError into a Django ValidationError."""
    try:
        normalise(value)
    except IdentifierError as exc:
        raise ValidationError(str(exc), code="invalid") from exc


def validate_doi(value: str) -> None:
    """Django validator: raise ValidationError unless value is a DOI in any accepted form."""
    _as_validator(normalize_doi, value)


def validate_arxiv_id(value: str) -> None:
    """Django validator: raise ValidationError unless value is an arXiv id in any accepted form."""
    _as_validator(normalize_arxiv_id, value)


def validate_openreview_id(value: str) -> None:
    """Django validator: raise ValidationError unless value is an OpenReview id in any accepted form."""
    _as_validator(normalize_openreview_id, value)


def validate_orcid(value: str) -> None:
    """Django validator: raise ValidationError unless value is an ORCID iD with a correct check digit."""
    _as_validator(normalize_orcid, value)
