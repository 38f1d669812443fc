"""Read, normalise and validate scholarly identifiers: paper identifiers of every kind in ``KINDS``, and ORCID iDs.

Each ``normalize_*`` function accepts the forms people paste (bare ids, prefixed ids, landing-page
URLs) and returns one canonical string, so that equal identifiers compare equal in the database.
``parse_paper_identifier`` tells the kind of a paper identifier from its spelling; ``find_identifiers``
picks every identifier out of free text (a reference, a paragraph); ``normalize_title`` is the key for
papers that have none. Anything unusable raises :class:`IdentifierError` -- never another exception,
whatever the input -- so callers (forms, importers, the API) need to handle only one error type.
"""

import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import quote, unquote

from django.core.exceptions import ValidationError

__all__ = [
    "KINDS",
    "IdentifierError",
    "PaperIdentifier",
    "equivalents",
    "find_identifiers",
    "normalize_arxiv_id",
    "normalize_doi",
    "normalize_identifier",
    "normalize_openreview_id",
    "normalize_orcid",
    "normalize_title",
    "parse_paper_identifier",
    "validate_arxiv_id",
    "validate_doi",
    "validate_openreview_id",
    "validate_orcid",
]

# The kinds of paper identifier the registry reads, in the order they are tried and shown.
KINDS = MappingProxyType({
    "doi": "DOI",
    "arxiv": "arXiv",
    "openreview": "OpenReview",
    "acl": "ACL Anthology",
    "pmlr": "PMLR",
    "neurips": "NeurIPS proceedings",
    "cvf": "CVF Open Access",
})
_KIND_LIST = ", ".join(list(KINDS.values())[:-1]) + " and " + list(KINDS.values())[-1]

# Real identifiers are far shorter; the cap keeps hostile input from costing regex time or
# producing multi-kilobyte error messages.
MAX_INPUT_LENGTH = 2048
# find_identifiers reads at most this much of a text.
MAX_TEXT_LENGTH = 1_000_000

# Long inputs are shortened in messages so an error stays a readable sentence.
_MAX_SHOWN_LENGTH = 60

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Every regex below uses [0-9] rather than \d: \d also matches non-ASCII digits such as Arabic-Indic ones.
_SEP = r"(?::\s*|\s+)"
# How an identifier of each kind may be introduced: 'doi:', 'arXiv preprint arXiv:', 'CoRR abs/', 'ACL ' ...
_PREFIXES = {
    "doi": re.compile(rf"^doi{_SEP}", re.I),
    "arxiv": re.compile(rf"^(?:(?:arxiv\s+preprint\s+)?arxiv{_SEP}|(?:corr\s+)?abs/)", re.I),
    "openreview": re.compile(rf"^openreview{_SEP}", re.I),
    "acl": re.compile(rf"^acl(?:\s+anthology)?{_SEP}", re.I),
    "pmlr": re.compile(rf"^pmlr{_SEP}", re.I),
    "neurips": re.compile(rf"^(?:neurips|nips){_SEP}", re.I),
    "cvf": re.compile(rf"^cvf{_SEP}", re.I),
}
_LABELS = {"doi": "doi:", "arxiv": "arXiv:", "openreview": "OpenReview ", "acl": "ACL ", "pmlr": "PMLR ",
           "neurips": "NeurIPS ", "cvf": "CVF "}

_HOST = r"^(?:https?://)?(?:www\.)?"
_URL_TAIL = r"/?(?:[?#].*)?$"  # an optional trailing slash, query and fragment
# Hosts whose links name a paper of one kind; a link to one of them that names no paper is an error of that kind.
_KIND_HOSTS = re.compile(
    _HOST + r"(?:(?P<doi>(?:dx\.)?doi\.org)|(?P<arxiv>(?:export\.)?arxiv\.org)|(?P<openreview>openreview\.net)"
    r"|(?P<acl>aclanthology\.(?:org|info)|aclweb\.org)|(?P<pmlr>proceedings\.mlr\.press|jmlr\.org/proceedings)"
    r"|(?P<neurips>(?:proceedings|papers)\.n(?:eur)?ips\.cc)|(?P<cvf>openaccess\.thecvf\.com|cv-foundation\.org))"
    r"(?:[/?#]|$)",
    re.I,
)
_IEEE_XPLORE = re.compile(_HOST + r"ieeexplore\.ieee\.org(?:[/?#]|$)", re.I)
_ANY_LINK = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.I)

_DOI = re.compile(r"^10\.[0-9]{4,9}(?:\.[0-9]+)*/[^\s\x00-\x1f\x7f-\x9f]+$")
_DOI_RESOLVER = re.compile(_HOST + r"(?:dx\.)?doi\.org/", re.I)
# Publisher pages whose path carries the DOI: '/doi/[abs|full|pdf|epdf/]10...' (ACM, Wiley and other
# Atypon sites) and Springer's '/article/10...' and '/chapter/10...'.
_DOI_PUBLISHER = re.compile(
    _HOST + r"(?:(?:[a-z0-9-]+\.)+[a-z]{2,}/doi/(?:(?:abs|full|pdf|epdf|fullhtml|book)/)?"
    r"|link\.springer\.com/(?:article|chapter)/)(?=10\.)",
    re.I,
)
_ENCODED_SLASH = re.compile(r"%2f", re.I)
_ARXIV_DOI = "10.48550/arxiv."  # arXiv's DataCite DOI: this prefix and the arXiv id
_ACL_DOI = "10.18653/v1/"  # the ACL Anthology's DOI: this prefix and the Anthology id

_ARXIV_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>[^?#]+?)(?:\.pdf)?" + _URL_TAIL, re.I
)
_ARXIV_CATEGORY = re.compile(r"\s+\[[a-z-]+(?:\.[a-z-]+)?\]$", re.I)  # 'arXiv:1810.04805 [cs.CL]'
_ARXIV_NEW = re.compile(r"^(?P<yymm>[0-9]{4})\.(?P<number>[0-9]{4,5})(?:[vV][0-9]+)?$")
_ARXIV_OLD = re.compile(
    r"^(?P<archive>[A-Za-z]+(?:-[A-Za-z]+)*)(?:\.(?P<subject>[A-Za-z]{2}))?"
    r"/(?P<yymm>[0-9]{4})(?P<number>[0-9]{3})(?:[vV][0-9]+)?$"
)
# Loose shapes, used only to give a precise arXiv error for near-misses such as '1913.00001'.
_ARXIV_LOOKALIKE = re.compile(r"^(?:[0-9]{4}\.[0-9]+|[A-Za-z-]+(?:\.[A-Za-z]+)?/[0-9]+)(?:v[0-9]+)?$")

_OPENREVIEW_URL = re.compile(_HOST + r"openreview\.net/(?:forum|pdf)/?\?(?P<query>[^#]*)(?:#.*)?$", re.I)
_OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
# Without a prefix or link, a word is an OpenReview id only if it is shaped like a random one: mixed case
# and a digit ('rJl-b3RcF7'), and not a name with a number ('ResNet50', 'Llama2-7b').
_OPENREVIEW_BARE = re.compile(r"^(?=[^A-Z]*[A-Z])(?=[^a-z]*[a-z])(?=[^0-9]*[0-9])[A-Za-z0-9_-]{8,14}$")
_NAME_WITH_NUMBER = re.compile(r"^(?:[A-Z][a-z]+)+(?:[-_]?[0-9]+[A-Za-z]?)+$")
_PLAIN_WORD = re.compile(r"^(?:[A-Z]?[a-z]+|[A-Z]+)$")

_ACL_OLD = re.compile(r"^[A-Za-z][0-9]{2}-[0-9]{4}$")  # P19-1334
_ACL_NEW = re.compile(r"^[0-9]{4}\.[a-z0-9]+-[a-z0-9]+\.[0-9]+$", re.I)  # 2020.acl-main.442
_ACL_URL = re.compile(
    _HOST + r"(?:aclanthology\.org|aclweb\.org/anthology(?:/[a-z]/[a-z][0-9]{2})?|aclanthology\.info/papers)"
    r"/(?P<id>[^/?#]+?)(?:\.pdf|\.bib|/[a-z0-9.-]*)?" + _URL_TAIL,
    re.I,
)

_PMLR_ID = re.compile(r"^(?P<volume>[vr][0-9]{1,4})/(?P<key>[A-Za-z0-9_-]+)$", re.I)  # v97/recht19a
_PMLR_URL = re.compile(
    _HOST + r"(?:proceedings\.mlr\.press|jmlr\.org/proceedings/papers)/(?P<volume>[vr][0-9]{1,4})"
    r"/(?P<key>[A-Za-z0-9_-]+?)(?:\.html|\.pdf|/(?P=key)(?:-supp)?\.pdf)?" + _URL_TAIL,
    re.I,
)

_NEURIPS_ID = re.compile(r"^(?P<year>19[89][0-9]|20[0-9]{2})/(?P<hash>[0-9a-f]{32})$", re.I)
_NEURIPS_URL = re.compile(
    _HOST + r"(?:proceedings|papers)\.n(?:eur)?ips\.cc/(?:paper_files/)?paper/(?P<year>19[89][0-9]|20[0-9]{2})"
    r"/(?:hash|file)/(?P<hash>[0-9a-f]{32})-[a-z_-]+\.(?:html|pdf|zip|bib)(?:[?#].*)?$",
    re.I,
)

_CVF_COLLECTION = r"content_[A-Za-z]+_[0-9]{4}|content/[A-Za-z]+[0-9]{4}"  # content_cvpr_2016, content/CVPR2022
_CVF_ID = re.compile(rf"^(?P<collection>{_CVF_COLLECTION})/(?P<name>[A-Za-z0-9_-]+_paper)$", re.I)
_CVF_URL = re.compile(
    _HOST + rf"(?:openaccess\.thecvf\.com|cv-foundation\.org/openaccess)/(?P<collection>{_CVF_COLLECTION})"
    r"/(?:html|papers)/(?P<name>[A-Za-z0-9_-]+_paper)\.(?:html|pdf)(?:[?#].*)?$",
    re.I,
)

_ORCID_PREFIX = re.compile(_HOST + r"orcid\.org/", re.I)
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
    """A paper identifier whose kind (a key of ``KINDS``) has been detected and whose value is normalised."""

    kind: str
    value: str

    @property
    def label(self) -> str:
        """How a reviewer writes it: 'arXiv:1810.04805', 'doi:10.1109/cvpr.2016.90', 'ACL P19-1334'."""
        return f"{_LABELS.get(self.kind, f'{self.kind}:')}{self.value}"

    @property
    def url(self) -> str:
        """The identifier's resolver or landing page ('' for an unknown kind)."""
        return _url(self.kind, str(self.value))


def _url(kind: str, value: str) -> str:
    if kind == "doi":
        return "https://doi.org/" + quote(value, safe="/:;()[],'!*@$+=&")
    if kind == "neurips" and (match := _NEURIPS_ID.match(value)):
        # From 2022 on the abstract page names its track; almost every paper is in the main one.
        track = "-Conference" if int(match["year"]) >= 2022 else ""
        return f"https://proceedings.neurips.cc/paper_files/paper/{match['year']}/hash/{match['hash']}-Abstract{track}.html"
    if kind == "cvf":
        collection, _, name = value.rpartition("/")
        return f"https://openaccess.thecvf.com/{collection}/html/{name}.html"
    templates = {"arxiv": "https://arxiv.org/abs/{}", "openreview": "https://openreview.net/forum?id={}",
                 "acl": "https://aclanthology.org/{}/", "pmlr": "https://proceedings.mlr.press/{}.html"}
    return templates[kind].format(value) if kind in templates else ""


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


# --- DOI, arXiv, OpenReview ----------------------------------------------------------------------------


def normalize_doi(value: str) -> str:
    """Return the bare, lower-case DOI for a DOI, 'doi:' string, doi.org URL or publisher URL holding one."""
    return _bare_doi(_clean_input(value, "a DOI")).lower()


def _bare_doi(text: str) -> str:
    """The DOI in a cleaned text, in the case given."""
    doi = _PREFIXES["doi"].sub("", text, count=1)
    link = _DOI_RESOLVER.match(doi) or _DOI_PUBLISHER.match(doi)
    if link:
        # In a link, '?' and '#' start the query and fragment; characters of the DOI itself are %-encoded.
        doi = unquote(re.split(r"[?#]", doi[link.end():], maxsplit=1)[0])
    else:
        doi = _ENCODED_SLASH.sub("/", doi)
    if not _DOI.match(doi):
        raise IdentifierError(f"{_shown(text)} is not a DOI: {_DOI_FORMAT}.")
    return doi


def normalize_arxiv_id(value: str) -> str:
    """Return the version-less arXiv id for a bare id, 'arXiv:' string or arxiv.org URL."""
    text = _clean_input(value, "an arXiv identifier")
    url = _ARXIV_URL.match(text)
    candidate = url.group("id") if url else _ARXIV_CATEGORY.sub("", _PREFIXES["arxiv"].sub("", text, count=1))

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
        prefix = _PREFIXES["openreview"].match(text)
        forum_id = text[prefix.end():] if prefix else text
        if prefix and ":" not in prefix.group() and _PLAIN_WORD.match(forum_id):
            # 'OpenReview reviewers' is a phrase; the id of a label ('OpenReview rJl-b3RcF7') is not a word.
            raise IdentifierError(f"{_shown(text)} is not an OpenReview forum id: write it 'openreview:<id>'.")
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


# --- ACL Anthology, PMLR, NeurIPS, CVF -----------------------------------------------------------------


def _normalize_acl(value: str) -> str:
    text = _clean_input(value, "an ACL Anthology id")
    url = _ACL_URL.match(text)
    candidate = url.group("id") if url else _PREFIXES["acl"].sub("", text, count=1)
    if _ACL_OLD.match(candidate):
        return candidate.upper()
    if _ACL_NEW.match(candidate):
        return candidate.lower()
    raise IdentifierError(
        f"{_shown(text)} is not an ACL Anthology id: expected e.g. 'P19-1334' or '2020.acl-main.442'."
    )


def _normalize_pmlr(value: str) -> str:
    text = _clean_input(value, "a PMLR paper id")
    match = _PMLR_URL.match(text) or _PMLR_ID.match(_PREFIXES["pmlr"].sub("", text, count=1))
    if not match:
        raise IdentifierError(f"{_shown(text)} is not a PMLR paper: expected e.g. 'v97/recht19a' or its link.")
    return f"{match['volume'].lower()}/{match['key']}"


def _normalize_neurips(value: str) -> str:
    text = _clean_input(value, "a NeurIPS proceedings id")
    match = _NEURIPS_URL.match(text) or _NEURIPS_ID.match(_PREFIXES["neurips"].sub("", text, count=1))
    if not match:
        raise IdentifierError(
            f"{_shown(text)} is not a NeurIPS proceedings paper: expected '<year>/<32-hex hash>' or a "
            "proceedings.neurips.cc link with the hash."
        )
    return f"{match['year']}/{match['hash'].lower()}"


def _normalize_cvf(value: str) -> str:
    text = _clean_input(value, "a CVF Open Access id")
    match = _CVF_URL.match(text) or _CVF_ID.match(_PREFIXES["cvf"].sub("", text, count=1))
    if not match:
        raise IdentifierError(
            f"{_shown(text)} is not a CVF Open Access paper: expected "
            "'content_cvpr_2016/<Name>_paper' or an openaccess.thecvf.com link."
        )
    return "content" + match["collection"][7:] + "/" + match["name"]


_NORMALISERS = {
    "doi": normalize_doi,
    "arxiv": normalize_arxiv_id,
    "openreview": normalize_openreview_id,
    "acl": _normalize_acl,
    "pmlr": _normalize_pmlr,
    "neurips": _normalize_neurips,
    "cvf": _normalize_cvf,
}


def normalize_identifier(kind: str, value: str) -> str:
    """Return the normal form of an identifier of a known kind, given in any spelling that kind accepts."""
    if not isinstance(kind, str) or kind not in _NORMALISERS:
        raise IdentifierError(f"{kind!r} is not a kind of paper identifier: expected one of {', '.join(KINDS)}.")
    return _NORMALISERS[kind](value)


# --- paper identifiers of any kind ---------------------------------------------------------------------


def parse_paper_identifier(value: str) -> PaperIdentifier:
    """Detect the kind of a paper identifier in any common spelling and return it normalised."""
    original = _clean_input(value, "a paper identifier")
    text = _unwrap(original)
    # Explicit prefixes and links say what the user meant, so their errors are reported as such
    # instead of falling through to a vaguer "unrecognised" message.
    kind = _explicit_kind(text) or _bare_kind(text)
    if kind is None:
        raise IdentifierError(
            f"{_shown(original)} is not a recognised paper identifier: the registry can read "
            f"{_KIND_LIST} identifiers and links. "
            "An OpenReview id can also be written 'openreview:<id>' or as its openreview.net link."
        )
    if kind != "doi":
        return PaperIdentifier(kind, _NORMALISERS[kind](text))
    doi = _bare_doi(text)
    if doi[: len(_ARXIV_DOI)].lower() == _ARXIV_DOI:
        # arXiv's DOI follows from the arXiv id, so the paper is named by the id.
        return PaperIdentifier("arxiv", normalize_arxiv_id(doi[len(_ARXIV_DOI):]))
    return PaperIdentifier("doi", doi.lower())


def _explicit_kind(text: str) -> str | None:
    """The kind a prefix or link names; raises for a link that names no paper the registry can read."""
    for kind, prefix in _PREFIXES.items():
        if prefix.match(text):
            return kind
    if _DOI_PUBLISHER.match(text):
        return "doi"
    host = _KIND_HOSTS.match(text)
    if host:
        return host.lastgroup
    if _IEEE_XPLORE.match(text):
        raise IdentifierError(
            f"{_shown(text)} is an IEEE Xplore page, whose number is not a DOI: give the paper's DOI "
            "(e.g. 'doi:10.1109/cvpr.2016.90'), shown on that page."
        )
    if _ANY_LINK.match(text):
        raise IdentifierError(
            f"{_shown(text)} is not a link the registry can read a paper identifier from: give the paper's DOI, "
            "or its page on arXiv, OpenReview, the ACL Anthology, PMLR, the NeurIPS proceedings or CVF Open Access."
        )
    return None


def _bare_kind(text: str) -> str | None:
    """The kind of an identifier written without prefix or link, if its shape is unmistakable."""
    if text.startswith("10."):
        return "doi"
    if _ARXIV_NEW.match(text) or _ARXIV_OLD.match(text) or _ARXIV_LOOKALIKE.match(text):
        return "arxiv"
    if _ACL_OLD.match(text) or _ACL_NEW.match(text):
        return "acl"
    if _NEURIPS_ID.match(text):
        return "neurips"
    if _CVF_ID.match(text):
        return "cvf"
    if _OPENREVIEW_BARE.match(text) and not _NAME_WITH_NUMBER.match(text):
        return "openreview"
    return None


_WRAPPERS = {"<": ">", "(": ")", "[": "]", "{": "}", '"': '"', "'": "'", "“": "”", "‘": "’", "«": "»"}
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_TRAILING = ".,;!?\"'”’»"


def _unwrap(text: str) -> str:
    """Strip what surrounds an identifier in running text: '<...>', quotes, brackets, a trailing '.' or ','."""
    while True:
        before = text
        if len(text) >= 2 and _WRAPPERS.get(text[0]) == text[-1]:
            text = text[1:-1].strip()
        while text and (
            text[-1] in _TRAILING or (text[-1] in _CLOSERS and text.count(text[-1]) > text.count(_CLOSERS[text[-1]]))
        ):
            text = text[:-1].rstrip()
        if text == before:
            return text


def equivalents(ident: PaperIdentifier) -> list[PaperIdentifier]:
    """Other identifiers that name the same paper by construction: an ACL Anthology id and its DOI."""
    if not isinstance(ident, PaperIdentifier) or not isinstance(ident.value, str):
        return []
    if ident.kind == "acl":
        return [PaperIdentifier("doi", _ACL_DOI + ident.value.lower())]
    if ident.kind == "doi" and ident.value.lower().startswith(_ACL_DOI):
        try:
            return [PaperIdentifier("acl", _normalize_acl(ident.value[len(_ACL_DOI):]))]
        except IdentifierError:
            return []
    return []


# In free text an identifier needs a marker -- a link, 'doi:', 'arXiv:', 'abs/', '10.<registrant>/', the
# prefix of a label such as 'ACL P19-1334' -- so that page numbers and years are never read as one.
_TOKEN = r"[^\s\x00-\x1f\x7f-\x9f]+"
_URL_TOKEN = r"[^\s\x00-\x1f\x7f-\x9f\"'`]+"  # a link ends at a quote (as in HTML)
_BARE_HOSTS = (
    r"(?:dx\.)?doi\.org|(?:export\.)?arxiv\.org|openreview\.net|aclanthology\.org|aclweb\.org|proceedings\.mlr\.press"
    r"|(?:proceedings|papers)\.n(?:eur)?ips\.cc|openaccess\.thecvf\.com|dl\.acm\.org|link\.springer\.com"
    r"|onlinelibrary\.wiley\.com"
)
_IN_TEXT = re.compile(
    rf"(?:https?://|www\.){_URL_TOKEN}|\b(?:{_BARE_HOSTS})/{_URL_TOKEN}|\bdoi:\s*{_TOKEN}"
    rf"|\b10\.[0-9]{{4,9}}(?:\.[0-9]+)*/{_TOKEN}|\barxiv(?::\s*|\s+){_TOKEN}|\babs/{_TOKEN}"
    rf"|\b(?:openreview|acl(?:\s+anthology)?|pmlr|neurips|nips|cvf){_SEP}{_TOKEN}",
    re.I,
)


def find_identifiers(text: str) -> list[PaperIdentifier]:
    """Every paper identifier in free text, in order of appearance and without repeats. Never raises.

    A bare id without any marker ('1810.04805', 'P19-1334') counts only when it is the whole text.
    """
    if not isinstance(text, str):
        return []
    text = str(text)[:MAX_TEXT_LENGTH]
    if len(text.split()) == 1:
        try:
            return [parse_paper_identifier(text)]
        except IdentifierError:
            pass
    found = []
    for candidate in (match.group() for match in _IN_TEXT.finditer(text)):
        try:
            ident = parse_paper_identifier(candidate)
        except IdentifierError:
            continue
        if ident not in found:
            found.append(ident)
    return found


# --- titles --------------------------------------------------------------------------------------------

# Letters LaTeX writes as commands: '\ss', '\o', '\ae', '\i' (a dotless i, under an accent) ... '\aa' is 'å'.
_LATEX_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*")
_LATEX_ACCENT = re.compile(r"\\(?:[`'^\"~=.]|[cvuHkrbdt](?![A-Za-z]))\s*")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
# Letters that Unicode does not decompose into a base letter and a mark.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def normalize_title(text: str) -> str:
    """The key titles are compared by: LaTeX and diacritics decoded, case folded, punctuation one space."""
    if not isinstance(text, str):
        return ""
    text = _LATEX_LETTER.sub(lambda m: m[1][0] if m[1] in ("aa", "AA") else m[1], str(text))
    text = _LATEX_COMMAND.sub(" ", _LATEX_ACCENT.sub("", text)).replace("{", "").replace("}", "")
    # Compatibility forms first ('ℌ' is 'H'), then case, then once more for what case folding composed.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_PLAIN_LETTERS)
    return _NOT_ALPHANUMERIC.sub(" ", text).strip()


# --- ORCID ---------------------------------------------------------------------------------------------


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


# --- Django validators ---------------------------------------------------------------------------------


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
