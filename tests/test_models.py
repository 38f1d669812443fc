"""The models refuse bad rows twice: as field errors in ``full_clean`` and, bypassing validation,
as IntegrityErrors from the database's own constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry import workflow
from registry.models import (
    Author,
    Claim,
    Confirmation,
    Entry,
    Evidence,
    Paper,
    PaperIdentifier,
    Status,
    Version,
)
from tests.factories import BenchmarkFactory, ClaimFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused_by_the_database(write):
    """Run a write that skips validation and check that the database itself refuses it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


# --------------------------------------------------------------------------- database constraints: catalogue


def test_the_database_refuses_a_second_paper_with_the_same_accepted_doi():
    first, second = Paper.objects.create(title="First"), Paper.objects.create(title="Second")
    PaperIdentifier.objects.create(paper=first, kind="doi", value="10.1145/abc")

    refused_by_the_database(lambda: PaperIdentifier.objects.create(paper=second, kind="doi", value="10.1145/abc"))

    assert PaperIdentifier.objects.count() == 1


def test_the_database_refuses_a_second_paper_with_the_same_arxiv_id():
    PaperFactory(arxiv_id="1902.10811")
    copy = Paper.objects.create(title="Copy")

    refused_by_the_database(lambda: PaperIdentifier.objects.create(paper=copy, kind="arxiv", value="1902.10811"))


def test_a_proposed_identifier_does_not_block_the_accepted_one():
    # A draft's wrong DOI for a paper must not keep the right paper from holding it.
    wrong, right = Paper.objects.create(title="Wrong"), Paper.objects.create(title="Right")
    PaperIdentifier.objects.create(paper=wrong, kind="doi", value="10.1145/abc", review_status="proposed")

    PaperIdentifier.objects.create(paper=right, kind="doi", value="10.1145/abc")

    assert PaperIdentifier.objects.filter(value="10.1145/abc").count() == 2


def test_the_database_refuses_a_doi_stored_in_upper_case():
    refused_by_the_database(lambda: Paper.objects.create(title="Shouting", doi="10.1145/ABC"))

    Paper.objects.create(title="Quiet", doi="10.1145/abc")  # the same DOI, stored as the model stores it


@pytest.mark.parametrize("field", ["doi", "arxiv_id", "openreview_id"])
def test_the_database_refuses_a_blank_identifier_where_null_is_meant(field):
    # Two blanks would otherwise collide under the unique index; NULLs never do.
    refused_by_the_database(lambda: Paper.objects.create(title="Blank", **{field: ""}))


def test_papers_without_identifiers_do_not_collide():
    Paper.objects.create(title="One")
    Paper.objects.create(title="Two")

    assert Paper.objects.filter(doi__isnull=True, arxiv_id__isnull=True).count() == 2


def test_the_database_refuses_the_same_claim_twice():
    claim = ClaimFactory()
    same = {
        "paper": claim.paper, "benchmark": claim.benchmark, "metric": claim.metric,
        "model_name": claim.model_name, "setting": claim.setting,
    }

    refused_by_the_database(lambda: Claim.objects.create(reported_value=1.0, **same))

    Claim.objects.create(**{**same, "setting": "test set"})  # another setting is another claim


def test_the_database_refuses_a_claim_without_a_metric():
    refused_by_the_database(
        lambda: Claim.objects.create(paper=PaperFactory(), benchmark=BenchmarkFactory(), metric="")
    )


# --------------------------------------------------------------------------- database constraints: entries


def test_the_database_refuses_to_link_an_entry_to_the_same_claim_twice(draft):
    claim = draft.evidence.get().claim

    refused_by_the_database(lambda: Evidence.objects.create(entry=draft, claim=claim, position=1))


def test_the_database_refuses_a_spread_that_does_not_say_what_it_is(draft):
    claim = ClaimFactory()

    refused_by_the_database(
        lambda: Evidence.objects.create(entry=draft, claim=claim, observed_value=70.0, observed_spread=0.4)
    )

    Evidence.objects.create(entry=draft, claim=claim, observed_value=70.0, observed_spread=0.4, spread_kind="se")


def test_the_database_refuses_a_negative_spread(draft):
    refused_by_the_database(
        lambda: Evidence.objects.create(entry=draft, claim=ClaimFactory(), observed_spread=-0.1, spread_kind="sd")
    )


def test_the_database_refuses_an_unknown_relation(draft):
    refused_by_the_database(lambda: Evidence.objects.create(entry=draft, claim=ClaimFactory(), relation="refutes"))


def test_the_database_refuses_two_confirmations_by_one_person(published, other_researcher):
    Confirmation.objects.create(entry=published, user=other_researcher)

    refused_by_the_database(lambda: Confirmation.objects.create(entry=published, user=other_researcher))

    Confirmation.objects.create(entry=published, user=UserFactory())
    assert published.confirmations.count() == 2


def test_the_database_refuses_a_second_version_with_the_same_number(published):
    refused_by_the_database(
        lambda: Version.objects.create(entry=published, number=1, snapshot={}, sha256="0" * 64)
    )

    assert published.versions.count() == 1


def test_the_database_refuses_a_version_zero(published):
    refused_by_the_database(lambda: Version.objects.create(entry=published, number=0, snapshot={}, sha256="0" * 64))


def test_the_database_refuses_a_withdrawn_entry_without_a_reason(published):
    refused_by_the_database(lambda: Entry.objects.filter(pk=published.pk).update(status=Status.WITHDRAWN))

    Entry.objects.filter(pk=published.pk).update(status=Status.WITHDRAWN, withdrawn_reason="Said why.")


def test_the_database_refuses_a_published_entry_without_a_version(submitted):
    refused_by_the_database(lambda: Entry.objects.filter(pk=submitted.pk).update(status=Status.PUBLISHED))


def test_the_database_refuses_a_published_entry_without_a_publication_date(submitted):
    refused_by_the_database(
        lambda: Entry.objects.filter(pk=submitted.pk).update(status=Status.PUBLISHED, version=1)
    )


def test_the_database_refuses_an_unknown_status(draft):
    refused_by_the_database(lambda: Entry.objects.filter(pk=draft.pk).update(status="lost"))


def test_the_database_refuses_an_unknown_result_type(draft):
    refused_by_the_database(lambda: Entry.objects.filter(pk=draft.pk).update(result_type="vibes"))


def test_the_database_refuses_negative_compute(draft):
    refused_by_the_database(lambda: Entry.objects.filter(pk=draft.pk).update(compute_gpu_hours=-1))


def test_the_database_refuses_two_authors_in_one_position(draft):
    refused_by_the_database(lambda: Author.objects.create(entry=draft, position=0, name="Usurper"))


def test_the_database_refuses_an_author_without_a_name(draft):
    refused_by_the_database(lambda: Author.objects.create(entry=draft, position=1, name=""))


# --------------------------------------------------------------------------- validation: field errors, not crashes


def test_full_clean_stores_a_doi_normalised():
    paper = Paper(title="Deep residual learning", doi="https://doi.org/10.1145/ABC")

    paper.full_clean()

    assert paper.doi == "10.1145/abc"


def test_full_clean_stores_an_arxiv_id_without_prefix_or_version():
    paper = Paper(title="Do ImageNet classifiers generalize to ImageNet?", arxiv_id="arXiv:1902.10811v2")

    paper.full_clean()

    assert paper.arxiv_id == "1902.10811"


def test_full_clean_stores_a_missing_identifier_as_null():
    paper = Paper(title="No identifiers", doi="", arxiv_id="   ", openreview_id="")

    paper.full_clean()
    paper.save()

    assert (paper.doi, paper.arxiv_id, paper.openreview_id) == (None, None, None)


@pytest.mark.parametrize("doi", ["not a doi", "10.12/too-short-prefix", "https://doi.org/", "11.1145/abc"])
def test_a_bad_doi_is_a_field_error(doi):
    with pytest.raises(ValidationError) as raised:
        Paper(title="Broken", doi=doi).full_clean()

    assert set(raised.value.message_dict) == {"doi"}


def test_a_bad_arxiv_id_is_a_field_error():
    with pytest.raises(ValidationError) as raised:
        Paper(title="Broken", arxiv_id="1913.00001").full_clean()

    assert set(raised.value.message_dict) == {"arxiv_id"}


def test_the_same_doi_written_another_way_finds_the_same_paper():
    original = workflow.paper_resolve({"title": "Original", "doi": "10.1145/abc"})

    again = workflow.paper_resolve({"doi": "DOI:10.1145/ABC"})

    assert again == original and Paper.objects.count() == 1


def test_an_orcid_with_a_bad_check_digit_is_a_field_error(draft):
    author = Author(entry=draft, position=1, name="Josiah Carberry", orcid="0000-0002-1825-0098")

    with pytest.raises(ValidationError) as raised:
        author.full_clean()

    assert set(raised.value.message_dict) == {"orcid"}
    assert "check digit" in raised.value.message_dict["orcid"][0]


def test_an_orcid_link_is_stored_as_the_bare_id(draft):
    author = Author(entry=draft, position=1, name="Josiah Carberry", orcid="https://orcid.org/0000-0002-1825-0097")

    author.full_clean()

    assert author.orcid == "0000-0002-1825-0097"


def test_a_profile_orcid_link_is_stored_as_the_bare_id():
    profile = UserFactory().profile
    profile.orcid = "https://orcid.org/0000-0002-1825-0097"

    profile.full_clean()

    assert profile.orcid == "0000-0002-1825-0097"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_reported_value_is_a_finite_number(value):
    claim = ClaimFactory.build(paper=PaperFactory(), benchmark=BenchmarkFactory(), reported_value=value)

    with pytest.raises(ValidationError) as raised:
        claim.full_clean()

    assert set(raised.value.message_dict) == {"reported_value"}


def test_validation_explains_a_spread_without_its_kind(draft):
    evidence = Evidence(entry=draft, claim=ClaimFactory(), observed_value=70.0, observed_spread=0.4)

    with pytest.raises(ValidationError) as raised:
        evidence.full_clean()

    assert "standard deviation" in " ".join(raised.value.messages)
