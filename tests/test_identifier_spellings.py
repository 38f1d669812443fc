"""Every common spelling of every kind of paper identifier, free-text scanning, equivalents and title keys.

The spellings are real identifiers (``tests/identifier_spellings.py``); the property tests generate arXiv
ids and DOIs, decorate them every way people write them, and check the result against ``idutils``.
"""

import re
from urllib.parse import quote

import idutils
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from registry.identifiers import (
    KINDS,
    IdentifierError,
    PaperIdentifier,
    equivalents,
    find_identifiers,
    normalize_identifier,
    normalize_title,
    parse_paper_identifier,
)
from tests.identifier_spellings import NOT_IDENTIFIERS, SPELLINGS

# --- every spelling --------------------------------------------------------------------------------------


def test_the_spellings_cover_every_kind():
    assert len(SPELLINGS) >= 80
    assert {kind for _, kind, _ in SPELLINGS} == set(KINDS)
    assert len({spelling for spelling, _, _ in SPELLINGS}) == len(SPELLINGS)


@pytest.mark.parametrize("spelling, kind, value", SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_every_spelling_reads_as_its_identifier(spelling, kind, value):
    assert parse_paper_identifier(spelling) == PaperIdentifier(kind, value)


@pytest.mark.parametrize("kind, value", sorted({(k, v) for _, k, v in SPELLINGS}))
def test_an_identifier_reads_back_from_its_label_and_its_link(kind, value):
    ident = PaperIdentifier(kind, value)
    assert parse_paper_identifier(ident.label) == ident
    assert ident.url.startswith("https://")
    assert parse_paper_identifier(ident.url) == ident
    assert normalize_identifier(kind, ident.label) == value


@pytest.mark.parametrize("spelling, kind, value", SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_a_spelling_alone_is_found_in_text_too(spelling, kind, value):
    assert find_identifiers(spelling) == [PaperIdentifier(kind, value)]


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_what_is_not_an_identifier_is_refused_with_a_readable_message(text):
    with pytest.raises(IdentifierError) as caught:
        parse_paper_identifier(text)
    message = str(caught.value)
    assert 20 < len(message) < 400
    assert message[0].isupper() or message[0] == "'"
    assert message.endswith(".")
    assert find_identifiers(text) == []


@pytest.mark.parametrize("word", ["not-an-id", "ImageNet", "hello", "ByJHuTgA-"])
def test_an_unrecognised_word_gets_the_list_of_kinds_and_the_openreview_hint(word):
    with pytest.raises(IdentifierError) as caught:
        parse_paper_identifier(word)
    message = str(caught.value)
    assert f"{word!r} is not a recognised paper identifier" in message
    for label in KINDS.values():
        assert label in message
    assert "'openreview:<id>'" in message and "openreview.net link" in message


@pytest.mark.parametrize(
    "text, message",
    [
        ("https://ieeexplore.ieee.org/document/7780459", "IEEE Xplore"),
        ("http://example.com/paper", "is not a link the registry can read"),
        ("10.48550/arXiv.1913.00001", "is not a valid year and month"),
        ("https://aclanthology.org/volumes/P19-1/", "is not an ACL Anthology id"),
        ("https://proceedings.mlr.press/v97/", "is not a PMLR paper"),
        ("https://papers.nips.cc/paper/7181-attention-is-all-you-need", "is not a NeurIPS proceedings paper"),
        ("CVF He_Deep_Residual_Learning", "is not a CVF Open Access paper"),
        ("OpenReview reviewers", "write it 'openreview:<id>'"),
    ],
)
def test_a_link_or_prefix_of_a_known_kind_gets_that_kinds_error(text, message):
    with pytest.raises(IdentifierError, match=re.escape(message)):
        parse_paper_identifier(text)


def test_an_explicit_prefix_still_reads_any_openreview_id():
    assert parse_paper_identifier("openreview:abcdef") == PaperIdentifier("openreview", "abcdef")
    assert parse_paper_identifier("https://openreview.net/forum?id=ByJHuTgA-") == PaperIdentifier(
        "openreview", "ByJHuTgA-"
    )


# --- kinds, labels, links --------------------------------------------------------------------------------


def test_the_kinds_are_ordered_and_labelled():
    assert list(KINDS) == ["doi", "arxiv", "openreview", "acl", "pmlr", "neurips", "cvf"]
    assert KINDS["acl"] == "ACL Anthology" and KINDS["cvf"] == "CVF Open Access"
    with pytest.raises(TypeError):
        KINDS["isbn"] = "ISBN"


@pytest.mark.parametrize(
    "kind, value, label, url",
    [
        ("arxiv", "1810.04805", "arXiv:1810.04805", "https://arxiv.org/abs/1810.04805"),
        ("doi", "10.1109/cvpr.2016.90", "doi:10.1109/cvpr.2016.90", "https://doi.org/10.1109/cvpr.2016.90"),
        ("openreview", "rJl-b3RcF7", "OpenReview rJl-b3RcF7", "https://openreview.net/forum?id=rJl-b3RcF7"),
        ("acl", "P19-1334", "ACL P19-1334", "https://aclanthology.org/P19-1334/"),
        ("pmlr", "v97/recht19a", "PMLR v97/recht19a", "https://proceedings.mlr.press/v97/recht19a.html"),
        ("neurips", "2017/892c3b1c6dccd52936e27cbd0ff683d6", "NeurIPS 2017/892c3b1c6dccd52936e27cbd0ff683d6",
         "https://proceedings.neurips.cc/paper_files/paper/2017/hash/892c3b1c6dccd52936e27cbd0ff683d6-Abstract.html"),
        ("neurips", "2022/67d57c32e20fd0a7a302cb81d36e40d5", "NeurIPS 2022/67d57c32e20fd0a7a302cb81d36e40d5",
         "https://proceedings.neurips.cc/paper_files/paper/2022/hash/67d57c32e20fd0a7a302cb81d36e40d5"
         "-Abstract-Conference.html"),
        ("cvf", "content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper",
         "CVF content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper",
         "https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html"),
        ("isbn", "x", "isbn:x", ""),
    ],
)
def test_an_identifier_has_a_label_and_a_link(kind, value, label, url):
    ident = PaperIdentifier(kind, value)
    assert (ident.label, ident.url) == (label, url)


def test_a_doi_link_encodes_what_a_url_path_cannot_hold():
    ident = parse_paper_identifier("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O")
    assert ident.url == "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-o"


def test_normalize_identifier_reads_one_kind_and_refuses_unknown_kinds():
    assert normalize_identifier("acl", "https://aclanthology.org/P19-1334.pdf") == "P19-1334"
    assert normalize_identifier("doi", "https://doi.org/10.48550/arXiv.1810.04805") == "10.48550/arxiv.1810.04805"
    for kind in ("isbn", None, 3):
        with pytest.raises(IdentifierError, match="is not a kind of paper identifier"):
            normalize_identifier(kind, "x")
    with pytest.raises(IdentifierError, match="is not an ACL Anthology id"):
        normalize_identifier("acl", "1810.04805")


# --- equivalents -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ident, expected",
    [
        (PaperIdentifier("acl", "P19-1334"), [PaperIdentifier("doi", "10.18653/v1/p19-1334")]),
        (PaperIdentifier("doi", "10.18653/v1/p19-1334"), [PaperIdentifier("acl", "P19-1334")]),
        (PaperIdentifier("acl", "2020.acl-main.442"), [PaperIdentifier("doi", "10.18653/v1/2020.acl-main.442")]),
        (PaperIdentifier("doi", "10.18653/v1/2020.acl-main.442"), [PaperIdentifier("acl", "2020.acl-main.442")]),
        (PaperIdentifier("doi", "10.18653/v1/not-an-acl-id"), []),
        (PaperIdentifier("doi", "10.1109/cvpr.2016.90"), []),
        (PaperIdentifier("arxiv", "1810.04805"), []),
        (PaperIdentifier("openreview", "r1Ue8Hcxg"), []),
        ("P19-1334", []),
        (None, []),
    ],
)
def test_equivalents_are_the_acl_id_and_its_doi(ident, expected):
    assert equivalents(ident) == expected


def test_equivalents_of_parsed_spellings_meet():
    acl = parse_paper_identifier("https://aclanthology.org/P19-1334/")
    doi = parse_paper_identifier("https://doi.org/10.18653/v1/P19-1334")
    assert equivalents(acl) == [doi] and equivalents(doi) == [acl]


# --- identifiers in free text ----------------------------------------------------------------------------

RESNET_REFERENCE = (
    "K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image recognition. "
    "In CVPR, pages 770–778, 2016."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (RESNET_REFERENCE, []),
        ("J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova. BERT: Pre-training of deep bidirectional transformers "
         "for language understanding. arXiv preprint arXiv:1810.04805, 2018.", ["arXiv:1810.04805"]),
        ("M. Ferrari Dacrema, P. Cremonesi, and D. Jannach. Are we really making much progress? In RecSys, "
         "pages 101–109, 2019. https://doi.org/10.1145/3298689.3347058.", ["doi:10.1145/3298689.3347058"]),
        ("R. T. McCoy, E. Pavlick, T. Linzen. Right for the wrong reasons. In ACL 2019, pages 3428–3448. "
         "doi: 10.18653/v1/P19-1334. URL https://aclanthology.org/P19-1334/.",
         ["doi:10.18653/v1/p19-1334", "ACL P19-1334"]),
        ("Zoph and Le. Neural architecture search with reinforcement learning. CoRR abs/1611.01578, 2016; "
         "ICLR 2017 (https://openreview.net/forum?id=r1Ue8Hcxg&noteId=r1Ue8Hcxg).",
         ["arXiv:1611.01578", "OpenReview r1Ue8Hcxg"]),
        ("B. Recht et al. Do ImageNet classifiers generalize to ImageNet? In ICML, vol. 97 of PMLR, "
         "pp. 5389–5400, 2019. URL http://proceedings.mlr.press/v97/recht19a.html", ["PMLR v97/recht19a"]),
        ("@inproceedings{he2016deep, doi = {10.1109/CVPR.2016.90}, url = {https://openaccess.thecvf.com/"
         "content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html}, pages = {770--778}}",
         ["doi:10.1109/cvpr.2016.90", "CVF content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper"]),
        ("[WGAN-GP](https://papers.nips.cc/paper/2017/hash/892c3b1c6dccd52936e27cbd0ff683d6-Abstract.html) "
         "[[arXiv]](https://arxiv.org/abs/1704.00028v3)",
         ["NeurIPS 2017/892c3b1c6dccd52936e27cbd0ff683d6", "arXiv:1704.00028"]),
        ('<a href="https://doi.org/10.48550/arXiv.1810.04805">BERT</a> and arXiv:1810.04805v2, again.',
         ["arXiv:1810.04805"]),
        ("<https://doi.org/10.1109/CVPR.2016.90>, and the publisher's page https://onlinelibrary.wiley.com/doi/abs/"
         "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O.",
         ["doi:10.1109/cvpr.2016.90", "doi:10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o"]),
        ("Musgrave et al., ECCV 2020 (https://link.springer.com/chapter/10.1007/978-3-030-58595-2_41).",
         ["doi:10.1007/978-3-030-58595-2_41"]),
        ("1810.04805", ["arXiv:1810.04805"]),
        ("  P19-1334\n", ["ACL P19-1334"]),
        ("see 1810.04805 and P19-1334 for details", []),
        ("vol. 12, no. 3, pp. 770-778, 2016. ISBN 978-3-16-148410-0", []),
        ("https://example.com/10.1145/3298689.3347058 and https://ieeexplore.ieee.org/document/7780459", []),
        ("arXiv 2018, arXiv preprint, abs/ and doi: nothing", []),
        ("In ACL 2019 and NeurIPS 2019; PMLR volume 97; CVF Open Access; on OpenReview openly.", []),
        ("Seen on OpenReview r1Ue8Hcxg; ACL Anthology P19-1334, PMLR v97/recht19a.",
         ["OpenReview r1Ue8Hcxg", "ACL P19-1334", "PMLR v97/recht19a"]),
        ("", []),
    ],
)
def test_it_finds_the_identifiers_in_a_reference(text, expected):
    assert [ident.label for ident in find_identifiers(text)] == expected


@pytest.mark.parametrize("junk", [None, 42, b"arXiv:1810.04805", ["arXiv:1810.04805"], "x" * 100_000, "\x00" * 10])
def test_find_identifiers_takes_anything(junk):
    assert find_identifiers(junk) == []


def test_find_identifiers_reads_a_long_text():
    text = ("filler words 770-778, 2016. " * 4000) + "arXiv:1810.04805"
    assert find_identifiers(text) == [PaperIdentifier("arxiv", "1810.04805")]


# --- titles ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, key",
    [
        ("{BERT}: Pre-training of Deep Bidirectional Transformers",
         "bert pre training of deep bidirectional transformers"),
        ("BERT: Pre-Training of Deep Bidirectional Transformers",
         "bert pre training of deep bidirectional transformers"),
        ("Deep Residual Learning for Image Recognition.", "deep residual learning for image recognition"),
        ('G{\\"o}del, Escher, Bach', "godel escher bach"),
        ('G\\"odel, Escher, Bach', "godel escher bach"),
        ("Gödel, Escher, Bach", "godel escher bach"),
        ("Caf\\'{e} and na\\\"{\\i}ve", "cafe and naive"),
        ("Fran\\c{c}ois \\emph{Chollet}", "francois chollet"),
        ("Stra\\ss e", "strasse"),
        ("Straße", "strasse"),
        ("Jan Koutn\\'{\\i}k", "jan koutnik"),
        ("Pre--training---again", "pre training again"),
        ("\\textbf{Are GANs Created Equal?} A Large-Scale Study", "are gans created equal a large scale study"),
        ("SQuAD: 100,000+ Questions", "squad 100 000 questions"),
        ("Ørsted ﬁnds", "orsted finds"),
        ("  \t ", ""),
        ("", ""),
    ],
)
def test_a_title_key_ignores_latex_accents_case_and_punctuation(title, key):
    assert normalize_title(title) == key


@pytest.mark.parametrize("junk", [None, 3, b"BERT", ["BERT"]])
def test_a_title_key_of_a_non_string_is_empty(junk):
    assert normalize_title(junk) == ""


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
def test_a_title_key_is_stable_and_plain(title):
    key = normalize_title(title)
    assert normalize_title(key) == key
    assert re.fullmatch(r"(?:[^\W_]+(?: [^\W_]+)*)?", key)


# --- generated arXiv ids and DOIs, decorated, against idutils --------------------------------------------


@st.composite
def new_arxiv_ids(draw):
    yymm = f"{draw(st.integers(7, 29)):02d}{draw(st.integers(1, 12)):02d}"
    digits = 4 if yymm < "1501" else 5
    return f"{yymm}.{draw(st.integers(1, 10**digits - 1)):0{digits}d}"


@st.composite
def old_arxiv_ids(draw):
    archive = draw(st.sampled_from(["hep-th", "hep-ph", "math", "cs", "cond-mat", "astro-ph", "quant-ph", "gr-qc"]))
    if archive in ("math", "cs") and draw(st.booleans()):
        archive += "." + draw(st.sampled_from(["GT", "AG", "LG", "CL", "DS"]))
    year = draw(st.sampled_from([91, 95, 99, 0, 3, 7]))
    return f"{archive}/{year:02d}{draw(st.integers(1, 12)):02d}{draw(st.integers(1, 999)):03d}"


ARXIV_IDS = st.one_of(new_arxiv_ids(), old_arxiv_ids())
VERSIONS = st.sampled_from(["", "v1", "v2", "v12"])
ARXIV_FORMS = [
    "{id}{v}", "arXiv:{id}{v}", "arxiv:{id}", "ARXIV: {id}{v}", "arXiv preprint arXiv:{id}{v}", "CoRR abs/{id}",
    "https://arxiv.org/abs/{id}{v}", "http://arxiv.org/pdf/{id}{v}.pdf", "arxiv.org/abs/{id}", "HTTPS://ARXIV.ORG/ABS/{id}",
    "https://www.arxiv.org/pdf/{id}{v}", "http://export.arxiv.org/abs/{id}{v}/", "<https://arxiv.org/abs/{id}{v}>.",
    "(arXiv:{id}{v}),", "arXiv:{id}{v}.", "10.48550/arXiv.{id}", "https://doi.org/10.48550/ARXIV.{id}",
]


@settings(max_examples=200, deadline=None, database=None)
@given(arxiv_id=ARXIV_IDS, version=VERSIONS, form=st.sampled_from(ARXIV_FORMS))
def test_every_decorated_arxiv_id_reads_as_the_bare_one(arxiv_id, version, form):
    bare = parse_paper_identifier(arxiv_id)
    assert bare == PaperIdentifier("arxiv", arxiv_id)
    spelled = form.format(id=arxiv_id, v=version)
    assert parse_paper_identifier(spelled) == bare
    # In running text only a marked id counts ('arXiv:', a link, the DOI); a bare one only as the whole text.
    in_text = find_identifiers(f"Some Author. A title. {spelled} 2018.")
    assert in_text == ([] if form == "{id}{v}" else [bare])
    assert find_identifiers(spelled) == [bare]

    # idutils as an independent oracle (it drops an old-style subject class: math.GT/0309136 -> math/0309136).
    assert idutils.is_arxiv(arxiv_id + version)
    oracle = idutils.normalize_arxiv(arxiv_id + version).removeprefix("arXiv:")
    assert re.sub(r"v[0-9]+$", "", oracle) == re.sub(r"\.[A-Za-z]{2}/", "/", bare.value)


REGISTRANTS = st.from_regex(r"\A[1-9][0-9]{3,8}(?:\.[0-9]{1,3})?\Z")
SUFFIX_INNER = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_;:/", max_size=25)
SUFFIX_END = st.sampled_from(list("abcxyzABCXYZ0123456789"))
DOI_FORMS = [
    "{doi}", "doi:{doi}", "DOI: {doi}", "doi {doi}", "https://doi.org/{doi}", "http://dx.doi.org/{doi}",
    "HTTPS://DOI.ORG/{doi}", "doi.org/{doi}", "https://www.doi.org/{doi}", "https://doi.org/{encoded}",
    "<https://doi.org/{doi}>", "{doi}.", "{doi},", "(doi:{doi})", "https://dl.acm.org/doi/abs/{doi}",
    "https://onlinelibrary.wiley.com/doi/full/{doi}", "https://link.springer.com/article/{doi}",
]


@st.composite
def dois(draw):
    registrant = draw(REGISTRANTS)
    assume(registrant != "48550")  # arXiv's DOIs read as arXiv ids
    suffix = draw(SUFFIX_END) + draw(SUFFIX_INNER) + draw(SUFFIX_END)
    return f"10.{registrant}/{suffix}"


@settings(max_examples=200, deadline=None, database=None)
@given(doi=dois(), form=st.sampled_from(DOI_FORMS))
def test_every_decorated_doi_reads_as_the_bare_one(doi, form):
    bare = parse_paper_identifier(doi)
    assert bare == PaperIdentifier("doi", doi.lower())
    spelled = form.format(doi=doi, encoded=quote(doi, safe=""))
    assert parse_paper_identifier(spelled) == bare
    assert parse_paper_identifier(bare.url) == bare
    assert find_identifiers(f"Some Author. A title. Journal 12(3), 2019. {spelled} Accessed 2020.") == [bare]

    # idutils as an independent oracle, for the forms it reads.
    for plain in (doi, f"doi:{doi}", f"https://doi.org/{doi}"):
        assert idutils.is_doi(plain)
        assert idutils.normalize_doi(plain).lower() == bare.value


# --- robustness ------------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "arXiv:", "arxiv ", "abs/", "doi:", "10.", "1145/", "10.48550/arXiv.", "https://", "http://", "www.",
    "doi.org/", "arxiv.org/abs/", "openreview.net/forum?id=", "openreview:", "acl:", "aclanthology.org/",
    "proceedings.mlr.press/v97/", "papers.nips.cc/paper/2019/hash/", "openaccess.thecvf.com/content_cvpr_2016/html/",
    "1810.04805", "v2", ".pdf", "P19-1334", "rJl-b3RcF7", "%2F", "%00", "/", ".", ",", ")", "(", "<", ">", " ",
    "\n", "\x00", "é", "_paper", "0" * 40,
])
TEXTS = st.one_of(st.text(), st.lists(FRAGMENTS, max_size=12).map("".join))


@settings(max_examples=500, deadline=None, database=None)
@given(text=TEXTS)
def test_parsing_raises_only_identifier_error_and_what_it_reads_reads_back(text):
    try:
        ident = parse_paper_identifier(text)
    except IdentifierError as exc:
        assert str(exc)
        return
    assert ident.kind in KINDS
    assert parse_paper_identifier(ident.label) == ident


@settings(max_examples=500, deadline=None, database=None)
@given(text=TEXTS)
def test_finding_never_raises_and_finds_only_identifiers(text):
    found = find_identifiers(text)
    assert len(found) == len(set(found))
    for ident in found:
        assert parse_paper_identifier(ident.label) == ident
