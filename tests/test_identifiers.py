"""Tests for registry.identifiers: every accepted form of each identifier, and the inputs it must refuse."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.identifiers import (
    IdentifierError,
    PaperIdentifier,
    normalize_arxiv_id,
    normalize_doi,
    normalize_openreview_id,
    normalize_orcid,
    parse_paper_identifier,
    validate_arxiv_id,
    validate_doi,
    validate_openreview_id,
    validate_orcid,
)

NORMALISERS = [
    normalize_doi,
    normalize_arxiv_id,
    normalize_openreview_id,
    normalize_orcid,
    parse_paper_identifier,
]
VALIDATORS = [validate_doi, validate_arxiv_id, validate_openreview_id, validate_orcid]

# Inputs no identifier function may accept, and none may answer with anything but IdentifierError.
JUNK = [
    pytest.param(None, id="none"),
    pytest.param(42, id="int"),
    pytest.param(10.1145, id="float"),
    pytest.param(b"10.1145/3298689.3347058", id="bytes"),
    pytest.param(["10.1145/3298689.3347058"], id="list"),
    pytest.param({"doi": "10.1145/x"}, id="dict"),
    pytest.param(object(), id="object"),
    pytest.param("", id="empty"),
    pytest.param("   \t\n ", id="whitespace-only"),
    pytest.param("\x00", id="nul-byte"),
    pytest.param("10.1145/3298689\x00.3347058", id="nul-inside-doi"),
    pytest.param("1902.10811\x00", id="nul-after-arxiv"),
    pytest.param("rJl-b3\x00RcF7", id="nul-inside-openreview"),
    pytest.param("0000-0002-1825\x00-0097", id="nul-inside-orcid"),
    pytest.param("x" * 10_000, id="10000-letters"),
    pytest.param("10.1145/" + "a" * 10_000, id="10000-character-doi"),
    pytest.param("1" * 10_000, id="10000-digits"),
    pytest.param("hello world", id="two-words"),
    pytest.param("https://example.com/abs/1902.10811", id="arxiv-path-on-other-host"),
]


# --- DOI ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "10.1145/3298689.3347058",
        "  10.1145/3298689.3347058\n",
        "doi:10.1145/3298689.3347058",
        "DOI: 10.1145/3298689.3347058",
        "doi:  10.1145/3298689.3347058",
        "https://doi.org/10.1145/3298689.3347058",
        "http://doi.org/10.1145/3298689.3347058",
        "http://dx.doi.org/10.1145/3298689.3347058",
        "https://dx.doi.org/10.1145/3298689.3347058",
        "doi.org/10.1145/3298689.3347058",
        "dx.doi.org/10.1145/3298689.3347058",
        "HTTPS://DOI.ORG/10.1145/3298689.3347058",
        "10.1145%2F3298689.3347058",
        "https://doi.org/10.1145%2f3298689.3347058",
    ],
)
def test_it_normalises_every_doi_form(raw):
    assert normalize_doi(raw) == "10.1145/3298689.3347058"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("10.1109/CVPR.2016.90", "10.1109/cvpr.2016.90"),
        ("https://doi.org/10.48550/arXiv.1902.10811", "10.48550/arxiv.1902.10811"),
        ("10.1000.10/ABC-123", "10.1000.10/abc-123"),
        ("10.123456789/x", "10.123456789/x"),
        (
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
            "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o",
        ),
    ],
)
def test_it_lower_cases_dois_and_keeps_registrant_sub_parts(raw, expected):
    assert normalize_doi(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "10.1145",
        "10.1145/",
        "10.123/abc",
        "10.1234567890/abc",
        "10.abcd/efg",
        "11.1145/3298689",
        "10.1145/32986 89",
        "doi:",
        "https://doi.org/",
        "https://example.com/10.1145/3298689",
        "3298689.3347058",
    ],
)
def test_it_rejects_malformed_dois(raw):
    with pytest.raises(IdentifierError, match="is not a DOI"):
        normalize_doi(raw)


def test_a_doi_error_names_the_value_and_the_expected_shape():
    with pytest.raises(IdentifierError) as caught:
        normalize_doi("10.1145")
    assert str(caught.value) == "'10.1145' is not a DOI: expected '10.<registrant>/<suffix>'."


# --- arXiv -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "1902.10811",
        " 1902.10811 ",
        "1902.10811v2",
        "1902.10811V2",
        "arXiv:1902.10811",
        "arxiv:1902.10811v1",
        "ARXIV: 1902.10811",
        "https://arxiv.org/abs/1902.10811",
        "https://arxiv.org/abs/1902.10811v3",
        "http://arxiv.org/pdf/1902.10811.pdf",
        "http://arxiv.org/pdf/1902.10811v2.pdf",
        "arxiv.org/pdf/1902.10811v2",
        "https://www.arxiv.org/abs/1902.10811/",
        "export.arxiv.org/abs/1902.10811",
        "http://export.arxiv.org/abs/1902.10811v1",
    ],
)
def test_it_normalises_every_new_style_arxiv_form(raw):
    assert normalize_arxiv_id(raw) == "1902.10811"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2101.00001", "2101.00001"),
        ("0704.0001", "0704.0001"),
        ("1412.6980v9", "1412.6980"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v3", "hep-th/9901001"),
        ("HEP-TH/9901001", "hep-th/9901001"),
        ("arXiv:hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("http://arxiv.org/pdf/hep-th/9901001.pdf", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("Math.GT/0309136v2", "math.GT/0309136"),
        ("arxiv:math.GT/0309136", "math.GT/0309136"),
        ("export.arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("cond-mat/0207270", "cond-mat/0207270"),
    ],
)
def test_it_normalises_other_arxiv_ids_and_old_style_archives(raw, expected):
    assert normalize_arxiv_id(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "1913.00001",
        "1900.00001",
        "hep-th/9913001",
        "arXiv:99.1",
        "1902.108",
        "1902.108111",
        "190.10811",
        "1902-10811",
        "1902.10811v",
        "hep-th/990100",
        "hep-th/99010011",
        "math.GTX/0309136",
        "https://example.com/abs/1902.10811",
        "https://arxiv.org/list/1902.10811",
        "https://arxiv.org/abs/",
        "arxiv:",
    ],
)
def test_it_rejects_malformed_arxiv_ids(raw):
    with pytest.raises(IdentifierError, match="is not an arXiv identifier"):
        normalize_arxiv_id(raw)


def test_an_arxiv_error_explains_a_bad_month():
    with pytest.raises(IdentifierError, match="'1913' is not a valid year and month"):
        normalize_arxiv_id("1913.00001")


# --- OpenReview --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "rJl-b3RcF7",
        "  rJl-b3RcF7  ",
        "openreview:rJl-b3RcF7",
        "OpenReview: rJl-b3RcF7",
        "https://openreview.net/forum?id=rJl-b3RcF7",
        "http://openreview.net/forum?id=rJl-b3RcF7",
        "https://openreview.net/pdf?id=rJl-b3RcF7",
        "openreview.net/forum?id=rJl-b3RcF7",
        "https://www.openreview.net/forum?id=rJl-b3RcF7",
        "https://openreview.net/forum?id=rJl-b3RcF7&noteId=rJl-b3RcF7",
        "https://openreview.net/forum?noteId=abcdef&id=rJl-b3RcF7",
        "https://openreview.net/forum?id=rJl-b3RcF7#discussion",
    ],
)
def test_it_normalises_every_openreview_form(raw):
    assert normalize_openreview_id(raw) == "rJl-b3RcF7"


@pytest.mark.parametrize("forum_id", ["abcdef", "B1xsqj09Fm", "H1_aB-cD", "A" * 20, "123456"])
def test_it_keeps_openreview_ids_as_given(forum_id):
    assert normalize_openreview_id(forum_id) == forum_id


@pytest.mark.parametrize(
    "raw",
    [
        "abcde",
        "A" * 21,
        "rJl b3RcF7",
        "rJl.b3RcF7",
        "rJl/b3RcF7",
        "https://openreview.net/forum?id=abc",
        "https://openreview.net/forum?id=",
        "https://openreview.net/forum?noteId=rJl-b3RcF7",
        "https://openreview.net/group?id=ICLR.cc/2019/Conference",
        "https://example.com/forum?id=rJl-b3RcF7",
        "openreview:",
    ],
)
def test_it_rejects_malformed_openreview_ids(raw):
    with pytest.raises(IdentifierError, match="OpenReview"):
        normalize_openreview_id(raw)


# --- ORCID -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("0000000218250097", "0000-0002-1825-0097"),
        (" 0000-0002-1825-0097 ", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("http://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-1825-0097/", "0000-0002-1825-0097"),
        ("https://www.orcid.org/0000000218250097", "0000-0002-1825-0097"),
        ("0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("000000021694233x", "0000-0002-1694-233X"),
        ("https://orcid.org/0000-0002-1694-233x", "0000-0002-1694-233X"),
    ],
)
def test_it_normalises_every_orcid_form(raw, expected):
    assert normalize_orcid(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "0000-0002-1825-0098",
        "0000-0002-1825-009X",
        "000000021825009X",
        "0000-0001-5109-3701",
        "0000-0002-1694-2330",
    ],
)
def test_it_rejects_orcids_with_a_wrong_check_digit(raw):
    with pytest.raises(IdentifierError, match="check digit"):
        normalize_orcid(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "0000-0002-1825-009",
        "0000-0002-1825-00977",
        "0000-0002-18250097",
        "0000 0002 1825 0097",
        "X000-0002-1825-0097",
        "0000-0002-1825-009Y",
        "https://example.com/0000-0002-1825-0097",
        "orcid.org/",
    ],
)
def test_it_rejects_malformed_orcids(raw):
    with pytest.raises(IdentifierError, match="is not an ORCID iD"):
        normalize_orcid(raw)


# --- detecting the kind of a paper identifier --------------------------------------------------------


@pytest.mark.parametrize(
    "raw, kind, value",
    [
        ("10.1145/3298689.3347058", "doi", "10.1145/3298689.3347058"),
        ("doi:10.1145/3298689.3347058", "doi", "10.1145/3298689.3347058"),
        ("DOI: 10.1145/3298689.3347058", "doi", "10.1145/3298689.3347058"),
        ("https://doi.org/10.1109/CVPR.2016.90", "doi", "10.1109/cvpr.2016.90"),
        ("http://dx.doi.org/10.1145/3298689.3347058", "doi", "10.1145/3298689.3347058"),
        ("doi.org/10.1145%2F3298689.3347058", "doi", "10.1145/3298689.3347058"),
        # arXiv's DataCite DOI follows from the arXiv id, so it names the paper by that id.
        ("https://doi.org/10.48550/arXiv.1902.10811", "arxiv", "1902.10811"),
        ("1902.10811", "arxiv", "1902.10811"),
        ("2101.00001v2", "arxiv", "2101.00001"),
        ("arXiv:1902.10811v2", "arxiv", "1902.10811"),
        ("https://arxiv.org/abs/1902.10811", "arxiv", "1902.10811"),
        ("http://arxiv.org/pdf/1902.10811v1.pdf", "arxiv", "1902.10811"),
        ("export.arxiv.org/abs/1902.10811", "arxiv", "1902.10811"),
        ("hep-th/9901001", "arxiv", "hep-th/9901001"),
        ("math.GT/0309136v1", "arxiv", "math.GT/0309136"),
        ("https://openreview.net/forum?id=rJl-b3RcF7", "openreview", "rJl-b3RcF7"),
        ("https://openreview.net/pdf?id=rJl-b3RcF7&noteId=xyz", "openreview", "rJl-b3RcF7"),
        ("openreview:rJl-b3RcF7", "openreview", "rJl-b3RcF7"),
        ("rJl-b3RcF7", "openreview", "rJl-b3RcF7"),
        ("B1xsqj09Fm", "openreview", "B1xsqj09Fm"),
        ("  rJl-b3RcF7\n", "openreview", "rJl-b3RcF7"),
    ],
)
def test_it_detects_the_kind_of_a_paper_identifier(raw, kind, value):
    assert parse_paper_identifier(raw) == PaperIdentifier(kind=kind, value=value)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "hello world",
        "hello",
        "123456",
        "1234567890",
        "10.1145",
        "arXiv:99.1",
        "1913.00001",
        "doi:",
        "https://example.com/abs/1902.10811",
        "https://example.com/forum?id=rJl-b3RcF7",
        "https://openreview.net/forum?id=abc",
        "0000-0002-1825-0097",
        "ab\x00cdefgh",
        "x" * 10_000,
    ],
)
def test_it_rejects_unrecognised_paper_identifiers(raw):
    with pytest.raises(IdentifierError):
        parse_paper_identifier(raw)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("10.1145", "is not a DOI"),
        ("arXiv:99.1", "is not an arXiv identifier"),
        ("1913.00001", "is not a valid year and month"),
        ("https://openreview.net/forum?id=abc", "is not an OpenReview forum id"),
        ("hello world", "is not a recognised paper identifier"),
        ("", "got an empty value"),
        (None, "got None"),
    ],
)
def test_a_paper_identifier_error_says_what_is_wrong(raw, message):
    with pytest.raises(IdentifierError, match=message):
        parse_paper_identifier(raw)


def test_a_paper_identifier_is_an_immutable_value():
    ident = parse_paper_identifier("arXiv:1902.10811")
    assert ident == PaperIdentifier("arxiv", "1902.10811")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ident.value = "2101.00001"


# --- robustness --------------------------------------------------------------------------------------


def test_identifier_error_is_a_value_error():
    assert issubclass(IdentifierError, ValueError)


@pytest.mark.parametrize("normalise", NORMALISERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("junk", JUNK)
def test_every_normaliser_rejects_junk_with_identifier_error(normalise, junk):
    with pytest.raises(IdentifierError):
        normalise(junk)


@pytest.mark.parametrize("normalise", NORMALISERS, ids=lambda f: f.__name__)
def test_an_error_about_a_very_long_input_stays_short(normalise):
    with pytest.raises(IdentifierError) as caught:
        normalise("10.1145/" + "a" * 10_000)
    assert len(str(caught.value)) < 300


@settings(max_examples=300, deadline=None, database=None)
@given(raw=st.one_of(st.text(), st.none(), st.integers(), st.binary()))
def test_no_input_raises_anything_but_identifier_error(raw):
    for normalise in NORMALISERS:
        try:
            result = normalise(raw)
        except IdentifierError:
            continue
        # Whatever is accepted must already be in normal form (a paper identifier in its label form,
        # since a bare value such as an OpenReview id need not be recognisable without its prefix).
        if isinstance(result, PaperIdentifier):
            assert parse_paper_identifier(result.label) == result
        else:
            assert normalise(result) == result


# --- Django validators -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "validator, raw",
    [
        (validate_doi, "https://doi.org/10.1145/3298689.3347058"),
        (validate_doi, "10.1109/CVPR.2016.90"),
        (validate_arxiv_id, "arXiv:1902.10811v2"),
        (validate_arxiv_id, "hep-th/9901001"),
        (validate_openreview_id, "https://openreview.net/forum?id=rJl-b3RcF7"),
        (validate_openreview_id, "rJl-b3RcF7"),
        (validate_orcid, "https://orcid.org/0000-0002-1694-233X"),
        (validate_orcid, "0000-0001-5109-3700"),
    ],
)
def test_validators_accept_every_valid_form(validator, raw):
    assert validator(raw) is None


@pytest.mark.parametrize(
    "validator, raw, message",
    [
        (validate_doi, "10.1145", "is not a DOI"),
        (validate_doi, None, "got None"),
        (validate_arxiv_id, "1913.00001", "is not a valid year and month"),
        (validate_arxiv_id, "https://example.com/abs/1902.10811", "is not an arXiv identifier"),
        (validate_openreview_id, "abc", "is not an OpenReview forum id"),
        (validate_openreview_id, "   ", "got an empty value"),
        (validate_orcid, "0000-0002-1825-0098", "check digit"),
        (validate_orcid, "\x00", "control characters"),
    ],
)
def test_validators_raise_validation_error_with_the_invalid_code(validator, raw, message):
    with pytest.raises(ValidationError) as caught:
        validator(raw)
    assert caught.value.code == "invalid"
    assert message in caught.value.messages[0]


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("junk", JUNK)
def test_every_validator_rejects_junk_with_validation_error(validator, junk):
    with pytest.raises(ValidationError):
        validator(junk)
