"""Reviewer lookup and search against the demo papers: every spelling of their identifiers, titles, sources.

The demo data is loaded once for the module, inside a transaction that is rolled back at the end, so the
tests below (each in its own savepoint) read the twelve demo entries and their papers without reloading them.
Every expected paper and entry is read from the database, never written down by hand.
"""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from registry.demo import load_demo
from registry.identifiers import PaperIdentifier as ParsedIdentifier
from registry.identifiers import equivalents
from registry.lookup import lookup_identifiers, split_identifiers
from registry.models import Entry, Paper, PaperIdentifier, ReviewStatus
from tests.identifier_spellings import SPELLINGS

NOT_IN_THE_REGISTRY = "not in the registry"

# More spellings of identifiers the demo holds, beyond the shared table: every kind the demo uses, bare,
# prefixed, resolver and landing-page links in any case, with and without version, arXiv's DataCite DOI and
# the ACL Anthology's DOI. Each row is (spelling, kind, normalised value), as in SPELLINGS.
EXTRA_SPELLINGS = [
    # arXiv: every demo paper that has an id, in the forms a reference or a browser gives
    ("https://arxiv.org/abs/1810.04805v2", "arxiv", "1810.04805"),
    ("https://arxiv.org/abs/1810.04805v2/", "arxiv", "1810.04805"),
    ("https://arxiv.org/html/1810.04805v2", "arxiv", "1810.04805"),
    ("https://arxiv.org/abs/1810.04805?context=cs.CL", "arxiv", "1810.04805"),
    ("arXiv:1810.04805v2 [cs.CL]", "arxiv", "1810.04805"),
    ("[arXiv:1810.04805]", "arxiv", "1810.04805"),
    ("“arXiv:1810.04805”", "arxiv", "1810.04805"),
    ("https://arxiv.org/pdf/1902.10811v1", "arxiv", "1902.10811"),
    ("arxiv.org/pdf/1902.10811.pdf", "arxiv", "1902.10811"),
    ("http://export.arxiv.org/abs/1902.10811v1", "arxiv", "1902.10811"),
    ("ARXIV:1902.10811V3", "arxiv", "1902.10811"),
    ("1902.10811v2", "arxiv", "1902.10811"),
    ("https://arxiv.org/abs/1707.07328", "arxiv", "1707.07328"),
    ("arXiv:1606.05250", "arxiv", "1606.05250"),
    ("https://arxiv.org/abs/1704.05426v4", "arxiv", "1704.05426"),
    ("arxiv:1508.05326", "arxiv", "1508.05326"),
    ("1803.02324v2", "arxiv", "1803.02324"),
    ("https://arxiv.org/pdf/1806.00451.pdf", "arxiv", "1806.00451"),
    ("1605.07146", "arxiv", "1605.07146"),
    ("arXiv:1802.00420v4", "arxiv", "1802.00420"),
    ("https://arxiv.org/abs/1907.06902v3", "arxiv", "1907.06902"),
    ("arXiv:1902.01007 [cs.CL]", "arxiv", "1902.01007"),
    ("arXiv preprint arXiv:1611.01578", "arxiv", "1611.01578"),
    ("https://arxiv.org/abs/2002.08347", "arxiv", "2002.08347"),
    ("CoRR abs/1708.05031", "arxiv", "1708.05031"),
    ("https://arxiv.org/abs/1707.05589v2", "arxiv", "1707.05589"),
    ("arXiv:1607.03474", "arxiv", "1607.03474"),
    ("https://arxiv.org/pdf/1609.07843v1.pdf", "arxiv", "1609.07843"),
    ("http://arxiv.org/abs/1711.10337", "arxiv", "1711.10337"),
    ("1704.00028V3", "arxiv", "1704.00028"),
    ("https://www.arxiv.org/abs/2003.08505", "arxiv", "2003.08505"),
    ("arxiv 1511.06452", "arxiv", "1511.06452"),
    ("(arXiv:1709.06560)", "arxiv", "1709.06560"),
    ("abs/1509.02971", "arxiv", "1509.02971"),
    ("<https://arxiv.org/abs/1707.06347>", "arxiv", "1707.06347"),
    # arXiv's DataCite DOI, bare, prefixed and as a doi.org link, in any case: the paper with that arXiv id
    ("10.48550/arXiv.1902.10811", "arxiv", "1902.10811"),
    ("https://doi.org/10.48550/arXiv.1902.10811", "arxiv", "1902.10811"),
    ("doi:10.48550/arxiv.1512.03385", "arxiv", "1512.03385"),
    ("https://dx.doi.org/10.48550/ARXIV.1707.07328", "arxiv", "1707.07328"),
    ("DOI: 10.48550/arXiv.1606.05250", "arxiv", "1606.05250"),
    ("https://doi.org/10.48550/arXiv.1907.06902", "arxiv", "1907.06902"),
    # DOIs: other cases and publisher links
    ("https://doi.org/10.1109/cvpr.2016.90", "doi", "10.1109/cvpr.2016.90"),
    ("DOI:10.1109/CVPR.2016.90", "doi", "10.1109/cvpr.2016.90"),
    ("https://dl.acm.org/doi/epdf/10.1145/3298689.3347058", "doi", "10.1145/3298689.3347058"),
    ("https://dl.acm.org/doi/10.1145/3298689.3347058?casa_token=abc", "doi", "10.1145/3298689.3347058"),
    ("doi:10.1145/3298689.3347058", "doi", "10.1145/3298689.3347058"),
    # The ACL Anthology's DOI: the paper holding that ACL id
    ("10.18653/v1/D17-1215", "doi", "10.18653/v1/d17-1215"),
    ("https://doi.org/10.18653/v1/D16-1264", "doi", "10.18653/v1/d16-1264"),
    ("doi:10.18653/v1/N18-1101", "doi", "10.18653/v1/n18-1101"),
    ("https://dx.doi.org/10.18653/v1/d15-1075", "doi", "10.18653/v1/d15-1075"),
    ("10.18653/v1/P19-1334", "doi", "10.18653/v1/p19-1334"),
    ("https://doi.org/10.18653/v1/N19-1423", "doi", "10.18653/v1/n19-1423"),
    ("DOI: 10.18653/V1/N18-2017", "doi", "10.18653/v1/n18-2017"),
    # ACL Anthology ids and links
    ("d17-1215", "acl", "D17-1215"),
    ("acl:D16-1264", "acl", "D16-1264"),
    ("ACL Anthology N18-1101", "acl", "N18-1101"),
    ("https://aclanthology.org/n18-1101/", "acl", "N18-1101"),
    ("https://aclanthology.org/N19-1423.pdf", "acl", "N19-1423"),
    ("https://www.aclweb.org/anthology/N19-1423/", "acl", "N19-1423"),
    ("https://aclanthology.org/D15-1075.bib", "acl", "D15-1075"),
    ("http://aclweb.org/anthology/D/D16/D16-1264.pdf", "acl", "D16-1264"),
    ("https://aclanthology.org/P19-1334.pdf#page=2", "acl", "P19-1334"),
    # PMLR
    ("https://proceedings.mlr.press/v97/recht19a", "pmlr", "v97/recht19a"),
    ("http://proceedings.mlr.press/v97/recht19a/recht19a-supp.pdf", "pmlr", "v97/recht19a"),
    ("PMLR: v97/recht19a", "pmlr", "v97/recht19a"),
    ("HTTPS://PROCEEDINGS.MLR.PRESS/V97/recht19a.html", "pmlr", "v97/recht19a"),
    # CVF Open Access
    ("cvf:content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper", "cvf",
     "content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper"),
    ("openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html", "cvf",
     "content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper"),
    ("https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html?x=1", "cvf",
     "content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper"),
    ("http://www.cv-foundation.org/openaccess/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
     "cvf", "content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper"),
]

# Every row of the shared table and every extra one; which of them the demo holds is read from the database.
ALL_SPELLINGS = list(dict.fromkeys(SPELLINGS + EXTRA_SPELLINGS))

BERT_TITLE = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
RESNET_TITLE = "Deep Residual Learning for Image Recognition"

_SECTION = re.compile(r'<section class="card lookup-result[^"]*">(.*?)</section>', re.S)
_ACCESSION = re.compile(r'<span class="accession">(NR-[0-9]+)</span>')


# --- the demo, once for the module -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo entries, loaded once and rolled back after the last test of this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(create_accounts=False)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    """Each test in a savepoint inside the module's demo transaction, with no API throttle counts."""
    cache.clear()
    yield
    cache.clear()


def holders() -> dict[tuple[str, str], int]:
    """(kind, value) of every accepted identifier of an accepted paper -> that paper's pk."""
    rows = PaperIdentifier.objects.filter(review_status=ReviewStatus.ACCEPTED,
                                          paper__review_status=ReviewStatus.ACCEPTED)
    return {(row.kind, row.value): row.paper_id for row in rows}


def holder_of(kind: str, value: str, held: dict) -> int | None:
    """The paper holding an identifier or one equivalent to it (an ACL DOI names the paper with that ACL id)."""
    ident = ParsedIdentifier(kind, value)
    for name in (ident, *equivalents(ident)):
        if (name.kind, name.value) in held:
            return held[(name.kind, name.value)]
    return None


def held_spellings() -> list[tuple[str, str, str, int]]:
    """The rows of the table whose identifier the demo database holds, each with the holding paper's pk."""
    held = holders()
    rows = [(spelling, kind, value, holder_of(kind, value, held)) for spelling, kind, value in ALL_SPELLINGS]
    return [row for row in rows if row[3] is not None]


def page_answers(client, text: str) -> list[str]:
    """The result sections of the lookup page for what a reviewer pasted."""
    response = client.get(reverse("registry:lookup"), {"ids": text})
    assert response.status_code == 200
    return _SECTION.findall(response.content.decode())


def paper_pks_on(section: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/papers/([0-9]+)/"', section)]


def api_get(client, *ids: str) -> list[dict]:
    cache.clear()  # the anonymous throttle counts every request; these tests make many
    response = client.get("/api/v1/lookup/", {"id": list(ids)})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def api_post(client, ids: list[str]) -> list[dict]:
    cache.clear()
    response = client.post("/api/v1/lookup/", {"ids": ids}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def listed(client, path: str, **params) -> list[str]:
    """The accessions a search page or the entries API lists (one page: the demo has twelve entries)."""
    cache.clear()
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    if path.startswith("/api/"):
        body = response.json()
        assert body["next"] is None
        return sorted(item["accession"] for item in body["results"])
    return sorted(_ACCESSION.findall(response.content.decode()))


def accessions(entries) -> list[str]:
    return sorted(entry.accession for entry in entries)


def entries_about(paper: Paper) -> list[str]:
    """Published entries against the paper's claims and those whose source paper it is."""
    about = Q(evidence__claim__paper=paper) | Q(source_paper=paper)
    return accessions(Entry.objects.published().filter(about).distinct())


# --- 1. every spelling of every demo paper's identifiers ---------------------------------------------------


def test_the_table_holds_at_least_sixty_spellings_of_identifiers_in_the_demo_database_of_every_kind_it_uses(demo):
    rows = held_spellings()
    spellings = {spelling for spelling, _, _, _ in rows}
    assert len(spellings) == len(rows) >= 60
    # Every kind of identifier the demo holds is spelt, and every identifier it holds at least once.
    assert set(PaperIdentifier.objects.values_list("kind", flat=True)) <= {kind for _, kind, _, _ in rows}
    assert set(holders()) <= {(kind, value) for _, kind, value, _ in rows}
    # arXiv's DataCite DOI (bare and as a doi.org link) and the ACL Anthology's DOI are among them.
    assert any(s.startswith("10.48550/") for s in spellings) and any("doi.org/10.48550/" in s for s in spellings)
    assert any(kind == "doi" and value.startswith("10.18653/v1/") for _, kind, value, _ in rows)
    # Every extra spelling names a demo paper; a shared row may name a paper the demo does not have.
    assert {row[0] for row in EXTRA_SPELLINGS} <= spellings


@pytest.mark.parametrize("spelling, kind, value", ALL_SPELLINGS, ids=[row[0] for row in ALL_SPELLINGS])
def test_each_spelling_names_the_paper_holding_it_in_the_lookup_on_the_page_and_in_the_api(
        demo, client, spelling, kind, value):
    expected = holder_of(kind, value, holders())
    label = ParsedIdentifier(kind, value).label

    (result,) = lookup_identifiers([spelling])
    assert (result.kind, result.identifier, result.error) == (kind, value, None)
    (section,) = page_answers(client, spelling)
    (answer,) = api_get(client, spelling)
    assert answer["identifier"] == label
    if expected is None:  # a real identifier of a paper the demo does not have
        assert result.paper is None and NOT_IN_THE_REGISTRY in result.not_found_message
        assert paper_pks_on(section) == [] and NOT_IN_THE_REGISTRY in section
        assert answer["paper"] is None and NOT_IN_THE_REGISTRY in answer["error"]
        return
    assert result.paper.pk == expected and result.matched_by == "identifier"
    assert paper_pks_on(section) == [expected] and NOT_IN_THE_REGISTRY not in section
    assert answer["paper"]["id"] == expected and answer["matched_by"] == "identifier" and answer["error"] is None


def test_no_known_paper_is_answered_not_in_the_registry_in_any_supported_form(demo, client):
    rows = held_spellings()
    offenders = []
    for spelling, _, _, expected in rows:
        (result,) = lookup_identifiers([spelling])
        sections = page_answers(client, spelling)
        (answer,) = api_post(client, [spelling])
        answers = {
            "lookup_identifiers": (result.paper.pk, "") if result.found else (None, result.not_found_message),
            "page": (next(iter(paper_pks_on(sections[0])), None) if len(sections) == 1 else None,
                     " ".join(sections)),
            "API": ((answer["paper"] or {}).get("id"), answer["error"] or ""),
        }
        for channel, (pk, message) in answers.items():
            if pk != expected or NOT_IN_THE_REGISTRY in message:
                offenders.append(f"{spelling!r} via {channel}: paper {pk} (expected {expected}): {message[:120]!r}")
    assert len(rows) >= 60
    false_not_in_registry = [line for line in offenders if NOT_IN_THE_REGISTRY in line]
    assert (len(false_not_in_registry), offenders) == (0, []), "\n".join(offenders)


@pytest.mark.parametrize("first, second", [
    ("arXiv:1512.03385", "doi:10.1109/CVPR.2016.90"),
    ("1810.04805", "ACL N19-1423"),
    ("1902.10811", "https://proceedings.mlr.press/v97/recht19a.html"),
    ("https://arxiv.org/abs/1810.04805", BERT_TITLE),
])
def test_a_paper_named_twice_by_two_of_its_identifiers_or_its_title_is_found_for_both(demo, client, first, second):
    # Bug: lookup_identifiers raises AttributeError ('Paper' object has no attribute 'claim_list') when two
    # lines name one paper through different PaperIdentifier rows (or an identifier and its title).
    results = lookup_identifiers([first, second])
    assert results[0].paper.pk == results[1].paper.pk
    assert results[0].claims == results[1].claims and results[0].source_entries == results[1].source_entries
    answers = api_post(client, [first, second])
    assert answers[0]["paper"]["id"] == answers[1]["paper"]["id"] == results[0].paper.pk


def test_a_reference_giving_a_papers_doi_and_arxiv_id_is_looked_up_on_the_page(demo, client):
    reference = ("K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image recognition. In CVPR, "
                 "pages 770–778, 2016. doi:10.1109/CVPR.2016.90 arXiv:1512.03385")
    assert split_identifiers(reference) == ["doi:10.1109/cvpr.2016.90", "arXiv:1512.03385"]
    resnet = Paper.objects.get(title=RESNET_TITLE).pk
    assert [paper_pks_on(section) for section in page_answers(client, reference)] == [[resnet], [resnet]]


# --- 2. titles, references, what is no identifier, what is unknown -----------------------------------------


@pytest.mark.parametrize("line, title", [
    ("{BERT}: Pre-Training of Deep Bidirectional Transformers for Language Understanding.", BERT_TITLE),
    ("bert: pre-training of deep bidirectional transformers for language understanding", BERT_TITLE),
    ("BERT — Pre-training of “Deep” Bidirectional Transformers, for Language Understanding!", BERT_TITLE),
    ("DEEP RESIDUAL LEARNING FOR IMAGE RECOGNITION", RESNET_TITLE),
    ("Deep Résidual Léarning for Image Recognitión", RESNET_TITLE),
    ("{SQuAD}: 100,000+ Questions for Machine Comprehension of Text",
     "SQuAD: 100,000+ Questions for Machine Comprehension of Text"),
    ("Improved Training of {W}asserstein {GAN}s", "Improved Training of Wasserstein GANs"),
    ("Thermométer Encoding - One-Hot Way to Resist Adversarial Examples",
     "Thermometer Encoding: One Hot Way To Resist Adversarial Examples"),
    ("Mitigating Adversarial Effects Through Randomizati\\'{o}n",
     "Mitigating Adversarial Effects Through Randomization"),
    ("Enhancing Adversarial Defense by \\emph{k}-Winners-Take-All",
     "Enhancing Adversarial Defense by k-Winners-Take-All"),
    ("Multi‐Similarity Loss with General Pair Weighting for Deep Metric Learning",
     "Multi-Similarity Loss with General Pair Weighting for Deep Metric Learning"),
    ("Ｎｅｕｒａｌ Collaborative Filtering", "Neural Collaborative Filtering"),
    ("  the odds are odd: a statistical test for detecting adversarial examples  ",
     "The Odds are Odd: A Statistical Test for Detecting Adversarial Examples"),
])
def test_a_line_with_a_demo_papers_title_in_another_spelling_is_matched_by_title(demo, client, line, title):
    paper = Paper.objects.get(title=title)
    (result,) = lookup_identifiers([line])
    assert (result.paper.pk, result.matched_by, result.error) == (paper.pk, "title", None)
    assert result.claims and all(claim.paper_id == paper.pk for claim in result.claims)
    (section,) = page_answers(client, line)
    assert paper_pks_on(section) == [paper.pk] and "matched by title" in section
    (answer,) = api_get(client, line)
    assert (answer["paper"]["id"], answer["matched_by"], answer["error"]) == (paper.pk, "title", None)
    report = client.get(reverse("registry:lookup_report"), {"ids": line}).content.decode()
    assert "matched by title" in report.lower() and paper.get_absolute_url() in report


@pytest.mark.parametrize("reference, title", [
    ("Devlin, J., Chang, M.-W., Lee, K., and Toutanova, K. BERT: Pre-training of deep bidirectional transformers "
     "for language understanding. arXiv preprint arXiv:1810.04805, 2018.", BERT_TITLE),
    ("Recht, B., Roelofs, R., Schmidt, L., and Shankar, V. Do ImageNet classifiers generalize to ImageNet? In ICML, "
     "2019. URL https://arxiv.org/abs/1902.10811v2.", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("Jia, R. and Liang, P. (2017). Adversarial examples for evaluating reading comprehension systems. In EMNLP. "
     "https://aclanthology.org/D17-1215", "Adversarial Examples for Evaluating Reading Comprehension Systems"),
])
def test_a_whole_reference_line_is_found_by_the_identifier_inside_it(demo, client, reference, title):
    paper = Paper.objects.get(title=title)
    (result,) = lookup_identifiers([reference])
    assert (result.paper.pk, result.matched_by, result.error) == (paper.pk, "identifier", None)
    (section,) = page_answers(client, reference)
    assert paper_pks_on(section) == [paper.pk] and "matched by title" not in section
    (answer,) = api_get(client, reference)
    assert (answer["paper"]["id"], answer["matched_by"]) == (paper.pk, "identifier")


def test_not_an_id_is_answered_as_no_recognised_identifier_and_not_as_missing_from_the_registry(demo, client):
    (result,) = lookup_identifiers(["not-an-id"])
    assert result.paper is None and "not a recognised paper identifier" in result.error
    assert NOT_IN_THE_REGISTRY not in result.not_found_message
    (section,) = page_answers(client, "not-an-id")
    assert "not a recognised paper identifier" in section and NOT_IN_THE_REGISTRY not in section
    (answer,) = api_get(client, "not-an-id")
    assert answer["paper"] is None and answer["identifier"] is None
    assert "not a recognised paper identifier" in answer["error"] and NOT_IN_THE_REGISTRY not in answer["error"]


@pytest.mark.parametrize("unknown", ["10.1234/nrr.unknown-paper.2024", "https://doi.org/10.5555/12345678",
                                     "arXiv:2101.00001"])
def test_a_well_formed_unknown_identifier_is_answered_not_in_the_registry(demo, client, unknown):
    (result,) = lookup_identifiers([unknown])
    assert result.paper is None and result.error is None and NOT_IN_THE_REGISTRY in result.not_found_message
    (section,) = page_answers(client, unknown)
    assert paper_pks_on(section) == [] and NOT_IN_THE_REGISTRY in section
    (answer,) = api_get(client, unknown)
    assert answer["paper"] is None and NOT_IN_THE_REGISTRY in answer["error"]


# --- 3. search by identifier and by benchmark name -----------------------------------------------------------


def test_searching_for_berts_arxiv_id_in_any_form_lists_the_entries_countering_its_claims(demo, client):
    bert = Paper.objects.get(title=BERT_TITLE)
    expected = accessions(Entry.objects.published().filter(evidence__claim__paper=bert).distinct())
    assert expected and entries_about(bert) == expected
    for q in ["arXiv:1810.04805", "1810.04805", "https://arxiv.org/abs/1810.04805v2"]:
        assert listed(client, "/search/", q=q) == expected, q
        assert listed(client, "/api/v1/entries/", q=q) == expected, q


def test_searching_for_resnets_doi_lists_the_entries_against_resnet(demo, client):
    resnet = Paper.objects.get(title=RESNET_TITLE)
    expected = accessions(Entry.objects.published().filter(evidence__claim__paper=resnet).distinct())
    assert len(expected) >= 2
    for q in ["10.1109/CVPR.2016.90", "https://doi.org/10.1109/cvpr.2016.90"]:
        assert listed(client, "/search/", q=q) == expected, q
        assert listed(client, "/api/v1/entries/", q=q) == expected, q


@pytest.mark.parametrize("q", ["CIFAR10", "cifar 10", "cifar10", "CIFAR-10"])
def test_searching_for_cifar10_however_written_finds_the_entries_with_evidence_on_cifar10(demo, client, q):
    # Bug on PostgreSQL: the English parser reads "CIFAR-10" as 'cifar' and the signed number '-10', and
    # websearch_to_tsquery('english', 'cifar 10') is 'cifar' & '10', so "cifar 10" finds only the entry with
    # "10%" in its title.
    expected = accessions(Entry.objects.published().filter(evidence__claim__benchmark__slug="cifar-10").distinct())
    assert len(expected) >= 2
    assert listed(client, "/search/", q=q) == expected
    assert listed(client, "/api/v1/entries/", q=q) == expected


@pytest.mark.parametrize("spelling, title", [
    ("1902.10811", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("arXiv:1902.10811v2", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("https://proceedings.mlr.press/v97/recht19a.html", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("https://doi.org/10.48550/arXiv.1902.10811", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("10.1109/CVPR.2016.90", RESNET_TITLE),
    ("https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
     RESNET_TITLE),
    ("https://doi.org/10.18653/v1/N19-1423", BERT_TITLE),
    ("acl:P19-1334", "Right for the Wrong Reasons: Diagnosing Syntactic Heuristics in Natural Language Inference"),
    ("https://doi.org/10.1145/3298689.3347058",
     "Are We Really Making Much Progress? A Worrying Analysis of Recent Neural Recommendation Approaches"),
])
def test_filtering_entries_by_paper_finds_those_against_it_and_those_it_is_the_source_of(demo, client, spelling,
                                                                                          title):
    paper = Paper.objects.get(title=title)
    expected = entries_about(paper)
    assert expected
    assert listed(client, "/api/v1/entries/", paper=spelling) == expected
    assert listed(client, "/search/", paper=spelling) == expected
    assert listed(client, "/search/", q=spelling) == expected


def test_the_paper_filter_includes_entries_whose_source_paper_it_is(demo, client):
    recht = Paper.objects.get(title="Do ImageNet Classifiers Generalize to ImageNet?")
    sources = accessions(Entry.objects.published().filter(source_paper=recht))
    assert sources and not Entry.objects.filter(evidence__claim__paper=recht).exists()
    for spelling in ["1902.10811", "https://proceedings.mlr.press/v97/recht19a.html", "PMLR v97/recht19a"]:
        assert listed(client, "/api/v1/entries/", paper=spelling) == sources, spelling


# --- 4. a source paper's own entries -------------------------------------------------------------------------


@pytest.mark.parametrize("spelling, title", [
    ("1902.10811", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("https://proceedings.mlr.press/v97/recht19a.html", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("http://proceedings.mlr.press/v97/recht19a/recht19a.pdf", "Do ImageNet Classifiers Generalize to ImageNet?"),
    ("https://aclanthology.org/D17-1215/", "Adversarial Examples for Evaluating Reading Comprehension Systems"),
    ("10.18653/v1/P19-1334",
     "Right for the Wrong Reasons: Diagnosing Syntactic Heuristics in Natural Language Inference"),
    ("https://dl.acm.org/doi/10.1145/3298689.3347058",
     "Are We Really Making Much Progress? A Worrying Analysis of Recent Neural Recommendation Approaches"),
])
def test_looking_up_a_source_paper_lists_the_entries_it_reports(demo, client, spelling, title):
    paper = Paper.objects.get(title=title)
    sources = accessions(Entry.objects.published().filter(source_paper=paper))
    assert sources
    (result,) = lookup_identifiers([spelling])
    assert result.paper.pk == paper.pk and accessions(result.source_entries) == sources
    (section,) = page_answers(client, spelling)
    assert sorted(re.findall(r">(NR-[0-9]+): ", section)) == sources
    (answer,) = api_get(client, spelling)
    assert sorted(item["accession"] for item in answer["source_entries"]) == sources
    report = client.get(reverse("registry:lookup_report"), {"ids": spelling}).content.decode()
    assert "Entries reporting this paper's own negative findings" in report
    assert all(accession in report for accession in sources)
